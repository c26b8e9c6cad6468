import { match } from 'ts-pattern';
import type { Label } from '../i18n/label.js';
import { type Fact, type Facts, valueLabel } from '../facts/facts.js';
import type { Condition, NamedCondition } from './schema.js';
import { type Explanation, explain } from './explanation.js';
import { conditionNode, describeFactTest, testFact } from './nodes.js';

/** What a condition can see: the participant's facts, and the programme's declarations to label them. */
export interface ConditionScope {
  readonly facts: Facts;
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly conditionsById: ReadonlyMap<string, NamedCondition>;
}

const labelOf = (c: Condition): Label | undefined => c.label;

/**
 * Evaluates a condition and says why: every branch is evaluated (no short-circuit) so the explanation
 * names everything that would have to change. Pure; unknown references evaluate to false with a note,
 * though validation rejects them before a programme can run.
 */
export function evaluate(c: Condition, scope: ConditionScope): Explanation {
  const own = labelOf(c);
  return match(conditionNode(c))
    .with({ type: 'fact' }, ({ test: t }) => {
      const fact = scope.factsById.get(t.fact);
      const actual = scope.facts[t.fact];
      const sentence = describeFactTest(t, fact);
      const now: Label =
        actual === undefined
          ? { sv: 'inte registrerad', en: 'not recorded' }
          : { sv: `nu: ${valueLabel(fact, actual).sv}`, en: `now: ${valueLabel(fact, actual).en}` };
      const detail = own ? { sv: `${sentence.sv}; ${now.sv}`, en: `${sentence.en}; ${now.en}` } : now;
      return explain(testFact(t, actual), own ?? sentence, undefined, detail);
    })
    .with({ type: 'all' }, ({ parts }) => {
      const children = parts.map((k) => evaluate(k, scope));
      return explain(children.every((k) => k.ok), own ?? { sv: 'Allt detta gäller', en: 'All of these hold' }, children);
    })
    .with({ type: 'any' }, ({ parts }) => {
      const children = parts.map((k) => evaluate(k, scope));
      return explain(children.some((k) => k.ok), own ?? { sv: 'Minst ett av detta gäller', en: 'At least one of these holds' }, children);
    })
    .with({ type: 'not' }, ({ part }) => {
      const inner = evaluate(part, scope);
      return explain(!inner.ok, own ?? { sv: 'Detta gäller inte', en: 'This does not hold' }, [inner]);
    })
    .with({ type: 'condition' }, ({ id }) => {
      const named = scope.conditionsById.get(id);
      if (!named) return explain(false, { sv: `okänt villkor ${id}`, en: `unknown condition ${id}` });
      const inner = evaluate(named.when, scope);
      return explain(inner.ok, own ?? named.label, [inner]);
    })
    .exhaustive();
}

export const holds = (c: Condition, scope: ConditionScope): boolean => evaluate(c, scope).ok;
