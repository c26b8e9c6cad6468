/**
 * `pnpm bench:store`: what a command costs in the store (load, decide and apply, append, snapshot, deadline
 * rows, in one transaction) on PGlite and on a PostgreSQL server (when STEGVIS_PG_URL is set), and what
 * `dueDeadlines` costs with 100,000 participants in the deadline index. Run with tsx, not vitest.
 * Sizes: BENCH_PARTICIPANTS (default 100 participants × 13 commands), BENCH_DEADLINE_PARTICIPANTS (100,000).
 * On the server, one warm-up round of each (new participants, printed and labelled, not counted: the first thousands
 * of commands of a process run code V8 has not optimised yet, 1.4 against 0.5 ms of CPU a command) and then
 * BENCH_ROUNDS (default 3) measured rounds; the verdict on issue 13's targets is the median round's. BENCH_WRITES_IN_FLIGHT
 * (default 2) is the store's `writesInFlight` (group commit).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { addPeriod, validateProgrammeYaml } from '@stegvis/core';
import pg from 'pg';
import { type Db, createStore, migrate, pgDb, pgliteDb } from '../src/index.js';
import { serverCpu } from './server-cpu.js';
import { countFromEnv } from '../../../scripts/bench-env.js';

const parsed = validateProgrammeYaml(readFileSync(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error('examples/ljusnarsberg/programme.yaml does not validate');
const programme = parsed.value;

const PARTICIPANTS = countFromEnv('BENCH_PARTICIPANTS', 100);
const DEADLINE_PARTICIPANTS = countFromEnv('BENCH_DEADLINE_PARTICIPANTS', 100_000);
const ROUNDS = countFromEnv('BENCH_ROUNDS', 3);
/** The store's `writesInFlight` (group commit: how many batches of appends may be in flight at once). */
const IN_FLIGHT = countFromEnv('BENCH_WRITES_IN_FLIGHT', 2);
const URL_ = process.env.STEGVIS_PG_URL;

const actor = { id: 'cw-bench', role: 'caseworker' };
const assessment = { adjustmentNeeds: 'a', interestsAndExperience: 'b', ownView: 'c', motivation: 'd', healthHabits: 'e' };
const plan = { mainPlacement: 'a', weeklySchedule: 'b', followUpTimes: 'c' };

/** The commands of one participant: referral, assessment, plan, then a term of attendance, follow-ups and marks. */
function commandsOf(id: string): Record<string, unknown>[] {
  const day = (n: number) => addPeriod('2026-01-05', { days: n });
  const c = (n: number, body: Record<string, unknown>) => ({ ...body, participantId: id, actor, at: `${day(n)}T09:00:00+01:00` });
  return [
    c(0, { type: 'refer', facts: {} }),
    c(2, { type: 'completeAssessment', contents: assessment }),
    c(4, { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true }),
    ...[5, 6, 7, 8, 9].map((n) => c(n, { type: 'recordAttendance', date: day(n), hours: 6 })),
    c(18, { type: 'recordFollowUp', participantTookPart: true }),
    ...['keepTimes', 'reportAbsence', 'attendAsAgreed'].map((r, i) => c(20 + i, { type: 'markRequirement', stepId: 'step1', requirementId: r, status: 'met' })),
    c(46, { type: 'recordFollowUp', participantTookPart: true }),
  ];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(2)} ms`;

interface Round {
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
}

/** Commands per second and latency percentiles, with `concurrency` participants driven at once. */
async function commandBench(label: string, db: Db, concurrency: number, prefix: string): Promise<Round> {
  const store = createStore({ db, programmes: [programme], writesInFlight: IN_FLIGHT });
  // The server's CPU time, when it is a process on this machine (a server through pg; PGlite runs in this process).
  const server = db.kind === 'pg' ? await serverCpu(db) : undefined;
  const serverStart = server?.();
  const latencies: number[] = [];
  const ids = Array.from({ length: PARTICIPANTS }, (_, i) => `${prefix}-${i}`);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        for (const cmd of commandsOf(id)) {
          const t = performance.now();
          const r = await store.execute(cmd);
          latencies.push(performance.now() - t);
          if (!r.ok) throw new Error(`bench command refused or failed: ${r.kind}`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const serverEnd = server?.();
  // CPU time of this process a command (the engine, the driver, the store), and of the server's processes (from
  // /proc, where it runs here): beside the wall times, they say how much of a command is work on a machine shared with others.
  const cpuMs = (cpu.user + cpu.system) / 1000 / latencies.length;
  const serverMs = serverStart !== undefined && serverEnd !== undefined ? `, the server's ${ms(((serverEnd - serverStart) * 1000) / latencies.length)}` : '';
  console.log(
    `${label.padEnd(50)} ${String(latencies.length).padStart(5)} commands in ${seconds.toFixed(1)} s = ${Math.round(latencies.length / seconds)
      .toString()
      .padStart(4)} commands/s; latency p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}; CPU ${ms(cpuMs)} a command${serverMs}`,
  );
  return { perSecond: latencies.length / seconds, p50: pct(latencies, 50), p95: pct(latencies, 95) };
}

