import { type DeadlineStatus, type IsoDate, type IsoInstant, type ParticipantContext, type Result, localDate } from '@stegvis/core';
import { type StoreIssue, storeIssue } from './codes.js';
import type { Queryable } from './db.js';
import { dueDeadlines as dueSql } from './queries.js';

/** A deadline from the index, with its status on the day asked about. */
export interface DueDeadline {
  readonly participantId: string;
  readonly deadlineId: string;
  readonly kind: string;
  readonly stepId: string | null;
  readonly opensOn: IsoDate;
  readonly dueOn: IsoDate;
  /** Computed from the dates and the Stockholm date of `now`, not the stored status. */
  readonly status: 'upcoming' | 'due' | 'overdue';
  readonly area: string | null;
  readonly responsible: string | null;
  readonly programme: { readonly id: string; readonly version: number };
}

export interface DueFilter {
  /** Deadline kinds: `followUp`, `assessment`, `stepTarget`, `evaluation` ... */
  readonly kinds?: readonly string[];
  /** Statuses on the day of `now`; by default all three (what falls due by `until` is then `upcoming`). */
  readonly statuses?: readonly ('upcoming' | 'due' | 'overdue')[];
  readonly programmeId?: string;
  /** The participant's area (unit, workplace area). */
  readonly area?: string;
  /** The administration responsible for the participant. */
  readonly responsible?: string;
  /** Include deadlines that open (fall due) by this date; by default today, the Stockholm date of `now`. */
  readonly until?: IsoDate;
  /** At most this many rows, ordered by due date (default 10,000). */
  readonly limit?: number;
  /**
   * Only the participants a reader may see: every participant of the programmes in `all`, and of those in
   * `ownReferrals` only the ones `actorId` referred. Unset, every row (the host then decides who sees it).
   */
  readonly readableBy?: { readonly all: readonly string[]; readonly ownReferrals: readonly string[]; readonly actorId: string };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Which open deadlines fall due by `until` (default: today), in one query on the deadline index.
 * "Today" is the Stockholm calendar date of `now`; each row's status is computed from its dates on
 * that day, because the stored status is only as fresh as the participant's last event. Met and
 * cancelled deadlines are final and never returned.
 *
 * @example
 * // the follow-ups of the repair workshop that fall due this week
 * await store.dueDeadlines('2026-03-02T07:00:00+01:00', { kinds: ['followUp'], area: 'repairWorkshop', until: '2026-03-08' });
 */
export async function queryDueDeadlines(db: Queryable, now: IsoInstant, filter: DueFilter = {}): Promise<Result<DueDeadline[], readonly StoreIssue[]>> {
  let today: string | null;
  try {
    today = /T/.test(now) ? localDate(now) : null;
  } catch {
    today = null;
  }
  if (!today) return { ok: false, issues: [storeIssue('store.invalid_query', ['now'], 'expected an instant with its offset, like 2026-03-02T07:00:00+01:00')] };
  if (filter.until !== undefined && !isoDate.test(filter.until)) return { ok: false, issues: [storeIssue('store.invalid_query', ['until'], 'expected a date like 2026-03-08')] };
  const list = (xs: readonly string[] | undefined) => (xs === undefined ? null : [...xs]);
  const { rows } = await db.query<{
    participant_id: string;
    deadline_id: string;
    kind: string;
    step_id: string | null;
    opens_on: string;
    due_on: string;
    status: DueDeadline['status'];
    area: string | null;
    responsible: string | null;
    programme_id: string;
    programme_version: number;
  }>(dueSql, [
    today,
    filter.until ?? null,
    list(filter.kinds),
    filter.programmeId ?? null,
    filter.area ?? null,
    filter.responsible ?? null,
    list(filter.statuses),
    filter.limit ?? 10_000,
    list(filter.readableBy?.all),
    list(filter.readableBy?.ownReferrals),
    filter.readableBy?.actorId ?? null,
  ]);
  return {
    ok: true,
    value: rows.map((r) => ({
      participantId: r.participant_id,
      deadlineId: r.deadline_id,
      kind: r.kind,
      stepId: r.step_id,
      opensOn: r.opens_on,
      dueOn: r.due_on,
      status: r.status,
      area: r.area,
      responsible: r.responsible,
      programme: { id: r.programme_id, version: r.programme_version },
    })),
  };
}

/** What a participant's state gives every one of their index rows (the rebuild writes it once a participant). */
export interface DeadlineOwner {
  readonly area: string | null;
  readonly responsible: string | null;
  readonly programme_id: string;
  readonly programme_version: number;
  readonly referred_by: string | null;
}

/** What an index row has of its deadline. */
export interface DeadlineOwn {
  readonly deadline_id: string;
  readonly kind: string;
  readonly step_id: string | null;
  readonly opens_on: string;
  readonly due_on: string;
  readonly status: DeadlineStatus;
}

export type DeadlineRow = DeadlineOwn & DeadlineOwner;

/** A participant's columns of their index rows, from their state. */
export const deadlineOwner = (ctx: ParticipantContext): DeadlineOwner => ({
  area: ctx.area,
  responsible: ctx.responsible,
  programme_id: ctx.programme.id,
  programme_version: ctx.programme.version,
  referred_by: ctx.referral?.caseworkerId ?? null,
});

/** A deadline's own columns of its index row. */
export const deadlineOwn = (d: ParticipantContext['deadlines'][number]): DeadlineOwn => ({
  deadline_id: d.id,
  kind: d.kind,
  step_id: d.stepId ?? null,
  opens_on: d.opensOn,
  due_on: d.dueOn,
  status: d.status,
});

/** The index rows of a state: one per deadline. */
export const deadlineRows = (ctx: ParticipantContext): DeadlineRow[] => {
  const owner = deadlineOwner(ctx);
  return ctx.deadlines.map((d) => ({ ...deadlineOwn(d), ...owner }));
};

const sameRow = (a: DeadlineRow, b: DeadlineRow): boolean =>
  a.kind === b.kind && a.step_id === b.step_id && a.opens_on === b.opens_on && a.due_on === b.due_on && a.status === b.status &&
  a.area === b.area && a.responsible === b.responsible && a.programme_id === b.programme_id &&
  a.programme_version === b.programme_version && a.referred_by === b.referred_by;

/**
 * The index rows that change from one state to the next: new or changed deadlines to upsert, and ids
 * no longer in the state to delete. Only what changed is written, in the append's statement.
 */
export function deadlineChanges(before: ParticipantContext | null, after: ParticipantContext): { upsert: DeadlineRow[]; remove: string[] } {
  const next = deadlineRows(after);
  if (before === null) return { upsert: next, remove: [] };
  const prev = new Map(deadlineRows(before).map((r) => [r.deadline_id, r]));
  const ids = new Set(next.map((r) => r.deadline_id));
  return {
    upsert: next.filter((r) => {
      const was = prev.get(r.deadline_id);
      return was === undefined || !sameRow(was, r);
    }),
    remove: [...prev.keys()].filter((id) => !ids.has(id)),
  };
}
