import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Roster, type Seat, admit, emptyRoster, leave, validateProgramme } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';

const built = validateProgramme({
  ...minimal(),
  facts: [
    ...minimal().facts!,
    { id: 'referrer', type: 'enum', label: 'Remittent', values: [{ id: 'fk', label: 'FK' }, { id: 'social', label: 'Socialtjänsten' }, { id: 'af', label: 'AF' }] },
  ],
  capacity: {
    places: 6,
    reserved: [{ id: 'fk', label: 'FK', places: 2, for: { fact: 'referrer', equals: 'fk' } }],
    priority: [{ id: 'af', label: 'AF first', when: { fact: 'referrer', equals: 'af' } }],
  },
  areas: [
    { id: 'kitchen', label: 'Kök', supervisor: 's1', places: 2 },
    { id: 'workshop', label: 'Verkstad', supervisor: 's2' },
  ],
});
if (!built.ok) throw new Error(JSON.stringify(built.issues));
const programme = built.value;
const PLACES = 6;
const RESERVED = 2;
const isFk = (s: Seat) => s.facts.referrer === 'fk';
const unusedFk = (r: Roster) => Math.max(0, RESERVED - r.enrolled.filter(isFk).length);
const inKitchen = (r: Roster) => r.enrolled.filter((s) => s.area === 'kitchen').length;

type Op = { type: 'refer'; referrer: 'fk' | 'social' | 'af'; area: 'kitchen' | 'workshop' | undefined } | { type: 'leave'; pick: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('refer' as const), referrer: fc.constantFrom('fk' as const, 'social' as const, 'af' as const), area: fc.constantFrom('kitchen' as const, 'workshop' as const, undefined) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('leave' as const), pick: fc.nat() }) },
);

/** Runs the operations, checking every admission as it happens against the rules written out plainly. */
function run(ops: Op[], check: (admitted: Seat[], after: Roster) => void): Roster {
  let roster = emptyRoster;
  ops.forEach((o, i) => {
    if (o.type === 'refer') {
      const seat: Seat = { participantId: `P${i}`, facts: { referrer: o.referrer }, ...(o.area ? { area: o.area } : {}), since: `2026-01-${String((i % 28) + 1).padStart(2, '0')}` };
      const r = admit(programme, roster, seat);
      roster = r.roster;
      check(r.decision === 'admit' ? [seat] : [], roster);
    } else {
      const everyone = [...roster.enrolled, ...roster.waiting];
      if (everyone.length === 0) return;
      const r = leave(programme, roster, everyone[o.pick % everyone.length]!.participantId);
      roster = r.roster;
      check(r.admitted, roster);
    }
  });
  return roster;
}

