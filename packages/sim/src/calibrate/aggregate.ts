import { type LocatedIssue, type Programme, type Result, parseYaml } from '@stegvis/core';
import { z } from 'zod';
import { type Behaviour, type BehaviourInput, BehaviourSchema } from '../behaviour/schema.js';
import { zodIssues } from '../indicators/load.js';
import type { Report } from '../report/schema.js';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter');

/**
 * Aggregate outcome counts as a unit reports them (Nacka's 2001 figures): how many took part, how many
 * went to each outcome category (or outcome id), which category the rest belong to, and the mean stay —
 * stated or derived — that turns shares into weekly probabilities.
 */
export const ObservedOutcomesSchema = z
  .strictObject({
    programme: Id,
    source: z.string().optional(),
    period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }).optional(),
    /** The seed's own words, for the record. */
    quotes: z.array(z.string()).default([]),
    participants: z.number().int().min(1),
    /** Counts by exit category (or outcome id) of the programme. */
    counts: z.record(Id, z.number().int().min(0)),
    /** The category (or outcome id) the rest — participants minus the counts — are given. */
    rest: Id.optional(),
    /** Of the rest, how many were still enrolled at the period's end (not exits); 0 unless stated. */
    stillEnrolledAtEnd: z.number().int().min(0).default(0),
    meanStay: z.strictObject({ weeks: z.number().positive(), basis: z.string() }),
    /** How a category's count is shared among its outcomes: equally (default), or by weights per outcome id. */
    split: z.union([z.literal('equal'), z.record(Id, z.number().min(0))]).default('equal'),
  })
  .refine((o) => Object.values(o.counts).reduce((a, b) => a + b, 0) + o.stillEnrolledAtEnd <= o.participants, {
    message: 'the counts (and those still enrolled) add up to more than the participants',
    path: ['counts'],
  });
export type ObservedOutcomes = z.output<typeof ObservedOutcomesSchema>;
export type ObservedOutcomesInput = z.input<typeof ObservedOutcomesSchema>;

export function parseObservedOutcomesYaml(text: string): Result<ObservedOutcomes, readonly LocatedIssue[]> {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const result = ObservedOutcomesSchema.safeParse(parsed.value.data);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: zodIssues(result.error).map((i) => ({ ...i, ...(parsed.value.locate(i.path) ? { location: parsed.value.locate(i.path)! } : {}) })) };
}

export interface CategoryShare {
  /** A category of the exit step, or an outcome id. */
  readonly id: string;
  readonly count: number;
  /** count / exits, where exits = participants − still enrolled. */
  readonly share: number;
  readonly outcomes: readonly string[];
}

export interface AggregateCalibration {
  readonly behaviour: Behaviour;
  /** Weekly probability of leaving, 1 / mean stay in weeks. */
  readonly weeklyExit: number;
  readonly exits: number;
  readonly shares: readonly CategoryShare[];
  readonly notes: readonly string[];
}

/**
 * A behaviour whose weekly exit probabilities reproduce observed outcome shares. With a weekly
 * probability q of leaving, the stay is geometric with mean 1/q weeks, so q = 1 / meanStay.weeks; each
 * category c gets q · share_c, shared among its outcomes (equally unless `split` says otherwise); every
 * step gets the same exit probabilities, so the mix of outcomes does not depend on where participants
 * are. Moving between steps is not in aggregate counts: `advance` (per step id, default 0) is the
 * caller's assumption, and does not change the outcome shares; nor are the facts of a cohort (`facts`,
 * passed through to the behaviour: who is referred decides who is admitted).
 */
export function calibrateFromOutcomeCounts(
  programme: Programme,
  input: ObservedOutcomesInput,
  options: { advance?: Readonly<Record<string, number>>; facts?: BehaviourInput['facts'] } = {},
): AggregateCalibration {
  const observed = ObservedOutcomesSchema.parse(input);
  const notes: string[] = [];
  const outcomes = programme.outcomes;
  const members = (id: string): string[] => {
    const inCategory = outcomes.filter((o) => o.category === id).map((o) => o.id);
    if (inCategory.length > 0) return inCategory;
    if (outcomes.some((o) => o.id === id)) return [id];
    throw new RangeError(`"${id}" is neither an exit category nor an outcome of "${programme.id}"`);
  };
  const counted = Object.values(observed.counts).reduce((a, b) => a + b, 0);
  const exits = observed.participants - observed.stillEnrolledAtEnd;
  const rest = observed.participants - counted - observed.stillEnrolledAtEnd;
  const counts: [string, number][] = Object.entries(observed.counts);
  if (rest > 0) {
    if (!observed.rest) throw new RangeError(`${rest} participants have no category: name one under "rest"`);
    const k = counts.findIndex(([id]) => id === observed.rest);
    if (k >= 0) counts[k] = [observed.rest, counts[k]![1] + rest];
    else counts.push([observed.rest, rest]);
  }
  const q = 1 / observed.meanStay.weeks;
  if (q > 1) throw new RangeError('a mean stay under one week cannot be reached with weekly draws');
  const exit: Record<string, number> = {};
  const shares: CategoryShare[] = counts.map(([id, count]) => {
    const ids = members(id);
    const share = count / exits;
    const weights = ids.map((o) => (observed.split === 'equal' ? 1 : (observed.split[o] ?? 0)));
    const total = weights.reduce((a, b) => a + b, 0);
    if (total === 0) throw new RangeError(`the split gives no weight to any outcome of "${id}"`);
    ids.forEach((o, k) => {
      const p = (q * share * weights[k]!) / total;
      if (p > 0) exit[o] = (exit[o] ?? 0) + p;
    });
    return { id, count, share, outcomes: ids };
  });
  if (observed.split === 'equal' && shares.some((s) => s.outcomes.length > 1))
    notes.push('the counts are by category; each category is shared equally among its outcomes (an assumption: the source gives no split)');
  const weekly = { advance: 0, pause: 0, regress: 0, exit };
  const steps = Object.fromEntries(programme.steps.map((s) => [s.id, { ...weekly, advance: options.advance?.[s.id] ?? 0 }]));
  const behaviour = BehaviourSchema.parse({ programme: programme.id, default: weekly, steps, ...(options.facts ? { facts: options.facts } : {}) });
  return { behaviour, weeklyExit: q, exits, shares, notes };
}

export interface ShareComparison {
  readonly id: string;
  readonly observed: number;
  readonly simulated: number | null;
  /** Simulated exits in the comparison. */
  readonly n: number;
  /** Sampling error of the simulated share if the observed share were true: √(p(1 − p) / n). */
  readonly standardError: number;
  readonly z: number | null;
}

/** Simulated shares of exits by category (from a report) against observed ones. */
export function compareShares(report: Report, calibration: AggregateCalibration): ShareComparison[] {
  const n = report.outcomes.exited;
  return calibration.shares.map((s) => {
    const sim = s.outcomes.length === 1 && !report.outcomes.byCategory.some((c) => c.id === s.id)
      ? (report.outcomes.byOutcome.find((o) => o.id === s.id)?.count ?? 0)
      : s.outcomes.reduce((a, o) => a + (report.outcomes.byOutcome.find((x) => x.id === o)?.count ?? 0), 0);
    const simulated = n > 0 ? sim / n : null;
    const se = n > 0 ? Math.sqrt((s.share * (1 - s.share)) / n) : Number.NaN;
    return { id: s.id, observed: s.share, simulated, n, standardError: se, z: simulated === null || se === 0 ? null : (simulated - s.share) / se };
  });
}
