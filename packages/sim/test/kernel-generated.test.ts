import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programmeArbitrary } from '@stegvis/testing';
import { checkIn } from './support/check-in.js';
import { agreeOn, bothOf, emptyCoverage, sequenceArb } from './support/equivalence.js';

/**
 * The kernel equals the XState engine on generated programmes, not only the five examples: every built-in
 * kind with random parameters, and a step kind defined in the tests, outside core (`support/check-in.ts`). The same random commands go to both, and after every one
 * they must agree (see `support/equivalence.ts`).
 */

const RUNS = Math.max(200, Number(process.env.FC_RUNS ?? 200));

describe('the kernel equals the XState engine on generated programmes', () => {
  it(`agrees after every command, on ${RUNS} programmes with a random command sequence each`, () => {
    const seen = emptyCoverage();
    const kinds = new Set<string>();
    fc.assert(
      fc.property(
        programmeArbitrary({ plugins: [checkIn] }).chain((generated) => sequenceArb(generated.programme, 40).map((sequence) => ({ generated, sequence }))),
        ({ generated: { programme }, sequence }) => {
          for (const s of programme.steps) kinds.add(s.kind);
          const { engine, kernel } = bothOf(programme);
          agreeOn(programme, engine, kernel, sequence, seen);
        },
      ),
      { numRuns: RUNS },
    );
    // The programmes cover every kind, and the sequences both sides of the rules.
    expect([...kinds].sort()).toEqual(['actionPlan', 'assessment', 'checkIn', 'ladderStep', 'subsidisedEmployment']);
    expect(seen.accepted).toBeGreaterThan(RUNS * 3);
    expect(seen.refused).toBeGreaterThan(RUNS);
    for (const type of ['refer', 'progress', 'advance', 'markRequirement', 'regress', 'pause', 'resume', 'exit', 'followUp', 'tick'] as const) expect(seen.acceptedBy[type] ?? 0, type).toBeGreaterThan(0);
  }, 240_000);
});
