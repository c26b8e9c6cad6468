import { type ExitFollowUp, exitFollowUpDeadlineId, exitFollowUpKind } from '../programme/after-exit.js';
import type { Programme } from '../programme/compiled.js';
import type { Command } from '../state/commands.js';
import type { ParticipantContext } from '../state/context.js';
import { type Deadline, statusOn } from '../state/deadline.js';
import { exitStatusRules } from '../state/exit-status.js';
import type { EventOf } from '../state/events.js';
import { type IsoDate, addPeriod, localDate } from '../time/calendar.js';
import { type Refusal, refuse } from './refusal.js';

/** A follow-up after exit as a deadline: due from `after` the exit day, overdue `within` after that. */
export function exitFollowUpDeadline(f: ExitFollowUp, exitOn: IsoDate, today: IsoDate, followUps: number): Deadline {
  const opensOn = addPeriod(exitOn, f.after);
  const dueOn = addPeriod(opensOn, f.within);
  return {
    id: exitFollowUpDeadlineId(f.id),
    kind: exitFollowUpKind,
    label: f.label ?? { sv: `Uppföljning efter avslut: ${f.id}`, en: `Follow-up after exit: ${f.id}` },
    opensOn,
    dueOn,
    metWhen: { type: 'exitFollowUpRecorded', followUpId: f.id },
    followUpsBefore: followUps,
    status: statusOn({ opensOn, dueOn, status: 'upcoming' }, today),
  };
}

/** On the exit: the programme's follow-ups after exit open, after every other deadline was cancelled (in `ctx`, `evolve`'s own). */
export function openExitFollowUps(programme: Programme, ctx: ParticipantContext): ParticipantContext {
  const list = programme.config.followUpAfterExit;
  if (list.length === 0 || ctx.exit === null || ctx.today === null) return ctx;
  const exitOn = ctx.exit.on;
  const today = ctx.today;
  ctx.deadlines = [...ctx.deadlines, ...list.map((f) => exitFollowUpDeadline(f, exitOn, today, ctx.followUps.length))];
  return ctx;
}

/** `exitFollowUp.recorded`: what the follow-up found joins the record (the refresh after it meets its deadline); in `ctx`, the rule's own (path/evolve.ts, `Apply`). */
export function recordExitFollowUp(ctx: ParticipantContext, e: EventOf<'exitFollowUp.recorded'>, today: IsoDate): ParticipantContext {
  const p = e.payload;
  const entry = { followUpId: p.followUpId, on: today, status: p.status, ...(p.work ? { work: p.work } : {}) };
  ctx.exitFollowUps = [...(ctx.exitFollowUps ?? []), entry];
  return ctx;
}

type RecordCommand = Extract<Command, { type: 'recordExitFollowUp' }>;

/**
 * Whether a follow-up after exit may be recorded: one the participant has, not yet recorded, not before it
 * falls due; work with the dates it has lasted (never after the day of the follow-up), anything else without.
 */
export function exitFollowUpRefusal(ctx: ParticipantContext, c: RecordCommand): Refusal | null {
  const deadline = ctx.deadlines.find((d) => d.id === exitFollowUpDeadlineId(c.followUpId));
  if (!deadline)
    return refuse('command.unknown_reference', ['followUpId'], `the participant has no follow-up after exit "${c.followUpId}"`, "use one of the programme's followUpAfterExit ids");
  if (ctx.exitFollowUps?.some((f) => f.followUpId === c.followUpId))
    return refuse('command.invalid', ['followUpId'], `the follow-up after exit "${c.followUpId}" is already recorded`, 'record each follow-up after exit once');
  const day = localDate(c.at);
  if (day < deadline.opensOn)
    return refuse('command.invalid', ['at'], `the follow-up after exit "${c.followUpId}" falls due on ${deadline.opensOn}`, 'record it on that day or later');
  const work = exitStatusRules[c.status].work;
  if (work && !c.work) return refuse('command.missing_contents', ['work'], 'work found at a follow-up needs the day it began', 'add work.since (and work.until if it has ended)');
  if (!work && c.work) return refuse('command.invalid', ['work'], `"${c.status}" is not work, so it has no work dates`, 'remove work, or choose a work status');
  if (c.work) {
    if (c.work.since > day) return refuse('command.invalid', ['work', 'since'], 'the work begins after the day of the follow-up', 'record what was found on the day of the follow-up');
    if (c.work.until !== undefined && c.work.until < c.work.since) return refuse('command.invalid', ['work', 'until'], 'the work ends before it begins', 'check the dates');
    if (c.work.until !== undefined && c.work.until > day) return refuse('command.invalid', ['work', 'until'], 'the work ends after the day of the follow-up', 'leave until out while the work goes on');
  }
  return null;
}
