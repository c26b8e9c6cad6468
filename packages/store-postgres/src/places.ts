import { type Engine, type Facts, type ParticipantSnapshot, type Programme, type Roster, type Seat, fill, placeFor, referralDecision } from '@stegvis/core';
import { type StoreRefusal, storeIssue } from './codes.js';
import type { Queryable } from './db.js';
import { deletePlace, lockRoster, selectRoster, upsertPlace } from './queries.js';

/**
 * Places are decided by the store. For a programme with limited places (`capacity`, or an area with its
 * own `places`), every command that decides or changes who holds a place runs in one transaction that
 * first takes the programme's roster lock: the referral gets its place or its spot on the waiting list,
 * and an exit gives the freed place to those waiting, before any other such command of the programme is
 * decided. Other commands (attendance, marks …) take no lock.
 */
// An approval can be an exit's (a proposed exit), and a void can take back facts or an area.
const rosterCommands: ReadonlySet<string> = new Set(['refer', 'admit', 'exit', 'updateFacts', 'assignArea', 'approveProposal', 'voidEvent']);

export const hasPlaces = (programme: Programme): boolean => programme.config.capacity !== undefined || programme.config.areas.some((a) => a.places !== undefined);

export const usesRoster = (programme: Programme, type: unknown): boolean => typeof type === 'string' && rosterCommands.has(type) && hasPlaces(programme);

export const lockPlaces = (tx: Queryable, programmeId: string) => tx.query(lockRoster, [programmeId]);

interface PlaceRow {
  readonly participant_id: string;
  readonly status: 'enrolled' | 'waiting';
  readonly facts: Facts;
  readonly area: string | null;
  readonly since_text: string;
  readonly arrival: number;
}

export async function readRoster(tx: Queryable, programmeId: string): Promise<Roster> {
  const { rows } = await tx.query<PlaceRow>(selectRoster, [programmeId]);
  const seat = (r: PlaceRow): Seat => ({ participantId: r.participant_id, facts: r.facts, ...(r.area !== null ? { area: r.area } : {}), since: r.since_text, arrival: r.arrival });
  return { enrolled: rows.filter((r) => r.status === 'enrolled').map(seat), waiting: rows.filter((r) => r.status === 'waiting').map(seat) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const noPlace = (message: string, explanation: StoreRefusal['explanation']): { ok: false; refusal: StoreRefusal } => ({
  ok: false,
  refusal: {
    code: 'store.no_place',
    issues: [storeIssue('store.no_place', ['place'], message, 'leave "place" out and the store puts the participant on the waiting list; they are admitted in turn when a place is freed')],
    ...(explanation ? { explanation } : {}),
  },
});

/**
 * The command as the roster decides it. A referral the rules accept gets `place: 'granted'` when a place
 * can be given now and `'none'` (the waiting list) otherwise; a referral that asks for `granted` when no
 * place is free, or an `admit` with no place for the participant, is refused with `store.no_place` and
 * the explanation of why (places taken, places held for a group). Anything else passes unchanged.
 */
export function decidePlace(programme: Programme, roster: Roster, snapshot: ParticipantSnapshot, phase: string, command: Record<string, unknown>): { ok: true; command: Record<string, unknown> } | { ok: false; refusal: StoreRefusal } {
  const participantId = snapshot.context.participantId;
  if (command.type === 'refer' && phase === 'intake' && isRecord(command.facts ?? {}) && typeof command.at === 'string') {
    const facts = (command.facts ?? {}) as Record<string, string | number | boolean>;
    let rule: ReturnType<typeof referralDecision>;
    try {
      rule = referralDecision(programme, facts);
    } catch {
      return { ok: true, command }; // facts the engine will refuse, with their paths
    }
    if (rule.decision !== 'accept' || command.place === 'none') return { ok: true, command };
    const seat: Seat = { participantId, facts, ...(typeof command.area === 'string' ? { area: command.area } : {}), since: command.at };
    const explanation = placeFor(programme, roster, seat);
    if (command.place === 'granted' && !explanation.ok) return noPlace('no place can be given now: the store decides places, and this programme\'s are taken or held', explanation);
    return { ok: true, command: { ...command, place: explanation.ok ? 'granted' : 'none' } };
  }
  if (command.type === 'admit' && phase === 'waiting') {
    const seat = roster.waiting.find((s) => s.participantId === participantId);
    if (seat) {
      const explanation = placeFor(programme, roster, seat);
      if (!explanation.ok) return noPlace('no place can be given to this participant now', explanation);
    }
  }
  return { ok: true, command };
}

/** Keeps the participant's roster row as their state says: waiting, enrolled (active or paused), or gone. */
export async function syncPlace(tx: Queryable, engine: Engine, snapshot: ParticipantSnapshot, since: string): Promise<void> {
  const ctx = snapshot.context;
  const phase = engine.phase(snapshot);
  const status = phase === 'waiting' ? 'waiting' : phase === 'active' || phase === 'paused' ? 'enrolled' : undefined;
  if (status === undefined) await tx.query(deletePlace, [ctx.programme.id, ctx.participantId]);
  else await tx.query(upsertPlace, [ctx.programme.id, ctx.participantId, status, JSON.stringify(ctx.facts), ctx.area, since]);
}

/** Who the freed places go to now, in waiting-list order (core's `fill` on the roster as stored). */
export async function freedPlaces(tx: Queryable, programme: Programme): Promise<readonly Seat[]> {
  return fill(programme, await readRoster(tx, programme.id)).admitted;
}
