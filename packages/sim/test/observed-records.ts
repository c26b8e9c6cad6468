import fc from 'fast-check';
import type { ObservedRecordInput } from '../src/calibrate/log.js';

/**
 * Valid observed records for property tests and the R comparisons: an admission, then moves to any step
 * (forward or back), pauses and resumes (some on the same day), and an exit, a censoring day or neither;
 * some observed only from a later day (a late entry). `end` is on or after every day in the record.
 */
export function recordArbitrary(steps: readonly string[], outcomes: readonly string[]): fc.Arbitrary<{ record: ObservedRecordInput; lastDay: number }> {
  const action = fc.record({
    gap: fc.integer({ min: 0, max: 40 }),
    kind: fc.constantFrom('move', 'move', 'move', 'pause', 'resume'),
    step: fc.integer({ min: 0, max: steps.length - 1 }),
  });
  return fc
    .record({
      start: fc.integer({ min: 0, max: 200 }),
      actions: fc.array(action, { maxLength: 8 }),
      ending: fc.record({ kind: fc.constantFrom('exit', 'exit', 'censor', 'open'), gap: fc.integer({ min: 0, max: 100 }), outcome: fc.constantFrom(...outcomes) }),
      lateBy: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined, freq: 3 }),
    })
    .map(({ start, actions, ending, lateBy }) => {
      let day = start;
      const entries = [{ step: steps[0]!, day: start }];
      const pauses: { from: number; to?: number }[] = [];
      const open = () => pauses.length > 0 && pauses[pauses.length - 1]!.to === undefined;
      for (const a of actions) {
        day += a.gap;
        if (a.kind === 'move') {
          // A move while paused ends the pause on that day, as the engine records it.
          if (open()) pauses[pauses.length - 1]!.to = day;
          entries.push({ step: steps[a.step]!, day });
        } else if (a.kind === 'pause' && !open()) pauses.push({ from: day });
        else if (a.kind === 'resume' && open()) pauses[pauses.length - 1]!.to = day;
      }
      const lastDay = day + ending.gap;
      const record: ObservedRecordInput = {
        id: 'x',
        entries,
        pauses,
        ...(ending.kind === 'exit' ? { exit: { day: lastDay, outcome: ending.outcome } } : {}),
        ...(ending.kind === 'censor' ? { censoredDay: lastDay } : {}),
        ...(lateBy !== undefined ? { observedFrom: Math.min(start + lateBy, lastDay) } : {}),
      };
      return { record, lastDay };
    });
}

/** A log of `n` such records (ids R0…), with `end` after every record's last day. */
export const logArbitrary = (programme: string, steps: readonly string[], outcomes: readonly string[], n: { minLength: number; maxLength: number }) =>
  fc.tuple(fc.array(recordArbitrary(steps, outcomes), n), fc.integer({ min: 0, max: 60 })).map(([rs, extra]) => ({
    programme,
    end: rs.reduce((a, r) => Math.max(a, r.lastDay), 0) + extra,
    records: rs.map((r, k) => ({ ...r.record, id: `R${k}` })),
  }));
