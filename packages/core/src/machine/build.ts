import { assign, setup, type StateMachine, type StateValue } from 'xstate';
import type { Programme } from '../programme/compiled.js';
import { type ParticipantContext, emptyContext } from '../state/context.js';
import type { DomainEvent, EventType } from '../state/events.js';
import { evolve } from '../path/evolve.js';
import { type Phase, canDecline, phaseOf, phaseRules, phases } from '../path/phases.js';
import { eventGuards, guardAllows, guardOf } from '../path/acceptance.js';

export interface ParticipantInput {
  readonly participantId: string;
}

export type ParticipantMachine = StateMachine<ParticipantContext, DomainEvent, any, any, any, any, any, any, any, ParticipantInput, any, any, any, any>;

/** Guards of the moves between phases that depend on the programme's rules. */
const moveGuards: Partial<Record<EventType, string>> = { 'participant.exited': 'outcomeAllowed' };

export { phaseOf };

/** The machine's state value for a context: `{ active: stepId }` inside the path, the phase otherwise. */
export function stateValueOf(ctx: ParticipantContext): StateValue {
  const phase = phaseOf(ctx);
  return phase === 'active' && ctx.currentStepId !== null ? { active: ctx.currentStepId } : phase;
}

/**
 * Builds the participant's XState v5 machine from a validated programme:
 * `intake → active.<step 1> … active.<step N> → exited`, with `paused` (resuming to the step the
 * participant was at) and regression to any earlier step. The phases, the events each applies in place and
 * the moves between them come from `phaseRules`. The machine is driven by domain events; its one action
 * is `evolve`, and its guards re-check the programme's rules, so it refuses a step that is not complete
 * even when used directly with `createActor`. Calendar deadlines are data in the context, never timers.
 *
 * @example
 * const machine = createParticipantMachine(programme);
 * const actor = createActor(machine, { input: { participantId: 'p-1' } }).start();
 */
export function createParticipantMachine(programme: Programme): ParticipantMachine {
  const steps = programme.steps;
  const declines = canDecline(programme);
  const present = phases.filter((p) => p !== 'declined' || declines);

  const transitionsOf = (phase: Phase): Record<string, unknown> => {
    const rule = phaseRules[phase];
    const inPlace = Object.fromEntries(rule.events.map((t) => [t, { actions: 'apply', ...(guardOf[t] ? { guard: 'rule' } : {}) }]));
    const moves = Object.fromEntries(
      Object.entries(rule.moves)
        .filter(([, to]) => present.includes(to))
        .map(([type, to]) => {
          const guard = moveGuards[type as EventType];
          // Resuming returns to the step the context says the participant is at.
          if (to === 'active' && phase === 'paused')
            return [type, steps.map((s) => ({ target: `active.${s.id}`, guard: { type: 'isAt', params: { stepId: s.id } }, actions: 'apply' }))];
          return [type, { target: to, ...(guard ? { guard } : {}), actions: 'apply' }];
        }),
    );
    return { ...inPlace, ...moves };
  };

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

  const stateOf = (phase: Phase) =>
    phase === 'active'
      ? {
          initial: steps[0]!.id,
          states: stepStates,
          on: {
            ...transitionsOf('active'),
            'step.regressed': steps.map((s) => ({ target: `.${s.id}`, guard: { type: 'regressesTo', params: { stepId: s.id } }, actions: 'apply' })),
          },
        }
      : // A phase is final when no event applies in it (an exited participant still takes a follow-up after exit).
        phaseRules[phase].events.length === 0 && Object.keys(phaseRules[phase].moves).length === 0
        ? { type: 'final' }
        : { on: transitionsOf(phase) };

  const machine = setup({
    types: {} as { context: ParticipantContext; events: DomainEvent; input: ParticipantInput },
    actions: {
      apply: assign(({ context, event }) => evolve(programme, context, event)),
    },
    guards: {
      // The machine's guards are the shared rules (`eventGuards`); each transition adds where it stands.
      advancesFrom: ({ context, event }, params: { stepId: string; to: string }) =>
        event.type === 'step.advanced' && event.payload.from === params.stepId && event.payload.to === params.to && eventGuards.advances(programme, context, event),
      regressesTo: ({ context, event }, params: { stepId: string }) =>
        event.type === 'step.regressed' && event.payload.to === params.stepId && eventGuards.regresses(programme, context, event),
      isAt: ({ context }, params: { stepId: string }) => context.currentStepId === params.stepId,
      rule: ({ context, event }) => guardAllows(programme, context, event),
      outcomeAllowed: ({ context, event }) => event.type === 'participant.exited' && eventGuards.outcomeAllowed(programme, context, event),
    },
  }).createMachine({
    id: `${programme.id}@${programme.version}`,
    context: ({ input }: { input: ParticipantInput }) => emptyContext(input.participantId, { id: programme.id, version: programme.version }),
    initial: 'intake',
    states: Object.fromEntries(present.map((p) => [p, stateOf(p)])),
  } as any);
  return machine as unknown as ParticipantMachine;
}
