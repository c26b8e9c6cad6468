import { type Explanation, explain } from '../conditions/explanation.js';
import { type Issue, type Result, issue } from '../errors/issue.js';
import type { Label } from '../i18n/label.js';
import type { Programme } from '../programme/compiled.js';
import type { ParticipantContext } from '../state/context.js';
import { isOpen } from '../state/deadline.js';
import type { DomainEvent, EventOf, EventType } from '../state/events.js';
import { accepts } from './acceptance.js';
import { evolve } from './evolve.js';
import { type Refusal, refuse } from './refusal.js';

/**
 * Corrections. An `event.voided` event says that an earlier event of the same participant was recorded by
 * mistake; the log keeps both, and the participant's state is the fold of the stream with the voided events
 * (and the voids themselves) left out. A void corrects the record: it is no step on the path, so it moves
 * neither the participant's calendar (`today`) nor `lastEventAt` — after voiding a wrongly dated event, the
 * participant's time is the latest remaining event's again.
 */

/** Whether an event of a type may be voided and, if it may, what a later event needs of the state that replay alone does not check. */
type VoidRule<T extends EventType> =
  | {
      readonly voidable: true;
      /**
       * For an event after the voided one: whether it still makes sense on the state without it, beyond
       * the machine's own rules (`accepts`) — the checks `decide` made when it was recorded.
       */
      readonly stillApplies?: (programme: Programme, ctx: ParticipantContext, e: EventOf<T>) => boolean;
    }
  | { readonly voidable: false; readonly why: Label };

const referral: VoidRule<EventType> = {
  voidable: false,
  why: {
    sv: 'Anvisningen inleder deltagarens logg och allt senare bygger på den; en felaktig anvisning avslutas med ett utfall',
    en: 'The referral starts the participant\'s log and everything after it depends on it; a referral made by mistake is ended with an exit',
  },
};
const place: VoidRule<EventType> = {
  voidable: false,
  why: {
    sv: 'En plats gavs eller frigjordes genom händelsen och kan redan ha gått till någon annan; rätta med ett nytt kommando',
    en: 'A place was given or freed by it and may already have gone to someone else; correct it with a new command',
  },
};
const proposal: VoidRule<EventType> = {
  voidable: false,
  why: {
    sv: 'Förslag och beslut visar vem som föreslog och vem som beslutade; makulera i stället händelserna som beslutet gav',
    en: 'Proposals and decisions record who proposed and who decided; void the events the decision produced instead',
  },
};
const derived: VoidRule<EventType> = {
  voidable: false,
  why: {
    sv: 'Signalen räknas fram av motorn ur andra registreringar; makulera registreringen den kom av, så räknas den om vid nästa kommando',
    en: 'The engine derives this notice from other records; void the record it came from, and it is re-checked at the next command',
  },
};
const atStepRecording = (type: 'assessment' | 'actionPlan') => (programme: Programme, ctx: ParticipantContext) =>
  ctx.currentStepId !== null && programme.stepsById.get(ctx.currentStepId)?.blueprint.records?.type === type;

/** Every event type says whether it may be voided, and why not: a new event type is a type error here until it does. */
export const voidRules: { readonly [T in EventType]: VoidRule<T> } = {
  'participant.referred': referral,
  'referral.declined': referral,
  'participant.waitlisted': place,
  'participant.admitted': place,
  'participant.exited': place,
  'area.assigned': { voidable: true },
  'responsibility.handedOver': { voidable: true },
  'deadline.extended': { voidable: true, stillApplies: (_p, ctx, e) => ctx.deadlines.some((d) => d.id === e.payload.deadlineId && isOpen(d)) },
  'facts.updated': { voidable: true },
  'assessment.completed': { voidable: true, stillApplies: atStepRecording('assessment') },
  'plan.established': { voidable: true, stillApplies: atStepRecording('actionPlan') },
  'plan.revised': {
    voidable: true,
    stillApplies: (_p, ctx, e) => {
      const latest = ctx.plan[ctx.plan.length - 1];
      return latest !== undefined && Object.keys(e.payload.subGoals).every((g) => latest.subGoals[g] !== undefined);
    },
  },
  'followUp.recorded': { voidable: true, stillApplies: (_p, ctx) => ctx.plan.length > 0 },
  'attendance.recorded': { voidable: true },
  'absence.recorded': { voidable: true },
  'deviation.recorded': { voidable: true },
  'requirement.marked': { voidable: true, stillApplies: (_p, ctx, e) => ctx.currentStepId === e.payload.stepId },
  'step.advanced': { voidable: true },
  'step.regressed': { voidable: true },
  'participant.paused': { voidable: true },
  'participant.resumed': { voidable: true },
  'clock.ticked': { voidable: true },
  'participant.migrated': {
    voidable: false,
    why: {
      sv: 'Versionsövergången bär det läge den gav, och händelserna före den är sammanfattade i det',
      en: 'The migration records the state it gave, and the events before it are summed up in that state',
    },
  },
  'event.voided': {
    voidable: false,
    why: { sv: 'En makulering görs inte ogjord; registrera händelsen igen med sitt kommando', en: 'A void is not undone; record the event again by its command' },
  },
  'proposal.made': proposal,
  'proposal.approved': proposal,
  'proposal.rejected': proposal,
  'intensity.set': { voidable: true },
  'compliance.flagged': derived,
  'compliance.cleared': derived,
  'eligibility.lost': derived,
  'eligibility.regained': derived,
  'exitFollowUp.recorded': { voidable: true },
};

