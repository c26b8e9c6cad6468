import {
  type Actor,
  type ClockBound,
  type DomainEvent,
  type Engine,
  type EngineExecuteOptions,
  type EventOf,
  type IsoInstant,
  type MigrationPlan,
  type NotCompliant,
  type ParticipantSnapshot,
  type Path,
  type Refusal,
  type Result,
  checkClock,
  issue,
  localDate,
  migrateParticipant,
  planMigration,
} from '@stegvis/core';
import { append } from './append.js';
import { headCache } from './cache.js';
import { type AnyIssue, type StoreIssue, type StoreRefusal, storeIssue } from './codes.js';
import { type NotCompliantFilter, queryNotCompliant } from './compliance.js';
import { type Db, type Queryable, describeDbError } from './db.js';
import { type DueDeadline, type DueFilter, queryDueDeadlines } from './deadlines.js';
import { canonical, commandDigest } from './digest.js';
import { storeFormats } from './format.js';
import { type Head, type LoadOptions, type Loaded, duplicateEvents, loadParticipant } from './load.js';
import { decidePlace, freedPlaces, lockPlaces, readRoster, syncPlace, usesRoster } from './places.js';
import { type ProgrammeRef, type ProgrammeSource, enginesFor } from './programmes.js';
import { headCurrent, insertCommand, participantEvents } from './queries.js';
import { type RebuildOptions, type RebuildSummary, rebuildSnapshots } from './rebuild.js';
import { type EventRow, type NewRow, rowOfEvent } from './rows.js';
import { unstorableFix, unstorableMessage, unstorableText } from './text.js';
import { commandWriter } from './writer.js';

/** What went wrong, when it did not work: refused (nothing written), a conflict to retry, or a failure. */
export type StoreFailure =
  /** `duplicate`: the command id was refused before, and this is the refusal recorded then. */
  | { ok: false; kind: 'refused'; refusal: Refusal | StoreRefusal; duplicate?: boolean }
  /** Another writer appended first: reload and decide again (see `retrying`). Nothing was written. */
  | { ok: false; kind: 'conflict'; issues: readonly StoreIssue[]; version: number }
  /** The stream could not be read (a corrupt event, an unknown programme) or the database failed. */
  | { ok: false; kind: 'failed'; issues: readonly AnyIssue[] };

export type ExecuteOutcome =
  | {
      ok: true;
      /** The events the command became; for a repeated command id, the events recorded the first time. */
      events: readonly DomainEvent[];
      snapshot: ParticipantSnapshot;
      /** The participant's version (seq of the last event) after the command. */
      version: number;
      /** True when the command id had been applied before and nothing new was written. */
      duplicate: boolean;
      /** Participants the command's freed place went to (an exit), admitted in the same transaction, with their events. */
      admitted: readonly { readonly participantId: string; readonly events: readonly DomainEvent[] }[];
    }
  | StoreFailure;

export interface MigrateInput {
  readonly participantId: string;
  readonly to: ProgrammeRef;
  readonly mapping: { readonly steps: Readonly<Record<string, string>> };
  readonly at: IsoInstant;
  readonly actor: Actor;
  readonly commandId?: string;
}

export type MigrateOutcome =
  | { ok: true; event: EventOf<'participant.migrated'>; snapshot: ParticipantSnapshot; version: number; notes: readonly string[]; duplicate: boolean }
  | StoreFailure;

export interface StoreOptions {
  readonly db: Db;
  /** Every programme version participants run under (a list, or a lookup by id and version). */
  readonly programmes: ProgrammeSource;
  /** The programme a new participant starts on when `execute` is not told; default: the newest version, if the list has one programme. */
  readonly start?: ProgrammeRef;
  /**
   * The host's clock, read once per command: a command (or migration) dated later than it plus
   * `maxFutureSkewSeconds` is refused with `command.in_future`. Default: the system clock.
   */
  readonly clock?: () => Date | IsoInstant;
  /** How far past the host's clock a command may be dated, in seconds (default 300, core's `DEFAULT_MAX_FUTURE_SKEW_SECONDS`). */
  readonly maxFutureSkewSeconds?: number;
  /**
   * How many participants' state after this store's last command on them is kept in memory, so that their
   * next command is decided without loading them (default 1,000; 0 keeps none). It is never trusted past
   * the write: a command decided on it is appended only if the participant is still at that version, and
   * is otherwise decided again on a fresh load. Snapshots are shared with it: treat them as immutable.
   */
  readonly cacheSize?: number;
  /**
   * How many batches of appends may be in flight at once (default 2): the appends that arrive while that many are
   * being written wait for one to finish and go together, one transaction for all (group commit, see `writer.ts`).
   * Fewer: fewer commits for the server to make; more: less waiting where the disk's flush is slow. Below 1 (or not a
   * number): 1.
   */
  readonly writesInFlight?: number;
}

