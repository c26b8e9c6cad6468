import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Programme } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { type Behaviour, type SimulateOptions, type Trajectories, simulateSync, simulateSyncWithStats, validateBehaviourYaml } from '../src/index.js';

const load = (name: string): { programme: Programme; behaviour: Behaviour } => {
  const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
  const b = validateBehaviourYaml(programme, readFileSync(new URL(`../../../examples/${name}/behaviour.yaml`, import.meta.url), 'utf8'));
  if (!b.ok) throw new Error(JSON.stringify(b.issues));
  return { programme, behaviour: b.value };
};

const ljus = load('ljusnarsberg');
const timra = load('timra');
const enkoping = load('enkoping');
const nacka = load('nacka');

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const sameArrays = (a: Trajectories, b: Trajectories) =>
  (['replication', 'referredDay', 'admittedDay', 'declined', 'exitDay', 'outcome', 'stepCompletedDay', 'lastStep', 'area', 'regressions', 'pausedDays'] as const).every(
    (k) => bytes(a[k]).equals(bytes(b[k])),
  ) &&
  Object.keys(a.flagDays).every((k) => bytes(a.flagDays[k]!).equals(bytes(b.flagDays[k]!))) &&
  Object.keys(a.facts).every((k) => bytes(a.facts[k]!).equals(bytes(b.facts[k]!))) &&
  Object.keys(a.deadlines).every((k) => (['metOnTime', 'metLate', 'missed'] as const).every((c) => bytes(a.deadlines[k]![c]).equals(bytes(b.deadlines[k]![c]))));

const step = (p: Programme, id: string) => p.steps.findIndex((s) => s.id === id);
/** Share of admitted rows that completed a step within `days` of admission. */
function shareThrough(t: Trajectories, s: number, days: number): number {
  let admitted = 0;
  let through = 0;
  for (let i = 0; i < t.n; i++) {
    if (t.admittedDay[i]! < 0) continue;
    admitted++;
    const d = t.stepCompletedDay[i * t.steps + s]!;
    if (d >= 0 && d - t.admittedDay[i]! <= days) through++;
  }
  return through / admitted;
}

describe('simulate: determinism', () => {
  const opts: SimulateOptions = { cohort: 3000, months: 18, seed: 42, intake: { type: 'spread', perWeek: 60 } };

  it('the same seed gives identical arrays; another seed gives others', () => {
    const a = simulateSync(ljus.programme, ljus.behaviour, opts);
    const b = simulateSync(ljus.programme, ljus.behaviour, opts);
    const c = simulateSync(ljus.programme, ljus.behaviour, { ...opts, seed: 43 });
    expect(sameArrays(a, b)).toBe(true);
    expect(sameArrays(a, c)).toBe(false);
    expect(bytes(a.exitDay).equals(bytes(c.exitDay))).toBe(false);
  });

  it('a row’s trajectory does not depend on the rows simulated with it (the first 500 of 3000 = a cohort of 500)', () => {
    const big = simulateSync(ljus.programme, ljus.behaviour, opts);
    const small = simulateSync(ljus.programme, ljus.behaviour, { ...opts, cohort: 500 });
    for (const k of ['referredDay', 'admittedDay', 'exitDay', 'outcome', 'lastStep', 'pausedDays'] as const)
      expect(bytes(small[k]).equals(bytes(big[k].subarray(0, 500))), k).toBe(true);
    expect(bytes(small.stepCompletedDay).equals(bytes(big.stepCompletedDay.subarray(0, 500 * big.steps)))).toBe(true);
  });

  it('replications are independent cohorts, replication-major', () => {
    const t = simulateSync(ljus.programme, ljus.behaviour, { cohort: 400, months: 12, seed: 1, replications: 3 });
    expect(t.n).toBe(1200);
    expect(Array.from(t.replication.subarray(0, 400)).every((r) => r === 0)).toBe(true);
    expect(Array.from(t.replication.subarray(800)).every((r) => r === 2)).toBe(true);
    expect(bytes(t.exitDay.subarray(0, 400)).equals(bytes(t.exitDay.subarray(400, 800)))).toBe(false);
  });
});

