import { match, P } from 'ts-pattern';
import type { Fact, FactValue } from '../facts/facts.js';
import { valueLabel } from '../facts/facts.js';
import type { Label } from '../i18n/label.js';
import { type Condition, type FactOperator, type FactTest, factOperators } from './schema.js';

/**
 * The condition language's two unions, each with one table: the nodes (a fact test, `all`, `any`, `not`,
 * a named condition) and the operators of a fact test. Evaluation, static checks, the linter, the
 * simulation kernel's fact profiles and the behaviour model's checks all walk conditions through these.
 */

export type ConditionNode =
  | { readonly type: 'fact'; readonly test: FactTest }
  | { readonly type: 'all'; readonly parts: readonly Condition[] }
  | { readonly type: 'any'; readonly parts: readonly Condition[] }
  | { readonly type: 'not'; readonly part: Condition }
  | { readonly type: 'condition'; readonly id: string };

/** A condition as a tagged node: the one place that tells the shapes apart. */
export const conditionNode = (c: Condition): ConditionNode =>
  match(c)
    .with({ fact: P.string }, (test): ConditionNode => ({ type: 'fact', test }))
    .with({ all: P.array() }, (x): ConditionNode => ({ type: 'all', parts: x.all }))
    .with({ any: P.array() }, (x): ConditionNode => ({ type: 'any', parts: x.any }))
    .with({ not: P.any }, (x): ConditionNode => ({ type: 'not', part: x.not }))
    .with({ condition: P.string }, (x): ConditionNode => ({ type: 'condition', id: x.condition }))
    .exhaustive();

type NodeOf<T extends ConditionNode['type']> = Extract<ConditionNode, { type: T }>;

interface NodeRule<N extends ConditionNode> {
  tests(n: N): readonly FactTest[];
  children(n: N): readonly Condition[];
  named(n: N): readonly string[];
}

const nodeRules = {
  fact: { tests: (n) => [n.test], children: () => [], named: () => [] },
  all: { tests: () => [], children: (n) => n.parts, named: () => [] },
  any: { tests: () => [], children: (n) => n.parts, named: () => [] },
  not: { tests: () => [], children: (n) => [n.part], named: () => [] },
  condition: { tests: () => [], children: () => [], named: (n) => [n.id] },
} satisfies { [T in ConditionNode['type']]: NodeRule<NodeOf<T>> };

const ruleOf = (n: ConditionNode) => nodeRules[n.type] as NodeRule<ConditionNode>;

/** The parts of a condition (not following named conditions). */
export const conditionChildren = (c: Condition): readonly Condition[] => {
  const n = conditionNode(c);
  return ruleOf(n).children(n);
};

/**
 * Visits every fact test in a condition, following named conditions (each once) when `named` resolves them.
 *
 * @example
 * forEachFactTest(c, (t) => used.add(t.fact), (id) => programme.conditionsById.get(id)?.when);
 */
export function forEachFactTest(c: Condition, visit: (t: FactTest) => void, named?: (id: string) => Condition | undefined, seen = new Set<string>()): void {
  const n = conditionNode(c);
  for (const t of ruleOf(n).tests(n)) visit(t);
  for (const k of ruleOf(n).children(n)) forEachFactTest(k, visit, named, seen);
  for (const id of ruleOf(n).named(n)) {
    if (seen.has(id) || !named) continue;
    seen.add(id);
    const inner = named(id);
    if (inner) forEachFactTest(inner, visit, named, seen);
  }
}

/** Named conditions a condition refers to directly. */
export function namedConditionRefs(c: Condition): string[] {
  const n = conditionNode(c);
  return [...ruleOf(n).named(n), ...ruleOf(n).children(n).flatMap(namedConditionRefs)];
}

/** Facts a condition reads directly (not through named conditions). */
export function factsRead(c: Condition): string[] {
  const out: string[] = [];
  forEachFactTest(c, (t) => out.push(t.fact));
  return out;
}

