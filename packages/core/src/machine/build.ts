import { assign, setup, type StateMachine } from 'xstate';
import { holds } from '../conditions/evaluate.js';
import type { Programme } from '../programme/compiled.js';
import { type ParticipantContext, emptyContext } from '../engine/context.js';
import type { DomainEvent, EventType } from '../engine/events.js';
import { evolve } from '../engine/evolve.js';
import { stepCompletion } from '../engine/completion.js';
import { scopeOf } from '../engine/scope.js';

export interface ParticipantInput {
  readonly participantId: string;
}

/** Events that only change data; which ones a paused participant may receive is the pause's rule. */
const dataWhileActive: EventType[] = [
  'facts.updated', 'assessment.completed', 'plan.established', 'plan.revised', 'followUp.recorded',
  'attendance.recorded', 'absence.recorded', 'deviation.recorded', 'requirement.marked', 'clock.ticked',
  'area.assigned', 'responsibility.handedOver', 'deadline.extended',
];
const dataWhilePaused: EventType[] = ['facts.updated', 'plan.revised', 'followUp.recorded', 'clock.ticked', 'responsibility.handedOver', 'deadline.extended'];
const dataWhileWaiting: EventType[] = ['facts.updated', 'clock.ticked', 'responsibility.handedOver', 'participant.waitlisted'];

/**
 * The top-level states a participant can be in; inside `active`, one child per step. `declined` exists
 * only in programmes whose referral rules can decline.
 */
export const phases = ['intake', 'waiting', 'active', 'paused', 'exited', 'declined'] as const;
export type Phase = (typeof phases)[number];

/** Whether the programme's referral rules can decline a referral (then the machine has a `declined` state). */
export const canDecline = (programme: Programme): boolean => {
  const referral = programme.config.referral;
  return referral !== undefined && [...referral.rules, referral.otherwise].some((r) => r.decision === 'decline');
};

export type ParticipantMachine = StateMachine<ParticipantContext, DomainEvent, any, any, any, any, any, any, any, ParticipantInput, any, any, any, any>;

/**
 * Builds the participant's XState v5 machine from a validated programme:
 * `intake → active.<step 1> … active.<step N> → exited`, with `paused` and a history state to resume
 * where the participant was, and regression to any earlier step. The machine is driven by domain
 * events; its one action is `evolve`, and its guards re-check the programme's rules, so it refuses a
 * step that is not complete even when used directly with `createActor`. Calendar deadlines are data
 * in the context, never `after` timers.
 *
 * @example
 * const machine = createParticipantMachine(programme);
 * const actor = createActor(machine, { input: { participantId: 'p-1' } }).start();
 */
export function createParticipantMachine(programme: Programme): ParticipantMachine {
  const steps = programme.steps;
  const declines = canDecline(programme);
  const applyOnly = (types: EventType[]) => Object.fromEntries(types.map((t) => [t, { actions: 'apply' }]));

  const stepStates = Object.fromEntries(
    steps.map((s, i) => {
      const next = steps[i + 1];
      return [
        s.id,
        {
          tags: [s.kind],
          meta: { stepId: s.id, kind: s.kind, label: s.label },
          on: next ? { 'step.advanced': { target: next.id, guard: { type: 'advancesFrom', params: { stepId: s.id, to: next.id } }, actions: 'apply' } } : {},
        },
      ];
    }),
  );

  const machine = setup({
    types: {} as { context: ParticipantContext; events: DomainEvent; input: ParticipantInput },
    actions: {
      apply: assign(({ context, event }) => evolve(programme, context, event)),
    },
    guards: {
      advancesFrom: ({ context, event }, params: { stepId: string; to: string }) =>
        event.type === 'step.advanced' &&
        event.payload.from === params.stepId &&
        event.payload.to === params.to &&
        stepCompletion(programme, context, programme.stepsById.get(params.stepId)!).ok,
      regressesTo: ({ context, event }, params: { stepId: string }) => {
        if (event.type !== 'step.regressed' || event.payload.to !== params.stepId) return false;
        const current = context.currentStepId ? programme.stepsById.get(context.currentStepId) : undefined;
        return current !== undefined && programme.stepsById.get(params.stepId)!.index < current.index;
      },
      outcomeAllowed: ({ context, event }) => {
        if (event.type !== 'participant.exited') return false;
        const outcome = programme.outcomesById.get(event.payload.outcomeId);
        return outcome !== undefined && (!outcome.when || holds(outcome.when, scopeOf(programme, context.facts)));
      },
    },
  }).createMachine({
    id: `${programme.id}@${programme.version}`,
    context: ({ input }: { input: ParticipantInput }) => emptyContext(input.participantId, { id: programme.id, version: programme.version }),
    initial: 'intake',
    states: {
      intake: {
        on: {
          'participant.referred': { target: 'waiting', actions: 'apply' },
          ...(declines ? { 'referral.declined': { target: 'declined', actions: 'apply' } } : {}),
        },
      },
      waiting: {
        on: {
          ...applyOnly(dataWhileWaiting),
          'participant.admitted': { target: 'active', actions: 'apply' },
          'participant.exited': { target: 'exited', guard: 'outcomeAllowed', actions: 'apply' },
        },
      },
      active: {
        initial: steps[0]!.id,
        states: { ...stepStates, hist: { type: 'history', history: 'shallow' } },
        on: {
          ...applyOnly(dataWhileActive),
          'step.regressed': steps.map((s) => ({ target: `.${s.id}`, guard: { type: 'regressesTo', params: { stepId: s.id } }, actions: 'apply' })),
          'participant.paused': { target: 'paused', actions: 'apply' },
          'participant.exited': { target: 'exited', guard: 'outcomeAllowed', actions: 'apply' },
        },
      },
      paused: {
        on: {
          ...applyOnly(dataWhilePaused),
          'participant.resumed': { target: 'active.hist', actions: 'apply' },
          'participant.exited': { target: 'exited', guard: 'outcomeAllowed', actions: 'apply' },
        },
      },
      exited: { type: 'final' },
      ...(declines ? { declined: { type: 'final' } } : {}),
    },
  } as any);
  return machine as unknown as ParticipantMachine;
}

