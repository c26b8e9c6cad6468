import { addMonths, exitStatuses } from '@stegvis/core';
import type { Behaviour } from '../../behaviour/schema.js';
import type { CompiledKernel } from '../kernel/compile.js';
import { EXITED, NEVER } from '../kernel/compile.js';
import type { SimParticipant } from '../kernel/port.js';
import { type Rng, threshold } from '../../prng.js';

/**
 * The behaviour model's follow-ups after exit, compiled: per follow-up (the programme's order) and per
 * outcome of the exit, the statuses it can find as cumulative thresholds on one 32-bit draw; an empty
 * table where the model says nothing (that follow-up is not held).
 */
export interface AfterExitDraws {
  readonly followUps: number;
  readonly outcomes: number;
  /** `[followUp × outcomes + outcome]`: where its thresholds start in `thresholds`, and where they end. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly thresholds: Float64Array;
  /** The status (index into core's `exitStatuses`) each threshold stands for. */
  readonly statuses: Int16Array;
  /** Scratch: the day each follow-up of the row at hand falls due, `NEVER` once held or when not modelled. */
  readonly days: Int32Array;
}

/** `null` when the behaviour model holds no follow-up after exit: the runner then does nothing extra. */
export function compileAfterExit(kernel: CompiledKernel, behaviour: Behaviour): AfterExitDraws | null {
  const ids = kernel.exitFollowUpIds;
  if (!ids.some((id) => behaviour.followUpAfterExit[id])) return null;
  const outcomes = kernel.outcomeIds.length;
  const start = new Int32Array(ids.length * outcomes);
  const end = new Int32Array(ids.length * outcomes);
  const thresholds: number[] = [];
  const statuses: number[] = [];
  ids.forEach((id, f) => {
    const model = behaviour.followUpAfterExit[id];
    kernel.outcomeIds.forEach((outcome, o) => {
      const cell = f * outcomes + o;
      start[cell] = thresholds.length;
      const weights = model ? (model.byOutcome[outcome] ?? model.found) : {};
      // In core's order, so the draws do not depend on how the YAML lists them.
      const pairs = exitStatuses.map((s, i) => [i, weights[s] ?? 0] as const).filter(([, w]) => w > 0);
      const total = pairs.reduce((n, [, w]) => n + w, 0);
      let acc = 0;
      pairs.forEach(([status, w], j) => {
        acc += w;
        thresholds.push(j === pairs.length - 1 ? 0x100000000 : threshold(acc / total));
        statuses.push(status);
      });
      end[cell] = thresholds.length;
    });
  });
  return { followUps: ids.length, outcomes, start, end, thresholds: Float64Array.from(thresholds), statuses: Int16Array.from(statuses), days: new Int32Array(ids.length) };
}

/**
 * Holds the follow-ups after exit of a participant who exited, each on the day it falls due if that is by
 * `lastDay`, in the order of those days (the programme's order on the same day; a command cannot go back
 * in time): one draw each from the row's own stream, after its last weekly draw so nothing else of the row
 * changes, recorded through the port and into `out` (`-1` otherwise).
 */
export function holdAfterExit(d: AfterExitDraws | null, k: CompiledKernel, p: SimParticipant, rng: Rng, lastDay: number, out: Int16Array, row: number): void {
  const n = k.exitFollowUpIds.length;
  const base = row * n;
  out.fill(-1, base, base + n);
  if (d === null || p.phase !== EXITED || p.exitOutcome < 0) return;
  const days = d.days;
  for (let f = 0; f < n; f++) days[f] = d.start[f * d.outcomes + p.exitOutcome] === d.end[f * d.outcomes + p.exitOutcome] ? NEVER : addMonths(p.exitDay, k.exitAfterMonths[f]!) + k.exitAfterDays[f]!;
  for (;;) {
    let f = -1;
    for (let g = 0; g < n; g++) if (days[g]! <= lastDay && (f < 0 || days[g]! < days[f]!)) f = g;
    if (f < 0) return;
    const day = days[f]!;
    days[f] = NEVER;
    const cell = f * d.outcomes + p.exitOutcome;
    const hi = d.end[cell]!;
    const u = rng.u32();
    let j = d.start[cell]!;
    while (j < hi - 1 && u >= d.thresholds[j]!) j++;
    const status = d.statuses[j]!;
    if (p.exitFollowUp(day, f, status)) out[base + f] = status;
  }
}
