import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Programme, type Roster, type Seat, admit, emptyRoster, leave, referralDecision } from '@stegvis/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PG_URL, freshServerDb, nackaWithPlaces } from './helpers.js';
import { sourceProcess } from '../../../test/setup/source-process.js';

const script = await sourceProcess(fileURLToPath(new URL('./fixtures/referrer.ts', import.meta.url)));

type Op = { op: 'refer'; id: string; facts: Record<string, unknown>; at: string } | { op: 'exit'; id: string; at: string };
const PROCESSES = 3;

/** A referring process (fixtures/referrer.ts), started once: each job written to it is answered by one line. */
interface Referrer {
  run(url: string, places: number, reserved: number, ops: Op[]): Promise<{ outcomes: string[] }>;
  /** Ends its input; resolves when it has exited. */
  close(): Promise<void>;
}

function referrer(n: number): Referrer {
  const child = spawn(process.execPath, script, { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let waiting: { resolve: (r: { outcomes: string[] }) => void; reject: (e: Error) => void } | undefined;
  child.stderr.on('data', (d) => (err += d));
  child.stdout.on('data', (d) => {
    out += d;
    const end = out.indexOf('\n');
    if (end < 0 || !waiting) return;
    const line = out.slice(0, end);
    out = out.slice(end + 1);
    const w = waiting;
    waiting = undefined;
    w.resolve(JSON.parse(line));
  });
  child.on('exit', (code) => waiting?.reject(new Error(`referrer ${n} exited with ${code}: ${err.slice(0, 1500)}`)));
  return {
    run: (url, places, reserved, ops) =>
      new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        child.stdin.write(`${JSON.stringify({ url, places, reserved, caseworker: `cw-${n}`, ops })}\n`);
      }),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

/** Facts of a Nacka referral: Försäkringskassan (reserved places), a steered group (accepted, priority) or another group (waitlisted by rule). */
const factsArb = fc.constantFrom(
  { referrer: 'forsakringskassan', occupiedFullTimeElsewhere: false },
  { referrer: 'mottagningOchUtredning', targetGroup: 'waitingOrJobSeeking', occupiedFullTimeElsewhere: false },
  { referrer: 'flyktingmottagningen', targetGroup: 'partTimeSfi', occupiedFullTimeElsewhere: false },
  { referrer: 'psykiatriteamet', targetGroup: 'other', occupiedFullTimeElsewhere: false },
  { referrer: 'arbetsformedlingen', occupiedFullTimeElsewhere: false },
);

/** Per process: referrals on one day (the same hours in every process, so arrival order breaks ties), and exits of its own earlier referrals. */
const scenarioArb = fc.record({
  places: fc.integer({ min: 2, max: 4 }),
  reserved: fc.integer({ min: 1, max: 2 }),
  processes: fc.array(
    fc.array(fc.record({ facts: factsArb, exitLater: fc.boolean(), hour: fc.integer({ min: 8, max: 9 }) }), { minLength: 3, maxLength: 6 }),
    { minLength: PROCESSES, maxLength: PROCESSES },
  ),
});

const opsOf = (p: number, plan: { facts: Record<string, unknown>; exitLater: boolean; hour: number }[]): Op[] => {
  const ops: Op[] = [];
  plan.forEach((x, i) => {
    const id = `p${p}-${i}`;
    ops.push({ op: 'refer', id, facts: x.facts, at: `2026-03-02T${String(x.hour).padStart(2, '0')}:00:00+01:00` });
    // an exit of this process's previous referral, if planned, after it
    const prev = plan[i - 1];
    if (prev?.exitLater) ops.push({ op: 'exit', id: `p${p}-${i - 1}`, at: '2026-03-03T09:00:00+01:00' });
  });
  return ops;
};

interface Row {
  participant_id: string;
  type: string;
  at_text: string;
  payload: { facts?: Record<string, string | number | boolean>; because?: string };
}

/**
 * The outside oracle: the events in the order the store committed them, replayed through core's roster
 * rules one transaction at a time. Every referral's place (or waiting) and every exit's admissions must be
 * exactly what `admit` and `leave` decide on the roster at that moment, so no place is over-given, kept
 * places go to their group, and the waiting list is served in order.
 */
function replay(programme: Programme, rows: readonly Row[], places: number): { checked: number } {
  let roster: Roster = emptyRoster;
  let arrival = 0;
  let checked = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.type === 'participant.referred') {
      const next = rows[i + 1]!;
      expect(next.participant_id).toBe(row.participant_id);
      const facts = row.payload.facts!;
      const seat: Seat = { participantId: row.participant_id, facts, since: row.at_text, arrival: arrival++ };
      const rule = referralDecision(programme, facts);
      if (rule.decision === 'decline') {
        expect(next.type).not.toMatch(/admitted|waitlisted/);
        continue;
      }
      if (rule.decision === 'waitlist') {
        expect([next.type, next.payload.because]).toEqual(['participant.waitlisted', 'rule']);
        roster = { ...roster, waiting: [...roster.waiting, seat] };
      } else {
        const decided = admit(programme, roster, seat);
        expect([row.participant_id, next.type]).toEqual([row.participant_id, decided.decision === 'admit' ? 'participant.admitted' : 'participant.waitlisted']);
        roster = decided.roster;
      }
      i++;
      checked++;
    } else if (row.type === 'participant.exited') {
      const left = leave(programme, roster, row.participant_id);
      const admitted: string[] = [];
      // a referral's own admission follows its participant.referred, so admissions right after an exit are the exit's
      while (rows[i + 1]?.type === 'participant.admitted') admitted.push(rows[++i]!.participant_id);
      expect(admitted).toEqual(left.admitted.map((s) => s.participantId));
      roster = left.roster;
      checked++;
    } else throw new Error(`unexpected event ${row.type}`);
    expect(roster.enrolled.length).toBeLessThanOrEqual(places);
  }
  return { checked };
}

describe.runIf(PG_URL !== undefined)('places with concurrent referring processes on PostgreSQL', () => {
  test(`property: ${PROCESSES} processes refer to and exit from a programme with few places; every decision is core's rule on the roster at its moment`, async () => {
    const referrers = Array.from({ length: PROCESSES }, (_, n) => referrer(n));
    try {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async ({ places, reserved, processes }) => {
          const db = await freshServerDb();
          try {
            const programme = nackaWithPlaces(places, Math.min(reserved, places));
            const results = await Promise.all(processes.map((plan, p) => referrers[p]!.run(db.url, places, Math.min(reserved, places), opsOf(p, plan))));
            for (const r of results) for (const o of r.outcomes) expect(['ok']).toContain(o);
            const { rows } = await db.query<Row>(`select participant_id, type, at_text, payload from stegvis.events order by position`);
            const { checked } = replay(programme, rows, places);
            expect(checked).toBe(results.reduce((n, r) => n + r.outcomes.length, 0));
            // the roster table agrees with the events
            const enrolled = await db.query<{ n: number }>(`select count(*)::int as n from stegvis.places where status = 'enrolled'`);
            expect(enrolled.rows[0]!.n).toBeLessThanOrEqual(places);
          } finally {
            await db.close();
          }
        }),
        // each run is three processes' work: no shrinking (it would run them hundreds of times); the seed replays a failure
        { numRuns: 5, endOnFailure: true },
      );
    } finally {
      await Promise.all(referrers.map((r) => r.close()));
    }
  }, 300_000);
});
