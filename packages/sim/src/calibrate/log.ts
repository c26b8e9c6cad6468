import { type DomainEvent, type Programme, localDate } from '@stegvis/core';
import { z } from 'zod';
import { daysBetween } from '../report/calendar.js';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter');
const Day = z.number().int();

/**
 * One participant as observed: the day of each entry into a step (admission is the first entry; a later
 * entry into an earlier step is a regression), pauses, the exit day and outcome, or — while still in the
 * programme — the last day observed (right-censoring; the log's `end` by default). Days are whole days
 * from any origin the log chooses.
 */
export const ObservedRecordSchema = z.strictObject({
  id: z.string().min(1),
  entries: z.array(z.strictObject({ step: Id, day: Day })).min(1),
  pauses: z.array(z.strictObject({ from: Day, to: Day.optional() })).default([]),
  exit: z.strictObject({ day: Day, outcome: Id }).optional(),
  censoredDay: Day.optional(),
  facts: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).default({}),
});
export type ObservedRecord = z.output<typeof ObservedRecordSchema>;
export type ObservedRecordInput = z.input<typeof ObservedRecordSchema>;

export const ObservedLogSchema = z.strictObject({
  programme: Id,
  /** The date of day 0, when the days come from calendar dates. */
  origin: z.iso.date().optional(),
  /** The observation's last day: participants still in are censored here. */
  end: Day,
  records: z.array(ObservedRecordSchema),
});
export type ObservedLog = z.output<typeof ObservedLogSchema>;
export type ObservedLogInput = z.input<typeof ObservedLogSchema>;

/** Why a stay in a step (or in a pause) ended. */
export type Cause = { readonly type: 'advance' } | { readonly type: 'regress' } | { readonly type: 'pause' } | { readonly type: 'resume' } | { readonly type: 'exit'; readonly outcome: string } | { readonly type: 'censored' };

/** A stay: in step `step` (path index), or paused while at it; from day `start` to day `end`. */
export interface Spell {
  readonly step: number;
  readonly paused: boolean;
  readonly start: number;
  readonly end: number;
  readonly cause: Cause;
}

/** A participant's state at the end of a day: at a step, paused at a step, or exited (to an outcome, from a step). */
export type State = { readonly type: 'step'; readonly step: number } | { readonly type: 'paused'; readonly step: number } | { readonly type: 'exit'; readonly outcome: string; readonly from: number };

export interface Path {
  readonly record: ObservedRecord;
  readonly spells: readonly Spell[];
  /** The state after each change, in order: `[day, state]`; the first is the admission. */
  readonly changes: readonly (readonly [number, State])[];
  /** The last day the participant is observed (the exit day, or the censoring day). */
  readonly lastDay: number;
  readonly exited: boolean;
}

type Ev = { day: number; order: number; kind: 'resume' } | { day: number; order: number; kind: 'enter'; step: number } | { day: number; order: number; kind: 'pause' } | { day: number; order: number; kind: 'exit'; outcome: string };

/**
 * A record's stays and states. Same-day events are taken in the order resume, entries, pause, exit.
 * A move while paused ends the pause (as a resume) and starts the new step. Entries into unknown steps
 * throw: the log must match the programme.
 */
