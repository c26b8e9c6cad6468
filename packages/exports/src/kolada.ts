import { type Issue, type Programme, type Result, addPeriod } from '@stegvis/core';
import { csv } from './cells.js';
import type { KoladaPack } from './packs.js';
import type { FoundAfterExit, ParticipantRecord } from './participants.js';

export type KoladaGender = 'T' | 'K' | 'M';

/** One of Kolada's yearly figures for the municipality: T, K or M. */
export interface KoladaFigure {
  readonly kpi: string;
  readonly municipality: string;
  readonly year: number;
  readonly gender: KoladaGender;
  /** Participants who ended the measure in the year (null: suppressed, a small cell). */
  readonly participants: number | null;
  /** Of them, those who started work for at least a continuous month, or studies with student finance. */
  readonly qualified: number | null;
  /** The share in percent, one decimal; null when suppressed or nobody ended. */
  readonly share: number | null;
  readonly suppressed: boolean;
}

/** Whether what a follow-up after exit found counts for Kolada: the pack's studies, or its work lasting long enough. */
export function koladaQualifies(pack: KoladaPack, f: FoundAfterExit): boolean {
  if (pack.qualifies.studies.includes(f.status)) return true;
  if (!pack.qualifies.work.includes(f.status) || !f.work) return false;
  // "At least one continuous month": from its first day, a month has passed by the last day known to be worked.
  const lastedTo = f.work.until ? addPeriod(f.work.until, { days: 1 }) : f.on;
  return addPeriod(f.work.since, pack.qualifies.workLastsAtLeast) <= lastedTo;
}

/** The programme's municipality, or an issue saying where to declare it. */
export function municipalityOf(programme: Programme): Result<{ code: string; name: string }> {
  const m = programme.config.municipality;
  if (m) return { ok: true, value: m };
  const issue: Issue = { code: 'config.missing_field', path: ['municipality'], message: 'the programme declares no municipality', fix: "add municipality: { code: '1864', name: Ljusnarsberg } (its SCB code)" };
  return { ok: false, issues: [issue] };
}

/** The facts a pack needs that the programme does not declare, as issues (code, path, fix). */
export function missingGender(programme: Programme, fact: string, values: readonly string[]): Issue[] {
  const f = programme.factsById.get(fact);
  if (f?.type === 'enum' && values.every((v) => f.values.some((x) => x.id === v))) return [];
  return [{ code: 'config.undeclared_fact', path: ['facts'], message: `the exports break figures down by the enum fact "${fact}" with values ${values.join(', ')}`, fix: `declare facts: - { id: ${fact}, type: enum, values: [${values.join(', ')}] }` }];
}

/**
 * Kolada's KPI for one year, by gender: of the participants who ended the measure that year (admitted, then
 * exited), those whose follow-up after exit found qualifying work or studies. Non-binary participants, and
 * those without a gender, are in T only. A gender whose participants are fewer than the small-cell limit is
 * suppressed; if K or M is, both are (T − M would give K away).
 */
export function koladaFigures(programme: Programme, records: readonly ParticipantRecord[], year: number, pack: KoladaPack): Result<KoladaFigure[]> {
  const municipality = municipalityOf(programme);
  const issues = [...(municipality.ok ? [] : municipality.issues), ...missingGender(programme, pack.gender.fact, [pack.gender.women, pack.gender.men])];
  if (!municipality.ok || issues.length > 0) return { ok: false, issues };
  const ended = records.filter((r) => r.enteredOn !== null && r.leftOn !== null && r.leftOn.startsWith(`${year}-`));
  const counts = { T: [0, 0], K: [0, 0], M: [0, 0] } satisfies Record<KoladaGender, number[]>;
  for (const r of ended) {
    const q = r.afterExit.some((f) => koladaQualifies(pack, f)) ? 1 : 0;
    const g = r.factsAtEntry[pack.gender.fact];
    const groups: KoladaGender[] = ['T', ...(g === pack.gender.women ? (['K'] as const) : g === pack.gender.men ? (['M'] as const) : [])];
    for (const k of groups) {
      counts[k][0]!++;
      counts[k][1]! += q;
    }
  }
  const small = (n: number) => n > 0 && n < pack.smallCells.below;
  const sexesHidden = small(counts.K[0]!) || small(counts.M[0]!);
  const figure = (gender: KoladaGender): KoladaFigure => {
    const [n, q] = counts[gender] as [number, number];
    const suppressed = gender === 'T' ? small(n) : sexesHidden;
    return {
      kpi: pack.kpi.id ?? '',
      municipality: municipality.value.code,
      year,
      gender,
      participants: suppressed ? null : n,
      qualified: suppressed ? null : q,
      share: suppressed || n === 0 ? null : Math.round((1000 * q) / n) / 10,
      suppressed,
    };
  };
  return { ok: true, value: [figure('T'), figure('K'), figure('M')] };
}

/** The figures as CSV (see docs/reporting.md): one line per gender, suppressed values empty. */
export function koladaCsv(figures: readonly KoladaFigure[], pack: KoladaPack): string {
  const v = (x: number | null) => (x === null ? '' : x);
  return csv([
    ['kpi', 'kpiTitle', 'municipality', 'year', 'gender', 'participants', 'qualified', 'sharePercent', 'suppressed'],
    ...figures.map((f) => [f.kpi, pack.kpi.title, f.municipality, f.year, f.gender, v(f.participants), v(f.qualified), v(f.share), f.suppressed ? 'yes' : 'no']),
  ]);
}
