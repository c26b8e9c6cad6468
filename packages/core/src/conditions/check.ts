import { match } from 'ts-pattern';
import { factType } from '../facts/fact-types.js';
import { type Issue, type Path, issue } from '../errors/issue.js';
import type { Fact, FactValue } from '../facts/facts.js';
import { conditionNode, isNumericOperator, operatorOf } from './nodes.js';
import type { Condition, FactTest } from './schema.js';

export interface ConditionDeclarations {
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly conditionIds: ReadonlySet<string>;
}

const expected = (fact: Fact): string => factType(fact).expected(fact);
const fits = (fact: Fact, value: FactValue): boolean => factType(fact).fits(fact, value);

function checkTest(t: FactTest, path: Path, decl: ConditionDeclarations): Issue[] {
  const fact = decl.factsById.get(t.fact);
  if (!fact) {
    const known = [...decl.factsById.keys()];
    return [
      issue('config.undeclared_fact', [...path, 'fact'], `the condition tests fact "${t.fact}", which the programme does not declare`,
        known.length > 0 ? `declare it under "facts", or use one of: ${known.join(', ')}` : 'declare it under "facts"'),
    ];
  }
  const { op, operand } = operatorOf(t);
  if (op === 'known') return [];
  if (isNumericOperator(op))
    return fact.type === 'number' ? [] : [issue('config.fact_type_mismatch', [...path, op], `"${op}" compares numbers, but fact "${fact.id}" is ${fact.type}`, 'use equals or in')];
  const values = Array.isArray(operand) ? (operand as FactValue[]).map((v, i) => [v, [...path, op, i]] as const) : [[operand as FactValue, [...path, op]] as const];
  return values.flatMap(([v, p]) =>
    fits(fact, v) ? [] : [issue('config.fact_type_mismatch', p, `fact "${fact.id}" is ${expected(fact)}, but the condition compares it with a value it cannot have`, `use ${expected(fact)}`)],
  );
}

/** Every reference in a condition must resolve, and every compared value must fit its fact. */
export function checkCondition(c: Condition, path: Path, decl: ConditionDeclarations): Issue[] {
  return match(conditionNode(c))
    .with({ type: 'fact' }, ({ test }) => checkTest(test, path, decl))
    .with({ type: 'all' }, ({ parts }) => parts.flatMap((k, i) => checkCondition(k, [...path, 'all', i], decl)))
    .with({ type: 'any' }, ({ parts }) => parts.flatMap((k, i) => checkCondition(k, [...path, 'any', i], decl)))
    .with({ type: 'not' }, ({ part }) => checkCondition(part, [...path, 'not'], decl))
    .with({ type: 'condition' }, ({ id }) =>
      decl.conditionIds.has(id)
        ? []
        : [issue('config.unknown_reference', [...path, 'condition'], `no condition named "${id}" is declared`, 'declare it under "conditions", or check the id')],
    )
    .exhaustive();
}
