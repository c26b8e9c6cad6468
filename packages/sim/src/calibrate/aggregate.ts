import { type LocatedIssue, type Programme, type Result, parseYaml } from '@stegvis/core';
import { z } from 'zod';
import { type Behaviour, type BehaviourInput, BehaviourSchema } from '../behaviour/schema.js';
import { zodIssues } from '../indicators/load.js';
import { daysBetween } from '../report/calendar.js';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter');

/**
 * Aggregate outcome counts as a unit reports them for a period (Nacka's 2001 figures): how many took part
 * in it, how many went to each outcome category (or outcome id) in it, which category the rest belong to
 * and how many of the rest were still enrolled when it ended, and either the mean stay or the mean
 * number enrolled (from which Little's law gives the stay) to turn shares into weekly probabilities.
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
    /** The mean stay, when the source gives it (or a basis for it). */
    meanStay: z.strictObject({ weeks: z.number().positive(), basis: z.string() }).optional(),
    /** How many were enrolled on an average day of the period; with the period, Little's law gives the stay. */
    meanEnrolled: z.strictObject({ value: z.number().positive(), basis: z.string() }).optional(),
    /** How a category's count is shared among its outcomes: equally (default), or by weights per outcome id. */
    split: z.union([z.literal('equal'), z.record(Id, z.number().min(0))]).default('equal'),
  })
  .refine((o) => Object.values(o.counts).reduce((a, b) => a + b, 0) + o.stillEnrolledAtEnd <= o.participants, {
    message: 'the counts (and those still enrolled) add up to more than the participants',
    path: ['counts'],
  })
  .refine((o) => o.meanStay !== undefined || (o.meanEnrolled !== undefined && o.period !== undefined), {
    message: 'the stay is unknown: give meanStay, or meanEnrolled with the period',
    path: ['meanStay'],
  })
  .refine((o) => o.meanEnrolled === undefined || o.meanEnrolled.value < o.participants, {
    message: 'more enrolled on an average day than took part in the whole period',
    path: ['meanEnrolled', 'value'],
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

/**
 * The steady state the counts imply. With the mean stay W given: N = L + λT participants in a period of
 * T weeks (those enrolled when it began, L = λW, and the arrivals), so λ = N / (W + T). With the mean
 * number enrolled L instead (and the unit as full when the period began as on average): the arrivals
 * are N − L, λ = (N − L) / T, and Little's law gives W = L / λ = L·T / (N − L).
 */
export function steadyState(observed: ObservedOutcomes): { readonly meanStayWeeks: number; readonly arrivalsPerWeek: number; readonly basis: string } {
  const T = observed.period ? (daysBetween(observed.period.from, observed.period.to) + 1) / 7 : 52;
  if (observed.meanStay) return { meanStayWeeks: observed.meanStay.weeks, arrivalsPerWeek: observed.participants / (observed.meanStay.weeks + T), basis: observed.meanStay.basis };
  const L = observed.meanEnrolled!.value;
  const arrivalsPerWeek = (observed.participants - L) / T;
  return {
    meanStayWeeks: L / arrivalsPerWeek,
    arrivalsPerWeek,
    basis: `Little's law: ${L} enrolled on average × ${T.toFixed(1)} weeks / (${observed.participants} − ${L}) arrivals = ${(L / arrivalsPerWeek).toFixed(1)} weeks (${observed.meanEnrolled!.basis})`,
  };
}

/** The outcome ids a count's key stands for: the outcomes of that category, or the outcome itself. */
export function categoryMembers(programme: Programme, id: string): string[] {
  const outcomes = programme.outcomes;
  const inCategory = outcomes.filter((o) => o.category === id).map((o) => o.id);
  if (inCategory.length > 0) return inCategory;
  if (outcomes.some((o) => o.id === id)) return [id];
  throw new RangeError(`"${id}" is neither an exit category nor an outcome of "${programme.id}"`);
}

export interface AggregateCalibration {
  readonly behaviour: Behaviour;
  /** The mean stay in weeks (stated, or from Little's law) and how it was found. */
  readonly meanStayWeeks: number;
  readonly meanStayBasis: string;
  /** Weekly probability of leaving, 1 / mean stay in weeks. */
  readonly weeklyExit: number;
  readonly exits: number;
  readonly shares: readonly CategoryShare[];
  readonly notes: readonly string[];
}

/**
 * A behaviour whose weekly exit probabilities reproduce observed outcome shares. The shares are of the
 * exits of the period: the participants less those still enrolled at its end. With a weekly probability
 * q of leaving, the stay is geometric with mean 1/q weeks, so q = 1 / W (W from `steadyState`); each
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
  const stay = steadyState(observed);
  const q = 1 / stay.meanStayWeeks;
  if (q > 1) throw new RangeError('a mean stay under one week cannot be reached with weekly draws');
  const exit: Record<string, number> = {};
  const shares: CategoryShare[] = counts.map(([id, count]) => {
    const ids = categoryMembers(programme, id);
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
  return { behaviour, meanStayWeeks: stay.meanStayWeeks, meanStayBasis: stay.basis, weeklyExit: q, exits, shares, notes };
}