const ruleOf = (type: EventType): VoidRule<EventType> => voidRules[type] as VoidRule<EventType>;

/** The seqs of the events a stream voids. */
export function voidedSeqs(events: readonly Pick<DomainEvent, 'type' | 'payload'>[]): Set<number> {
  const out = new Set<number>();
  for (const e of events) if (e.type === 'event.voided') out.add((e.payload as { eventSeq: number }).eventSeq);
  return out;
}

/**
 * The events that count: the stream without the voided events and without the voids themselves. Every
 * reader of a log that is not the engine — reports, exports, indicators, calibration — reads it through this.
 *
 * @example
 * const attended = effectiveEvents(stream).filter((e) => e.type === 'attendance.recorded');
 */
export function effectiveEvents<E extends Pick<DomainEvent, 'type' | 'payload' | 'seq'>>(events: readonly E[]): E[] {
  const voided = voidedSeqs(events);
  return events.filter((e) => e.type !== 'event.voided' && !voided.has(e.seq));
}

/** Whether the fold passes over this event (voided, or a void), with the set of voided seqs of its stream. */
export const foldSkips = (e: DomainEvent, voided: ReadonlySet<number>): boolean => e.type === 'event.voided' || voided.has(e.seq);

/**
 * What replay checks of the voids in a stream applied from a state at `startVersion`: each voids an earlier
 * event of the stream itself, never one the starting snapshot already holds (that one is rebuilt from all
 * events, as the store does). Issues carry the void's index in `events`.
 */
export function voidIssues(events: readonly DomainEvent[], startVersion: number): Issue[] {
  const out: Issue[] = [];
  for (const [i, e] of events.entries()) {
    if (e.type !== 'event.voided') continue;
    const k = e.payload.eventSeq;
    if (k >= e.seq) out.push({ ...issue('event.invalid', ['payload', 'eventSeq'], `event ${e.seq} voids event ${k}, which is not before it`), path: [i, 'payload', 'eventSeq'] });
    else if (k <= startVersion)
      out.push({
        ...issue('event.not_applicable', ['payload', 'eventSeq'], `event ${e.seq} voids event ${k}, which the snapshot already holds`, 'rebuild the participant from all their events (engine.replay)'),
        path: [i, 'payload', 'eventSeq'],
      });
  }
  return out;
}

const why = (code: 'command.not_voidable' | 'command.void_breaks_stream', message: string, fix: string, label?: Label): Refusal =>
  refuse(code, ['eventSeq'], message, fix, label ? explain(false, { sv: 'Händelsen kan makuleras', en: 'The event can be voided' }, [explain(false, label)]) : undefined);

/**
 * Whether event `seq` of `stream` (the participant's whole stream) may be voided: a type that may be, not
 * voided already, after the participant's last migration, and the stream without it still replays — every
 * later event applies (the machine's rules) and still makes sense (`stillApplies`). Undefined when it may.
 */