export interface ExecuteOptions {
  /** For a participant without events: the programme version they start on. Ignored for others, who stay on their version. */
  readonly programme?: ProgrammeRef;
}

export interface Store {
  /**
   * Loads the participant, runs the command through the engine and appends its events, snapshot and deadline rows in one transaction.
   * In a programme with limited places, the store decides the place (see `places.ts`); a refused command with a command id is recorded.
   */
  execute(command: unknown, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** Moves a participant to a newer version of their programme (core's `migrateParticipant`), recorded as a `participant.migrated` event; refused when unsafe for them. */
  migrate(input: MigrateInput): Promise<MigrateOutcome>;
  /** The participant's state, from the snapshot and the events after it, or (`fromEvents`) from the events alone. */
  load(participantId: string, options?: { fromEvents?: boolean }): Promise<Result<{ snapshot: ParticipantSnapshot; version: number; programme: ProgrammeRef; engine: Engine }, readonly AnyIssue[]>>;
  /** Every event of a participant, each read back through `DomainEventSchema`: what `engine.replay` and `stegvis replay` read. */
  events(participantId: string): Promise<Result<DomainEvent[], readonly AnyIssue[]>>;
  /** Rebuilds the participant from the events alone and compares with the stored snapshot, both read in one consistent snapshot of the database. */
  verify(participantId: string): Promise<Result<{ version: number }, readonly AnyIssue[]>>;
  /** Which open deadlines fall due, from the deadline index in one query. */
  dueDeadlines(now: IsoInstant, filter?: DueFilter): Promise<Result<DueDeadline[], readonly StoreIssue[]>>;
  /**
   * Rebuilds every participant's snapshot and deadline rows from the events alone (after an upgrade, a lost
   * or distrusted snapshot table): the events read in pages of participants, each folded by the engine of
   * their version, the results written in one statement a page. Safe while commands go on (see `rebuild.ts`).
   */
  rebuild(options?: RebuildOptions): Promise<Result<RebuildSummary, readonly AnyIssue[]>>;
  /** Who is eligible but not compliant: participants carrying a compliance flag at their last event (see `compliance.ts`). */
  notCompliant(filter?: NotCompliantFilter): Promise<Result<(NotCompliant & { programme: ProgrammeRef })[], readonly StoreIssue[]>>;
}

const failed = (issues: readonly AnyIssue[]): StoreFailure => ({ ok: false, kind: 'failed', issues });
const dbIssues = (error: unknown): StoreIssue[] => [storeIssue('store.database', [], describeDbError(error), 'check the database connection and retry')];
const dbFailure = (error: unknown): StoreFailure => failed(dbIssues(error));
const commandInvalid = (path: Path, message: string, fix?: string): StoreFailure => ({
  ok: false,
  kind: 'refused',
  refusal: { code: 'command.invalid', issues: [{ code: 'command.invalid', path, message, ...(fix ? { fix } : {}) }] },
});
const badText = (path: Path): StoreFailure => commandInvalid(path, unstorableMessage, unstorableFix);
/** A read asked with an id that cannot be stored, so no participant can have it: refused before any query. */
const unreadable = (path: Path): { ok: false; issues: StoreIssue[] } => ({ ok: false, issues: [storeIssue('store.invalid_query', path, unstorableMessage, unstorableFix)] });

/** An append inside a transaction that did not land (another writer was first, the command id was taken): roll it back. */
class Taken extends Error {}

/**
 * A participant store on PostgreSQL (PGlite or a server): commands in, events appended with
 * optimistic concurrency, a snapshot and the deadline index kept in the same transaction.
 *
 * @example
 * const db = await pgliteDb();
 * await migrate(db);
 * const store = createStore({ db, programmes: [programme] });
 * const r = await retrying(() => store.execute(command));
 * if (!r.ok && r.kind === 'refused') console.log(formatExplanation(r.refusal.explanation!, 'sv'));
 */
export function createStore(options: StoreOptions): Store {
  const { db } = options;
  const engines = enginesFor(options.programmes);
  const formats = storeFormats();
  const cache = headCache(options.cacheSize ?? 1_000);
  // Commands' appends outside a transaction: written together when they arrive while others are (group commit).
  const inFlight = options.writesInFlight ?? 2;
  const writer = commandWriter(db, formats, inFlight >= 1 ? inFlight : 1);
  const plans = new Map<string, Result<MigrationPlan>>();
  /** One checked plan per (from, to, mapping), so migrating many participants plans once. */
  const planFor = (from: Engine, to: Engine, steps: Readonly<Record<string, string>>): Result<MigrationPlan> => {
    const key = JSON.stringify([from.programme.id, from.programme.version, to.programme.id, to.programme.version, steps]);
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = planMigration(from.programme, to.programme, { steps })));
    return plan;
  };
  const defaultStart = (): ProgrammeRef | undefined => {
    if (options.start) return options.start;
    if (typeof options.programmes === 'function') return undefined;
    const ids = [...new Set(options.programmes.map((p) => p.id))];
    return ids.length === 1 ? engines.latest(ids[0]!) : undefined;
  };
  const clock = (): ClockBound => {
    const now = options.clock ? options.clock() : new Date();
    return { now: typeof now === 'string' ? now : now.toISOString(), ...(options.maxFutureSkewSeconds !== undefined ? { maxFutureSkewSeconds: options.maxFutureSkewSeconds } : {}) };
  };

