import { match, P } from 'ts-pattern';
import type { Label } from '../i18n/label.js';
import { type Fact, type FactValue, type Facts, valueLabel } from '../programme/facts.js';
import type { Condition, FactTest, NamedCondition } from './schema.js';
import { type Explanation, explain } from './explanation.js';

/** What a condition can see: the participant's facts, and the programme's declarations to label them. */
export interface ConditionScope {
  readonly facts: Facts;
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly conditionsById: ReadonlyMap<string, NamedCondition>;
}

const join = (labels: Label[], sep: Label): Label => ({
  sv: labels.map((l) => l.sv).join(sep.sv),
  en: labels.map((l) => l.en).join(sep.en),
});

function testFact(t: FactTest, actual: FactValue | undefined): boolean {
  if (t.known !== undefined) return (actual !== undefined) === t.known;
  // An unrecorded fact satisfies no test but `known: false`: a waiver never applies on a guess.
  if (actual === undefined) return false;
  return match(t)
    .with({ equals: P.not(undefined) }, ({ equals }) => actual === equals)
    .with({ notEquals: P.not(undefined) }, ({ notEquals }) => actual !== notEquals)
    .with({ in: P.not(undefined) }, (x) => x.in.includes(actual))
    .with({ notIn: P.not(undefined) }, ({ notIn }) => !notIn.includes(actual))
    .with({ atLeast: P.not(undefined) }, ({ atLeast }) => typeof actual === 'number' && actual >= atLeast)
    .with({ atMost: P.not(undefined) }, ({ atMost }) => typeof actual === 'number' && actual <= atMost)
    .otherwise(() => false);
}

function describeTest(t: FactTest, fact: Fact | undefined): Label {
  const name = fact?.label ?? { sv: t.fact, en: t.fact };
  const v = (x: FactValue) => valueLabel(fact, x);
  const [op, value]: [Label, Label] = match(t)
    .with({ known: P.not(undefined) }, ({ known }): [Label, Label] =>
      known ? [{ sv: 'är', en: 'is' }, { sv: 'registrerad', en: 'recorded' }] : [{ sv: 'är inte', en: 'is not' }, { sv: 'registrerad', en: 'recorded' }],
    )
    .with({ equals: P.not(undefined) }, ({ equals }): [Label, Label] => [{ sv: 'är', en: 'is' }, v(equals)])
    .with({ notEquals: P.not(undefined) }, ({ notEquals }): [Label, Label] => [{ sv: 'är inte', en: 'is not' }, v(notEquals)])
    .with({ in: P.not(undefined) }, (x): [Label, Label] => [{ sv: 'är en av', en: 'is one of' }, join(x.in.map(v), { sv: ', ', en: ', ' })])
    .with({ notIn: P.not(undefined) }, ({ notIn }): [Label, Label] => [{ sv: 'är ingen av', en: 'is none of' }, join(notIn.map(v), { sv: ', ', en: ', ' })])
    .with({ atLeast: P.not(undefined) }, ({ atLeast }): [Label, Label] => [{ sv: 'är minst', en: 'is at least' }, v(atLeast)])
    .with({ atMost: P.not(undefined) }, ({ atMost }): [Label, Label] => [{ sv: 'är högst', en: 'is at most' }, v(atMost)])
    .otherwise((): [Label, Label] => [{ sv: '?', en: '?' }, { sv: '?', en: '?' }]);
  return { sv: `${name.sv} ${op.sv} ${value.sv}`, en: `${name.en} ${op.en} ${value.en}` };
}

/**
 * Evaluates a condition and says why: every branch is evaluated (no short-circuit) so the explanation
 * names everything that would have to change. Pure; unknown references evaluate to false with a note,
 * though validation rejects them before a programme can run.
 */
export function evaluate(c: Condition, scope: ConditionScope): Explanation {
  return match(c)
    .with({ fact: P.string }, (t) => {
      const fact = scope.factsById.get(t.fact);
      const actual = scope.facts[t.fact];
      const sentence = describeTest(t, fact);
      const now: Label =
        actual === undefined
          ? { sv: 'inte registrerad', en: 'not recorded' }
          : { sv: `nu: ${valueLabel(fact, actual).sv}`, en: `now: ${valueLabel(fact, actual).en}` };
      const detail = t.label ? { sv: `${sentence.sv}; ${now.sv}`, en: `${sentence.en}; ${now.en}` } : now;
      return explain(testFact(t, actual), t.label ?? sentence, undefined, detail);
    })
    .with({ all: P.array() }, (x) => {
      const children = x.all.map((k) => evaluate(k, scope));
      return explain(children.every((k) => k.ok), x.label ?? { sv: 'Allt detta gäller', en: 'All of these hold' }, children);
    })
    .with({ any: P.array() }, (x) => {
      const children = x.any.map((k) => evaluate(k, scope));
      return explain(children.some((k) => k.ok), x.label ?? { sv: 'Minst ett av detta gäller', en: 'At least one of these holds' }, children);
    })
    .with({ not: P.any }, (x) => {
      const inner = evaluate(x.not, scope);
      return explain(!inner.ok, x.label ?? { sv: 'Detta gäller inte', en: 'This does not hold' }, [inner]);
    })
    .with({ condition: P.string }, (x) => {
      const named = scope.conditionsById.get(x.condition);
      if (!named) return explain(false, { sv: `okänt villkor ${x.condition}`, en: `unknown condition ${x.condition}` });
      const inner = evaluate(named.when, scope);
      return explain(inner.ok, x.label ?? named.label, [inner]);
    })
    .exhaustive();
}

export const holds = (c: Condition, scope: ConditionScope): boolean => evaluate(c, scope).ok;
