import { createActor, type SnapshotFrom } from 'xstate';
import type { Explanation } from '../conditions/explanation.js';
import { fromZod } from '../errors/from-zod.js';
import { type Issue, type Result, fail, issue, ok } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import { createParticipantMachine, phaseOf, stateValueOf, type ParticipantMachine } from '../machine/build.js';
import type { Command } from '../state/commands.js';
import { stepCompletion } from '../path/completion.js';
import { type ParticipantContext, emptyContext } from '../state/context.js';
import { type Draft, decide, decideParsed } from '../path/decide.js';
import { type Deadline, isOpen } from '../state/deadline.js';
import { type DomainEvent, DomainEventSchema } from '../state/events.js';
import { evolve } from '../path/evolve.js';
import { accepts } from '../path/acceptance.js';
import { type Flag, flagsOf } from '../path/flags.js';
import type { Phase } from '../path/phases.js';
import type { Refusal } from '../path/refusal.js';
import { type EngineExecuteOptions, checkClock } from '../path/clock.js';
import { executeVoid, foldSkips, voidIssues, voidedSeqs } from '../path/voids.js';

export type ParticipantSnapshot = SnapshotFrom<ParticipantMachine>;

/** What a log without voids voids. */
const noneVoided: ReadonlySet<number> = new Set();

export type ExecuteResult =
  | { ok: true; events: DomainEvent[]; snapshot: ParticipantSnapshot }
  | { ok: false; refusal: Refusal };

/** What a caseworker's screen shows of a participant. */
export interface ParticipantView {
  readonly participantId: string;
  readonly phase: Phase;
  readonly stepId: string | null;
  readonly openDeadlines: readonly Deadline[];
  readonly flags: readonly Flag[];
  readonly context: ParticipantContext;
}

export interface ReplayOptions {
  /**
   * The caller vouches that the events are exactly what this engine's `execute` returned, stored unchanged (a
   * store's own checksummed rows): the input limits, the identity-number scan and the event schema are skipped
   * (a `participant.migrated` event, which carries a whole state, is still read by the schema). The participant,
   * the order, the programme version and whether each event applies are still checked, and a log that makes
   * the fold throw is replayed again the checked way, for its issues (`createEngine` of the package). Never for
   * events from outside: a request, an import, a file.
   */
  readonly trusted?: boolean;
}

export interface Engine {
  readonly programme: Programme;
  readonly machine: ParticipantMachine;
  /** A participant before referral, in `intake`. */
  initial(participantId: string): ParticipantSnapshot;
  /** Validates a command, decides its events and applies them; a refusal changes nothing. With `clock`, `at` may not be later than the host's clock allows. */
  execute(snapshot: ParticipantSnapshot, command: unknown, options?: EngineExecuteOptions): ExecuteResult;
  /** Applies one recorded event, checking that it is valid and next in the participant's stream; `options` as for `replay`. */
  apply(snapshot: ParticipantSnapshot, event: unknown, options?: ReplayOptions): Result<ParticipantSnapshot>;
  /**
   * Rebuilds a participant from their event log: the same events give the same state. A log that moved
   * to this version by a `participant.migrated` event replays from the state that event recorded; the
   * events before it (under the older version) are checked for order only.
   */
  replay(participantId: string, events: readonly unknown[], options?: ReplayOptions): Result<ParticipantSnapshot>;
  /** Recorded events applied from a snapshot, as `replay` does from the start; issue paths begin with the event's index. */
  replayFrom(snapshot: ParticipantSnapshot, events: readonly unknown[], options?: ReplayOptions): Result<ParticipantSnapshot>;
  /** The snapshot a context is in (XState's `resolveState`): how a migrated or stored state enters the machine. */
  resolve(context: ParticipantContext): ParticipantSnapshot;
  /** The state as plain JSON (XState's persisted snapshot), to store and restore. */
  persist(snapshot: ParticipantSnapshot): unknown;
  restore(persisted: unknown): ParticipantSnapshot;
  phase(snapshot: ParticipantSnapshot): Phase;
  view(snapshot: ParticipantSnapshot): ParticipantView;
  /** Why the participant's current step is or is not complete. */
  explainStep(snapshot: ParticipantSnapshot, stepId?: string): Explanation | undefined;
}

/**
 * The participant engine for one programme: commands in, domain events out, state by applying them
 * with the XState machine's pure `transition`. No clock, no randomness, no I/O: time comes in the commands.
 *
 * @example
 * const engine = createEngine(programme);
 * let s = engine.initial('p-1');
 * const r = engine.execute(s, { type: 'refer', participantId: 'p-1', at: '2026-01-31T09:00:00+01:00', actor, facts: {} });
 * if (r.ok) s = r.snapshot; else console.log(formatExplanation(r.refusal.explanation));
 */
export function createEngine(programme: Programme): Engine {
  return createEngineParts(programme).engine;
}

/**
 * The engine, and its `execute` of a command the schema has parsed already (the edge's one walk,
 * engine/plain-check.ts, gives the schema's own result): for the edge only.
 */
