import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactValue } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { dayNumber } from '@stegvis/core';
import { KernelParticipant } from '../src/internal/kernel/participant.js';
import { agreeOn, bothOf, emptyCoverage, sequenceArb } from './support/equivalence.js';

/**
 * The kernel equals the XState engine on each example programme (see `support/equivalence.ts` for what is
 * compared after every command); `kernel-generated.test.ts` does the same on generated programmes.
 */

const EXAMPLES = ['ljusnarsberg', 'timra', 'nacka', 'enkoping', 'kungsbacka'] as const;
const RUNS = Number(process.env.FC_RUNS ?? 200);

describe.each(EXAMPLES)('the kernel equals the XState engine: %s', (name) => {
  const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
  const { engine, kernel } = bothOf(programme);

  it(`agrees after every command of random sequences (${RUNS} runs)`, () => {
    const seen = emptyCoverage();
    fc.assert(
      fc.property(sequenceArb(programme), (sequence) => agreeOn(programme, engine, kernel, sequence, seen)),
      { numRuns: RUNS },
    );
    // The sequences must exercise both sides of the rules, not only refusals.
    expect(seen.accepted).toBeGreaterThan(RUNS * 3);
    expect(seen.refused).toBeGreaterThan(RUNS);
    if (kernel.nTemplates > 0) expect(seen.deadlinesSeen).toBeGreaterThan(RUNS);
    // Every kind of command is accepted somewhere in the runs, and participants get deep into the path.
    for (const type of ['refer', 'progress', 'regress', 'pause', 'resume', 'exit', 'tick'] as const) expect(seen.acceptedBy[type] ?? 0, type).toBeGreaterThan(0);
    expect(seen.deepest).toBe(programme.steps.length - 1);
  }, 60_000 + 500 * RUNS);

  it('the same kernel state is reached by a reused participant after reset()', () => {
    const k = new KernelParticipant(kernel);
    const run = () => {
      k.reset();
      const d0 = dayNumber('2026-10-19');
      const facts = Object.fromEntries(programme.config.facts.map((f) => [f.id, f.type === 'boolean' ? (f.id === 'socialAssistance' ? true : false) : f.type === 'enum' ? f.values[0]!.id : 30])) as Record<string, FactValue>;
      k.setFacts(facts);
      k.refer(d0, true);
      for (let w = 1; w < 60; w++) {
        k.tick(d0 + 7 * w);
        if (w % 3 === 0) k.progress(d0 + 7 * w);
        if (w % 5 === 0) k.followUp(d0 + 7 * w, -1, kernel.cadence?.roles ?? 0);
      }
      return k.read();
    };
    expect(run()).toEqual(run());
  });
});
