import { match, P } from 'ts-pattern';
import { type Issue, type Path, issue } from '../errors/issue.js';
import type { Fact, FactValue } from '../programme/facts.js';
import type { Condition, FactTest } from './schema.js';

export interface ConditionDeclarations {
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly conditionIds: ReadonlySet<string>;
}

function checkValue(fact: Fact, value: FactValue, path: Path): Issue[] {
  const ok = match(fact)
    .with({ type: 'boolean' }, () => typeof value === 'boolean')
    .with({ type: 'number' }, () => typeof value === 'number')
    .with({ type: 'enum' }, (f) => typeof value === 'string' && f.values.some((v) => v.id === value))
    .exhaustive();
  if (ok) return [];
  const expected = match(fact)
    .with({ type: 'boolean' }, () => 'true or false')
    .with({ type: 'number' }, () => 'a number')
    .with({ type: 'enum' }, (f) => `one of ${f.values.map((v) => v.id).join(', ')}`)
    .exhaustive();
  return [issue('config.fact_type_mismatch', path, `fact "${fact.id}" is ${expected}, but the condition compares it with ${JSON.stringify(value)}`, `use ${expected}`)];
}

function checkTest(t: FactTest, path: Path, decl: ConditionDeclarations): Issue[] {
  const fact = decl.factsById.get(t.fact);
  if (!fact) {
    const known = [...decl.factsById.keys()];
    return [
      issue('config.undeclared_fact', [...path, 'fact'], `the condition tests fact "${t.fact}", which the programme does not declare`,
        known.length > 0 ? `declare it under "facts", or use one of: ${known.join(', ')}` : 'declare it under "facts"'),
    ];
  }
  const out: Issue[] = [];
  const values = (name: 'equals' | 'notEquals', v: FactValue | undefined) => (v === undefined ? [] : checkValue(fact, v, [...path, name]));
  out.push(...values('equals', t.equals), ...values('notEquals', t.notEquals));
  for (const name of ['in', 'notIn'] as const) t[name]?.forEach((v, i) => out.push(...checkValue(fact, v, [...path, name, i])));
  for (const name of ['atLeast', 'atMost'] as const)
    if (t[name] !== undefined && fact.type !== 'number')
      out.push(issue('config.fact_type_mismatch', [...path, name], `"${name}" compares numbers, but fact "${fact.id}" is ${fact.type}`, 'use equals or in'));
  return out;
}

/** Every reference in a condition must resolve, and every compared value must fit its fact. */
export function checkCondition(c: Condition, path: Path, decl: ConditionDeclarations): Issue[] {
  return match(c)
    .with({ fact: P.string }, (t) => checkTest(t, path, decl))
    .with({ all: P.array() }, (x) => x.all.flatMap((k, i) => checkCondition(k, [...path, 'all', i], decl)))
    .with({ any: P.array() }, (x) => x.any.flatMap((k, i) => checkCondition(k, [...path, 'any', i], decl)))
    .with({ not: P.any }, (x) => checkCondition(x.not, [...path, 'not'], decl))
    .with({ condition: P.string }, (x) =>
      decl.conditionIds.has(x.condition)
        ? []
        : [issue('config.unknown_reference', [...path, 'condition'], `no condition named "${x.condition}" is declared`, 'declare it under "conditions", or check the id')],
    )
    .exhaustive();
}

/** Named conditions that refer to themselves, directly or through others, would never finish evaluating. */
export function namedConditionRefs(c: Condition): string[] {
  return match(c)
    .with({ fact: P.string }, () => [])
    .with({ all: P.array() }, (x) => x.all.flatMap(namedConditionRefs))
    .with({ any: P.array() }, (x) => x.any.flatMap(namedConditionRefs))
    .with({ not: P.any }, (x) => namedConditionRefs(x.not))
    .with({ condition: P.string }, (x) => [x.condition])
    .exhaustive();
}

/** Facts a condition reads, for the linter and for documentation. */
export function factsRead(c: Condition): string[] {
  return match(c)
    .with({ fact: P.string }, (t) => [t.fact])
    .with({ all: P.array() }, (x) => x.all.flatMap(factsRead))
    .with({ any: P.array() }, (x) => x.any.flatMap(factsRead))
    .with({ not: P.any }, (x) => factsRead(x.not))
    .with({ condition: P.string }, () => [])
    .exhaustive();
}
