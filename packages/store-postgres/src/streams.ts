import type { DomainEvent, Result } from '@stegvis/core';
import { type AnyIssue, storeIssue } from './codes.js';
import type { Queryable } from './db.js';
import { duplicateEvents } from './load.js';
import type { EventRow } from './rows.js';

/**
 * Every participant's stream of one programme (any version), in participant-id order, each in `seq` order:
 * what the exports (`@stegvis/exports`) compute from. One query, in one consistent snapshot of the database.
 * A stream whose events do not read back is an issue, and nothing is returned.
 *
 * @example
 * const streams = await readProgrammeStreams(db, 'ljusnarsberg');
 * if (streams.ok) koladaFigures(programme, streams.value, { year: 2026 });
 */
export async function readProgrammeStreams(db: Queryable, programmeId: string): Promise<Result<DomainEvent[][], readonly AnyIssue[]>> {
  let rows: (EventRow & { participant_id: string })[];
  try {
    ({ rows } = await db.query<EventRow & { participant_id: string }>(
      `select e.participant_id, e.seq, e.programme_id, e.programme_version, e.type, e.at_text, e.actor, e.command_id, e.payload
         from stegvis.events e
        where e.participant_id in (select participant_id from stegvis.events where seq = 1 and programme_id = $1)
        order by e.participant_id collate "C", e.seq`,
      [programmeId],
    ));
  } catch {
    return { ok: false, issues: [storeIssue('store.database', [], 'the events could not be read', 'check the database connection and retry')] };
  }
  const out: DomainEvent[][] = [];
  for (let i = 0; i < rows.length; ) {
    const id = rows[i]!.participant_id;
    let j = i;
    while (j < rows.length && rows[j]!.participant_id === id) j++;
    const events = duplicateEvents(id, rows.slice(i, j));
    if (!events.ok) return events;
    out.push(events.value);
    i = j;
  }
  return { ok: true, value: out };
}
