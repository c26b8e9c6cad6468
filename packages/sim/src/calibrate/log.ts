import { P, match } from 'ts-pattern';
import { type DomainEvent, type Issue, type Programme, type Result, effectiveEvents, localDate } from '@stegvis/core';
import { z } from 'zod';
import { zodIssues } from '../indicators/load.js';
import { daysBetween } from '../report/calendar.js';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter');
const Day = z.number().int();

type Problem = { readonly path: (string | number)[]; readonly message: string; readonly fix: string };

/**
 * What a record must say to be read as a participant's history: nothing before the admission (the first
 * entry), pauses that end after they start and do not overlap, an exit after the admission and after the
 * last entry, and — for a participant observed only from some day on — that day after the admission and
 * before the exit. Messages name the field, never its value.
 */
function recordProblems(r: { entries: { day: number }[]; pauses: { from: number; to?: number | undefined }[]; exit?: { day: number } | undefined; censoredDay?: number | undefined; observedFrom?: number | undefined }): Problem[] {
  const out: Problem[] = [];
  const admission = r.entries[0]?.day;
  if (admission === undefined) return out;
  r.entries.forEach((e, k) => {
    if (k > 0 && e.day < admission)
      out.push({ path: ['entries', k, 'day'], message: 'this entry is dated before the admission (the first entry)', fix: 'list the admission first: the first entry is the day the participant was admitted' });
    if (r.exit && e.day > r.exit.day) out.push({ path: ['entries', k, 'day'], message: 'this entry is dated after the exit', fix: 'correct the date, or the exit day' });
  });
  r.pauses.forEach((p, k) => {
    if (p.from < admission) out.push({ path: ['pauses', k, 'from'], message: 'the pause starts before the admission', fix: 'correct the date: a participant is paused only after being admitted' });
    if (p.to !== undefined && p.to < p.from) out.push({ path: ['pauses', k, 'to'], message: 'the pause ends before it starts', fix: 'swap the two dates, or correct them' });
    const prev = r.pauses[k - 1];
    if (prev && (prev.to === undefined || p.from < prev.to))
      out.push({ path: ['pauses', k, 'from'], message: 'the pause starts before the previous pause ended', fix: 'list pauses in order, each after the last one ended (a pause without "to" must be the last)' });
  });
  if (r.exit && r.exit.day < admission) out.push({ path: ['exit', 'day'], message: 'the exit is dated before the admission', fix: 'correct the date' });
  if (r.exit && r.censoredDay !== undefined) out.push({ path: ['censoredDay'], message: 'a record with an exit is not censored', fix: 'remove censoredDay, or the exit' });
  if (r.censoredDay !== undefined && r.censoredDay < admission) out.push({ path: ['censoredDay'], message: 'the record is censored before the admission', fix: 'censoredDay is the last day the participant was observed, on or after the admission' });
  if (r.observedFrom !== undefined) {
    if (r.observedFrom < admission)
      out.push({ path: ['observedFrom'], message: 'observedFrom is before the admission', fix: 'leave observedFrom out for a participant observed from their admission' });
    if (r.exit && r.exit.day < r.observedFrom)
      out.push({ path: ['exit', 'day'], message: 'the exit is before the day the participant was first observed', fix: 'a participant who left before the observation began is not in the log: remove the record' });
    if (r.censoredDay !== undefined && r.censoredDay < r.observedFrom) out.push({ path: ['censoredDay'], message: 'the record is censored before it was first observed', fix: 'correct censoredDay or observedFrom' });
  }
  return out;
}

const refine = (problems: Problem[], ctx: z.RefinementCtx) => {
  for (const p of problems) ctx.addIssue({ code: 'custom', path: p.path, message: p.message, params: { fix: p.fix } });
};

/**
 * One participant as observed: the day of each entry into a step (admission is the first entry; a later
 * entry into an earlier step is a regression), pauses, the exit day and outcome, or — while still in the
 * programme — the last day observed (right-censoring; the log's `end` by default). Days are whole days
 * from any origin the log chooses. `observedFrom` marks a late entry (left truncation): the participant
 * was already in the programme when the observation began on that day; the entries before it say where
 * they were, and the log holds nobody who left before it.
 */
export const ObservedRecordSchema = z
  .strictObject({
    id: z.string().min(1),
    entries: z.array(z.strictObject({ step: Id, day: Day })).min(1),
    pauses: z.array(z.strictObject({ from: Day, to: Day.optional() })).default([]),
    exit: z.strictObject({ day: Day, outcome: Id }).optional(),
    censoredDay: Day.optional(),
    /** The first day whose events the log holds for this participant (a late entry); the admission by default. */
    observedFrom: Day.optional(),
    facts: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).default({}),
  })
  .superRefine((r, ctx) => refine(recordProblems(r), ctx));