export function pathOf(programme: Programme, record: ObservedRecord, end: number): Path {
  const index = (id: string): number => {
    const k = programme.steps.findIndex((s) => s.id === id);
    if (k < 0) throw new RangeError(`record "${record.id}": the programme "${programme.id}" has no step "${id}"`);
    return k;
  };
  const first = record.entries[0]!;
  const evs: Ev[] = [
    ...record.entries.slice(1).map((e, k) => ({ day: e.day, order: 1 + k * 1e-6, kind: 'enter' as const, step: index(e.step) })),
    ...record.pauses.flatMap((p, k): Ev[] => [
      { day: p.from, order: 2 + k * 1e-6, kind: 'pause' },
      ...(p.to !== undefined ? [{ day: p.to, order: 0 + k * 1e-6, kind: 'resume' as const }] : []),
    ]),
    ...(record.exit ? [{ day: record.exit.day, order: 3, kind: 'exit' as const, outcome: record.exit.outcome }] : []),
  ].sort((a, b) => a.day - b.day || a.order - b.order);

  const spells: Spell[] = [];
  let step = index(first.step);
  let since = first.day;
  let paused = false;
  const changes: [number, State][] = [[first.day, { type: 'step', step }]];
  const close = (day: number, cause: Cause) => spells.push({ step, paused, start: since, end: day, cause });
  let exited = false;
  let lastDay = Math.max(first.day, record.censoredDay ?? end);
  for (const e of evs) {
    if (exited) break;
    if (!record.exit && e.day > lastDay) break;
    switch (e.kind) {
      case 'enter':
        if (paused) {
          close(e.day, { type: 'resume' });
          paused = false;
        } else if (e.step !== step) close(e.day, { type: e.step > step ? 'advance' : 'regress' });
        else break;
        step = e.step;
        since = e.day;
        changes.push([e.day, { type: 'step', step }]);
        break;
      case 'pause':
        if (paused) break;
        close(e.day, { type: 'pause' });
        paused = true;
        since = e.day;
        changes.push([e.day, { type: 'paused', step }]);
        break;
      case 'resume':
        if (!paused) break;
        close(e.day, { type: 'resume' });
        paused = false;
        since = e.day;
        changes.push([e.day, { type: 'step', step }]);
        break;
      case 'exit':
        close(e.day, { type: 'exit', outcome: e.outcome });
        changes.push([e.day, { type: 'exit', outcome: e.outcome, from: step }]);
        exited = true;
        lastDay = e.day;
        break;
    }
  }
  if (!exited) close(Math.max(since, lastDay), { type: 'censored' });
  return { record, spells, changes, lastDay, exited };
}

/**
 * Core domain events (any number of participants, in any order) → an observed log. Days count from
 * `origin` (Stockholm calendar dates of the events); participants who were never admitted are left
 * out; those still in at `end` are censored there. Facts are those at referral with later updates.
 */
export function logFromEvents(programme: Programme, events: readonly DomainEvent[], options: { origin: string; end: string }): ObservedLog {
  const byParticipant = new Map<string, DomainEvent[]>();
  for (const e of events) {
    const list = byParticipant.get(e.participantId) ?? [];
    list.push(e);
    byParticipant.set(e.participantId, list);
  }
  const day = (e: DomainEvent) => daysBetween(options.origin, localDate(e.at));
  const endDay = daysBetween(options.origin, options.end);
  const records: ObservedRecord[] = [];
  for (const [id, list] of byParticipant) {
    list.sort((a, b) => a.seq - b.seq);
    const entries: { step: string; day: number }[] = [];
    const pauses: { from: number; to?: number }[] = [];
    let exit: { day: number; outcome: string } | undefined;
    let facts: Record<string, boolean | number | string> = {};
    for (const e of list) {
      switch (e.type) {
        case 'participant.referred':
          facts = { ...e.payload.facts };
          break;
        case 'facts.updated':
          facts = { ...facts, ...e.payload.facts };
          break;
        case 'participant.admitted':
          entries.push({ step: programme.steps[0]!.id, day: day(e) });
          break;
        case 'step.advanced':
        case 'step.regressed':
          if (programme.stepsById.has(e.payload.to) && programme.steps.some((s) => s.id === e.payload.to)) entries.push({ step: e.payload.to, day: day(e) });
          break;
        case 'participant.paused':
          pauses.push({ from: day(e) });
          break;
        case 'participant.resumed': {
          const open = pauses[pauses.length - 1];
          if (open && open.to === undefined) open.to = day(e);
          break;
        }
        case 'participant.exited':
          exit = { day: day(e), outcome: e.payload.outcomeId };
          break;
        default:
          break;
      }
    }
    if (entries.length === 0) continue;
    records.push({ id, entries, pauses, ...(exit ? { exit } : {}), facts });
  }
  return { programme: programme.id, origin: options.origin, end: endDay, records };
}
