import { type ExitStatus, type FactValue, type Programme, exitStatuses } from '@stegvis/core';
import type { Trajectories } from '../trajectories.js';

/** One participant, written readably: ids instead of indices, `undefined` instead of -1. */
export interface TrajectoryRow {
  readonly replication?: number;
  readonly referredDay: number;
  /** Undefined: declined, or still waiting at the horizon. */
  readonly admittedDay?: number;
  readonly declined?: boolean;
  /** Undefined: still in at the horizon. */
  readonly exitDay?: number;
  /** An outcome id of the exit step; required with `exitDay`. */
  readonly outcome?: string;
  /** Day each step was completed, by step id. */
  readonly completed?: Readonly<Record<string, number>>;
  /** The step at exit or at the horizon (default: the first not completed). */
  readonly lastStep?: string;
  readonly facts?: Readonly<Record<string, FactValue>>;
  readonly area?: string;
  readonly regressions?: number;
  readonly pausedDays?: number;
  /** Days carrying each flag, by flag id. */
  readonly flagDays?: Readonly<Record<string, number>>;
  readonly deadlines?: Readonly<Record<string, { metOnTime?: number; metLate?: number; missed?: number }>>;
  /** What each follow-up after exit found, by its id (a follow-up not named was not held). */
  readonly afterExit?: Readonly<Record<string, ExitStatus>>;
}

/**
 * Builds the simulator's `Trajectories` from readable rows: for tests, for examples, and for reporting
 * on observed participants with the same report as simulated ones.
 */
export function trajectoriesFromRows(programme: Programme, frame: { startDate: string; horizonDays: number }, rows: readonly TrajectoryRow[]): Trajectories {
  const n = rows.length;
  const S = programme.steps.length;
  const outcomes = programme.outcomes;
  const stepIndex = (id: string) => {
    const k = programme.steps.findIndex((s) => s.id === id);
    if (k < 0) throw new RangeError(`the programme "${programme.id}" has no step "${id}"`);
    return k;
  };
  const t = {
    n,
    steps: S,
    startDate: frame.startDate,
    horizonDays: frame.horizonDays,
    replication: new Uint16Array(n),
    referredDay: new Int32Array(n),
    admittedDay: new Int32Array(n).fill(-1),
    declined: new Uint8Array(n),
    exitDay: new Int32Array(n).fill(-1),
    outcome: new Int16Array(n).fill(-1),
    stepCompletedDay: new Int32Array(n * S).fill(-1),
    lastStep: new Int16Array(n).fill(-1),
    facts: {} as Record<string, Int32Array>,
    area: new Int16Array(n).fill(-1),
    regressions: new Uint16Array(n),
    pausedDays: new Int32Array(n),
    afterExitStatus: new Int16Array(n * programme.config.followUpAfterExit.length).fill(-1),
    flagDays: Object.fromEntries([...programme.flags.keys()].map((id) => [id, new Int32Array(n)])),
    deadlines: {} as Record<string, { metOnTime: Uint16Array; metLate: Uint16Array; missed: Uint16Array }>,
  };
  for (const fact of programme.factsById.values()) t.facts[fact.id] = new Int32Array(n).fill(-1);
  rows.forEach((row, i) => {
    t.replication[i] = row.replication ?? 0;
    t.referredDay[i] = row.referredDay;
    if (row.admittedDay !== undefined) t.admittedDay[i] = row.admittedDay;
    t.declined[i] = row.declined ? 1 : 0;
    if (row.exitDay !== undefined) {
      const o = outcomes.findIndex((x) => x.id === row.outcome);
      if (o < 0) throw new RangeError(`row ${i}: the programme "${programme.id}" has no outcome "${row.outcome}"`);
      t.exitDay[i] = row.exitDay;
      t.outcome[i] = o;
    }
    for (const [id, day] of Object.entries(row.completed ?? {})) t.stepCompletedDay[i * S + stepIndex(id)] = day;
    if (row.lastStep !== undefined) t.lastStep[i] = stepIndex(row.lastStep);
    else if (row.admittedDay !== undefined) {
      let k = 0;
      while (k < S - 1 && t.stepCompletedDay[i * S + k]! >= 0) k++;
      t.lastStep[i] = k;
    }
    for (const [id, value] of Object.entries(row.facts ?? {})) {
      const fact = programme.factsById.get(id);
      if (!fact) throw new RangeError(`the programme "${programme.id}" declares no fact "${id}"`);
      t.facts[id]![i] = fact.type === 'boolean' ? (value ? 1 : 0) : fact.type === 'enum' ? fact.values.findIndex((v) => v.id === value) : Number(value);
    }
    if (row.area !== undefined) t.area[i] = programme.config.areas.findIndex((a) => a.id === row.area);
    t.regressions[i] = row.regressions ?? 0;
    t.pausedDays[i] = row.pausedDays ?? 0;
    for (const [id, status] of Object.entries(row.afterExit ?? {})) {
      const f = programme.config.followUpAfterExit.findIndex((x) => x.id === id);
      if (f < 0) throw new RangeError(`the programme "${programme.id}" declares no follow-up after exit "${id}"`);
      t.afterExitStatus[i * programme.config.followUpAfterExit.length + f] = exitStatuses.indexOf(status);
    }
    for (const [id, days] of Object.entries(t.flagDays)) days[i] = row.flagDays?.[id] ?? 0;
    for (const [kind, d] of Object.entries(row.deadlines ?? {})) {
      const k = (t.deadlines[kind] ??= { metOnTime: new Uint16Array(n), metLate: new Uint16Array(n), missed: new Uint16Array(n) });
      k.metOnTime[i] = d.metOnTime ?? 0;
      k.metLate[i] = d.metLate ?? 0;
      k.missed[i] = d.missed ?? 0;
    }
  });
  return t;
}
