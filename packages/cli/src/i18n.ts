import type { Lang } from '@stegvis/core';

/**
 * Numbers, money and dates as each language writes them: `75 %`, `1 234,5`, `4 200 000 kr` and
 * `jan. 2026` in Swedish; `75%`, `1,234.5`, `SEK 4,200,000` and `Jan 2026` in English.
 */
export const formatters = (lang: Lang) => {
  const locale = lang === 'sv' ? 'sv-SE' : 'en-GB';
  const n0 = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const n1 = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const n3 = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
  const p0 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const p1 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  // Plain spaces, so terminals and tests see what they expect; the HTML keeps them together with CSS.
  const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  const date = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return {
    int: (v: number) => plain(n0.format(v)),
    dec: (v: number) => plain(n1.format(v)),
    /** Three significant digits: weekly probabilities and weights as the behaviour file has them. */
    sig: (v: number) => plain(n3.format(v)),
    pct: (v: number) => plain(p0.format(v)),
    pct1: (v: number) => plain(p1.format(v)),
    money: (v: number, currency: string) => plain(new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(v)),
    /** `jan. 2026`; `month` alone: `mars`. */
    monthYear: (iso: string) => plain(monthYear.format(date(iso))),
    month: (iso: string) => plain(month.format(date(iso))),
  };
};

export type Formatters = ReturnType<typeof formatters>;

/** Shorthand for a sentence in both languages. */
export const say = (lang: Lang) => (sv: string, en: string) => (lang === 'sv' ? sv : en);