  const load = async (q: Queryable, participantId: string, o: LoadOptions): Promise<Result<Loaded, readonly AnyIssue[]>> => loadParticipant(q, engines, formats, participantId, o);
  /** The head a successful append leaves: the state written, its deadline rows with it. */
  const headOf = (engine: Engine, snapshot: ParticipantSnapshot): Head => ({ engine, snapshot, version: snapshot.context.version, indexed: true });
  const stillAt = async (participantId: string, head: Head): Promise<boolean> => (await db.query<{ current: boolean }>(headCurrent, [participantId, head.version])).rows[0]!.current;

  /** Appends in the caller's transaction; throws `Taken` when the append did not land, to roll the transaction back. */
  const appendIn = async (tx: Queryable, participantId: string, rows: readonly NewRow[], head: Head, engine: Engine, next: ParticipantSnapshot, command?: { id: string; digest: string }): Promise<void> => {
    if (!(await append(tx, formats, { participantId, rows, head, engine, next, command }))) throw new Taken();
  };

  /** A participant's events, each read back through `DomainEventSchema`. */
  const streamOf = async (q: Queryable, participantId: string): Promise<Result<DomainEvent[], readonly AnyIssue[]>> =>
    duplicateEvents(participantId, (await q.query<EventRow>(participantEvents, [participantId])).rows);

  /** Whether a command is decided on the participant's whole stream: a void rebuilds the state from it. */
  const needsStream = (command: Record<string, unknown>): boolean => command.type === 'voidEvent';

  /**
   * What the engine is given with a command: the host's clock, and, for a void, the participant's events,
   * read where the void's append is decided. A stream longer than the state loaded (another writer appended
   * in between) is a conflict: the void is decided again on a fresh load, not refused.
   */
  const executeOptions = async (q: Queryable, participantId: string, loaded: Loaded, command: Record<string, unknown>, bound: ClockBound): Promise<{ ok: true; value: EngineExecuteOptions } | StoreFailure> => {
    if (!needsStream(command)) return { ok: true, value: { clock: bound } };
    const events = await streamOf(q, participantId);
    if (!events.ok) return failed(events.issues);
    if ((events.value.at(-1)?.seq ?? 0) !== loaded.version) return conflict(participantId, loaded.version);
    return { ok: true, value: { clock: bound, events: events.value } };
  };