export type ObservedRecord = z.output<typeof ObservedRecordSchema>;
export type ObservedRecordInput = z.input<typeof ObservedRecordSchema>;

export const ObservedLogSchema = z
  .strictObject({
    programme: Id,
    /** The date of day 0, when the days come from calendar dates. */
    origin: z.iso.date().optional(),
    /** The observation's last day: participants still in are censored here. */
    end: Day,
    records: z.array(ObservedRecordSchema),
  })
  .superRefine((log, ctx) =>
    refine(
      log.records.flatMap((r, i): Problem[] => {
        const after = (path: (string | number)[], what: string): Problem => ({
          path: ['records', i, ...path],
          message: `${what} is dated after the log's end`,
          fix: 'correct the date, or set "end" to the last day observed',
        });
        return [
          ...(r.exit && r.exit.day > log.end ? [after(['exit', 'day'], 'the exit')] : []),
          ...(r.censoredDay !== undefined && r.censoredDay > log.end ? [after(['censoredDay'], 'the censoring day')] : []),
          ...(r.observedFrom !== undefined && r.observedFrom > log.end ? [after(['observedFrom'], 'observedFrom')] : []),
          ...r.entries.flatMap((e, k) => (e.day > log.end ? [after(['entries', k, 'day'], 'this entry')] : [])),
          ...r.pauses.flatMap((p, k) => [
            ...(p.from > log.end ? [after(['pauses', k, 'from'], 'the pause')] : []),
            ...(p.to !== undefined && p.to > log.end ? [after(['pauses', k, 'to'], 'the end of the pause')] : []),
          ]),
        ];
      }),
      ctx,
    ),
  );
export type ObservedLog = z.output<typeof ObservedLogSchema>;
export type ObservedLogInput = z.input<typeof ObservedLogSchema>;

/**
 * An observed log from data, or every problem with its path (`records.3.exit.day`) and a fix: the
 * schema's, then the rules of `recordProblems` and the log's end.
 */
export function validateObservedLog(data: unknown): Result<ObservedLog, readonly Issue[]> {
  const parsed = ObservedLogSchema.safeParse(data);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
}

/** Why a stay in a step (or in a pause) ended. */
export type Cause = { readonly type: 'advance' } | { readonly type: 'regress' } | { readonly type: 'pause' } | { readonly type: 'resume' } | { readonly type: 'exit'; readonly outcome: string } | { readonly type: 'censored' };

/**
 * A stay: in step `step` (path index), or paused while at it; from day `start` to day `end`. `entry` is
 * where its observation began on the scale of its duration (`end − start`): −1 for a stay observed from
 * its first day, `observedFrom − 1 − start` for one already under way when the record's observation
 * began (a late entry: at risk only after it).
 */
export interface Spell {
  readonly step: number;
  readonly paused: boolean;
  readonly start: number;
  readonly end: number;
  readonly entry: number;
  readonly cause: Cause;
}

/** A participant's state at the end of a day: at a step, paused at a step, or exited (to an outcome, from a step). */
export type State = { readonly type: 'step'; readonly step: number } | { readonly type: 'paused'; readonly step: number } | { readonly type: 'exit'; readonly outcome: string; readonly from: number };

export interface Path {
  readonly record: ObservedRecord;
  /** The stays observed (those that ended before `observedFrom` are history, never at risk, and not here). */
  readonly spells: readonly Spell[];
  /** The first day observed: the admission, or a late entry's `observedFrom`. */
  readonly observedFrom: number;
  /** The state after each change, in order: `[day, state]`; the first is the admission. */
  readonly changes: readonly (readonly [number, State])[];
  /** The last day the participant is observed (the exit day, or the censoring day). */
  readonly lastDay: number;
  readonly exited: boolean;
}

type Ev = { day: number; order: number; kind: 'resume' } | { day: number; order: number; kind: 'enter'; step: number } | { day: number; order: number; kind: 'pause' } | { day: number; order: number; kind: 'exit'; outcome: string };

