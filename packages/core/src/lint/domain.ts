import { match, P } from 'ts-pattern';
import { holds } from '../conditions/evaluate.js';
import type { Condition, FactTest } from '../conditions/schema.js';
import type { Path } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import type { Fact, FactValue, Facts } from '../facts/facts.js';

/**
 * A small decision procedure over the declared fact domains. A condition can only tell apart finitely
 * many values of each fact it reads: booleans have two, enums their values, and a number only matters
 * relative to the thresholds the conditions compare it with, so one value per region between thresholds
 * (inside the declared min and max) stands for the whole region. Enumerating every combination of those
 * values and asking the real evaluator (`holds`) answers "can this hold?" exactly, without a second evaluator.
 *
 * Two modes: `any` also lets a fact be unrecorded (the engine accepts referrals with facts missing, and an
 * unrecorded fact satisfies no test but `known: false`); `recorded` assumes every fact read is recorded,
 * which is what a designer means by "everyone".
 */
export type Mode = 'any' | 'recorded';

/**
 * The evaluator explains as it goes, so it costs some microseconds per condition node: a question that would
 * take more than this many node evaluations (combinations × nodes) is left unanswered (`unknown`) rather
 * than keeping a designer waiting. Real conditions read one to three facts and stay far below it.
 */
export const MAX_WORK = 50_000;

/** The answer to "is there a participant for whom …": an example, none, or too many combinations to tell. */
export type Search = { readonly kind: 'found'; readonly facts: Facts } | { readonly kind: 'none' } | { readonly kind: 'unknown' };

/** The condition a `{ condition: id }` reference stands for. */
const named = (programme: Programme, id: string): Condition | undefined => programme.conditionsById.get(id)?.when;

/** Every fact test a condition makes, following named conditions (validation rules out cycles). */
export function testsOf(programme: Programme, c: Condition): FactTest[] {
  return match(c)
    .with({ fact: P.string }, (t) => [t])
    .with({ all: P.array() }, (x) => x.all.flatMap((k) => testsOf(programme, k)))
    .with({ any: P.array() }, (x) => x.any.flatMap((k) => testsOf(programme, k)))
    .with({ not: P.any }, (x) => testsOf(programme, x.not))
    .with({ condition: P.string }, (x) => {
      const inner = named(programme, x.condition);
      return inner ? testsOf(programme, inner) : [];
    })
    .exhaustive();
}

/** The facts a condition reads, following named conditions, in declaration order. */
export function factsOf(programme: Programme, ...conditions: Condition[]): string[] {
  const read = new Set(conditions.flatMap((c) => testsOf(programme, c).map((t) => t.fact)));
  return [...programme.factsById.keys()].filter((id) => read.has(id));
}

/** Whether a condition asks if a fact is recorded: then "everyone whose facts are recorded" is not the point. */
export const asksKnown = (programme: Programme, c: Condition): boolean => testsOf(programme, c).some((t) => t.known !== undefined);

/** How many nodes evaluating a condition visits, named conditions included: the cost of one evaluation. */
export function sizeOf(programme: Programme, c: Condition): number {
  return match(c)
    .with({ fact: P.string }, () => 1)
    .with({ all: P.array() }, (x) => 1 + x.all.reduce((n, k) => n + sizeOf(programme, k), 0))
    .with({ any: P.array() }, (x) => 1 + x.any.reduce((n, k) => n + sizeOf(programme, k), 0))
    .with({ not: P.any }, (x) => 1 + sizeOf(programme, x.not))
    .with({ condition: P.string }, (x) => {
      const inner = named(programme, x.condition);
      return 1 + (inner ? sizeOf(programme, inner) : 0);
    })
    .exhaustive();
}

const workOf = (programme: Programme, conditions: readonly Condition[]) => conditions.reduce((n, c) => n + sizeOf(programme, c), 0);

/** Named conditions a condition refers to, directly or through other named conditions. */
export function namedRefs(programme: Programme, c: Condition, seen = new Set<string>()): Set<string> {
  match(c)
    .with({ fact: P.string }, () => undefined)
    .with({ all: P.array() }, (x) => x.all.forEach((k) => namedRefs(programme, k, seen)))
    .with({ any: P.array() }, (x) => x.any.forEach((k) => namedRefs(programme, k, seen)))
    .with({ not: P.any }, (x) => namedRefs(programme, x.not, seen))
    .with({ condition: P.string }, (x) => {
      if (seen.has(x.condition)) return;
      seen.add(x.condition);
      const inner = named(programme, x.condition);
      if (inner) namedRefs(programme, inner, seen);
    })
    .exhaustive();
  return seen;
}

/** Whether a declared number range holds any value at all. */
export const emptyRange = (f: Fact): boolean => f.type === 'number' && f.min !== undefined && f.max !== undefined && f.min > f.max;

/** A value strictly between a and b, an integer when there is one (ages and counts read better that way). */
function between(a: number, b: number): number {
  const n = Math.floor(a) + 1;
  return n < b ? n : (a + b) / 2;
}

