import type { Engine, ParticipantSnapshot, Result } from '@stegvis/core';
import { type AnyIssue, storeIssue } from './codes.js';
import { complianceColumns } from './compliance.js';
import type { Queryable } from './db.js';
import type { Formats } from './format.js';
import { type DeadlineOwn, type DeadlineOwner, deadlineOwn, deadlineOwner } from './deadlines.js';
import { type RawEvent, foldEvents } from './load.js';
import type { Engines } from './programmes.js';
import { persisted } from './persisted.js';
import { rebuildPage, rebuildWriteLimit, writeRebuilt } from './queries.js';
import { rawEvent } from './rows.js';

export interface RebuildOptions {
  /** Events read a page (default 20,000): a participant's events may span pages. */
  readonly pageSize?: number;
  /** Called after each page is written, with the totals so far. */
  readonly onPage?: (progress: RebuildSummary) => void;
}

export interface RebuildSummary {
  /** Participants whose events were read and folded. */
  readonly participants: number;
  readonly events: number;
  /** Snapshot rows written (with their deadline rows). */
  readonly written: number;
  /** Participants not written: their stored snapshot was newer, or a command of theirs was being written. */
  readonly skipped: number;
  /** Participants whose events do not fold (a corrupt or unknown event, an unknown programme): nothing written for them. */
  readonly failed: readonly { readonly participantId: string; readonly issues: readonly AnyIssue[] }[];
}

/** A participant's part of a page (`rebuildPage`): their rows there as one JSON text of a column's array each. */
interface PageRow {
  readonly participant_id: string;
  readonly trusted: boolean;
  readonly events: string;
}

type Columns = [number[], string[], string[], (string | null)[], string[], number[], unknown[], unknown[]];

/** A participant's rows of a page as the engine reads them, in seq order (which the page gives). */
function pageEvents(row: PageRow): RawEvent[] {
  const [seq, type, at, command, programme, version, actor, payload] = JSON.parse(row.events) as Columns;
  const order = seq.map((_, i) => i);
  // The page is in seq order and the aggregates keep it; sorted here should a server ever not.
  if (seq.some((x, i) => i > 0 && x <= seq[i - 1]!)) order.sort((a, b) => seq[a]! - seq[b]!);
  return order.map((i) =>
    rawEvent(row.participant_id, { seq: seq[i]!, type: type[i]!, at_text: at[i]!, command_id: command[i]!, programme_id: programme[i]!, programme_version: version[i]!, actor: actor[i], payload: payload[i] }) as unknown as RawEvent,
  );
}

/** A participant as folded, ready to write: their snapshot row's columns, the snapshot's JSON text, their deadline rows. */
interface Rebuilt {
  /** participant_id, version, programme_id, programme_version and the compliance columns (`writeRebuilt`'s `$1`). */
  readonly row: object;
  readonly snapshot: string;
  readonly owner: DeadlineOwner;
  readonly deadlines: readonly DeadlineOwn[];
}

/** Events folded between two turns of the event loop: about 10–20 ms of the engine's work. */
const sliceEvents = 1_000;

/** Runs `f` now and keeps its failure for whoever awaits it later (not an unhandled rejection meanwhile). */
const started = <T>(f: () => Promise<T>): Promise<T> => {
  const p = f();
  p.catch(() => undefined);
  return p;
};

/**
 * Rebuilds every participant's snapshot and deadline rows from the events alone. The events are read in
 * pages in (participant, seq) order (keyset, not offset, so each page is an index range), a row per participant
 * of the page; each participant is folded once, with `foldEvents` (the engine of each version, `engine.replayFrom`,
 * the machine's state resolved once per run), exactly as `load({ fromEvents })` and `verify` fold them. A page's
 * snapshots and deadline rows are written in one statement (one per `rebuildWriteLimit` participants) while the
 * next page is read and folded: the database works while the engine does.
 *
 * Safe while commands go on: a participant whose stored snapshot is newer than the one rebuilt, or whose
 * snapshot row a command holds, is skipped (their command leaves them current).
 */