  const conflict = (participantId: string, version: number): StoreFailure => ({
    ok: false,
    kind: 'conflict',
    version,
    issues: [storeIssue('store.conflict', ['participantId'], `the participant changed after version ${version} while this command was decided`, 'reload and decide again (retrying does this)')],
  });

  const reused: StoreFailure = {
    ok: false,
    kind: 'refused',
    refusal: {
      code: 'store.command_id_reused',
      issues: [storeIssue('store.command_id_reused', ['commandId'], 'this command id was used before for another command; the new command was not applied', 'send each command with an id of its own (a new Idempotency-Key); repeat an id only to retry the very same command')],
    },
  };

  /**
   * The answer a command id already has: the events it became, or the refusal it got, when the command
   * is the same (same digest); `store.command_id_reused` when it is another. Undefined for a new id.
   */
  const priorAnswer = (participantId: string, loaded: Loaded, digest: string | undefined): ExecuteOutcome | undefined => {
    if (digest !== undefined && loaded.prior) {
      if (loaded.prior.digest !== digest) return reused;
      if (loaded.prior.refusal !== null) return { ok: false, kind: 'refused', refusal: loaded.prior.refusal as Refusal, duplicate: true };
    }
    // Rows written before commands were recorded have events but no digest: answered as repeats, unchecked.
    if (loaded.duplicates.length === 0 && !(digest !== undefined && loaded.prior)) return undefined;
    const events = duplicateEvents(participantId, loaded.duplicates);
    if (!events.ok) return failed(events.issues);
    return { ok: true, events: events.value, snapshot: loaded.snapshot, version: loaded.version, duplicate: true, admitted: [] };
  };

  /**
   * A refusal is final for its command id: recorded, so a repeat gets it again instead of a new decision.
   * Not recorded: `command.in_future`, a judgement of the clocks, not of the participant. When another
   * writer recorded the id first, its answer is the one given.
   */
  const refusedWith = async (q: Queryable, participantId: string, command: { id: string; digest: string } | undefined, refusal: Refusal | StoreRefusal): Promise<ExecuteOutcome> => {
    const answer: ExecuteOutcome = { ok: false, kind: 'refused', refusal };
    if (!command || refusal.code === 'command.in_future') return answer;
    const inserted = await q.query(insertCommand, [participantId, command.id, command.digest, JSON.stringify(refusal)]);
    if (inserted.rows.length > 0) return answer;
    const again = await load(q, participantId, { commandId: command.id });
    return (again.ok && priorAnswer(participantId, again.value, command.digest)) || answer;
  };

  /** A command of a programme with limited places: decided and appended under the programme's roster lock. */
  const executeWithPlaces = async (command: Record<string, unknown>, participantId: string, programmeId: string, id: { id: string; digest: string } | undefined, start: ProgrammeRef | undefined, bound: ClockBound, version: number): Promise<ExecuteOutcome> => {
    // The heads the transaction leaves, kept once it has committed; dropped if its outcome is unknown.
    let heads: [string, Head][] = [];
    try {
      const outcome = await db.transaction(async (tx): Promise<ExecuteOutcome> => {
        heads = [];
        await lockPlaces(tx, programmeId);
        const loaded = await load(tx, participantId, { commandId: id?.id, start });
        if (!loaded.ok) return failed(loaded.issues);
        const answered = priorAnswer(participantId, loaded.value, id?.digest);
        if (answered) return answered;
        const { engine, snapshot } = loaded.value;
        const placed = decidePlace(engine.programme, await readRoster(tx, programmeId), snapshot, engine.phase(snapshot), command);
        if (!placed.ok) return refusedWith(tx, participantId, id, placed.refusal);
        const given = await executeOptions(tx, participantId, loaded.value, command, bound);
        if (!given.ok) return given;
        const r = engine.execute(snapshot, placed.command, given.value);
        if (!r.ok) return refusedWith(tx, participantId, id, r.refusal);
        if (r.events.length === 0) return { ok: true, events: [], snapshot: r.snapshot, version: loaded.value.version, duplicate: false, admitted: [] };
        await appendIn(tx, participantId, r.events.map(rowOfEvent), loaded.value, engine, r.snapshot, id);
        heads.push([participantId, headOf(engine, r.snapshot)]);
        const at = String(command.at);
        await syncPlace(tx, engine, r.snapshot, at);
        const admitted = r.events.some((e) => e.type === 'participant.exited') ? await admitFreed(tx, engine, at, command.actor, bound, heads) : [];
        return { ok: true, events: r.events, snapshot: r.snapshot, version: r.snapshot.context.version, duplicate: false, admitted };
      });
      for (const [pid, head] of heads) cache.set(pid, head);
      return outcome;
    } catch (error) {
      cache.delete(participantId);
      for (const [pid] of heads) cache.delete(pid);
      if (error instanceof Taken) return conflict(participantId, version);
      throw error;
    }
  };

