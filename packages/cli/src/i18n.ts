import type { Lang } from '@stegvis/core';

/** Numbers as each language writes them: `75 %` and `1 234,5` in Swedish, `75%` and `1,234.5` in English. */
export const formatters = (lang: Lang) => {
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const n0 = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const n1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const p0 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const p1 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  // Plain spaces, so terminals and tests see what they expect; the HTML keeps them together with CSS.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  return {
    int: (v: number) => plain(n0.format(v)),
    dec: (v: number) => plain(n1.format(v)),
    pct: (v: number) => plain(p0.format(v)),
    pct1: (v: number) => plain(p1.format(v)),
  };
};

export type Formatters = ReturnType<typeof formatters>;

/** Shorthand for a sentence in both languages. */
export const say = (lang: Lang) => (sv: string, en: string) => (lang === 'sv' ? sv : en);

const categoryWords: Record<string, { sv: string; en: string }> = {
  subsidisedEmployment: { sv: 'Anställning med stöd', en: 'Subsidised employment' },
  employment: { sv: 'Arbete', en: 'Employment' },
  studies: { sv: 'Studier', en: 'Studies' },
  otherMeasure: { sv: 'Annan insats', en: 'Another measure' },
  pensionOrSickness: { sv: 'Sjukersättning eller sjukskrivning', en: 'Sickness benefit or pension' },
  other: { sv: 'Övrigt', en: 'Other' },
  unemployment: { sv: 'Arbetslöshet', en: 'Unemployment' },
};

/**
 * A category's name for people: the report's label when the programme declared one, a known category's
 * name, or the id split into words (`pensionOrSickness` → `pension or sickness`).
 */
export function categoryLabel(id: string, label: string, lang: Lang): string {
  if (label !== id) return label;
  const known = categoryWords[id];
  if (known) return known[lang];
  const words = id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
