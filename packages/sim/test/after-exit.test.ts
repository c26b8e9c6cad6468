import { readFileSync } from 'node:fs';
import { exitStatuses } from '@stegvis/core';
import fc from 'fast-check';
import { loadProgramme } from '@stegvis/testing';
import { describe, expect, it } from 'vitest';
import { type BehaviourInput, simulateSync, validateBehaviour, validateBehaviourYaml } from '../src/index.js';

/**
 * Follow-up after exit in the behaviour model (issue 14: "they are deadlines like any other, recorded as
 * events on the exited participant ... in the engine, the kernel, the store and the behaviour model"): what
 * each follow-up finds, drawn by the exit's outcome and recorded on the day it falls due. That the kernel
 * records them as the engine does is simulate-reference.test.ts's (Nacka's model, and random ones).
 */

const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const own = validateBehaviourYaml(nacka, readFileSync(new URL('../../../examples/nacka/behaviour.yaml', import.meta.url), 'utf8'));
if (!own.ok) throw new Error('examples/nacka/behaviour.yaml is not valid');
// Nacka's own model (its facts decide who is admitted), leaving faster, and without its follow-ups after exit.
const base: BehaviourInput = { ...own.value, default: { exit: { regularEmployment: 0.05, pension: 0.05 } }, steps: {}, paused: { resume: 0.5, exit: {} }, followUpAfterExit: {} };
const valid = (b: BehaviourInput) => {
  const r = validateBehaviour(nacka, b);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('the behaviour model declares what the follow-ups after exit find', () => {
  it('an unknown follow-up, an unknown outcome, an unknown status and weights adding up to 0 are issues with their path', () => {
    const r = validateBehaviour(nacka, { ...base, followUpAfterExit: { threeMonths: { found: { jobSeeking: 1 } }, oneMonth: { found: { jobSeeking: 1 }, byOutcome: { noSuchOutcome: { other: 1 } } } } });
    expect(!r.ok && r.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['config.unknown_reference', 'followUpAfterExit.threeMonths'],
      ['config.unknown_reference', 'followUpAfterExit.oneMonth.byOutcome.noSuchOutcome'],
    ]);
    const shape = validateBehaviour(nacka, { ...base, followUpAfterExit: { oneMonth: { found: { employed: 1 } }, sixMonths: { found: { jobSeeking: 0 } } } });
    expect(!shape.ok && [...new Set(shape.issues.map((i) => i.path.join('.')))]).toEqual(['followUpAfterExit.oneMonth.found', 'followUpAfterExit.sixMonths.found']);
  });

  it('each follow-up is held on the day it falls due (exit + after) while that is within the horizon, its status drawn by the outcome', () => {
    const b = valid({ ...base, followUpAfterExit: { oneMonth: { found: { jobSeeking: 1 }, byOutcome: { regularEmployment: { regularWork: 0.8, notReached: 0.2 } } }, sixMonths: { found: { other: 1 } } } });
    const t = simulateSync(nacka, b, { cohort: 6000, months: 48, seed: 7, intake: { type: 'spread', perWeek: 30 } });
    const day = (iso: string) => Math.round((Date.parse(iso) - Date.parse(t.startDate)) / 86_400_000);
    const iso = (d: number) => new Date(Date.parse(t.startDate) + d * 86_400_000).toISOString().slice(0, 10);
    const plusMonths = (d: number, m: number) => {
      const x = new Date(`${iso(d)}T00:00:00Z`);
      const y = new Date(Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + m, 1));
      const last = new Date(Date.UTC(y.getUTCFullYear(), y.getUTCMonth() + 1, 0)).getUTCDate();
      return day(new Date(Date.UTC(y.getUTCFullYear(), y.getUTCMonth(), Math.min(x.getUTCDate(), last))).toISOString().slice(0, 10));
    };
    const status = (i: number, f: number) => t.afterExitStatus[2 * i + f]!;
    const employed = nacka.outcomes.findIndex((o) => o.id === 'regularEmployment');
    let held = 0;
    let work = 0;
    let ofEmployed = 0;
    for (let i = 0; i < t.n; i++) {
      const exit = t.exitDay[i]!;
      for (const [f, months] of [[0, 1], [1, 6]] as const) {
        const due = exit < 0 ? Infinity : plusMonths(exit, months);
        // held exactly when the exit was followed that long
        expect(status(i, f) >= 0, `row ${i} follow-up ${f}`).toBe(due <= t.horizonDays - 1);
      }
      if (status(i, 0) < 0) continue;
      held++;
      if (t.outcome[i] === employed) {
        ofEmployed++;
        if (exitStatuses[status(i, 0)] === 'regularWork') work++;
        expect(['regularWork', 'notReached']).toContain(exitStatuses[status(i, 0)]);
      } else expect(exitStatuses[status(i, 0)]).toBe('jobSeeking');
      if (status(i, 1) >= 0) expect(exitStatuses[status(i, 1)]).toBe('other');
    }
    expect(held).toBeGreaterThan(1000);
    // 0.8 of the employed are found in work: within 4 standard errors
    const se = Math.sqrt((0.8 * 0.2) / ofEmployed);
    expect(Math.abs(work / ofEmployed - 0.8)).toBeLessThan(4 * se);
    // recorded follow-ups are met deadlines
    expect(Array.from(t.deadlines.exitFollowUp!.metOnTime).reduce((a, x) => a + x, 0)).toBeGreaterThan(held);
  });

  it('a model without followUpAfterExit holds none: every status is -1, the rest of the trajectories as before', () => {
    const without = simulateSync(nacka, valid(base), { cohort: 500, months: 12, seed: 3 });
    expect(Array.from(without.afterExitStatus).every((s) => s === -1)).toBe(true);
    const withIt = simulateSync(nacka, valid({ ...base, followUpAfterExit: { oneMonth: { found: { jobSeeking: 1 } } } }), { cohort: 500, months: 12, seed: 3 });
    // the draws come after a row's last week: its path is the same
    expect([Array.from(withIt.exitDay), Array.from(withIt.outcome)]).toEqual([Array.from(without.exitDay), Array.from(without.outcome)]);
  });

  it("Nacka's behaviour.yaml holds both of its follow-ups", () => {
    const programme = nacka;
    const text = readFileSync(new URL('../../../examples/nacka/behaviour.yaml', import.meta.url), 'utf8');
    expect(text).toMatch(/^followUpAfterExit:\n {2}oneMonth:/m);
    expect(programme.config.followUpAfterExit.map((f) => f.id)).toEqual(['oneMonth', 'sixMonths']);
  });
});

