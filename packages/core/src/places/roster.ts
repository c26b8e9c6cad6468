import { holds } from '../conditions/evaluate.js';
import { type Explanation, explain } from '../conditions/explanation.js';
import type { Programme } from '../programme/compiled.js';
import type { Facts } from '../facts/facts.js';
import { type IsoDate, type IsoInstant, compareInstants } from '../time/calendar.js';
import { scopeOf } from '../path/scope.js';
import type { Reservation } from '../programme/capacity.js';

/** A participant holding, or waiting for, a place. */
export interface Seat {
  readonly participantId: string;
  readonly facts: Facts;
  readonly area?: string;
  /**
   * When they were referred, a date or (better) the referral's instant with its offset: the waiting list
   * is first come, first served within a priority.
   */
  readonly since: IsoDate | IsoInstant;
  /**
   * The order of arrival among referrals with the same `since`: a number the host assigns once, in the
   * order referrals reached it (the store: a sequence taken in the referral's transaction). Ties fall to
   * it before the participant id, so that the id, an arbitrary label, never decides who gets a place.
   */
  readonly arrival?: number;
}

/** Who holds a place and who waits, for one programme. Plain data: the host keeps it, or derives it from its store. */
export interface Roster {
  readonly enrolled: readonly Seat[];
  readonly waiting: readonly Seat[];
}

export const emptyRoster: Roster = { enrolled: [], waiting: [] };

const inGroup = (programme: Programme, r: Reservation, seat: Seat) => holds(r.for, scopeOf(programme, seat.facts));

/** Places of a reservation not yet used by its own group. */
function unusedReserved(programme: Programme, roster: Roster, r: Reservation): number {
  return Math.max(0, r.places - roster.enrolled.filter((s) => inGroup(programme, r, s)).length);
}

/**
 * Whether a free place can be given to `seat` now, and why. Reserved places held for a group with someone
 * waiting are not free for others; an area with its own limit must have a place too.
 */
export function placeFor(programme: Programme, roster: Roster, seat: Seat): Explanation {
  const capacity = programme.config.capacity;
  const parts: Explanation[] = [];
  if (capacity) {
    const taken = roster.enrolled.length;
    const held = capacity.reserved
      .filter((r) => !inGroup(programme, r, seat) && roster.waiting.some((w) => w.participantId !== seat.participantId && inGroup(programme, r, w)))
      .map((r) => ({ r, n: unusedReserved(programme, roster, r) }))
      .filter((x) => x.n > 0);
    const heldTotal = held.reduce((n, x) => n + x.n, 0);
    parts.push(
      explain(taken + heldTotal < capacity.places, { sv: `En plats är ledig (${taken} av ${capacity.places} upptagna)`, en: `A place is free (${taken} of ${capacity.places} taken)` },
        held.map((x) => explain(false, { sv: `${x.n} platser hålls för ${x.r.label.sv}, som har väntande`, en: `${x.n} places are held for ${x.r.label.en}, who have someone waiting` }))),
    );
  }
  const area = seat.area ? programme.config.areas.find((a) => a.id === seat.area) : undefined;
  if (area?.places !== undefined) {
    const inArea = roster.enrolled.filter((s) => s.area === area.id).length;
    parts.push(explain(inArea < area.places, { sv: `${area.label.sv} har en ledig plats (${inArea} av ${area.places})`, en: `${area.label.en} has a free place (${inArea} of ${area.places})` }));
  }
  return explain(parts.every((p) => p.ok), { sv: 'Plats kan ges nu', en: 'A place can be given now' }, parts);
}

/** Two `since` values in time order: instants by the moment they name (whatever their offsets), dates as dates. */
function compareSince(a: string, b: string): number {
  if (a.includes('T') && b.includes('T')) return Math.sign(compareInstants(a, b));
  const da = a.slice(0, 10);
  const db = b.slice(0, 10);
  return da < db ? -1 : da > db ? 1 : 0;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The waiting list in admission order: by the programme's priorities, then by arrival (`since`, then the
 * host's `arrival` number), and only as a last resort by id, for seats the host gave no arrival order.
 */
export function waitingOrder(programme: Programme, waiting: readonly Seat[]): Seat[] {
  const priorities = programme.config.capacity?.priority ?? [];
  const rank = (s: Seat) => {
    const i = priorities.findIndex((p) => holds(p.when, scopeOf(programme, s.facts)));
    return i === -1 ? priorities.length : i;
  };
  return [...waiting].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareSince(a.since, b.since) ||
      (a.arrival ?? Number.MAX_SAFE_INTEGER) - (b.arrival ?? Number.MAX_SAFE_INTEGER) ||
      compareText(a.participantId, b.participantId),
  );
}

/** Admits from the waiting list, in order, while someone on it can be given a place. */
export function fill(programme: Programme, roster: Roster): { roster: Roster; admitted: Seat[] } {
  let current = roster;
  const admitted: Seat[] = [];
  for (;;) {
    const next = waitingOrder(programme, current.waiting).find((s) => placeFor(programme, current, s).ok);
    if (!next) return { roster: current, admitted };
    admitted.push(next);
    current = { enrolled: [...current.enrolled, next], waiting: current.waiting.filter((s) => s.participantId !== next.participantId) };
  }
}

/**
 * A new referral, accepted by the referral rules: a place now, or the waiting list.
 *
 * @example
 * const { roster: next, decision } = admit(programme, roster, { participantId: 'P-9', facts, since: '2026-03-02' });
 * engine.execute(s, { type: 'refer', ..., place: decision === 'admit' ? 'granted' : 'none' });
 */
export function admit(programme: Programme, roster: Roster, seat: Seat): { roster: Roster; decision: 'admit' | 'waitlist'; explanation: Explanation } {
  const explanation = placeFor(programme, roster, seat);
  if (explanation.ok) return { roster: { ...roster, enrolled: [...roster.enrolled, seat] }, decision: 'admit', explanation };
  return { roster: { ...roster, waiting: [...roster.waiting, seat] }, decision: 'waitlist', explanation };
}

/** A participant leaves (exit, or off the waiting list); freed places go to those waiting, in order. */
export function leave(programme: Programme, roster: Roster, participantId: string): { roster: Roster; admitted: Seat[] } {
  const without = {
    enrolled: roster.enrolled.filter((s) => s.participantId !== participantId),
    waiting: roster.waiting.filter((s) => s.participantId !== participantId),
  };
  return fill(programme, without);
}
