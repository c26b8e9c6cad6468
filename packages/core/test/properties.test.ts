import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CommandInput,
  DomainEventSchema,
  type DomainEvent,
  type Engine,
  type ParticipantContext,
  type ParticipantSnapshot,
  createEngine,
  isOpen,
  statusOn,
  stepCompletion,
} from '@stegvis/core';
import {
  ACTORS,
  type CommandStep,
  actionPlanStep,
  command,
  commandSequence,
  completeStepBodies,
  formatInstant,
  happyPathTo,
  loadLjusnarsberg,
  outcomeIds,
  revisePlan,
  runCommands,
} from './arbitraries.js';

/**
 * Properties of the participant engine, on the Ljusnarsberg ladder, over random plausible command
 * sequences (see arbitraries.ts). Replay a failure with the printed seed: FC_SEED=<seed>.
 */

const programme = loadLjusnarsberg();
const engine = createEngine(programme);
const PID = 'P-prop';
const sequence = commandSequence(programme, PID);
/** numRuns for a property, unless FC_RUNS sets it for the whole run. */
const runs = (n: number) => ({ numRuns: fc.readConfigureGlobal().numRuns ?? n });
/** 30 s at the default numRuns (a property takes a second or two); more when FC_RUNS asks for a longer search. */
const timeout = 30_000 + 200 * (fc.readConfigureGlobal().numRuns ?? 0);

const state = (s: ParticipantSnapshot) => ({ value: s.value, context: s.context });
/** The path of an exited participant: its state without the calendar, the follow-ups after exit and their deadlines. */
const pathOf = (s: ParticipantSnapshot) => {
  const { today: _t, version: _v, lastEventAt: _l, exitFollowUps: _f, deadlines, ...rest } = s.context;
  return { value: s.value, context: rest, deadlines: deadlines.filter((d) => d.kind !== 'exitFollowUp') };
};
const stepIndex = (ctx: ParticipantContext): number => (ctx.currentStepId === null ? -1 : programme.stepsById.get(ctx.currentStepId)!.index);

interface EventStep {
  readonly event: DomainEvent;
  readonly before: ParticipantContext;
  readonly after: ParticipantContext;
}

/** Every event of the run with the context just before and just after it, by applying the events one at a time. */
function eventTrail(e: Engine, steps: readonly CommandStep[]): EventStep[] {
  const out: EventStep[] = [];
  for (const { before, result } of steps) {
    if (!result.ok) continue;
    let s = before;
    for (const event of result.events) {
      const next = e.apply(s, event);
      if (!next.ok) throw new Error(`event ${event.id} does not apply: ${JSON.stringify(next.issues)}`);
      out.push({ event, before: s.context, after: next.value.context });
      s = next.value;
    }
  }
  return out;
}

const refusalCodes = (steps: readonly CommandStep[]) => steps.map((s) => (s.result.ok ? 'ok' : s.result.refusal.code));

