import type { Engine, ParticipantSnapshot } from '@stegvis/core';
import { complianceColumns } from './compliance.js';
import { type Queryable, uniqueViolation } from './db.js';
import { deadlineChanges } from './deadlines.js';
import type { Formats } from './format.js';
import type { Head } from './load.js';
import { persisted } from './persisted.js';
import { appendCommand } from './queries.js';
import { type NewRow, rowsJson } from './rows.js';

/**
 * Appends a command's rows on top of `head`, with the snapshot `next` (of `engine`), the deadline rows that
 * changed (after a void, or over an index that may be behind, all of them, replacing every other row) and
 * the command id's row: one statement (`appendCommand`), so one round trip and one transaction,
 * or a part of the caller's transaction. True when it landed; false when nothing was written: the
 * participant is no longer at the head's version (another writer was first), the snapshot row the deadline
 * changes are computed against is no longer the head's, the command id was recorded before, or another
 * writer appended the same seq at the same moment. In a transaction, false leaves it to roll back.
 */
export async function append(q: Queryable, formats: Formats, participantId: string, rows: readonly NewRow[], head: Head, engine: Engine, next: ParticipantSnapshot, command?: { id: string; digest: string }): Promise<boolean> {
  const ctx = next.context;
  // A void rebuilt the state from the stream, and the index may be behind a snapshot caught up from events:
  // then the state's rows replace every row the participant has, in this statement.
  const replace = !head.indexed || rows.some((r) => r.type === 'event.voided');
  const changes = deadlineChanges(replace ? null : head.snapshot.context, ctx);
  const flags = complianceColumns(ctx);
  try {
    const r = await q.query<{ appended: number }>(appendCommand, [
      participantId,
      head.version,
      command?.id ?? null,
      command?.digest ?? null,
      rowsJson(rows),
      ctx.version,
      ctx.programme.id,
      ctx.programme.version,
      JSON.stringify(persisted(engine, next)),
      JSON.stringify(changes.upsert),
      changes.remove,
      formats.snapshot,
      head.indexed,
      replace ? changes.upsert.map((r) => r.deadline_id) : null,
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