  /**
   * Gives the places an exit freed to those waiting, in order, in the exit's transaction: each is sent
   * `admit` as the exiting actor at the exit's time. One whose admission the engine refuses (the policy
   * does not let that actor admit) stays on the list, and no later one jumps the place it was given.
   */
  const admitFreed = async (tx: Queryable, engine: Engine, at: string, actor: unknown, bound: ClockBound, heads: [string, Head][]): Promise<{ participantId: string; events: DomainEvent[] }[]> => {
    const out: { participantId: string; events: DomainEvent[] }[] = [];
    for (const seat of await freedPlaces(tx, engine.programme)) {
      const loaded = await load(tx, seat.participantId, {});
      if (!loaded.ok) continue;
      const r = loaded.value.engine.execute(loaded.value.snapshot, { type: 'admit', participantId: seat.participantId, at, actor }, { clock: bound });
      if (!r.ok || r.events.length === 0) continue;
      await appendIn(tx, seat.participantId, r.events.map(rowOfEvent), loaded.value, loaded.value.engine, r.snapshot);
      heads.push([seat.participantId, headOf(loaded.value.engine, r.snapshot)]);
      await syncPlace(tx, loaded.value.engine, r.snapshot, at);
      out.push({ participantId: seat.participantId, events: r.events });
    }
    return out;
  };

  /**
   * A command decided on the state this store's last command left (the cache), with no load: appended in
   * one statement if the participant is still where it left them (at that version, their snapshot row at
   * it). A refusal or a command that changed nothing stands if they are (one query); with a command id, or
   * when anything else was found, undefined: the command is decided again on a fresh load, as if there
   * were no cache.
   */
  const executeCached = async (head: Head, command: unknown, participantId: string, id: { id: string; digest: string } | undefined, bound: ClockBound): Promise<ExecuteOutcome | undefined> => {
    const r = head.engine.execute(head.snapshot, command, { clock: bound });
    if (!r.ok && r.refusal.code === 'command.in_future') return { ok: false, kind: 'refused', refusal: r.refusal };
    if (!r.ok || r.events.length === 0) {
      // A refusal with an id is recorded, and an id seen before has its own answer: the fresh path knows both.
      if (id !== undefined || !(await stillAt(participantId, head))) return undefined;
      return r.ok ? { ok: true, events: [], snapshot: r.snapshot, version: head.version, duplicate: false, admitted: [] } : { ok: false, kind: 'refused', refusal: r.refusal };
    }
    if (!(await writer.write({ participantId, rows: r.events.map(rowOfEvent), head, engine: head.engine, next: r.snapshot, command: id }))) {
      cache.delete(participantId);
      return undefined;
    }
    cache.set(participantId, headOf(head.engine, r.snapshot));
    return { ok: true, events: r.events, snapshot: r.snapshot, version: r.snapshot.context.version, duplicate: false, admitted: [] };
  };