describe('engine properties (Ljusnarsberg)', { timeout }, () => {
  it('exited ends the path: every later command but a tick or a follow-up after exit is refused, and the path stays as it was', () => {
    let exitedRuns = 0;
    fc.assert(
      fc.property(
        commandSequence(programme, PID, { months: 9 }),
        fc.constantFrom(...outcomeIds(programme)),
        // After the exit: more commands, starting with a new referral, over the October clock change.
        commandSequence(programme, PID, { from: '2026-10-01T12:00:00+02:00', months: 9 }),
        (before, outcomeId, after) => {
          // Arrange
          const commands = [...before, command(PID, '2026-10-01T09:00:00+02:00', { type: 'exit', outcomeId }), ...after];
          let snapshot = engine.initial(PID);
          let frozen: ReturnType<typeof pathOf> | undefined;
          // Act + Assert, command by command
          for (const c of commands) {
            const result = engine.execute(snapshot, c);
            if (frozen) {
              // The calendar and the follow-ups after exit move on; nothing of the path does.
              if (c.type !== 'tick' && c.type !== 'recordExitFollowUp') expect(result.ok, `${c.type} after the exit`).toBe(false);
              if (result.ok) snapshot = result.snapshot;
              expect(pathOf(snapshot)).toEqual(frozen);
              continue;
            }
            if (result.ok) snapshot = result.snapshot;
            if (engine.phase(snapshot) === 'exited') frozen = structuredClone(pathOf(snapshot));
          }
          if (frozen) exitedRuns++;
        },
      ),
      runs(80),
    );
    // The explicit exit is accepted whenever the participant was referred: most runs must get there.
    expect(exitedRuns).toBeGreaterThan(runs(80).numRuns / 2);
  });

  it('a step is entered only from a complete predecessor; the step index goes down only by an explicit regression', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        // Arrange + Act
        const run = runCommands(engine, engine.initial(PID), commands);
        // Assert, event by event
        for (const { event, before, after } of eventTrail(engine, run.steps)) {
          const from = stepIndex(before);
          const to = stepIndex(after);
          if (event.type === 'step.advanced') {
            const left = programme.stepsById.get(event.payload.from)!;
            expect(event.payload.from).toBe(before.currentStepId);
            expect(stepCompletion(programme, before, left).ok, `${left.id} complete before step.advanced`).toBe(true);
            expect(event.payload.to).toBe(programme.steps[left.index + 1]!.id);
            expect(after.currentStepId).toBe(event.payload.to);
            expect(after.steps[left.id]!.status).toBe('completed');
          }
          if (to < from) expect(event.type).toBe('step.regressed');
          if (to > from) {
            // Up one step at a time: by advancing, or into the first step when admitted.
            expect(to).toBe(from + 1);
            expect(event.type).toBe(from === -1 ? 'participant.admitted' : 'step.advanced');
          }
          // Every step before the current one has been completed.
          for (const s of programme.steps.slice(0, Math.max(0, to))) expect(after.steps[s.id]!.status, `${s.id} before ${after.currentStepId}`).toBe('completed');
        }
      }),
      runs(100),
    );
  });

  it('replaying the event log gives the live state', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        // Arrange
        const live = runCommands(engine, engine.initial(PID), commands);
        const stored = JSON.parse(JSON.stringify(live.events)) as unknown[];
        // Act
        const replayed = engine.replay(PID, stored);
        // Assert
        expect(replayed.ok).toBe(true);
        if (!replayed.ok) return;
        expect(state(replayed.value)).toEqual(state(live.snapshot));
        expect(engine.persist(replayed.value)).toEqual(engine.persist(live.snapshot));
      }),
      runs(100),
    );
  });

  it('persist → JSON → restore, then the same commands, gives the same events and state as continuing', () => {
    fc.assert(
      fc.property(sequence, fc.nat(), (commands, cut) => {
        // Arrange
        const split = cut % (commands.length + 1);
        const first = runCommands(engine, engine.initial(PID), commands.slice(0, split));
        const restored = engine.restore(JSON.parse(JSON.stringify(engine.persist(first.snapshot))));
        expect(state(restored)).toEqual(state(first.snapshot));
        // Act
        const continued = runCommands(engine, first.snapshot, commands.slice(split));
        const fromStore = runCommands(engine, restored, commands.slice(split));
        // Assert
        expect(refusalCodes(fromStore.steps)).toEqual(refusalCodes(continued.steps));
        expect(fromStore.events).toEqual(continued.events);
        expect(state(fromStore.snapshot)).toEqual(state(continued.snapshot));
      }),
      runs(100),
    );
  });

  it('a refused command changes nothing: same state, no events, and leaving it out changes no later outcome', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        // Arrange
        let snapshot = engine.initial(PID);
        const accepted: CommandInput[] = [];
        const events: DomainEvent[] = [];
        for (const c of commands) {
          const before = structuredClone(state(snapshot));
          // Act
          const result = engine.execute(snapshot, c);
          // Assert
          if (result.ok) {
            snapshot = result.snapshot;
            accepted.push(c);
            events.push(...result.events);
          } else {
            expect(result).not.toHaveProperty('events');
            expect(result.refusal.issues.length).toBeGreaterThan(0);
            expect(state(snapshot)).toEqual(before);
          }
        }
        const withoutRefused = runCommands(engine, engine.initial(PID), accepted);
        expect(withoutRefused.steps.every((s) => s.result.ok)).toBe(true);
        expect(withoutRefused.events).toEqual(events);
        expect(state(withoutRefused.snapshot)).toEqual(state(snapshot));
      }),
      runs(80),
    );
  });

  it('the machine accepts every event decide drafts (no refusal is the machine rejecting an event)', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        const run = runCommands(engine, engine.initial(PID), commands);
        for (const s of run.steps) if (!s.result.ok) expect(s.result.refusal.code, JSON.stringify(s.result.refusal.issues)).not.toBe('event.not_applicable');
      }),
      runs(80),
    );
  });

  it('event envelopes: seq 1..n without gaps, id participantId:seq, programme id/version, the command’s actor and time', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        // Arrange + Act
        const run = runCommands(engine, engine.initial(PID), commands);
        // Assert
        expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i + 1));
        expect(run.snapshot.context.version).toBe(run.events.length);
        for (const { command: c, result } of run.steps) {
          if (!result.ok) continue;
          for (const e of result.events) {
            expect(DomainEventSchema.safeParse(e).success).toBe(true);
            expect(e.id).toBe(`${PID}:${e.seq}`);
            expect(e.participantId).toBe(PID);
            expect(e.programme).toEqual({ id: programme.id, version: programme.version });
            expect(e.actor).toEqual(c.actor);
            expect(ACTORS).toContainEqual(e.actor);
            expect(e.at).toBe(c.at);
            expect(e.commandId).toBe(c.commandId);
          }
        }
      }),
      runs(100),
    );
  });

  it('deadlines: met stays met, cancelled stays cancelled, and an open deadline has the status statusOn gives for today', () => {
    fc.assert(
      fc.property(sequence, (commands) => {
        // Arrange + Act
        const run = runCommands(engine, engine.initial(PID), commands);
        // Assert, across every event
        for (const { event, before, after } of eventTrail(engine, run.steps)) {
          const now = new Map(after.deadlines.map((d) => [d.id, d]));
          for (const d of before.deadlines) {
            if (d.status !== 'met' && d.status !== 'cancelled') continue;
            const later = now.get(d.id);
            expect(later, `${d.id} after ${event.type}`).toBeDefined();
            expect(later!.status, `${d.id} after ${event.type}`).toBe(d.status);
            expect(later!.metOn).toBe(d.metOn);
          }
          for (const d of after.deadlines.filter(isOpen)) expect(d.status, `${d.id} on ${after.today} after ${event.type}`).toBe(statusOn(d, after.today!));
        }
      }),
      runs(100),
    );
  });

  it('determinism: the same commands give the same events, also from a freshly built engine', () => {
    // Arrange: a second engine, from the programme read and built again.
    const other = createEngine(loadLjusnarsberg());
    fc.assert(
      fc.property(sequence, (commands) => {
        // Act
        const a = runCommands(engine, engine.initial(PID), commands);
        const b = runCommands(other, other.initial(PID), commands);
        // Assert
        expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
        expect(refusalCodes(b.steps)).toEqual(refusalCodes(a.steps));
        expect(JSON.stringify(other.persist(b.snapshot))).toBe(JSON.stringify(engine.persist(a.snapshot)));
      }),
      runs(60),
    );
  });

  /**
   * After a regression to the action-plan step, `establishPlan` is accepted again: the new plan is a new
   * revision, and every earlier one (who wrote it, whether the participant took part, the sub-goals' outcomes)
   * stays in the state.
   */
  it('plan revisions are never dropped: the plan after re-establishing still begins with the earlier revisions', () => {
    const planStep = actionPlanStep(programme)!;
    const day = (i: number) => formatInstant(Date.parse('2026-01-12T08:00:00Z') / 60_000 + i * 24 * 60, 'Europe/Stockholm');
    fc.assert(
      fc.property(
        fc.integer({ min: planStep.index + 1, max: programme.steps.length - 1 }),
        fc.array(revisePlan(programme), { maxLength: 3 }),
        fc.boolean(),
        (k, revisions, tookPart) => {
          // Arrange: past the plan, with some revisions, then back to the action-plan step.
          const bodies = [...happyPathTo(programme, k), ...revisions, { type: 'regress' as const, toStepId: planStep.id, reason: 'newNeeds' }];
          const before = runCommands(engine, engine.initial(PID), bodies.map((b, i) => command(PID, day(i), b)));
          expect(before.snapshot.context.currentStepId).toBe(planStep.id);
          const earlier = before.snapshot.context.plan;
          // Act: a new plan.
          const plan = completeStepBodies(programme, planStep)[0]!;
          const after = engine.execute(before.snapshot, command(PID, day(bodies.length), { ...plan, participantTookPart: tookPart } as typeof plan));
          // Assert
          expect(after.ok).toBe(true);
          if (!after.ok) return;
          expect(after.snapshot.context.plan.slice(0, earlier.length)).toEqual(earlier);
        },
      ),
      { ...runs(20), endOnFailure: true },
    );
  });
});