describe('simulate: the trajectories hold together', () => {
  it('days are in order, outcomes go with exits, steps with the path; spread intake refers k a week', () => {
    const t = simulateSync(ljus.programme, ljus.behaviour, { cohort: 4000, months: 24, seed: 7, intake: { type: 'spread', perWeek: 25 } });
    const horizon = t.horizonDays;
    expect(t.startDate).toBe('2026-01-05');
    expect(horizon).toBe(730); // 2026-01-05 + 24 months = 2028-01-05
    let exited = 0;
    for (let i = 0; i < t.n; i++) {
      const week = Math.floor(i / 25);
      expect(t.referredDay[i]).toBe(week * 7 < horizon ? week * 7 : -1);
      if (t.referredDay[i]! < 0) {
        expect(t.admittedDay[i]).toBe(-1);
        continue;
      }
      expect(t.admittedDay[i]).toBe(t.referredDay[i]); // no places to wait for
      expect(t.outcome[i]! >= 0).toBe(t.exitDay[i]! >= 0);
      if (t.exitDay[i]! >= 0) {
        exited++;
        expect(t.exitDay[i]).toBeGreaterThanOrEqual(t.admittedDay[i]!);
        expect(t.exitDay[i]).toBeLessThan(horizon);
      }
      expect(t.lastStep[i]).toBeGreaterThanOrEqual(0);
      expect(t.lastStep[i]).toBeLessThan(t.steps);
      for (let s = 0; s < t.steps; s++) {
        const d = t.stepCompletedDay[i * t.steps + s]!;
        if (d < 0) continue;
        expect(d).toBeGreaterThanOrEqual(t.admittedDay[i]!);
        expect(d).toBeLessThan(horizon);
      }
    }
    expect(exited).toBeGreaterThan(t.n / 4);
  });

  it('facts follow the behaviour’s distributions; facts without one are unknown (−1)', () => {
    const t = simulateSync(ljus.programme, { ...ljus.behaviour, facts: { fullTimeSickLeave: { true: 0.25, false: 0.75 }, age: { uniform: [20, 29] } } }, { cohort: 20_000, months: 3, seed: 3 });
    const sick = Array.from(t.facts.fullTimeSickLeave!);
    expect(sick.filter((x) => x === 1).length / t.n).toBeCloseTo(0.25, 1);
    expect(Math.min(...t.facts.age!)).toBe(20);
    expect(Math.max(...t.facts.age!)).toBe(29);
    expect(Array.from(t.facts.gender!).every((x) => x === -1)).toBe(true);
  });
});