export async function rebuildSnapshots(db: Queryable, engines: Engines, formats: Formats, options: RebuildOptions = {}): Promise<Result<RebuildSummary, readonly AnyIssue[]>> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 20_000));
  const failed: { participantId: string; issues: readonly AnyIssue[] }[] = [];
  let participants = 0;
  let events = 0;
  let written = 0;
  let offered = 0;
  const summary = (): RebuildSummary => ({ participants, events, written, skipped: offered - written, failed });

  /** One statement for up to `rebuildWriteLimit` participants: how many of them were written. */
  const write = async (batch: readonly Rebuilt[]): Promise<number> => {
    const deadlines = batch.flatMap((b, i) => b.deadlines.map((d) => ({ i, ...d })));
    const r = await db.query<{ written: number }>(writeRebuilt(batch.length), [
      JSON.stringify(batch.map((b, i) => ({ i, ...b.row }))),
      JSON.stringify(deadlines),
      JSON.stringify(batch.map((b, i) => ({ i, ...b.owner }))),
      formats.snapshot,
      ...batch.map((b) => b.snapshot),
    ]);
    return r.rows[0]!.written;
  };
  const read = (participantId: string, seq: number) =>
    started(() => db.query<PageRow>(rebuildPage, [participantId, seq, pageSize, formats.event]).then((r) => r.rows.map((row) => ({ participantId: row.participant_id, events: pageEvents(row), trusted: row.trusted === true }))));
  let page = read('', 0);
  let writing: Promise<void> = Promise.resolve();
  /** The events of the last participant of a full page, who may go on in the next. */
  let carry: { participantId: string; events: RawEvent[]; trusted: boolean } | undefined;

  // A participant before their first event is the engine's initial state with their id: made once per
  // engine and given each id by `resolve`, not a new XState actor per participant (about 0.4 ms each,
  // as much as folding ten events).
  const blanks = new Map<Engine, ParticipantSnapshot>();
  const initial = (engine: Engine, participantId: string): ParticipantSnapshot => {
    let blank = blanks.get(engine);
    if (!blank) blanks.set(engine, (blank = engine.initial('')));
    return engine.resolve({ ...blank.context, participantId });
  };

  const fold = (participantId: string, log: readonly RawEvent[], trusted: boolean) => {
    participants++;
    events += log.length;
    const first = log[0]!;
    const engine: Engine | undefined = engines.get(first.programme);
    if (!engine) {
      failed.push({ participantId, issues: [storeIssue('store.unknown_programme', ['events', first.seq, 'programme'], `no programme ${first.programme.id} v${first.programme.version} is registered`, 'pass every version participants run under to createStore')] });
      return undefined;
    }
    const r = foldEvents(engines, participantId, engine, initial(engine, participantId), log, trusted);
    if (!r.ok) {
      failed.push({ participantId, issues: r.issues });
      return undefined;
    }
    return r.value;
  };

  for (;;) {
    const parts = await page;
    const last = parts.at(-1);
    const full = parts.reduce((n, p) => n + p.events.length, 0) >= pageSize;
    page = full && last ? read(last.participantId, last.events.at(-1)!.seq) : Promise.resolve([]);

    // Each participant's events; trusted when every row's checksum holds.
    const logs: { participantId: string; events: RawEvent[]; trusted: boolean }[] = [];
    for (const part of parts) {
      if (carry?.participantId === part.participantId) logs.push({ participantId: part.participantId, events: carry.events.concat(part.events), trusted: carry.trusted && part.trusted });
      else {
        if (carry) logs.push(carry);
        logs.push(part);
      }
      carry = undefined;
    }
    // The last participant of a full page may have more events in the next one.
    if (full) carry = logs.pop();
    else if (carry) {
      logs.push(carry);
      carry = undefined;
    }

    // Folded in slices with the event loop let in between: a page's fold is hundreds of milliseconds, in which the
    // driver would otherwise neither read the next page off the socket nor send the last write, and the server waits.
    const folded: Rebuilt[] = [];
    let slice = 0;
    for (const { participantId, events: log, trusted } of logs) {
      if (slice >= sliceEvents) {
        slice = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      slice += log.length;
      const done: { engine: Engine; snapshot: ParticipantSnapshot } | undefined = fold(participantId, log, trusted);
      if (!done) continue;
      const ctx = done.snapshot.context;
      folded.push({
        row: { participant_id: participantId, version: ctx.version, programme_id: ctx.programme.id, programme_version: ctx.programme.version, ...complianceColumns(ctx) },
        snapshot: JSON.stringify(persisted(done.engine, done.snapshot)),
        owner: deadlineOwner(ctx),
        deadlines: ctx.deadlines.map(deadlineOwn),
      });
    }

    await writing;
    if (folded.length > 0) {
      offered += folded.length;
      writing = started(async () => {
        for (let from = 0; from < folded.length; from += rebuildWriteLimit) written += await write(folded.slice(from, from + rebuildWriteLimit));
        options.onPage?.(summary());
      });
    }
    if (!full && !carry) break;
  }
  await writing;
  return { ok: true, value: summary() };
}
