import type { FactValue, Issue, IsoDate, Programme, Result } from '@stegvis/core';
import { type Cell, cell, csv } from './cells.js';
import { missingGender } from './kolada.js';
import type { EsfPack, OutputIndicator } from './packs.js';
import type { ParticipantRecord } from './participants.js';

export interface Period {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** One row of the ESF+ table: an indicator, its counts by gender, or why it has none. */
export interface EsfRow {
  readonly id: string;
  readonly kind: 'output' | 'result';
  readonly label: string;
  /** `notCollected`: a sensitive fact the programme does not declare; `notMeasured`: no recorded status says it. */
  readonly availability: 'counted' | 'notCollected' | 'notMeasured';
  readonly total: Cell | null;
  readonly women: Cell | null;
  readonly men: Cell | null;
  readonly nonBinary: Cell | null;
}

const within = (d: IsoDate | null, p: Period) => d !== null && d >= p.from && d <= p.to;

function matches(o: OutputIndicator, facts: Readonly<Record<string, FactValue>>): boolean {
  if (!o.fact) return true;
  const v = facts[o.fact];
  if (v === undefined) return false;
  if (o.in && !o.in.includes(v as string | boolean)) return false;
  if (o.range) {
    if (typeof v !== 'number') return false;
    if (o.range.min !== undefined && v < o.range.min) return false;
    if (o.range.max !== undefined && v > o.range.max) return false;
  }
  return true;
}

/**
 * The facts the output indicators read that the programme does not declare: issues for the required ones
 * (with the fix), the ids of the sensitive ones (reported "not collected").
 */
export function esfFactCheck(programme: Programme, pack: EsfPack): { issues: Issue[]; notCollected: Set<string> } {
  const issues = missingGender(programme, pack.gender.fact, [pack.gender.women, pack.gender.men, pack.gender.nonBinary]);
  const notCollected = new Set<string>();
  for (const o of pack.outputs)
    if (o.fact && !programme.factsById.has(o.fact)) {
      if (o.sensitive) notCollected.add(o.id);
      else if (!issues.some((i) => i.path[1] === o.fact))
        issues.push({ code: 'config.undeclared_fact', path: ['facts', o.fact], message: `the ESF+ indicator "${o.id}" reads the fact "${o.fact}", which the programme does not declare`, fix: `declare the fact "${o.fact}" (see packages/exports/packs/esf-plus.yaml)` });
    }
  return { issues, notCollected };
}

/**
 * The ESF+ common indicators for a period: outputs over those who entered in it (their facts at entry),
 * results over those who left in it (what the follow-up after exit marked `onLeaving` or
 * `sixMonthsAfterLeaving` found). Counts below the small-cell limit are suppressed.
 */
export function esfTable(programme: Programme, records: readonly ParticipantRecord[], period: Period, pack: EsfPack, lang: 'sv' | 'en' = 'en'): Result<EsfRow[]> {
  const { issues, notCollected } = esfFactCheck(programme, pack);
  if (issues.length > 0) return { ok: false, issues };
  const g = pack.gender;
  const counted = (label: string, id: string, kind: EsfRow['kind'], who: readonly ParticipantRecord[]): EsfRow => {
    const n = (value?: string) => who.filter((r) => value === undefined || r.factsAtEntry[g.fact] === value).length;
    const c = (x: number) => cell(x, pack.smallCells.below);
    return { id, kind, label, availability: 'counted', total: c(n()), women: c(n(g.women)), men: c(n(g.men)), nonBinary: c(n(g.nonBinary)) };
  };
  const none = (id: string, kind: EsfRow['kind'], label: string, availability: EsfRow['availability']): EsfRow => ({ id, kind, label, availability, total: null, women: null, men: null, nonBinary: null });
  const entered = records.filter((r) => within(r.enteredOn, period));
  const left = records.filter((r) => r.enteredOn !== null && within(r.leftOn, period));
  return {
    ok: true,
    value: [
      ...pack.outputs.map((o) => (notCollected.has(o.id) ? none(o.id, 'output', o.label[lang], 'notCollected') : counted(o.label[lang], o.id, 'output', entered.filter((r) => matches(o, r.factsAtEntry))))),
      ...pack.results.map((x) => counted(x.label[lang], x.id, 'result', left.filter((r) => r.afterExit.some((f) => f.reportsAs === x.followUp && x.statuses.includes(f.status))))),
      ...pack.notMeasured.map((x) => none(x.id, 'result', x.label[lang], 'notMeasured')),
    ],
  };
}

/** The table as CSV: suppressed counts as `<5` (the pack's limit), rows without counts empty with why. */
export function esfCsv(rows: readonly EsfRow[], pack: EsfPack): string {
  const v = (c: Cell | null) => (c === null ? '' : c.suppressed ? `<${pack.smallCells.below}` : c.n);
  return csv([
    ['indicator', 'kind', 'label', 'availability', 'total', 'women', 'men', 'nonBinary'],
    ...rows.map((r) => [r.id, r.kind, r.label, r.availability, v(r.total), v(r.women), v(r.men), v(r.nonBinary)]),
  ]);
}