  /** A command decided on the participant as loaded now: what `execute` does without a cached state. */
  const executeLoaded = async (command: unknown, c: Record<string, unknown>, participantId: string, id: { id: string; digest: string } | undefined, o: ExecuteOptions, bound: ClockBound): Promise<ExecuteOutcome> => {
    const start = o.programme ?? defaultStart();
    const loaded = await load(db, participantId, { commandId: id?.id, start });
    if (!loaded.ok) return failed(loaded.issues);
    const { engine } = loaded.value;
    const answered = priorAnswer(participantId, loaded.value, id?.digest);
    if (answered) return answered;
    if (o.programme && o.programme.id !== engine.programme.id)
      return failed([storeIssue('store.wrong_programme', ['programme'], `the participant runs under ${engine.programme.id}, not the programme the command names`, 'send the command to the programme the participant is in')]);
    if (usesRoster(engine.programme, c.type)) return executeWithPlaces(c, participantId, engine.programme.id, id, start, bound, loaded.value.version);
    const given = await executeOptions(db, participantId, loaded.value, c, bound);
    if (!given.ok) return given;
    const r = engine.execute(loaded.value.snapshot, command, given.value);
    if (!r.ok) return refusedWith(db, participantId, id, r.refusal);
    if (r.events.length === 0) return { ok: true, events: [], snapshot: r.snapshot, version: loaded.value.version, duplicate: false, admitted: [] };
    if (await writer.write({ participantId, rows: r.events.map(rowOfEvent), head: loaded.value, engine, next: r.snapshot, command: id })) {
      cache.set(participantId, headOf(engine, r.snapshot));
      return { ok: true, events: r.events, snapshot: r.snapshot, version: r.snapshot.context.version, duplicate: false, admitted: [] };
    }
    cache.delete(participantId);
    // The same command id sent twice at once: the other writer's answer is this one's too.
    if (id !== undefined) {
      const again = await load(db, participantId, { commandId: id.id });
      const prior = again.ok ? priorAnswer(participantId, again.value, id.digest) : undefined;
      if (prior) return prior;
    }
    return conflict(participantId, loaded.value.version);
  };

  const execute = async (command: unknown, o: ExecuteOptions = {}): Promise<ExecuteOutcome> => {
    const c = (typeof command === 'object' && command !== null && !Array.isArray(command) ? command : {}) as Record<string, unknown>;
    if (typeof c.participantId !== 'string' || c.participantId.length === 0) return commandInvalid(['participantId'], 'expected the participant\'s opaque id');
    if (c.commandId !== undefined && typeof c.commandId !== 'string') return commandInvalid(['commandId'], 'expected a string id for the command');
    // Text PostgreSQL cannot hold never reaches it: refused here, with its path, before any query.
    const bad = unstorableText(command);
    if (bad) return badText(bad);
    const participantId = c.participantId;
    const id = typeof c.commandId === 'string' ? { id: c.commandId, digest: commandDigest(command) } : undefined;
    const bound = clock();
    try {
      const head = cache.get(participantId);
      // A void is decided on the participant's whole stream, which only a load reads.
      if (head && !needsStream(c) && !(o.programme && o.programme.id !== head.engine.programme.id) && !usesRoster(head.engine.programme, c.type)) {
        const answer = await executeCached(head, command, participantId, id, bound);
        if (answer) return answer;
      }
      return await executeLoaded(command, c, participantId, id, o, bound);
    } catch (error) {
      // The write may or may not have landed: the next command loads.
      cache.delete(participantId);
      return dbFailure(error);
    }
  };