describe('simulate: behaviour moves the results in the expected direction', () => {
  const s1 = step(ljus.programme, 'step1');
  const s2 = step(ljus.programme, 'step2');
  const withStep1Advance = (p: number): Behaviour => ({ ...ljus.behaviour, steps: { ...ljus.behaviour.steps, step1: { ...ljus.behaviour.steps.step1!, advance: p } } });

  it('the share through step 1 by month 3 rises with step 1’s weekly advance probability', () => {
    const shares = [0.04, 0.12, 0.3].map((p) => shareThrough(simulateSync(ljus.programme, withStep1Advance(p), { cohort: 5000, months: 6, seed: 5 }), s1, 91));
    expect(shares[0]).toBeLessThan(shares[1]!);
    expect(shares[1]).toBeLessThan(shares[2]!);
    expect(shares[2]! - shares[0]!).toBeGreaterThan(0.3);
  });

  it('a cohort all on full-time sick leave (modifier: advance × 0.5) moves up the ladder slower than one without', () => {
    const cohort = (sick: boolean) =>
      simulateSync(ljus.programme, { ...ljus.behaviour, facts: { ...ljus.behaviour.facts, fullTimeSickLeave: { true: sick ? 1 : 0, false: sick ? 0 : 1 } } }, { cohort: 5000, months: 12, seed: 9 });
    const sick = cohort(true);
    const well = cohort(false);
    expect(Array.from(sick.facts.fullTimeSickLeave!).every((x) => x === 1)).toBe(true);
    expect(shareThrough(sick, s1, 91)).toBeLessThan(shareThrough(well, s1, 91) - 0.1);
    expect(shareThrough(sick, s2, 182)).toBeLessThan(shareThrough(well, s2, 182) - 0.1);
    // Pauses double for them too.
    const paused = (t: Trajectories) => Array.from(t.pausedDays).filter((d) => d > 0).length;
    expect(paused(sick)).toBeGreaterThan(paused(well) * 1.3);
  });

  it('follow-ups are on time about as often as followUpsOnTime says, and never late when it is 1', () => {
    const onTime = (p: number) => {
      const t = simulateSync(ljus.programme, { ...ljus.behaviour, followUpsOnTime: p }, { cohort: 3000, months: 12, seed: 4 });
      const c = t.deadlines.followUp!;
      const met = Array.from(c.metOnTime).reduce((a, b) => a + b, 0);
      const late = Array.from(c.metLate).reduce((a, b) => a + b, 0);
      return { share: met / (met + late), late };
    };
    expect(onTime(1).late).toBe(0);
    expect(onTime(0.5).share).toBeGreaterThan(0.4);
    expect(onTime(0.5).share).toBeLessThan(0.65);
  });

  it('assessments are late more often when they are done more slowly', () => {
    const late = (advance: number) => {
      const b = { ...ljus.behaviour, steps: { ...ljus.behaviour.steps, assessment: { advance, pause: 0, regress: 0, exit: {} } } };
      const t = simulateSync(ljus.programme, b, { cohort: 3000, months: 6, seed: 2 });
      return Array.from(t.deadlines.assessment!.metLate).reduce((a, x) => a + x, 0) / t.n;
    };
    expect(late(0.2)).toBeGreaterThan(late(0.8) + 0.2);
  });
});