/**
 * A record's stays and states. Same-day events are taken in the order: the resume of an earlier pause,
 * entries, a pause (and its own resume when it ends the day it began), exit. A move while paused ends
 * the pause (as a resume) and starts the new step. Entries into unknown steps throw: the log must
 * match the programme.
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
      { day: p.from, order: 2 + 2 * k * 1e-6, kind: 'pause' },
      // A pause that ends the day it began is resumed right after it, not before it (which would leave it open).
      ...(p.to !== undefined ? [{ day: p.to, order: p.to === p.from ? 2 + (2 * k + 1) * 1e-6 : 0 + k * 1e-6, kind: 'resume' as const }] : []),
    ]),
    ...(record.exit ? [{ day: record.exit.day, order: 3, kind: 'exit' as const, outcome: record.exit.outcome }] : []),
  ].sort((a, b) => a.day - b.day || a.order - b.order);

  const spells: Spell[] = [];
  let step = index(first.step);
  let since = first.day;
  let paused = false;
  const changes: [number, State][] = [[first.day, { type: 'step', step }]];
  const observedFrom = Math.max(first.day, record.observedFrom ?? first.day);
  const close = (day: number, cause: Cause) => {
    if (day >= observedFrom) spells.push({ step, paused, start: since, end: day, entry: Math.max(-1, observedFrom - 1 - since), cause });
  };
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
  return { record, spells, observedFrom, changes, lastDay, exited };
}

/**
 * Core domain events (any number of participants, in any order) → an observed log. Days count from
 * `origin` (Stockholm calendar dates of the events); events after `end` are not seen (those still in
 * then are censored there); participants never admitted by `end` are left out. With `start`, the
 * observation opens on that date: whoever left before it is not in the log (as a register extract of a
 * programme already running would have it), and whoever was in the programme then is a late entry
 * (`observedFrom`), their earlier history kept as where they were. Facts are those at referral with
 * later updates.
 */
export function logFromEvents(programme: Programme, events: readonly DomainEvent[], options: { origin: string; end: string; start?: string }): ObservedLog {
  const byParticipant = new Map<string, DomainEvent[]>();
  for (const e of events) {
    const list = byParticipant.get(e.participantId) ?? [];
    list.push(e);
    byParticipant.set(e.participantId, list);
  }
  const day = (e: DomainEvent) => daysBetween(options.origin, localDate(e.at));
  const endDay = daysBetween(options.origin, options.end);
  const startDay = options.start === undefined ? undefined : daysBetween(options.origin, options.start);
  const records: ObservedRecord[] = [];
  for (const [id, list] of byParticipant) {
    list.sort((a, b) => a.seq - b.seq);
    const counted = effectiveEvents(list);
    const entries: { step: string; day: number }[] = [];
    const pauses: { from: number; to?: number }[] = [];
    let exit: { day: number; outcome: string } | undefined;
    let facts: Record<string, boolean | number | string> = {};
    for (const e of counted) {
      if (day(e) > endDay) break;
      // Every event type says what it means for the log; a new one is a type error here until it does.
      match(e)
        .with({ type: 'participant.referred' }, (x) => void (facts = { ...x.payload.facts }))
        .with({ type: 'facts.updated' }, (x) => void (facts = { ...facts, ...x.payload.facts }))
        .with({ type: 'participant.admitted' }, (x) => void entries.push({ step: programme.steps[0]!.id, day: day(x) }))
        .with({ type: P.union('step.advanced', 'step.regressed') }, (x) => {
          if (programme.env.stepIndex(x.payload.to) >= 0) entries.push({ step: x.payload.to, day: day(x) });
        })
        .with({ type: 'participant.paused' }, (x) => void pauses.push({ from: day(x) }))
        .with({ type: 'participant.resumed' }, (x) => {
          const open = pauses[pauses.length - 1];
          if (open && open.to === undefined) open.to = day(x);
        })
        .with({ type: 'participant.exited' }, (x) => void (exit = { day: day(x), outcome: x.payload.outcomeId }))
        .with(
          {
            type: P.union(
              // What happens at a step, not between steps: the log records the path only.
              'referral.declined', 'participant.waitlisted', 'area.assigned', 'responsibility.handedOver', 'deadline.extended', 'assessment.completed',
              'plan.established', 'plan.revised', 'followUp.recorded', 'attendance.recorded', 'absence.recorded', 'deviation.recorded', 'requirement.marked',
              'clock.ticked',
              // Participation: intensity, compliance flags and eligibility notices leave the path as it is.
              'intensity.set', 'compliance.flagged', 'compliance.cleared', 'eligibility.lost', 'eligibility.regained',
              // The path continues under the new version's step ids, which the programme given names.
              'participant.migrated',
              // Voided events and the voids never reach here (effectiveEvents); proposals change the path only through the events their approval gives.
              'event.voided', 'proposal.made', 'proposal.approved', 'proposal.rejected',
              // After the exit: what a follow-up found is for the exports, not the path.
              'exitFollowUp.recorded',
            ),
          },
          () => undefined,
        )
        .exhaustive();
    }
    if (entries.length === 0) continue;
    if (startDay !== undefined && exit && exit.day < startDay) continue;
    const late = startDay !== undefined && entries[0]!.day < startDay ? { observedFrom: startDay } : {};
    records.push({ id, entries, pauses, ...(exit ? { exit } : {}), ...late, facts });
  }
  return { programme: programme.id, origin: options.origin, end: endDay, records };
}
