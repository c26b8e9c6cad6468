import {
  type Actor,
  type DomainEvent,
  type Engine,
  type EventOf,
  type Explanation,
  type IsoInstant,
  type MigrationPlan,
  type ParticipantContext,
  type ParticipantSnapshot,
  type Refusal,
  type Result,
  issue,
  localDate,
  migrateParticipant,
  planMigration,
} from '@stegvis/core';
import { type AnyIssue, type StoreIssue, type StoreIssueCode, storeIssue } from './codes.js';
import { type Db, type Queryable, describeDbError, uniqueViolation } from './db.js';
import { type DueDeadline, type DueFilter, deadlineChanges, queryDueDeadlines } from './deadlines.js';
import { type LoadOptions, type Loaded, duplicateEvents, loadParticipant } from './load.js';
import { type ProgrammeRef, type ProgrammeSource, enginesFor } from './programmes.js';
import { deleteDeadlines, insertEvents, upsertDeadlines, upsertSnapshot } from './queries.js';
import { type NewRow, rowOfEvent, rowsJson } from './rows.js';

/** A refusal by the store itself (a migration that is unsafe), shaped like core's `Refusal`. */
export interface StoreRefusal {
  readonly code: StoreIssueCode;
  readonly issues: readonly AnyIssue[];
  readonly explanation?: Explanation;
}

/** What went wrong, when it did not work: refused (nothing written), a conflict to retry, or a failure. */
export type StoreFailure =
  | { ok: false; kind: 'refused'; refusal: Refusal | StoreRefusal }
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
}

export interface ExecuteOptions {
  /** For a participant without events: the programme version they start on. Ignored for others, who stay on their version. */
  readonly programme?: ProgrammeRef;
}

export interface Store {
  /** Loads the participant, runs the command through the engine and appends its events, snapshot and deadline rows in one transaction. */
  execute(command: unknown, options?: ExecuteOptions): Promise<ExecuteOutcome>;
  /** Moves a participant to a newer version of their programme (core's `migrateParticipant`), recorded as a `participant.migrated` event; refused when unsafe for them. */
  migrate(input: MigrateInput): Promise<MigrateOutcome>;
  /** The participant's state, from the snapshot and the events after it, or (`fromEvents`) from the events alone. */
  load(participantId: string, options?: { fromEvents?: boolean }): Promise<Result<{ snapshot: ParticipantSnapshot; version: number; programme: ProgrammeRef; engine: Engine }, readonly AnyIssue[]>>;
  /** Every event of a participant, each read back through `DomainEventSchema`: what `engine.replay` and `stegvis replay` read. */
  events(participantId: string): Promise<Result<DomainEvent[], readonly AnyIssue[]>>;
  /** Rebuilds the participant from the events alone and compares with the stored snapshot. */
  verify(participantId: string): Promise<Result<{ version: number }, readonly AnyIssue[]>>;
  /** Which open deadlines fall due, from the deadline index in one query. */
  dueDeadlines(now: IsoInstant, filter?: DueFilter): Promise<Result<DueDeadline[], readonly StoreIssue[]>>;
}