export function voidRefusal(programme: Programme, initial: ParticipantContext, stream: readonly DomainEvent[], seq: number): Refusal | undefined {
  const target = stream[seq - 1];
  if (!target || target.seq !== seq) return refuse('command.unknown_reference', ['eventSeq'], `the participant has no event ${seq}`, 'name the seq of one of the participant\'s events');
  const voided = voidedSeqs(stream);
  if (voided.has(seq)) return why('command.not_voidable', `event ${seq} is already voided`, 'nothing to do: it no longer counts');
  const rule = ruleOf(target.type);
  if (!rule.voidable) return why('command.not_voidable', `an event of type ${target.type} cannot be voided`, 'correct it with a new command instead (docs/engine.md, "Corrections and proposals")', rule.why);
  let migrated = -1;
  stream.forEach((e, i) => {
    if (e.type === 'participant.migrated') migrated = i;
  });
  if (migrated >= seq - 1)
    return why('command.not_voidable', `event ${seq} was recorded before the participant moved to this programme version`, 'correct it with a new command: the migration\'s state holds it', {
      sv: 'Händelsen ingår i det läge som versionsövergången gav',
      en: 'The event is part of the state the migration gave',
    });
  voided.add(seq);
  let ctx = initial;
  for (const [i, e] of stream.entries()) {
    if (i < migrated) ctx = { ...ctx, version: e.seq };
    else if (foldSkips(e, voided)) ctx = { ...ctx, version: e.seq };
    else {
      const later = ruleOf(e.type);
      const fits = e.type === 'participant.migrated' || (accepts(programme, ctx, e) && (e.seq < seq || !later.voidable || !later.stillApplies || later.stillApplies(programme, ctx, e)));
      if (!fits)
        return why('command.void_breaks_stream', `without event ${seq} (${target.type}), event ${e.seq} (${e.type}) no longer applies`, `void event ${e.seq} first (the latest dependent event first), or correct event ${seq} with a new command`, {
          sv: `Händelse ${e.seq} bygger på händelse ${seq}`,
          en: `Event ${e.seq} depends on event ${seq}`,
        });
      ctx = evolve(programme, ctx, e);
    }
  }
  return undefined;
}

/**
 * A void decided: the event checked against the stream, and the participant rebuilt from the stream with it
 * (`replayAll`, the engine's own replay), so the state after a void is exactly what a later replay gives.
 */
export function executeVoid<S>(
  programme: Programme,
  initial: ParticipantContext,
  stream: readonly DomainEvent[] | undefined,
  voidEvent: EventOf<'event.voided'>,
  replayAll: (events: readonly DomainEvent[]) => Result<S>,
): { ok: true; snapshot: S } | { ok: false; refusal: Refusal } {
  if (stream === undefined)
    return { ok: false, refusal: refuse('option.invalid', [], 'voiding an event rebuilds the participant from their events, and none were given', 'pass the participant\'s events: execute(snapshot, command, { events })') };
  if (stream.length !== voidEvent.seq - 1 || stream.some((e, i) => e.seq !== i + 1 || e.participantId !== voidEvent.participantId))
    return { ok: false, refusal: refuse('option.invalid', ['events'], 'the events given are not this participant\'s whole stream up to the snapshot', 'pass every event of the participant, in order (store.events, or the log the snapshot was built from)') };
  const refused = voidRefusal(programme, initial, stream, voidEvent.payload.eventSeq);
  if (refused) return { ok: false, refusal: refused };
  const r = replayAll([...stream, voidEvent]);
  if (!r.ok) return { ok: false, refusal: { code: 'command.void_breaks_stream', issues: r.issues } };
  return { ok: true, snapshot: r.value };
}

/**
 * What a participant's log says was voided, as an explanation for a caseworker's screen: one line per void —
 * which event, of what type, why, by whom and when. Undefined when nothing was voided.
 *
 * @example
 * const why = explainVoids(events);
 * if (why) console.log(formatExplanation(why, 'sv'));
 */
export function explainVoids(events: readonly DomainEvent[]): Explanation | undefined {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const lines = events.flatMap((e) => {
    if (e.type !== 'event.voided') return [];
    const target = bySeq.get(e.payload.eventSeq);
    const what = target ? `${e.payload.eventSeq} (${target.type})` : String(e.payload.eventSeq);
    return [
      explain(true, { sv: `Händelse ${what} makulerades`, en: `Event ${what} was voided` }, undefined, {
        sv: `${e.payload.reason}, av ${e.actor.id} ${e.at}`,
        en: `${e.payload.reason}, by ${e.actor.id} at ${e.at}`,
      }),
    ];
  });
  if (lines.length === 0) return undefined;
  return explain(true, { sv: 'Makulerade händelser: finns i loggen, ingår inte i läget', en: 'Voided events: in the log, left out of the state' }, lines);
}