/** A warm-up round, then ROUNDS measured ones; the round whose throughput is the median of them. */
async function commandRounds(label: string, db: Db, concurrency: number, prefix: string): Promise<{ median: Round; rounds: Round[] }> {
  await commandBench(`${label}, warm-up (not counted)`, db, concurrency, `${prefix}-warm`);
  const rounds: Round[] = [];
  for (let i = 1; i <= ROUNDS; i++) rounds.push(await commandBench(`${label}, round ${i}`, db, concurrency, `${prefix}-${i}`));
  return { median: [...rounds].sort((a, b) => a.perSecond - b.perSecond)[Math.floor((rounds.length - 1) / 2)]!, rounds };
}

/**
 * Seeds the deadline index for N participants in one INSERT … SELECT over generate_series: intakes spread
 * over the last year, twenty areas; per participant the assessment and plan deadlines (met for 19 in 20),
 * step targets at 3/6/9/12 months (met for 6 in 10), three past follow-ups (met) and the current one,
 * open, falling due between mid-February and late March.
 */
async function seedDeadlines(db: Db, n: number): Promise<number> {
  await db.query(`
    insert into stegvis.deadlines (participant_id, deadline_id, kind, step_id, opens_on, due_on, status, area, responsible, programme_id, programme_version)
    select 'bench-' || p, d.id, d.kind, d.step_id, d.opens_on, d.due_on, d.status,
           'area-' || ((p / 7) % 20), 'socialServices', 'ljusnarsberg', 1
    from generate_series(1, $1::int) as p
    cross join lateral (select date '2025-03-02' + (p % 365) as intake, date '2026-02-16' + (p % 35) as follow) as i
    cross join lateral (values
      ('assessment.due', 'assessment', 'assessment', i.intake, i.intake + 14, case when p % 20 = 0 then 'upcoming' else 'met' end),
      ('actionPlan.due', 'actionPlan', 'actionPlan', i.intake, i.intake + 14, case when p % 20 = 1 then 'upcoming' else 'met' end),
      ('step1.target', 'stepTarget', 'step1', i.intake + 76, i.intake + 90, case when p % 10 < 6 then 'met' else 'upcoming' end),
      ('step2.target', 'stepTarget', 'step2', i.intake + 167, i.intake + 181, case when p % 10 < 6 then 'met' else 'upcoming' end),
      ('step3.target', 'stepTarget', 'step3', i.intake + 259, i.intake + 273, case when p % 10 < 6 then 'met' else 'upcoming' end),
      ('step4.target', 'stepTarget', 'step4', i.intake + 351, i.intake + 365, case when p % 10 < 6 then 'met' else 'upcoming' end),
      ('followUp.1', 'followUp', null, i.follow - 98, i.follow - 84, 'met'),
      ('followUp.2', 'followUp', null, i.follow - 70, i.follow - 56, 'met'),
      ('followUp.3', 'followUp', null, i.follow - 42, i.follow - 28, 'met'),
      ('followUp.4', 'followUp', null, i.follow - 14, i.follow, 'upcoming')
    ) as d(id, kind, step_id, opens_on, due_on, status)`, [n]);
  await db.query('analyze stegvis.deadlines');
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from stegvis.deadlines');
  return rows[0]!.n;
}

