import { type NotCompliant, type ParticipantContext, ParticipantContextSchema, type Result, notCompliant } from '@stegvis/core';
import type { StoreIssue } from './codes.js';
import type { Queryable } from './db.js';
import type { Engines, ProgrammeRef } from './programmes.js';
import { flaggedSnapshots } from './queries.js';

export interface NotCompliantFilter {
  readonly programmeId?: string;
  /** As for `dueDeadlines`: every participant of the programmes in `all`, of those in `ownReferrals` only `actorId`'s referrals. */
  readonly readableBy?: { readonly all: readonly string[]; readonly ownReferrals: readonly string[]; readonly actorId: string };
}

/**
 * What `notCompliant`'s query asks of a snapshot, written beside it in the snapshot row: whether its context carries
 * a compliance flag, and the referring caseworker (a reader who sees only their own referrals).
 */
export const complianceColumns = (ctx: ParticipantContext): { flagged: boolean; referred_by: string | null } => ({
  flagged: Object.keys(ctx.participation?.flags ?? {}).length > 0,
  referred_by: ctx.referral?.caseworkerId ?? null,
});

/**
 * Participants who still meet their programme's referral rules but carry a compliance flag (core's `notCompliant`),
 * each with the programme version they run under. A snapshot that does not read back as a context is left out.
 */
export async function queryNotCompliant(db: Queryable, engines: Engines, filter: NotCompliantFilter = {}): Promise<Result<(NotCompliant & { programme: ProgrammeRef })[], readonly StoreIssue[]>> {
  const r = filter.readableBy;
  const { rows } = await db.query<{ participant_id: string; programme_id: string; programme_version: number; context: unknown }>(flaggedSnapshots, [
    filter.programmeId ?? null, r !== undefined, r?.all ?? [], r?.ownReferrals ?? [], r?.actorId ?? '',
  ]);
  const out: (NotCompliant & { programme: ProgrammeRef })[] = [];
  for (const row of rows) {
    const programme = { id: row.programme_id, version: row.programme_version };
    const engine = engines.get(programme);
    const context = ParticipantContextSchema.safeParse(typeof row.context === 'string' ? JSON.parse(row.context) : row.context);
    if (!engine || !context.success) continue;
    for (const x of notCompliant(engine.programme, [context.data])) out.push({ ...x, programme });
  }
  return { ok: true, value: out };
}