  const migrateOne = async (input: MigrateInput): Promise<MigrateOutcome> => {
    const { participantId, commandId } = input;
    const bad = unstorableText(input);
    if (bad) return badText(bad);
    const id = commandId !== undefined ? { id: commandId, digest: commandDigest({ migrate: input }) } : undefined;
    const early = checkClock(input, clock());
    if (early) return { ok: false, kind: 'refused', refusal: early };
    try {
      const loaded = await load(db, participantId, { commandId });
      if (!loaded.ok) return failed(loaded.issues);
      const { engine, snapshot, version } = loaded.value;
      if (id && loaded.value.prior && loaded.value.prior.digest !== id.digest) return reused;
      if (loaded.value.duplicates.length > 0) {
        const prior = duplicateEvents(participantId, loaded.value.duplicates);
        if (!prior.ok) return failed(prior.issues);
        const event = prior.value.find((e): e is EventOf<'participant.migrated'> => e.type === 'participant.migrated');
        if (!event) return reused;
        return { ok: true, event, snapshot, version, notes: [], duplicate: true };
      }
      if (version === 0) return failed([issue('migration.unsafe', ['participantId'], 'the participant has no events to migrate', 'start new participants on the new version instead')]);
      if (!/T/.test(input.at) || !localDate(input.at)) return commandInvalid(['at'], 'expected an instant with its offset');
      const toEngine = engines.get(input.to);
      if (!toEngine) return failed([storeIssue('store.unknown_programme', ['to'], `no programme ${input.to.id} v${input.to.version} is registered`, 'pass every version participants run under to createStore')]);
      const plan = planFor(engine, toEngine, input.mapping.steps);
      if (!plan.ok) return { ok: false, kind: 'refused', refusal: { code: 'migration.invalid', issues: plan.issues } };
      const migrated = migrateParticipant(plan.value, { from: engine, to: toEngine }, snapshot, { at: input.at, actor: input.actor, ...(commandId ? { commandId } : {}) });
      if (!migrated.ok)
        return { ok: false, kind: 'refused', refusal: { code: migrated.issues[0]!.code, issues: migrated.issues, ...(migrated.explanation ? { explanation: migrated.explanation } : {}) } };
      cache.delete(participantId);
      if (!(await append(db, formats, { participantId, rows: [rowOfEvent(migrated.event, 0)], head: loaded.value, engine: toEngine, next: migrated.snapshot, command: id }))) return conflict(participantId, version);
      cache.set(participantId, headOf(toEngine, migrated.snapshot));
      return { ok: true, event: migrated.event, snapshot: migrated.snapshot, version: migrated.event.seq, notes: migrated.notes, duplicate: false };
    } catch (error) {
      cache.delete(participantId);
      return dbFailure(error);
    }
  };

  return {
    execute,
    migrate: migrateOne,
    async load(participantId, o = {}) {
      if (unstorableText(participantId)) return unreadable(['participantId']);
      try {
        const loaded = await load(db, participantId, { fromEvents: o.fromEvents });
        if (!loaded.ok) return loaded;
        const { snapshot, version, engine } = loaded.value;
        return { ok: true, value: { snapshot, version, engine, programme: { id: engine.programme.id, version: engine.programme.version } } };
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async events(participantId) {
      if (unstorableText(participantId)) return unreadable(['participantId']);
      try {
        return await streamOf(db, participantId);
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async verify(participantId) {
      if (unstorableText(participantId)) return unreadable(['participantId']);
      try {
        // Both reads in one snapshot of the database: writes that land in between cannot make them differ.
        const both = await db.transaction(async (tx) => {
          await tx.query('set transaction isolation level repeatable read, read only');
          return [await load(tx, participantId, {}), await load(tx, participantId, { fromEvents: true })] as const;
        });
        const [fromSnapshot, fromEvents] = both;
        if (!fromSnapshot.ok) return fromSnapshot;
        if (!fromEvents.ok) return fromEvents;
        const a = fromSnapshot.value.snapshot;
        const b = fromEvents.value.snapshot;
        if (canonical(a.context) !== canonical(b.context) || canonical(a.value) !== canonical(b.value))
          return { ok: false, issues: [storeIssue('store.snapshot_mismatch', ['snapshot'], `the participant's snapshot at version ${fromSnapshot.value.snapshotVersion} differs from the state rebuilt from the events`, 'delete the snapshot row: the next load rebuilds it from the events')] };
        return { ok: true, value: { version: b.context.version } };
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async rebuild(o = {}) {
      try {
        return await rebuildSnapshots(db, engines, formats, o);
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      } finally {
        // The rebuild may have rewritten a cached participant's rows: the next command loads.
        cache.clear();
      }
    },
    async dueDeadlines(now, filter) {
      const bad = unstorableText({ now, filter });
      if (bad) return unreadable(bad.slice(1));
      try {
        return await queryDueDeadlines(db, now, filter);
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async notCompliant(filter = {}) {
      const bad = unstorableText({ filter });
      if (bad) return unreadable(bad.slice(1));
      try {
        return await queryNotCompliant(db, engines, filter);
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
  };
}
