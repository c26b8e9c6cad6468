import type { Engine, ParticipantSnapshot } from '@stegvis/core';
import { complianceColumns } from './compliance.js';
import { type Queryable, uniqueViolation } from './db.js';
import { deadlineChanges } from './deadlines.js';
import type { Formats } from './format.js';
import type { Head } from './load.js';
import { persisted } from './persisted.js';
import { appendCommand, appendCommands } from './queries.js';
import { type NewRow, eventRecords } from './rows.js';

/** One command's write: its rows on top of `head`, with the snapshot `next` (of `engine`) and its command id's row. */
export interface Write {
  readonly participantId: string;
  readonly rows: readonly NewRow[];
  readonly head: Head;
  readonly engine: Engine;
  readonly next: ParticipantSnapshot;
  readonly command?: { readonly id: string; readonly digest: string } | undefined;
}

/** What a write changes besides its events: its deadline rows and its compliance columns. */
function changesOf(w: Write) {
  const ctx = w.next.context;
  // A void rebuilt the state from the stream, and the index may be behind a snapshot caught up from events:
  // then the state's rows replace every row the participant has, in this statement.
  const replace = !w.head.indexed || w.rows.some((r) => r.type === 'event.voided');
  const changes = deadlineChanges(replace ? null : w.head.snapshot.context, ctx);
  return { ctx, changes, keep: replace ? changes.upsert.map((r) => r.deadline_id) : null, flags: complianceColumns(ctx) };
}

/** A write as an element of `appendCommands`' array (its JSON text; its snapshot is a parameter of its own). */
function element(w: Write, i: number): string {
  const { ctx, changes, keep, flags } = changesOf(w);
  return JSON.stringify({
    i,
    participant_id: w.participantId,
    expected: w.head.version,
    command_id: w.command?.id ?? null,
    digest: w.command?.digest ?? null,
    version: ctx.version,
    programme_id: ctx.programme.id,
    programme_version: ctx.programme.version,
    upsert: changes.upsert,
    remove: changes.remove,
    indexed: w.head.indexed,
    keep,
    flagged: flags.flagged,
    referred_by: flags.referred_by,
    events: eventRecords(w.rows),
  });
}

/**
 * Appends two or more writes (at most `appendBatchLimit`), each on a different participant, in one statement
 * (`appendCommands`): one round trip and one transaction. For each write, in order: true when it landed; false when
 * nothing of it was written (its participant is no longer at the head's version — another writer was first —, the
 * snapshot row its deadline changes are computed against is no longer the head's, or its command id was recorded
 * before); the others land all the same. Throws when the statement fails (a unique violation: another writer
 * appended the same seq at the same moment), and then nothing of any write was written.
 */
export async function appendAll(q: Queryable, formats: Formats, writes: readonly Write[]): Promise<boolean[]> {
  const snapshots = writes.map((w) => JSON.stringify(persisted(w.engine, w.next)));
  const r = await q.query<{ i: number; appended: number }>(appendCommands(writes.length), [`[${writes.map(element).join(',')}]`, formats.snapshot, formats.event, ...snapshots]);
  const landed = writes.map(() => false);
  for (const row of r.rows) landed[row.i] = row.appended > 0;
  return landed;
}

/**
 * Appends one write in one statement (`appendCommand`). True when it landed; false when nothing was written, also
 * when another writer appended the same seq at the same moment. In a transaction, false leaves it to roll back.
 */
export async function append(q: Queryable, formats: Formats, w: Write): Promise<boolean> {
  const { ctx, changes, keep, flags } = changesOf(w);
  try {
    const r = await q.query<{ appended: number }>(appendCommand, [
      w.participantId,
      w.head.version,
      w.command?.id ?? null,
      w.command?.digest ?? null,
      JSON.stringify(eventRecords(w.rows)),
      ctx.version,
      ctx.programme.id,
      ctx.programme.version,
      JSON.stringify(persisted(w.engine, w.next)),
      JSON.stringify(changes.upsert),
      changes.remove,
      formats.snapshot,
      w.head.indexed,
      keep,
      formats.event,
      flags.flagged,
      flags.referred_by,
    ]);
    return r.rows[0]!.appended > 0;
  } catch (error) {
    if (uniqueViolation(error) !== undefined) return false;
    throw error;
  }
}