describe('what a follow-up finds is one of the statuses the model gives weight to', () => {
  it('for any weights, by outcome or not, every status held has a weight above 0 for that exit', () => {
    const weights = fc.dictionary(fc.constantFrom(...exitStatuses), fc.double({ min: 0, max: 1, noNaN: true }), { minKeys: 1, maxKeys: 5 }).filter((w) => Object.values(w).some((x) => x > 0));
    const outcomes = nacka.outcomes.map((o) => o.id);
    let held = 0;
    fc.assert(
      fc.property(weights, fc.dictionary(fc.constantFrom(...outcomes), weights, { maxKeys: 4 }), fc.integer(), (found, byOutcome, seed) => {
        const b = valid({ ...base, followUpAfterExit: { oneMonth: { found, byOutcome }, sixMonths: { found } } });
        const t = simulateSync(nacka, b, { cohort: 300, months: 18, seed, intake: { type: 'spread', perWeek: 10 } });
        for (let i = 0; i < t.n; i++)
          for (const f of [0, 1]) {
            const s = t.afterExitStatus[2 * i + f]!;
            if (s < 0) continue;
            held++;
            const w = f === 0 ? (byOutcome[outcomes[t.outcome[i]!]!] ?? found) : found;
            expect(w[exitStatuses[s]!] ?? 0).toBeGreaterThan(0);
          }
      }),
      { numRuns: 25 },
    );
    // not a string of empty runs
    expect(held).toBeGreaterThan(25 * 10);
  });
});