describe('simulate: places, the waiting list, referral rules and lock-in', () => {
  /** Rows holding a place on a day: admitted on or before it, not yet exited. */
  const occupancy = (t: Trajectories, day: number) => {
    let n = 0;
    for (let i = 0; i < t.n; i++) if (t.admittedDay[i]! >= 0 && t.admittedDay[i]! <= day && (t.exitDay[i]! < 0 || t.exitDay[i]! > day)) n++;
    return n;
  };

  it.each([
    ['enkoping', enkoping, 40, { cohort: 400, months: 18, seed: 1 }],
    ['enkoping', enkoping, 40, { cohort: 600, months: 24, seed: 2, intake: { type: 'spread', perWeek: 8 } }],
    ['nacka', nacka, 80, { cohort: 700, months: 18, seed: 3, intake: { type: 'spread', perWeek: 10 } }],
  ] as const)('%s: occupancy never exceeds the places, and the places are used (%#)', (_, { programme, behaviour }, places, options) => {
    const t = simulateSync(programme, behaviour, options as SimulateOptions);
    let peak = 0;
    for (let d = 0; d < t.horizonDays; d++) peak = Math.max(peak, occupancy(t, d));
    expect(peak).toBeLessThanOrEqual(places);
    expect(peak).toBeGreaterThanOrEqual(places - 2);
    // Someone waited for a place and got one when another left.
    expect(Array.from(t.admittedDay).some((d, i) => d > t.referredDay[i]!)).toBe(true);
  });

  it('Enköping, everyone referred at once: the waiting list is first come, first served (row order)', () => {
    const t = simulateSync(enkoping.programme, enkoping.behaviour, { cohort: 300, months: 24, seed: 5 });
    const admittedLater = Array.from({ length: t.n }, (_, i) => i).filter((i) => t.admittedDay[i]! > 0);
    expect(admittedLater.length).toBeGreaterThan(50);
    for (let j = 1; j < admittedLater.length; j++) expect(t.admittedDay[admittedLater[j]!]).toBeGreaterThanOrEqual(t.admittedDay[admittedLater[j - 1]!]!);
    // The first 40 accepted got their place on day 0.
    expect(Array.from(t.admittedDay).filter((d) => d === 0).length).toBe(40);
  });

  it('Nacka: Försäkringskassan’s referrals keep five places, so they wait far less than others when the house is full', () => {
    // Few enough Försäkringskassan referrals that fewer than five of them are in the house at a time.
    const facts = { ...nacka.behaviour.facts, referrer: { mottagningOchUtredning: 0.4, flyktingmottagningen: 0.2, psykiatriteamet: 0.1, arbetsformedlingen: 0.19, forsakringskassan: 0.01, aktivum: 0.1 } };
    const t = simulateSync(nacka.programme, { ...nacka.behaviour, facts }, { cohort: 1500, months: 24, seed: 6, intake: { type: 'spread', perWeek: 15 } });
    const fk = nacka.programme.config.facts.find((f) => f.id === 'referrer')!;
    const fkCode = fk.type === 'enum' ? fk.values.findIndex((v) => v.id === 'forsakringskassan') : -1;
    const wait = (which: (i: number) => boolean) => {
      const w = Array.from({ length: t.n }, (_, i) => i).filter((i) => which(i) && t.admittedDay[i]! >= 0).map((i) => t.admittedDay[i]! - t.referredDay[i]!);
      return w.reduce((a, b) => a + b, 0) / w.length;
    };
    const fkWait = wait((i) => t.facts.referrer![i] === fkCode);
    const otherWait = wait((i) => t.facts.referrer![i] !== fkCode);
    expect(otherWait).toBeGreaterThan(14);
    expect(fkWait).toBeLessThan(otherWait / 2);
  });

  it('Timrå: referrals without social assistance are declined by the referral rule', () => {
    const t = simulateSync(timra.programme, { ...timra.behaviour, facts: { socialAssistance: { false: 1 } } }, { cohort: 200, months: 6, seed: 1 });
    expect(Array.from(t.declined).every((d) => d === 1)).toBe(true);
    expect(Array.from(t.admittedDay).every((d) => d === -1)).toBe(true);
    expect(Array.from(t.lastStep).every((d) => d === -1)).toBe(true);
  });

  it('Timrå: participants kept in the employment after its year carry the lock-in flag, for as many days as they stay', () => {
    const year = step(timra.programme, 'developmentYear');
    const stay = { ...timra.behaviour, steps: { ...timra.behaviour.steps, developmentYear: { advance: 0, pause: 0, regress: 0, exit: {} } }, afterEnd: {} };
    const t = simulateSync(timra.programme, { ...stay, facts: { socialAssistance: { true: 1 } } }, { cohort: 300, months: 24, seed: 2 });
    let stuck = 0;
    for (let i = 0; i < t.n; i++) {
      if (t.lastStep[i] !== year || t.exitDay[i]! >= 0) continue;
      stuck++;
      // Entered the year after the assessment and plan; the year ends 12 months later; counted to the horizon.
      const entered = t.stepCompletedDay[i * t.steps + year - 1]!;
      expect(t.flagDays.lockIn![i]).toBeGreaterThan(0);
      expect(t.flagDays.lockIn![i]).toBeLessThanOrEqual(t.horizonDays - 1 - entered - 365 + 1);
      expect(t.deadlines.employmentEnd!.missed[i]).toBe(1);
    }
    expect(stuck).toBeGreaterThan(200);
    // With the model's own afterEnd (most move on within weeks), lock-in is short.
    const moving = simulateSync(timra.programme, timra.behaviour, { cohort: 300, months: 24, seed: 2 });
    const mean = (a: Int32Array) => Array.from(a).reduce((x, y) => x + y, 0) / a.length;
    expect(mean(moving.flagDays.lockIn!)).toBeLessThan(mean(t.flagDays.lockIn!) / 5);
  });
});

describe('simulate: throughput bookkeeping', () => {
  it('counts the weekly steps it simulated', () => {
    const r = simulateSyncWithStats(ljus.programme, ljus.behaviour, { cohort: 1000, months: 12, seed: 1 });
    // At most one step a week from the week after admission to the horizon, per row.
    expect(r.participantWeeks).toBeGreaterThan(1000 * 10);
    expect(r.participantWeeks).toBeLessThanOrEqual(1000 * 52);
  });
});
