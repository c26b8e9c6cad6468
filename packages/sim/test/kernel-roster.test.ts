import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FactValue, type Programme, type Roster, type Seat, admit, emptyRoster, fill, leave, referralDecision, validateProgramme } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { isoDate } from '@stegvis/core';
import { FastRoster } from '../src/internal/kernel/roster.js';
import { encodeFacts } from '../src/internal/kernel/profiles.js';
import { bothOf } from './support/equivalence.js';

/**
 * The simulator's roster is core's roster (`admit`, `leave`, `fill`: reserved places, waiting-list
 * priority, first come first served, area limits) in integers: on random sequences of referrals and
 * departures, both must give a place to the same people, keep the same people waiting, and admit from
 * the waiting list in the same order.
 */

const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const enkoping = loadProgramme(new URL('../../../examples/enkoping/programme.yaml', import.meta.url));

function variant(base: Programme, patch: Record<string, unknown>): Programme {
  const r = validateProgramme({ ...base.config, ...patch });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const PROGRAMMES: [string, Programme][] = [
  ['Nacka as written (80 places, 5 kept for Försäkringskassan, steered groups first)', nacka],
  [
    'Nacka with 6 places, two reserved groups and areas with their own limits',
    variant(nacka, {
      capacity: {
        ...nacka.config.capacity,
        places: 6,
        plannedMin: undefined,
        reserved: [
          { id: 'fk', label: { sv: 'FK', en: 'FK' }, places: 2, for: { fact: 'referrer', equals: 'forsakringskassan' } },
          { id: 'af', label: { sv: 'AF', en: 'AF' }, places: 1, for: { fact: 'referrer', equals: 'arbetsformedlingen' } },
        ],
      },
      areas: nacka.config.areas.map((a, i) => (i < 2 ? { ...a, places: 2 } : a)),
    }),
  ],
  ['Enköping with 3 places', variant(enkoping, { capacity: { ...enkoping.config.capacity, places: 3 } })],
];

type Op = { type: 'refer'; facts: Record<string, FactValue>; area: number; gapDays: number } | { type: 'leave'; pick: number };

function ops(p: Programme): fc.Arbitrary<Op[]> {
  const facts = fc.record(
    Object.fromEntries(p.config.facts.map((f) => [f.id, f.type === 'boolean' ? fc.boolean() : f.type === 'enum' ? fc.constantFrom(...f.values.map((v) => v.id)) : fc.integer({ min: 0, max: 90 })])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, FactValue>>;
  const op = fc.oneof(
    { weight: 3, arbitrary: fc.record({ type: fc.constant('refer' as const), facts, area: fc.integer({ min: -1, max: p.config.areas.length - 1 }), gapDays: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('leave' as const), pick: fc.nat() }) },
  );
  return fc.array(op, { minLength: 1, maxLength: 200, size: 'max' });
}

describe.each(PROGRAMMES)('the fast roster equals core’s roster: %s', (_, programme) => {
  const { kernel } = bothOf(programme);
  const id = (row: number) => `P${String(row).padStart(6, '0')}`;

  it('gives places, keeps the waiting list and admits from it in the same order', () => {
    let admittedLater = 0;
    fc.assert(
      fc.property(ops(programme), (sequence) => {
        let roster: Roster = emptyRoster;
        const fast = new FastRoster(kernel, sequence.length);
        const encoded = new Float64Array(programme.config.facts.length);
        let day = 20_000;
        let rows = 0;
        for (const op of sequence) {
          if (op.type === 'refer') {
            day += op.gapDays;
            const row = rows++;
            const seat: Seat = { participantId: id(row), facts: op.facts, since: isoDate(day), ...(op.area >= 0 ? { area: programme.config.areas[op.area]!.id } : {}) };
            const profile = kernel.profiles.indexOf(encodeFacts(programme.config.facts, op.facts, encoded));
            const decision = referralDecision(programme, op.facts).decision;
            if (decision === 'decline') continue;
            if (decision === 'waitlist') {
              const f = fill(programme, { ...roster, waiting: [...roster.waiting, seat] });
              roster = f.roster;
              fast.wait(row, profile, op.area, day);
              const n = fast.fill();
              expect(Array.from(fast.admitted.subarray(0, n), id)).toEqual(f.admitted.map((s) => s.participantId));
              admittedLater += n;
            } else {
              const a = admit(programme, roster, seat);
              roster = a.roster;
              expect(fast.admit(row, profile, op.area, day)).toBe(a.decision === 'admit');
            }
          } else {
            const present = [...roster.enrolled, ...roster.waiting];
            if (present.length === 0) continue;
            const who = present[op.pick % present.length]!.participantId;
            const l = leave(programme, roster, who);
            roster = l.roster;
            const n = fast.leave(Number(who.slice(1)));
            expect(Array.from(fast.admitted.subarray(0, n), id)).toEqual(l.admitted.map((s) => s.participantId));
            admittedLater += n;
          }
          const enrolled = roster.enrolled.map((s) => s.participantId).sort();
          const waiting = roster.waiting.map((s) => s.participantId).sort();
          const all = Array.from({ length: rows }, (_, r) => r);
          expect(all.filter((r) => fast.isEnrolled(r)).map(id)).toEqual(enrolled);
          expect(all.filter((r) => fast.isWaiting(r)).map(id)).toEqual(waiting);
          expect(fast.enrolled).toBe(enrolled.length);
          expect(fast.waiting).toBe(waiting.length);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 150) },
    );
    // The runs must reach the interesting case: places freed and given to those waiting.
    expect(admittedLater).toBeGreaterThan(0);
  }, 60_000 + 500 * Number(process.env.FC_RUNS ?? 150));
});