describe('places and the waiting list', () => {
  it('occupancy never exceeds capacity, overall or in an area with its own places', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        run(ops, (_admitted, after) => {
          expect(after.enrolled.length).toBeLessThanOrEqual(PLACES);
          expect(inKitchen(after)).toBeLessThanOrEqual(2);
        });
      }),
    );
  });

  it('reserved places are never given to another referrer while that referrer has someone waiting', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        run(ops, (admitted, after) => {
          // Replay the admissions one at a time: at each, was an FK participant waiting, and did
          // a non-FK admission eat into FK's unused reserved places?
          let enrolled = after.enrolled.filter((s) => !admitted.includes(s));
          for (const a of admitted) {
            const fkWaiting = after.waiting.some(isFk) || admitted.slice(admitted.indexOf(a) + 1).some(isFk);
            if (!isFk(a) && fkWaiting) {
              const unused = Math.max(0, RESERVED - enrolled.filter(isFk).length);
              expect(enrolled.length + unused).toBeLessThan(PLACES);
            }
            enrolled = [...enrolled, a];
          }
        });
      }),
    );
  });

  it('nobody waits while a place they are eligible for is free', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        run(ops, (_admitted, after) => {
          for (const w of after.waiting) {
            const full = after.enrolled.length >= PLACES;
            const areaFull = w.area === 'kitchen' && inKitchen(after) >= 2;
            const heldForFk = !isFk(w) && after.waiting.some(isFk) && after.enrolled.length + unusedFk(after) >= PLACES;
            expect(full || areaFull || heldForFk).toBe(true);
          }
        });
      }),
    );
  });

  it('admits from the waiting list in the stated order: priority first, then first come', () => {
    let roster = emptyRoster;
    for (let i = 0; i < 6; i++) roster = admit(programme, roster, { participantId: `E${i}`, facts: { referrer: i < 2 ? 'fk' : 'social' }, since: '2026-01-01' }).roster;
    roster = admit(programme, roster, { participantId: 'W-social-early', facts: { referrer: 'social' }, since: '2026-01-02' }).roster;
    roster = admit(programme, roster, { participantId: 'W-af-late', facts: { referrer: 'af' }, since: '2026-01-05' }).roster;
    roster = admit(programme, roster, { participantId: 'W-social-later', facts: { referrer: 'social' }, since: '2026-01-03' }).roster;
    expect(roster.waiting.map((s) => s.participantId)).toEqual(['W-social-early', 'W-af-late', 'W-social-later']);
    const r1 = leave(programme, roster, 'E3');
    expect(r1.admitted.map((s) => s.participantId)).toEqual(['W-af-late']);
    const r2 = leave(programme, r1.roster, 'E4');
    expect(r2.admitted.map((s) => s.participantId)).toEqual(['W-social-early']);
  });

  it('two referrals on one day wait by the hour they came, then by arrival order, never by participant id', () => {
    let roster = emptyRoster;
    for (let i = 0; i < 6; i++) roster = admit(programme, roster, { participantId: `E${i}`, facts: { referrer: 'social' }, since: '2026-01-01' }).roster;
    // "Z-morning" came at 08:00 Stockholm time (written with a +08:00 offset), "A-afternoon" at 14:00: the id, and the text, would put A first.
    roster = admit(programme, roster, { participantId: 'A-afternoon', facts: { referrer: 'social' }, since: '2026-01-07T14:00:00+01:00' }).roster;
    roster = admit(programme, roster, { participantId: 'Z-morning', facts: { referrer: 'social' }, since: '2026-01-07T15:00:00+08:00' }).roster;
    // the same instant: the host's arrival number decides
    roster = admit(programme, roster, { participantId: 'B-second', facts: { referrer: 'social' }, since: '2026-01-08T09:00:00+01:00', arrival: 2 }).roster;
    roster = admit(programme, roster, { participantId: 'Y-first', facts: { referrer: 'social' }, since: '2026-01-08T09:00:00+01:00', arrival: 1 }).roster;
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = leave(programme, roster, `E${i}`);
      order.push(...r.admitted.map((s) => s.participantId));
      roster = r.roster;
    }
    expect(order).toEqual(['Z-morning', 'A-afternoon', 'Y-first', 'B-second']);
  });

  it("Nacka's five places for Försäkringskassan: kept while FK has someone waiting, lent out while not", () => {
    let roster = emptyRoster;
    for (let i = 0; i < 6; i++) roster = admit(programme, roster, { participantId: `S${i}`, facts: { referrer: 'social' }, since: '2026-01-01' }).roster;
    // No FK referral was waiting, so the reserved places were lent to others: all six are taken.
    expect(roster.enrolled).toHaveLength(6);
    roster = admit(programme, roster, { participantId: 'FK1', facts: { referrer: 'fk' }, since: '2026-01-02' }).roster;
    roster = admit(programme, roster, { participantId: 'S-late', facts: { referrer: 'social' }, since: '2026-01-01' }).roster;
    // S-late is earlier by date, but the freed place is held for FK, who is waiting.
    const r = leave(programme, roster, 'S0');
    expect(r.admitted.map((s) => s.participantId)).toEqual(['FK1']);
  });
});