/** One representative of every region the tests can tell apart, inside the declared range. */
function numberPoints(fact: Extract<Fact, { type: 'number' }>, tests: readonly FactTest[]): number[] {
  const lo = fact.min ?? -Infinity;
  const hi = fact.max ?? Infinity;
  if (lo > hi) return [];
  const thresholds: number[] = [];
  for (const t of tests) {
    for (const v of [t.atLeast, t.atMost, t.equals, t.notEquals, ...(t.in ?? []), ...(t.notIn ?? [])])
      if (typeof v === 'number' && Number.isFinite(v)) thresholds.push(v);
  }
  if (fact.min !== undefined) thresholds.push(fact.min);
  if (fact.max !== undefined) thresholds.push(fact.max);
  const sorted = [...new Set(thresholds.filter((v) => v >= lo && v <= hi))].sort((a, b) => a - b);
  if (sorted.length === 0) return [0];
  const points = [...sorted];
  for (let i = 0; i + 1 < sorted.length; i++) points.push(between(sorted[i]!, sorted[i + 1]!));
  if (lo === -Infinity) points.push(Math.floor(sorted[0]!) - 1);
  if (hi === Infinity) points.push(Math.floor(sorted[sorted.length - 1]!) + 1);
  return points.sort((a, b) => a - b);
}

interface Space {
  readonly facts: readonly string[];
  readonly domains: readonly (readonly (FactValue | undefined)[])[];
  readonly size: number;
}

/** The values worth trying for each fact the conditions read. */
function spaceOf(programme: Programme, conditions: readonly Condition[], mode: Mode): Space {
  const tests = conditions.flatMap((c) => testsOf(programme, c));
  const facts = factsOf(programme, ...conditions);
  const domains = facts.map((id) => {
    const fact = programme.factsById.get(id)!;
    const values: FactValue[] = match(fact)
      .with({ type: 'boolean' }, () => [true, false])
      .with({ type: 'enum' }, (f) => f.values.map((v) => v.id))
      .with({ type: 'number' }, (f) => numberPoints(f, tests.filter((t) => t.fact === id)))
      .exhaustive();
    return mode === 'any' ? [...values, undefined] : values;
  });
  return { facts, domains, size: domains.reduce((n, d) => n * d.length, 1) };
}

/** Every combination of the space's values, as the facts a participant could have. */
function* combinations(space: Space): Generator<Facts> {
  if (space.size === 0) return;
  const index = space.facts.map(() => 0);
  for (;;) {
    const facts: Record<string, FactValue> = {};
    space.facts.forEach((id, i) => {
      const v = space.domains[i]![index[i]!];
      if (v !== undefined) facts[id] = v;
    });
    yield facts;
    let k = space.facts.length - 1;
    while (k >= 0 && index[k] === space.domains[k]!.length - 1) index[k--] = 0;
    if (k < 0) return;
    index[k]!++;
  }
}

/**
 * Searches the combinations of the facts `conditions` read for one where `wanted` holds. `conditions`
 * only decides which facts and thresholds matter; `wanted` may combine them as it likes.
 */
export function search(programme: Programme, conditions: readonly Condition[], mode: Mode, wanted: (facts: Facts) => boolean): Search {
  const space = spaceOf(programme, conditions, mode);
  if (space.size * workOf(programme, conditions) > MAX_WORK) return { kind: 'unknown' };
  for (const facts of combinations(space)) if (wanted(facts)) return { kind: 'found', facts };
  return { kind: 'none' };
}

/** Visits every combination (for analyses that need the whole picture, like referral rules); false when it would cost too much. */
export function forEachCombination(programme: Programme, conditions: readonly Condition[], mode: Mode, visit: (facts: Facts) => void): boolean {
  const space = spaceOf(programme, conditions, mode);
  if (space.size * workOf(programme, conditions) > MAX_WORK) return false;
  for (const facts of combinations(space)) visit(facts);
  return true;
}

/** Whether `c` holds for these facts, judged by the engine's own evaluator. */
export const holdsFor = (programme: Programme, c: Condition, facts: Facts): boolean =>
  holds(c, { facts, factsById: programme.factsById, conditionsById: programme.conditionsById });

/** Some participant (facts possibly unrecorded in `any` mode) for whom `c` holds. */
export const satisfiable = (programme: Programme, c: Condition, mode: Mode = 'any'): Search =>
  search(programme, [c], mode, (f) => holdsFor(programme, c, f));

/** `referrer = forsakringskassan, age = 18, gender not recorded`: an example participant, by fact id. */
export function describeFacts(programme: Programme, facts: Facts, only?: readonly string[]): string {
  const ids = only ?? [...programme.factsById.keys()].filter((id) => id in facts);
  if (ids.length === 0) return 'any facts';
  return ids.map((id) => (facts[id] === undefined ? `${id} not recorded` : `${id} = ${String(facts[id])}`)).join(', ');
}

/** A condition node and where it sits, walking `all`, `any` and `not` (not into named conditions). */
export interface Node {
  readonly condition: Condition;
  readonly path: Path;
}

export function children(n: Node): Node[] {
  return match(n.condition)
    .with({ all: P.array() }, (x) => x.all.map((k, i) => ({ condition: k, path: [...n.path, 'all', i] })))
    .with({ any: P.array() }, (x) => x.any.map((k, i) => ({ condition: k, path: [...n.path, 'any', i] })))
    .with({ not: P.any }, (x) => [{ condition: x.not, path: [...n.path, 'not'] }])
    .otherwise(() => []);
}
