import type { Lang } from '../i18n/label.js';
import type { Programme } from '../programme/compiled.js';
import type { Period } from '../time/calendar.js';

/** The diagram's own text helpers, passed in by `mermaid.ts` (which calls this). */
interface Text {
  readonly period: (p: Period, lang: Lang) => string;
  readonly escape: (text: string) => string;
}

const words = {
  sv: { heading: 'Följsamhet, signal till remitterande handläggare', within: 'inom', intensity: 'Omfattning registreras: procent av heltid och dagar i veckan' },
  en: { heading: 'Compliance, flagged to the referring caseworker', within: 'within', intensity: 'Intensity is recorded: percent of full time and days a week' },
} as const satisfies Record<Lang, Record<string, string>>;

/** The note beside the path: the programme's compliance rules (each with its window) and whether intensity is recorded. */
export function participationNote(programme: Programme, lang: Lang, text: Text): string[] {
  const w = words[lang];
  const rules = programme.config.compliance.map((r) => `${r.label[lang]} (${r.when.atLeast}+ ${w.within} ${text.period(r.when.within, lang)})`);
  const lines = [...(rules.length > 0 ? [`${w.heading}: ${rules.join(' · ')}`] : []), ...(programme.config.intensity ? [w.intensity] : [])];
  return lines.map((l) => `note right of active : ${text.escape(l)}`);
}
