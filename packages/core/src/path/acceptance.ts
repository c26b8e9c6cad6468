import { holds } from '../conditions/evaluate.js';
import type { Programme } from '../programme/compiled.js';
import type { ParticipantContext } from '../state/context.js';
import type { DomainEvent, EventOf, EventType } from '../state/events.js';
import { recordHolds } from './context-reader.js';
import { type Phase, canDecline, phaseOf, phaseRules, phases } from './phases.js';
import { scopeOf } from './scope.js';

/**
 * The rules an event must meet to apply, beyond its phase allowing it: written once, for the XState machine's
 * guards and for replay's fold alike.
 */
export const eventGuards = {
  /** From the step the participant is at to the next one, and only when it is complete. */
  advances: (programme: Programme, ctx: ParticipantContext, e: EventOf<'step.advanced'>): boolean => {
    const from = ctx.currentStepId === null ? undefined : programme.stepsById.get(ctx.currentStepId);
    return from !== undefined && e.payload.from === from.id && programme.steps[from.index + 1]?.id === e.payload.to && recordHolds(programme, ctx, from.blueprint.completion);
  },
  /** Back to a step before the one the participant is at. */
  regresses: (programme: Programme, ctx: ParticipantContext, e: EventOf<'step.regressed'>): boolean => {
    const to = programme.env.stepIndex(e.payload.to);
    const current = ctx.currentStepId === null ? -1 : programme.env.stepIndex(ctx.currentStepId);
    return to >= 0 && to < current;
  },
  /** A revision of the plan there is. */
  revisesPlan: (_programme: Programme, ctx: ParticipantContext): boolean => ctx.plan.length > 0,
  /** To an outcome of the programme whose condition holds for the participant. */
  outcomeAllowed: (programme: Programme, ctx: ParticipantContext, e: EventOf<'participant.exited'>): boolean => {
    const outcome = programme.outcomesById.get(e.payload.outcomeId);
    return outcome !== undefined && (!outcome.when || holds(outcome.when, scopeOf(programme, ctx.facts)));
  },
} as const;

/**
 * Per phase, the events it takes — applied in place, moving on, or between steps — each with whether it moves
 * to `declined` (which a programme without a declining rule never does): one look-up an event, where three
 * lists were searched.
 */
const taken = {} as Record<Phase, ReadonlyMap<string, boolean>>;
for (const phase of phases) {
  const rule = phaseRules[phase];
  const moves = rule.moves as Partial<Record<string, string>>;
  const types = [...(rule.events as readonly string[]), ...Object.keys(moves), ...(rule.within as readonly string[])];
  taken[phase] = new Map(types.map((t) => [t, moves[t] === 'declined']));
}

/**
 * Whether an event applies to a participant in this state — exactly when the XState machine would take it:
 * the phase applies it in place, moves on by it (guarded where a rule says so), or, in the path, it moves
 * between steps. Replay folds `evolve` with this, without a machine transition per event;
 * `machine.test.ts` holds the two to the same answer.
 */
export function accepts(programme: Programme, ctx: ParticipantContext, e: DomainEvent): boolean {
  const declines = taken[phaseOf(ctx)].get(e.type);
  if (declines === undefined || (declines && !canDecline(programme))) return false;
  return guardAllows(programme, ctx, e);
}

/** The events a rule guards (the machine's guards call the same); the others apply whenever their phase allows them. */
export const guardOf: { readonly [T in EventType]?: (p: Programme, c: ParticipantContext, e: EventOf<T>) => boolean } = {
  'step.advanced': eventGuards.advances,
  'step.regressed': eventGuards.regresses,
  'participant.exited': eventGuards.outcomeAllowed,
  'plan.revised': eventGuards.revisesPlan,
};

/** Whether the event's rule, if it has one, lets it apply. */
export const guardAllows = (programme: Programme, ctx: ParticipantContext, e: DomainEvent): boolean => {
  const guard = guardOf[e.type] as ((p: Programme, c: ParticipantContext, e: DomainEvent) => boolean) | undefined;
  return guard === undefined || guard(programme, ctx, e);
};
