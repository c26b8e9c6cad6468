import { append, appendAll, type Write } from './append.js';
import { type Queryable, rejectedStatement } from './db.js';
import type { Formats } from './format.js';
import { appendBatchLimit } from './queries.js';

/**
 * Group commit: the store's appends outside a transaction, written together when they arrive while others are being
 * written. A write that finds fewer than `flights` batches in flight goes at once, alone (one writer never waits for
 * a timer); the writes that arrive meanwhile wait for a batch to finish and then go as one statement (`appendAll`,
 * at most `appendBatchLimit` writes), so they share one transaction's commit and WAL flush: on a server 0.3–0.4 ms
 * of the 0.85–0.9 ms of CPU a command's write cost alone. A batch holds at most one write of a participant, and a
 * participant's writes go in the order they came, one batch after another.
 *
 * Each write keeps its own guard (the version it was decided on, its snapshot row, its command id): one whose
 * guard fails is answered false and the others land. When the server refuses the batch's statement (a unique
 * violation: another process appended the same seq; a deadlock with another process), nothing of it was written,
 * and each write of it is tried again alone, so that one write's collision is only that write's answer. When the
 * outcome is unknown (the connection dropped, the server stopped), every write of the batch gets the error, as a
 * single write would: nothing is acknowledged before its commit.
 */
export interface Writer {
  /** True when the write landed, false when nothing of it was written (as `append`); rejects with a database error. */
  write(w: Write): Promise<boolean>;
}

interface Waiting {
  readonly write: Write;
  readonly resolve: (landed: boolean) => void;
  readonly reject: (error: unknown) => void;
}

export function commandWriter(db: Queryable, formats: Formats, flights: number): Writer {
  const waiting: Waiting[] = [];
  /** Participants with a write in a batch in flight: their next write waits for it. */
  const writing = new Set<string>();
  let inFlight = 0;

  const alone = async (w: Waiting): Promise<void> => {
    try {
      w.resolve(await append(db, formats, w.write));
    } catch (error) {
      w.reject(error);
    }
  };

  const send = async (batch: Waiting[]): Promise<void> => {
    if (batch.length === 1) return alone(batch[0]!);
    try {
      const landed = await appendAll(db, formats, batch.map((w) => w.write));
      batch.forEach((w, i) => w.resolve(landed[i]!));
    } catch (error) {
      if (rejectedStatement(error)) await Promise.all(batch.map(alone));
      else for (const w of batch) w.reject(error);
    }
  };

  /** Sends the next batch while fewer than `flights` are in flight: every waiting write whose participant is free. */
  const pump = (): void => {
    while (inFlight < flights && waiting.length > 0) {
      const batch: Waiting[] = [];
      const taken = new Set<string>();
      for (let i = 0; i < waiting.length && batch.length < appendBatchLimit; ) {
        const pid = waiting[i]!.write.participantId;
        // A participant already written, or with an earlier write still waiting, keeps its place in the queue.
        const free = !writing.has(pid) && !taken.has(pid);
        taken.add(pid);
        if (free) batch.push(...waiting.splice(i, 1));
        else i++;
      }
      if (batch.length === 0) return;
      for (const w of batch) writing.add(w.write.participantId);
      inFlight++;
      void send(batch).finally(() => {
        for (const w of batch) writing.delete(w.write.participantId);
        inFlight--;
        pump();
      });
    }
  };

  return {
    write(write) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ write, resolve, reject });
        pump();
      });
    },
  };
}
