import { explain } from '../conditions/explanation.js';
import { type IsoInstant, instantMillis } from '../time/calendar.js';
import { type Refusal, refuse } from './refusal.js';
import type { DomainEvent } from '../state/events.js';

/** How far into the future of the host's clock a command may be dated, by default: five minutes of drift between two systems' clocks. */
export const DEFAULT_MAX_FUTURE_SKEW_SECONDS = 300;

/**
 * The host's clock, passed into `engine.execute`: the engine reads no clock itself. With it, a command
 * dated later than `now` plus the allowed skew is refused (`command.in_future`), so that a mistyped year
 * cannot date an event in 9999 and lock the participant behind it (every later command would be "before
 * the last event"). Without it (a replay, a simulation, a test), `at` is not bounded.
 */
export interface ClockBound {
  /** The host's clock when the command arrived, an ISO instant with its offset. */
  readonly now: IsoInstant;
  /** How far past `now` a command may be dated, in seconds (default 300). */
  readonly maxFutureSkewSeconds?: number;
}

export interface EngineExecuteOptions {
  readonly clock?: ClockBound;
  /** The participant's events up to the snapshot, in order: needed by `voidEvent`, which rebuilds the state from them. */
  readonly events?: readonly DomainEvent[];
}

// `IsoInstantSchema` is exactly "instantMillis is a number", and instantMillis reads what luxon reads (days.test.ts):
// one hand-written parse of each instant, not a schema and a luxon parse (about 35 µs of every command).
const millis = (instant: string): number | undefined => {
  const ms = instantMillis(instant);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * Refuses a command dated too far after the host's clock. A command whose `at` is missing or malformed
 * is left to the command schema, which says what is wrong with it.
 *
 * @example
 * checkClock(command, { now: '2026-03-02T09:00:00+01:00' }); // undefined, or a refusal with code command.in_future
 */
export function checkClock(command: unknown, clock: ClockBound | undefined): Refusal | undefined {
  if (clock === undefined) return undefined;
  const at = typeof command === 'object' && command !== null ? (command as { at?: unknown }).at : undefined;
  if (typeof at !== 'string') return undefined;
  const when = millis(at);
  const now = millis(clock.now);
  if (when === undefined) return undefined;
  if (now === undefined)
    return refuse('command.invalid', [], 'the host\'s clock given to the engine is not an instant with its offset', 'pass clock.now like 2026-03-02T09:00:00+01:00');
  const skew = Math.max(0, clock.maxFutureSkewSeconds ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS);
  if (when <= now + skew * 1000) return undefined;
  const minutes = skew % 60 === 0 ? `${skew / 60} min` : `${skew} s`;
  return refuse(
    'command.in_future',
    ['at'],
    `the command is dated later than the host's clock allows (more than ${minutes} ahead)`,
    'date the command when it happened, by the case system\'s clock; if that clock is right, check the clock of the server that runs stegvis',
    explain(false, { sv: `Daterat senast ${minutes} efter systemets klocka`, en: `Dated at most ${minutes} after the system's clock` }),
  );
}