async function deadlineBench(label: string, db: Db): Promise<void> {
  const t0 = performance.now();
  const rows = await seedDeadlines(db, DEADLINE_PARTICIPANTS);
  const seeded = (performance.now() - t0) / 1000;
  console.log(`${label}: ${DEADLINE_PARTICIPANTS.toLocaleString('en')} participants, ${rows.toLocaleString('en')} deadline rows (seeded in bulk: one INSERT … SELECT over generate_series, ${seeded.toFixed(1)} s)`);
  const store = createStore({ db, programmes: [programme] });
  const now = '2026-03-02T07:00:00+01:00';
  const queries: [string, Parameters<typeof store.dueDeadlines>[1]][] = [
    ['follow-ups falling due this week, one area', { kinds: ['followUp'], area: 'area-2', until: '2026-03-08' }],
    ['step targets overdue, one area', { kinds: ['stepTarget'], area: 'area-7', statuses: ['overdue'] }],
    ['everything overdue in one area', { area: 'area-4', statuses: ['overdue'] }],
    ['everything due or overdue (first 10,000 rows)', {}],
  ];
  for (const [what, filter] of queries) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const r = await store.dueDeadlines(now, filter);
      times.push(performance.now() - t);
      if (!r.ok) throw new Error('dueDeadlines failed');
      count = r.value.length;
    }
    console.log(`  dueDeadlines: ${what.padEnd(48)} ${String(count).padStart(6)} rows, median ${ms(pct(times, 50))}, best ${ms(Math.min(...times))}`);
  }
}

async function serverDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = `stegvis_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: URL_ });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(URL_!);
  url.pathname = `/${name}`;
  const db = pgDb({ connectionString: url.toString(), max: 10 });
  await migrate(db);
  return {
    db,
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: URL_ });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? 'unknown';
console.log(`store bench: ${cpus().length} cores (${cpu}), Node ${process.version}; ${PARTICIPANTS} participants × ${commandsOf('x').length} commands each; ${IN_FLIGHT} batches of appends in flight`);

{
  const db = await pgliteDb();
  await migrate(db);
  await commandBench('PGlite (in memory), 1 writer', db, 1, 'lite');
  await deadlineBench('PGlite (in memory)', db);
  await db.close();
}
if (URL_) {
  const { db, drop } = await serverDb();
  const version = (await db.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]!.v.split(' ')[0];
  const one = await commandRounds(`PostgreSQL ${version}, 1 writer`, db, 1, 'pg1');
  const eight = await commandRounds(`PostgreSQL ${version}, 8 writers`, db, 8, 'pg8');
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  const each = (r: { rounds: Round[] }, f: (x: Round) => string) => r.rounds.map(f).join(', ');
  console.log(`issue 13, one writer p50 ≤ 1.5 ms, p95 ≤ 4 ms: ${verdict(one.median.p50 <= 1.5 && one.median.p95 <= 4)} (median round p50 ${ms(one.median.p50)}, p95 ${ms(one.median.p95)}; rounds ${each(one, (x) => `${x.p50.toFixed(2)}/${x.p95.toFixed(2)}`)})`);
  console.log(`issue 13, eight writers ≥ 1,500 commands/s: ${verdict(eight.median.perSecond >= 1500)} (median round ${Math.round(eight.median.perSecond)}; rounds ${each(eight, (x) => String(Math.round(x.perSecond)))})`);
  await deadlineBench(`PostgreSQL ${version} (127.0.0.1)`, db);
  await drop();
} else console.log('PostgreSQL server: skipped (set STEGVIS_PG_URL to include it)');
