import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor, initialTransition, transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { type DomainEvent, type EventOf, type ParticipantSnapshot, accepts, createEngine, stepCompletion } from '@stegvis/core';
import {
  ACTORS,
  type CommandBody,
  canonicalBodies,
  command,
  commandBody,
  commandSequence,
  completeStepBodies,
  formatInstant,
  happyPathTo,
  loadLjusnarsberg,
  loadProgrammeYaml,
  runCommands,
} from './arbitraries.js';

/**
 * The participant machine with XState's own tools: actors driven by the engine's domain events,
 * persisted snapshots, its guards, and its graph (xstate/graph).
 */

const programme = loadLjusnarsberg();
const engine = createEngine(programme);
const { machine } = engine;
const PID = 'P-machine';
const input = { participantId: PID };
const runs = (n: number) => ({ numRuns: fc.readConfigureGlobal().numRuns ?? n });
/** 30 s at the default numRuns (a property takes a second or two); more when FC_RUNS asks for a longer search. */
const timeout = 30_000 + 200 * (fc.readConfigureGlobal().numRuns ?? 0);

/** One command a day from Monday 12 January 2026, 09:00 in Stockholm. */
const FIRST_DAY = Date.parse('2026-01-12T08:00:00Z') / 60_000;
const onDay = (i: number) => formatInstant(FIRST_DAY + i * 24 * 60, 'Europe/Stockholm');
const dated = (bodies: readonly CommandBody[], fromDay = 0) => bodies.map((b, i) => command(PID, onDay(fromDay + i), b));

/** An actor that has been sent every event, as a host would drive it. */
function actorFrom(events: readonly DomainEvent[]) {
  const actor = createActor(machine, { input }).start();
  for (const e of events) actor.send(e);
  return actor;
}

/** A forged `step.advanced` as the next event of the participant's stream: nobody checked it with `decide`. */
const forgedAdvance = (s: ParticipantSnapshot, from: string, to: string): EventOf<'step.advanced'> => {
  const seq = s.context.version + 1;
  return {
    type: 'step.advanced',
    id: `${PID}:${seq}`,
    seq,
    participantId: PID,
    at: s.context.lastEventAt!,
    actor: ACTORS[0]!,
    programme: { id: programme.id, version: programme.version },
    payload: { from, to, satisfied: [] },
  };
};