/** JSON with sorted keys: jsonb keeps its own key order, so a restored state is compared by content. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );

const failed = (issues: readonly AnyIssue[]): StoreFailure => ({ ok: false, kind: 'failed', issues });
const dbIssues = (error: unknown): StoreIssue[] => [storeIssue('store.database', [], describeDbError(error), 'check the database connection and retry')];
const dbFailure = (error: unknown): StoreFailure => failed(dbIssues(error));
const commandInvalid = (path: string, message: string): StoreFailure => ({
  ok: false,
  kind: 'refused',
  refusal: { code: 'command.invalid', issues: [{ code: 'command.invalid', path: [path], message }] },
});

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

  const load = async (participantId: string, o: LoadOptions): Promise<Result<Loaded, readonly AnyIssue[]>> => loadParticipant(db, engines, participantId, o);

  /** Appends rows, the snapshot and the deadline changes in one transaction; false on a conflict. */
  const append = async (participantId: string, rows: readonly NewRow[], loaded: Loaded, engine: Engine, next: ParticipantSnapshot): Promise<{ ok: true } | { ok: false; constraint: string }> => {
    const ctx: ParticipantContext = next.context;
    // When the stored snapshot was behind, the index may be too: write every deadline row then.
    const before = loaded.snapshotVersion === loaded.version && loaded.version > 0 ? loaded.snapshot.context : null;
    const changes = deadlineChanges(before, ctx);
    try {
      await db.transaction(async (tx: Queryable) => {
        await tx.query(insertEvents, [rowsJson(participantId, rows)]);
        await tx.query(upsertSnapshot, [participantId, ctx.version, ctx.programme.id, ctx.programme.version, JSON.stringify(engine.persist(next))]);
        if (changes.upsert.length > 0) await tx.query(upsertDeadlines, [participantId, JSON.stringify(changes.upsert)]);
        if (changes.remove.length > 0) await tx.query(deleteDeadlines, [participantId, changes.remove]);
      });
      return { ok: true };
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint !== undefined) return { ok: false, constraint };
      throw error;
    }
  };

  const conflict = (participantId: string, version: number): StoreFailure => ({
    ok: false,
    kind: 'conflict',
    version,
    issues: [storeIssue('store.conflict', ['participantId'], `participant ${participantId} changed after version ${version} while this command was decided`, 'reload and decide again (retrying does this)')],
  });

  /** The answer to a repeated command id: the events recorded the first time, and the state now. */
  const repeat = (participantId: string, loaded: Loaded): ExecuteOutcome => {
    const events = duplicateEvents(participantId, loaded.duplicates);
    if (!events.ok) return failed(events.issues);
    return { ok: true, events: events.value, snapshot: loaded.snapshot, version: loaded.version, duplicate: true };
  };

  const execute = async (command: unknown, o: ExecuteOptions = {}): Promise<ExecuteOutcome> => {
    const c = (typeof command === 'object' && command !== null ? command : {}) as { participantId?: unknown; commandId?: unknown };
    if (typeof c.participantId !== 'string' || c.participantId.length === 0) return commandInvalid('participantId', 'expected the participant\'s opaque id');
    if (c.commandId !== undefined && typeof c.commandId !== 'string') return commandInvalid('commandId', 'expected a string id for the command');
    const participantId = c.participantId;
    const commandId = c.commandId;
    try {
      const loaded = await load(participantId, { commandId, start: o.programme ?? defaultStart() });
      if (!loaded.ok) return failed(loaded.issues);
      const { engine } = loaded.value;
      if (loaded.value.duplicates.length > 0) return repeat(participantId, loaded.value);
      if (o.programme && o.programme.id !== engine.programme.id)
        return failed([storeIssue('store.wrong_programme', ['programme'], `participant ${participantId} runs under ${engine.programme.id}, not ${o.programme.id}`, 'send the command to the programme the participant is in')]);
      const r = engine.execute(loaded.value.snapshot, command);
      if (!r.ok) return { ok: false, kind: 'refused', refusal: r.refusal };
      if (r.events.length === 0) return { ok: true, events: [], snapshot: r.snapshot, version: loaded.value.version, duplicate: false };
      const appended = await append(participantId, r.events.map(rowOfEvent), loaded.value, engine, r.snapshot);
      if (!appended.ok) {
        if (commandId !== undefined) {
          const again = await load(participantId, { commandId });
          if (again.ok && again.value.duplicates.length > 0) return repeat(participantId, again.value);
        }
        return conflict(participantId, loaded.value.version);
      }
      return { ok: true, events: r.events, snapshot: r.snapshot, version: r.snapshot.context.version, duplicate: false };
    } catch (error) {
      return dbFailure(error);
    }
  };

  const migrateOne = async (input: MigrateInput): Promise<MigrateOutcome> => {
    const { participantId, commandId } = input;
    try {
      const loaded = await load(participantId, { commandId });
      if (!loaded.ok) return failed(loaded.issues);
      const { engine, snapshot, version } = loaded.value;
      if (loaded.value.duplicates.length > 0) {
        const prior = duplicateEvents(participantId, loaded.value.duplicates);
        if (!prior.ok) return failed(prior.issues);
        const event = prior.value.find((e): e is EventOf<'participant.migrated'> => e.type === 'participant.migrated');
        if (!event) return failed([storeIssue('store.corrupt_event', ['commandId'], 'the command id was used for another command', 'use a new command id for each command')]);
        return { ok: true, event, snapshot, version, notes: [], duplicate: true };
      }
      if (version === 0) return failed([issue('migration.unsafe', ['participantId'], 'the participant has no events to migrate', 'start new participants on the new version instead')]);
      if (!/T/.test(input.at) || !localDate(input.at)) return commandInvalid('at', 'expected an instant with its offset');
      const toEngine = engines.get(input.to);
      if (!toEngine) return failed([storeIssue('store.unknown_programme', ['to'], `no programme ${input.to.id} v${input.to.version} is registered`, 'pass every version participants run under to createStore')]);
      const plan = planFor(engine, toEngine, input.mapping.steps);
      if (!plan.ok) return { ok: false, kind: 'refused', refusal: { code: 'migration.invalid', issues: plan.issues } };
      const migrated = migrateParticipant(plan.value, { from: engine, to: toEngine }, snapshot, { at: input.at, actor: input.actor, ...(commandId ? { commandId } : {}) });
      if (!migrated.ok)
        return { ok: false, kind: 'refused', refusal: { code: migrated.issues[0]!.code, issues: migrated.issues, ...(migrated.explanation ? { explanation: migrated.explanation } : {}) } };
      const appended = await append(participantId, [rowOfEvent(migrated.event, 0)], loaded.value, toEngine, migrated.snapshot);
      if (!appended.ok) return conflict(participantId, version);
      return { ok: true, event: migrated.event, snapshot: migrated.snapshot, version: migrated.event.seq, notes: migrated.notes, duplicate: false };
    } catch (error) {
      return dbFailure(error);
    }
  };

  return {
    execute,
    migrate: migrateOne,
    async load(participantId, o = {}) {
      try {
        const loaded = await load(participantId, { fromEvents: o.fromEvents });
        if (!loaded.ok) return loaded;
        const { snapshot, version, engine } = loaded.value;
        return { ok: true, value: { snapshot, version, engine, programme: { id: engine.programme.id, version: engine.programme.version } } };
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async events(participantId) {
      try {
        const { rows } = await db.query<{ seq: number; programme_id: string; programme_version: number; type: string; at_text: string; actor: unknown; command_id: string | null; payload: unknown }>(
          'select seq, programme_id, programme_version, type, at_text, actor, command_id, payload from stegvis.events where participant_id = $1 order by seq',
          [participantId],
        );
        return duplicateEvents(participantId, rows);
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async verify(participantId) {
      try {
        const fromSnapshot = await load(participantId, {});
        if (!fromSnapshot.ok) return fromSnapshot;
        const fromEvents = await load(participantId, { fromEvents: true });
        if (!fromEvents.ok) return fromEvents;
        const a = fromSnapshot.value.snapshot;
        const b = fromEvents.value.snapshot;
        if (canonical(a.context) !== canonical(b.context) || canonical(a.value) !== canonical(b.value))
          return { ok: false, issues: [storeIssue('store.snapshot_mismatch', ['snapshot'], `the snapshot of ${participantId} at version ${fromSnapshot.value.snapshotVersion} differs from the state rebuilt from the events`, 'delete the snapshot row: the next load rebuilds it from the events')] };
        return { ok: true, value: { version: b.context.version } };
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
    async dueDeadlines(now, filter) {
      try {
        return await queryDueDeadlines(db, now, filter);
      } catch (error) {
        return { ok: false, issues: dbIssues(error) };
      }
    },
  };
}