export function createEngineParts(programme: Programme): { engine: Engine; executeParsed: (s: ParticipantSnapshot, command: Command, options?: EngineExecuteOptions) => ExecuteResult } {
  const machine = createParticipantMachine(programme);
  const phase = (s: ParticipantSnapshot): Phase => phaseOf(s.context);
  // The machine's state is a function of its context (\`stateValueOf\`), so the state nodes XState resolves
  // for a value are the same whatever the context: resolved once per value, then the snapshot is that
  // resolution with the context in it — what \`resolveState\` returns, without walking the state tree again.
  // Keyed by the phase, or for the active phase by its step (the value's only other shape): the ids are the
  // programme's own strings, looked up without building a key.
  const byPhase = new Map<string, ParticipantSnapshot>();
  const byStep = new Map<string, ParticipantSnapshot>();
  const resolve = (context: ParticipantContext): ParticipantSnapshot => {
    const value = stateValueOf(context);
    const [cache, key] = typeof value === 'string' ? [byPhase, value] : [byStep, (value as { active: string }).active];
    let base = cache.get(key);
    if (base === undefined) {
      base = machine.resolveState({ value, context }) as ParticipantSnapshot;
      cache.set(key, base);
    }
    return base.context === context ? base : ({ ...base, context } as ParticipantSnapshot);
  };

  // One object for every event: a programme's events share it, as they share the command's actor.
  const version = { id: programme.id, version: programme.version };
  /** The event a draft becomes: built with its keys written out (no spreads), in the order a stored event has them. */
  const envelope = (ctx: ParticipantContext, command: Command, d: Draft, offset: number): DomainEvent => {
    const seq = ctx.version + offset + 1;
    const e = { type: d.type, payload: d.payload, id: `${ctx.participantId}:${seq}`, seq, participantId: ctx.participantId, at: command.at, actor: command.actor, programme: version } as DomainEvent;
    if (command.commandId) e.commandId = command.commandId;
    return e;
  };

  const parse = (raw: unknown): Result<DomainEvent> => {
    const parsed = DomainEventSchema.safeParse(raw);
    return parsed.success ? ok(parsed.data) : fail(fromZod('event', parsed.error));
  };
  /** Why an event is not the participant's next (null: it is). */
  const follows = (e: DomainEvent, ctx: ParticipantContext): readonly Issue[] | null => {
    if (e.participantId !== ctx.participantId) return [issue('event.invalid', ['participantId'], `event ${e.seq} belongs to another participant`)];
    if (e.seq !== ctx.version + 1) return [issue('event.out_of_order', ['seq'], `event ${e.seq} is out of order; expected ${ctx.version + 1}`, 'replay the events in order, without gaps')];
    return null;
  };
  const ours = (e: DomainEvent) => e.programme.id === programme.id && e.programme.version === programme.version;
  const notOurs = (e: DomainEvent) =>
    issue('event.invalid', ['programme'], `event ${e.seq} was recorded under ${e.programme.id} v${e.programme.version}, not ${programme.id} v${programme.version}`, 'replay it with the programme version it was recorded under, or migrate');

  /**
   * Recorded events applied in order from a state: each checked (the participant, its place in the stream, the
   * programme version, and that it applies — `accepts`, the machine's own rules) and folded with `evolve`; the
   * machine's state is resolved once, at the end, not transitioned per event. Events before the last migration
   * to this version ran under an older one: their order is checked, their effect is in the state it recorded.
   */
  /** One event applied, exactly when the machine would take it (\`accepts\`, its own rules); null when it would not. */
  const applyOne = (ctx: ParticipantContext, e: DomainEvent, evolved?: ParticipantContext): ParticipantContext | null =>
    e.type !== 'participant.migrated' && !accepts(programme, ctx, e) ? null : (evolved ?? evolve(programme, ctx, e));
  const notApplicable = (e: DomainEvent, ctx: ParticipantContext): Issue =>
    issue('event.not_applicable', ['type'], `event ${e.seq} (${e.type}) does not apply in state ${JSON.stringify(stateValueOf(ctx))}`, 'check that the log belongs to this participant and programme version');

  const fold = (start: ParticipantSnapshot, events: readonly unknown[], options: ReplayOptions = {}): Result<ParticipantSnapshot> => {
    const trusted = options.trusted === true;
    const at = (i: number, issues: readonly Issue[]) => fail(issues.map((x) => ({ ...x, path: [i, ...x.path] })));
    // One pass over the log for what the fold needs before it starts: the events parsed, the last migration to
    // this version, whether any event is a void (most logs have none: then nothing is voided).
    const parsed: DomainEvent[] = new Array<DomainEvent>(events.length);
    let from = -1;
    let voids = false;
    for (let i = 0; i < events.length; i++) {
      const raw = events[i] as DomainEvent;
      let v: DomainEvent;
      // A trusted event is taken as it is (no result object made for it: this loop runs once an event).
      if (trusted && raw.type !== 'participant.migrated') v = raw;
      else {
        const e = parse(raw);
        if (!e.ok) return at(i, e.issues);
        v = e.value;
      }
      parsed[i] = v;
      if (v.type === 'participant.migrated' && ours(v)) from = i;
      else if (v.type === 'event.voided') voids = true;
    }
    if (voids) {
      const badVoids = voidIssues(parsed, start.context.version);
      if (badVoids.length > 0) return fail(badVoids);
    }
    const voided = voids ? voidedSeqs(parsed) : noneVoided;
    let ctx = start.context;
    for (let i = 0; i < parsed.length; i++) {
      const e = parsed[i]!;
      const out = follows(e, ctx);
      if (out !== null) return at(i, out);
      if (i < from) {
        ctx = { ...ctx, version: e.seq };
        continue;
      }
      if (!ours(e)) return at(i, [notOurs(e)]);
      // Voided events and the voids are left out of the state (path/voids.ts): they take their place in the stream only.
      if (foldSkips(e, voided)) {
        ctx = { ...ctx, version: e.seq };
        continue;
      }
      const next = applyOne(ctx, e);
      if (next === null) return at(i, [notApplicable(e, ctx)]);
      ctx = next;
    }
    return ok(ctx === start.context ? start : resolve(ctx));
  };
  const apply = (s: ParticipantSnapshot, raw: unknown, options?: ReplayOptions): Result<ParticipantSnapshot> => {
    const r = fold(s, [raw], options);
    return r.ok ? r : fail(r.issues.map((x) => ({ ...x, path: x.path.slice(1) })));
  };

  /** `execute`, of a raw command (`parsed` null: decide parses it) or of one the schema has parsed. */
  const run = (s: ParticipantSnapshot, command: unknown, parsed: Command | null, options: EngineExecuteOptions): ExecuteResult => {
    const early = checkClock(command, options.clock);
    if (early) return { ok: false, refusal: early };
    const ctx = s.context;
    // What decide previewed (a draft evolved on the state it will meet), kept: the loop below takes evolve's
    // result for the same draft on the same state from here instead of computing it again.
    const previewed: { from: ParticipantContext; draft: Draft; to: ParticipantContext }[] = [];
    const preview = (c: ParticipantContext, d: Draft) => {
      const to = evolve(programme, c, envelope(c, command as Command, d, 0));
      previewed.push({ from: c, draft: d, to });
      return to;
    };
    const state = { phase: phase(s), context: ctx };
    const decision = parsed === null ? decide(programme, state, command, preview) : decideParsed(programme, state, parsed, preview);
    if (!decision.ok) return decision;
    const events = decision.drafts.map((d, i) => envelope(ctx, decision.command, d, i));
    if (events[0]?.type === 'event.voided') {
      const v = executeVoid(programme, engine.initial(ctx.participantId).context, options.events, events[0], (all) => fold(engine.initial(ctx.participantId), all));
      return v.ok ? { ok: true, events, snapshot: v.snapshot } : v;
    }
    // Live applies as replay does (one loop, \`applyOne\`): what execute answers is what a replay rebuilds.
    let next = ctx;
    for (const [i, e] of events.entries()) {
      const applied = applyOne(next, e, previewed.find((p) => p.from === next && p.draft === decision.drafts[i])?.to);
      // A draft the machine would not take is a broken rule, never silent.
      if (applied === null) return { ok: false, refusal: { code: 'event.not_applicable', issues: [notApplicable(e, next)] } };
      next = applied;
    }
    return { ok: true, events, snapshot: next === ctx ? s : resolve(next) };
  };

  const engine: Engine = {
    programme,
    machine,
    // The snapshot XState's initial transition gives (the machine's context factory is emptyContext, intake has no
    // entry action), resolved as any other state: a replay starts here, once per participant.
    initial: (participantId) => resolve(emptyContext(participantId, { id: programme.id, version: programme.version })),
    execute: (s, command, options = {}) => run(s, command, null, options),
    apply,
    replay: (participantId, events, options) => fold(engine.initial(participantId), events, options),
    replayFrom: fold,
    resolve,
    persist: (s) => machine.getPersistedSnapshot(s),
    restore: (persisted) => createActor(machine, { snapshot: persisted as any, input: { participantId: '' } }).getSnapshot(),
    phase,
    view: (s) => ({
      participantId: s.context.participantId,
      phase: phase(s),
      stepId: s.context.currentStepId,
      openDeadlines: s.context.deadlines.filter(isOpen),
      flags: flagsOf(programme, s.context),
      context: s.context,
    }),
    explainStep(s, stepId) {
      const id = stepId ?? s.context.currentStepId;
      const st = id ? programme.stepsById.get(id) : undefined;
      return st ? stepCompletion(programme, s.context, st).explanation : undefined;
    },
  };
  return { engine, executeParsed: (s, command, options = {}) => run(s, command, command, options) };
}
