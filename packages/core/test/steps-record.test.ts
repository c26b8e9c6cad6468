import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepsWith } from '../src/path/steps-record.js';
import type { StepRecord } from '../src/state/context.js';
import { loadLjusnarsberg } from './arbitraries.js';

/**
 * `stepsWith` (path/steps-record.ts) copies a steps record with one step's record replaced, written out for the
 * programme's step ids when the record has exactly those keys in the programme's order: it must give what the
 * spread it replaces gives — the same keys in the same order, the same values — for every record, in that order
 * or not, with a key missing, one more, or a step id the programme does not have.
 */
const programme = loadLjusnarsberg();
const ids = programme.steps.map((s) => s.id);
const record = (status: StepRecord['status']): StepRecord => ({ status, requirements: {} });
const stepsRecord = fc
  .record({
    order: fc.constantFrom('programme', 'shuffled'),
    shuffle: fc.array(fc.nat(), { minLength: ids.length, maxLength: ids.length }),
    drop: fc.oneof(fc.constant(null), fc.constantFrom(...ids)),
    extra: fc.oneof(fc.constant(null), fc.constantFrom('other', 'step9')),
  })
  .map(({ order, shuffle, drop, extra }) => {
    const keys = order === 'programme' ? [...ids] : ids.map((id, i) => [shuffle[i]!, id] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id);
    const steps: Record<string, StepRecord> = {};
    // Each step's record its own (the day it was entered tells them apart).
    for (const k of keys) if (k !== drop) steps[k] = { ...record('active'), enteredOn: `2026-01-${String(10 + ids.indexOf(k))}` };
    if (extra !== null) steps[extra] = record('notStarted');
    return JSON.parse(JSON.stringify(steps)) as Record<string, StepRecord>;
  });

describe('a steps record copied with one step replaced', () => {
  it('is what the spread gives: the same keys in the same order, the same values', () => {
    let inOrder = 0;
    fc.assert(
      fc.property(stepsRecord, fc.constantFrom(...ids, 'other', 'unknown'), (steps, stepId) => {
        const replaced = record('completed');
        const copy = stepsWith(programme, steps, stepId, replaced);
        const spread = { ...steps, [stepId]: replaced };
        expect(Object.keys(copy)).toStrictEqual(Object.keys(spread));
        expect(copy).toStrictEqual(spread);
        expect(copy[stepId]).toBe(replaced);
        expect(copy).not.toBe(steps);
        if (Object.keys(steps).join() === ids.join()) inOrder++;
      }),
      { numRuns: 500 },
    );
    // The written-out copy's case (the programme's keys in its order) was met, not only the spread's.
    expect(inOrder).toBeGreaterThan(50);
  });
});