// ---- Fact-test operators -------------------------------------------------------------------------

interface OperatorRule<V> {
  /** Whether a recorded value passes (an unrecorded one passes nothing but `known: false`). */
  test(operand: V, actual: FactValue): boolean;
  describe(operand: V, value: (x: FactValue) => Label): readonly [Label, Label];
  /** The numbers the operator compares with: where the kernel's fact profiles split a number fact. */
  constants(operand: V): readonly FactValue[];
  /** The operand must be a number, for a number fact. */
  readonly numeric: boolean;
}

const join = (labels: Label[]): Label => ({ sv: labels.map((l) => l.sv).join(', '), en: labels.map((l) => l.en).join(', ') });

export const factOperatorRules = {
  equals: { test: (v, a) => a === v, describe: (v, value) => [{ sv: 'är', en: 'is' }, value(v)], constants: (v) => [v], numeric: false },
  notEquals: { test: (v, a) => a !== v, describe: (v, value) => [{ sv: 'är inte', en: 'is not' }, value(v)], constants: (v) => [v], numeric: false },
  in: { test: (v, a) => v.includes(a), describe: (v, value) => [{ sv: 'är en av', en: 'is one of' }, join(v.map(value))], constants: (v) => v, numeric: false },
  notIn: { test: (v, a) => !v.includes(a), describe: (v, value) => [{ sv: 'är ingen av', en: 'is none of' }, join(v.map(value))], constants: (v) => v, numeric: false },
  atLeast: { test: (v, a) => typeof a === 'number' && a >= v, describe: (v, value) => [{ sv: 'är minst', en: 'is at least' }, value(v)], constants: (v) => [v], numeric: true },
  atMost: { test: (v, a) => typeof a === 'number' && a <= v, describe: (v, value) => [{ sv: 'är högst', en: 'is at most' }, value(v)], constants: (v) => [v], numeric: true },
  known: {
    test: (v) => v,
    describe: (v) => (v ? [{ sv: 'är', en: 'is' }, { sv: 'registrerad', en: 'recorded' }] : [{ sv: 'är inte', en: 'is not' }, { sv: 'registrerad', en: 'recorded' }]),
    constants: () => [],
    numeric: false,
  },
} satisfies { [O in FactOperator]: OperatorRule<NonNullable<FactTest[O]>> };

/** The one operator a fact test uses (the schema admits exactly one), with its operand. */
export function operatorOf(t: FactTest): { readonly op: FactOperator; readonly operand: NonNullable<FactTest[FactOperator]> } {
  const op = factOperators.find((o) => t[o] !== undefined)!;
  return { op, operand: t[op]! };
}

const opRule = (op: FactOperator) => factOperatorRules[op] as OperatorRule<unknown>;

/** Whether a fact value passes the test; an unrecorded fact passes only `known: false`. */
export function testFact(t: FactTest, actual: FactValue | undefined): boolean {
  const { op, operand } = operatorOf(t);
  if (op === 'known') return (actual !== undefined) === operand;
  return actual !== undefined && opRule(op).test(operand, actual);
}

/** "Heltidssjukskriven är ja": the test as a sentence. */
export function describeFactTest(t: FactTest, fact: Fact | undefined): Label {
  const name = fact?.label ?? { sv: t.fact, en: t.fact };
  const { op, operand } = operatorOf(t);
  const [verb, value] = opRule(op).describe(operand, (x) => valueLabel(fact, x));
  return { sv: `${name.sv} ${verb.sv} ${value.sv}`, en: `${name.en} ${verb.en} ${value.en}` };
}

/** The constants a test compares its fact with. */
export function factTestConstants(t: FactTest): readonly FactValue[] {
  const { op, operand } = operatorOf(t);
  return opRule(op).constants(operand);
}

export const isNumericOperator = (op: FactOperator): boolean => factOperatorRules[op].numeric;