describe('the participant machine with XState', { timeout }, () => {
  it('engine.initial, where every replay starts, is the machine’s own initial transition (every seed)', () => {
    for (const name of ['ljusnarsberg', 'nacka', 'timra', 'kungsbacka', 'enkoping']) {
      const e = createEngine(loadProgrammeYaml(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url)));
      const [first] = initialTransition(e.machine, { participantId: 'P-initial' });
      const ours = e.initial('P-initial');
      expect({ value: ours.value, status: ours.status, context: ours.context }, name).toEqual({ value: first.value, status: first.status, context: first.context });
      expect(e.persist(ours), name).toEqual(e.persist(first));
    }
  });

  it('an actor sent the events the engine produced reaches the engine’s state', () => {
    fc.assert(
      fc.property(commandSequence(programme, PID), (commands) => {
        // Arrange
        const run = runCommands(engine, engine.initial(PID), commands);
        // Act
        const actor = actorFrom(run.events);
        // Assert
        const s = actor.getSnapshot();
        expect(s.value).toEqual(run.snapshot.value);
        expect(s.context).toEqual(run.snapshot.context);
        // Only a declined referral is final: an exited participant still takes the follow-ups after exit.
        expect(s.status).toBe(engine.phase(run.snapshot) === 'declined' ? 'done' : 'active');
        actor.stop();
      }),
      runs(100),
    );
  });

  it('a persisted snapshot of a paused participant, restored, resumes in the step they were paused in', () => {
    const whilePaused = commandBody(programme, ['tick', 'updateFacts', 'recordFollowUp', 'revisePlan', 'pause', 'advance']);
    fc.assert(
      fc.property(fc.nat({ max: programme.steps.length - 1 }), fc.array(whilePaused, { maxLength: 4 }), (k, extra) => {
        // Arrange: at step k, then paused (then some commands a paused participant may or may not get).
        const path = runCommands(engine, engine.initial(PID), dated([...happyPathTo(programme, k), { type: 'pause', reason: 'sickLeave' }]));
        expect(path.steps.every((s) => s.result.ok)).toBe(true);
        const run = runCommands(engine, path.snapshot, dated(extra, path.steps.length));
        expect(engine.phase(run.snapshot)).toBe('paused');
        const actor = actorFrom([...path.events, ...run.events]);
        expect(actor.getSnapshot().value).toBe('paused');
        // Act: persist as JSON, restore into a new actor, resume through the engine.
        const persisted = JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
        actor.stop();
        const restored = createActor(machine, { snapshot: persisted, input }).start();
        const resume = command(PID, onDay(path.steps.length + extra.length), { type: 'resume' });
        const decided = engine.execute(restored.getSnapshot(), resume);
        expect(decided.ok).toBe(true);
        if (!decided.ok) return;
        expect(decided.events.map((e) => e.type)).toEqual(['participant.resumed']);
        restored.send(decided.events[0]!);
        // Assert: back in step k, in the same state as continuing the live participant.
        const step = programme.steps[k]!.id;
        expect(restored.getSnapshot().value).toEqual({ active: step });
        expect(restored.getSnapshot().context.currentStepId).toBe(step);
        const live = engine.execute(run.snapshot, resume);
        expect(live.ok && live.snapshot.value).toEqual({ active: step });
        expect(live.ok && live.snapshot.context).toEqual(restored.getSnapshot().context);
        restored.stop();
      }),
      runs(60),
    );
  });

  it('the machine ignores step.advanced for a step that is not complete, even sent straight to an actor', () => {
    for (const [k, step] of programme.steps.entries()) {
      const next = programme.steps[k + 1];
      if (!next) continue;
      // Arrange: at the step, with as many of its requirements met as leave it incomplete.
      const path = runCommands(engine, engine.initial(PID), dated(happyPathTo(programme, k)));
      expect(path.snapshot.context.currentStepId).toBe(step.id);
      const events = [...path.events];
      let snapshot = path.snapshot;
      const toComplete = completeStepBodies(programme, step).filter((b) => b.type !== 'advance');
      let day = path.steps.length;
      while (toComplete.length > 0) {
        const r = engine.execute(snapshot, command(PID, onDay(day), toComplete[0]!));
        if (!r.ok) throw new Error(`${toComplete[0]!.type} refused: ${JSON.stringify(r.refusal.issues)}`);
        if (stepCompletion(programme, r.snapshot.context, step).ok) break;
        toComplete.shift();
        day++;
        events.push(...r.events);
        snapshot = r.snapshot;
      }
      const actor = actorFrom(events);
      const before = actor.getSnapshot();
      expect(stepCompletion(programme, before.context, step).ok).toBe(false);

      // Act: forged events, the next step and one further on.
      actor.send(forgedAdvance(before, step.id, next.id));
      const further = programme.steps[k + 2];
      if (further) actor.send(forgedAdvance(before, step.id, further.id));

      // Assert: nothing happened; the engine refuses the same event from a log.
      expect(actor.getSnapshot().value).toEqual({ active: step.id });
      expect(actor.getSnapshot().context).toEqual(before.context);
      const applied = engine.apply(before, forgedAdvance(before, step.id, next.id));
      expect(!applied.ok && applied.issues[0]!.code).toBe('event.not_applicable');

      // ... and once the step is complete, the same event is taken (without the auto-advance the engine would add).
      for (const body of toComplete) {
        const r = engine.execute(actor.getSnapshot(), command(PID, onDay(day++), body));
        if (!r.ok) throw new Error(`${body.type} refused: ${JSON.stringify(r.refusal.issues)}`);
        actor.send(r.events[0]!);
      }
      expect(stepCompletion(programme, actor.getSnapshot().context, step).ok).toBe(true);
      if (further) {
        actor.send(forgedAdvance(actor.getSnapshot(), step.id, further.id));
        expect(actor.getSnapshot().value, 'no skipping a step').toEqual({ active: step.id });
      }
      actor.send(forgedAdvance(actor.getSnapshot(), step.id, next.id));
      expect(actor.getSnapshot().value).toEqual({ active: next.id });
      actor.stop();
    }
  });

  it('replay folds evolve with `accepts`; it takes an event exactly when the XState machine does (property)', () => {
    fc.assert(
      fc.property(commandSequence(programme, PID), (commands) => {
        // Arrange: a participant's log, and every state along it.
        const run = runCommands(engine, engine.initial(PID), commands);
        const states = [engine.initial(PID), ...run.events.map((_, i) => engine.replay(PID, run.events.slice(0, i + 1)))].map((r) => ('ok' in r ? (r.ok ? r.value : null) : r) as ParticipantSnapshot | null);
        // Act + Assert: each event of the log, offered to every state as its next event, is taken by one exactly when by the other.
        let taken = 0;
        for (const s of states) {
          if (!s) continue;
          for (const e of run.events) {
            const offered = { ...e, seq: s.context.version + 1 } as DomainEvent;
            const machineTakes = transition(machine, s, offered)[0].context.version === offered.seq;
            expect(accepts(programme, s.context, offered), `${e.type} at ${JSON.stringify(s.value)}`).toBe(machineTakes);
            if (machineTakes) taken++;
          }
        }
        // Not all refusals: the log's own events are taken where they were recorded.
        expect(taken).toBeGreaterThanOrEqual(run.events.length);
      }),
      runs(40),
    );
  }, timeout);

  describe('the graph (xstate/graph), explored with the engine’s own events', () => {
    const canonical = canonicalBodies(programme);
    /**
     * Candidate events in a state: the first event of each canonical command the engine accepts there.
     * All at the time of the last event, so no deadline falls due while exploring.
     */
    const events = (s: ParticipantSnapshot): DomainEvent[] => {
      const at = s.context.lastEventAt ?? onDay(0);
      const out = new Map<string, DomainEvent>();
      for (const body of canonical) {
        const r = engine.execute(s, command(PID, at, body));
        if (r.ok && r.events[0]) out.set(JSON.stringify(r.events[0]), r.events[0]);
      }
      return [...out.values()];
    };
    /**
     * A vertex is the state value and whether paused (with the step a pause returns to), plus how far the
     * current step is: how many requirements are satisfied and whether it is complete. Without the
     * progress, a requirement being marked would lead back to the same vertex, the traversal would drop
     * that snapshot, and `step.advanced` (guarded by completion) could never be found.
     */
    const serializeState = (s: ParticipantSnapshot): string => {
      const ctx = s.context;
      const step = ctx.currentStepId ? programme.stepsById.get(ctx.currentStepId) : undefined;
      const completion = step && engine.phase(s) !== 'exited' ? stepCompletion(programme, ctx, step) : undefined;
      return JSON.stringify([
        s.value,
        engine.phase(s) === 'paused' ? ctx.currentStepId : false,
        completion ? completion.requirements.filter((r) => r.satisfiedBy !== null).length : null,
        completion?.ok ?? null,
      ]);
    };
    /** A safety net: the traversal takes some 1,100 steps (about 60 vertices, each with its candidate events). */
    const LIMIT = 5_000;
    const explore = () => {
      const adjacency = getAdjacencyMap(machine, { input, events, serializeState, limit: LIMIT });
      const vertices = Object.keys(adjacency) as (keyof typeof adjacency)[];
      const successors = (key: keyof typeof adjacency) => Object.values(adjacency[key]!.transitions).map((t) => serializeState(t.state) as keyof typeof adjacency);
      return { adjacency, vertices, successors };
    };
    let explored: ReturnType<typeof explore> | undefined;
    /** Built once, by the first test that needs it. */
    const graph = () => (explored ??= explore());

    it('reaches every state node: intake, waiting, each step under active, paused, exited', () => {
      // Arrange: the state nodes the machine declares.
      const declared: string[] = [];
      for (const [id, node] of Object.entries(machine.root.states)) {
        const children = Object.entries(node.states).filter(([, child]) => child.type !== 'history');
        if (children.length === 0) declared.push(JSON.stringify(id));
        else for (const [childId] of children) declared.push(JSON.stringify({ [id]: childId }));
      }
      expect(declared).toContain(JSON.stringify({ active: programme.steps.at(-1)!.id }));
      // Act
      const { adjacency } = graph();
      const reached = new Set(Object.values(adjacency).map((v) => JSON.stringify(v.state.value)));
      // Assert
      expect([...reached].sort()).toEqual([...declared].sort());
      // Paused from every step, so resuming has somewhere different to return to each time.
      const pausedFrom = new Set(Object.values(adjacency).filter((v) => v.state.value === 'paused').map((v) => v.state.context.currentStepId));
      expect([...pausedFrom].sort()).toEqual(programme.steps.map((s) => s.id).sort());
    });

    it('from every reachable state an exit is reachable', () => {
      // Arrange + Act
      const { adjacency, vertices, successors } = graph();
      const exited = new Set(vertices.filter((key) => adjacency[key]!.state.value === 'exited'));
      // Assert: a breadth-first search from every vertex finds an exited one.

      expect(exited.size).toBeGreaterThan(0);
      const reachesExit = (start: (typeof vertices)[number]): boolean => {
        const seen = new Set([start]);
        const queue = [start];
        while (queue.length > 0) {
          const key = queue.shift()!;
          if (exited.has(key)) return true;
          for (const next of successors(key)) {
            if (seen.has(next)) continue;
            seen.add(next);
            queue.push(next);
          }
        }
        return false;
      };
      for (const start of vertices) expect(reachesExit(start), `no exit from ${start}`).toBe(true);
    });

    it('the shortest path to the last step climbs every step in order', () => {
      const last = programme.steps.at(-1)!.id;
      const [path] = getShortestPaths(machine, {
        input,
        events,
        serializeState,
        limit: LIMIT,
        toState: (s) => JSON.stringify(s.value) === JSON.stringify({ active: last }),
      });
      expect(path).toBeDefined();
      const advanced = path!.steps.flatMap((s) => (s.event.type === 'step.advanced' ? [[s.event.payload.from, s.event.payload.to]] : []));
      expect(advanced).toEqual(programme.steps.slice(0, -1).map((s, i) => [s.id, programme.steps[i + 1]!.id]));
      expect(path!.steps.some((s) => s.event.type === 'step.regressed' || s.event.type === 'participant.paused')).toBe(false);
    });
  });
});
