import type { Programme } from '../programme/compiled.js';
import type { StepRecord } from '../state/context.js';

type Steps = Readonly<Record<string, StepRecord>>;
/** The steps record with one step's record replaced or added: what `{ ...steps, [stepId]: record }` gives. */
type With = (steps: Steps, stepId: string, record: StepRecord) => Record<string, StepRecord>;

const spread: With = (steps, stepId, record) => ({ ...steps, [stepId]: record });

/** Whether the host lets code be made from strings (a content security policy, `--disallow-code-generation-from-strings` may not). */
const canGenerate = ((): boolean => {
  try {
    return (new Function('return true') as () => boolean)();
  } catch {
    return false;
  }
})();

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * `spread` written out for the programme's step ids, where the host allows code from strings: when the record
 * has exactly the programme's steps as its own keys, in the programme's order (as `participant.admitted` writes
 * it), the copy is one object literal of those keys; any other record is spread. A spread of a record keyed by
 * the programme's ids took 300–600 ns on this machine (the records reach it in many shapes), the literal about
 * 50. The code holds only the programme's step ids, as JSON strings.
 */
function generated(ids: readonly string[]): With {
  const key = (id: string) => JSON.stringify(id);
  const cases = ids.map((id) => `case ${key(id)}: return { ${ids.map((other) => `${key(other)}: ${other === id ? 'record' : `steps[${key(other)}]`}`).join(', ')} };`);
  const body = [
    'let i = 0;',
    // The record's keys, own and in the programme's order, and no others (an inherited one ends the loop too).
    `for (const k in steps) { if (i === ${ids.length} || k !== ids[i] || !hasOwn(steps, k)) return spread(steps, stepId, record); i++; }`,
    `if (i !== ${ids.length}) return spread(steps, stepId, record);`,
    'switch (stepId) {',
    ...cases,
    '}',
    'return spread(steps, stepId, record);',
  ];
  return new Function('ids', 'hasOwn', 'spread', `return function (steps, stepId, record) {\n${body.join('\n')}\n};`)(ids, hasOwn, spread) as With;
}

const copiers = new WeakMap<Programme, With>();

/** `{ ...steps, [stepId]: record }` for the programme: the same keys in the same order, the same values. */
export function stepsWith(programme: Programme, steps: Steps, stepId: string, record: StepRecord): Record<string, StepRecord> {
  let copy = copiers.get(programme);
  if (copy === undefined) {
    const ids = programme.steps.map((s) => s.id);
    // `__proto__` in a literal would set the prototype, not a key.
    copy = canGenerate && ids.length > 0 && ids.length <= 64 && !ids.includes('__proto__') ? generated(ids) : spread;
    copiers.set(programme, copy);
  }
  return copy(steps, stepId, record);
}
