import { type IsoDate, addPeriod, createEngine, localDate } from '@stegvis/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, type DueDeadline, createStore } from '../src/index.js';
import { dueDeadlines as dueSql } from '../src/queries.js';
import { backends, caseworker, variant } from './helpers.js';

/** Ljusnarsberg's ladder with three areas, so deadlines can be asked for per area. */
const programme = variant((d) => {
  d.id = 'ljusnarsberg-areas';
  d.areas = ['north', 'south', 'east'].map((id) => ({ id, supervisor: `sup-${id}`, label: { sv: id, en: id } }));
});
const engine = createEngine(programme);

/** A small seeded generator (mulberry32): the same participants on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Participants per backend. The query is the same SQL on both; on PGlite (WebAssembly, one command at a time, a
 * third of the server's speed here) half as many, which still leaves far more due deadlines than the checks need.
 */
const participantsOn = (backend: string) => (backend === 'PGlite' ? 150 : 300);
const NOW = '2026-03-02T07:00:00+01:00';
const TODAY = localDate(NOW);

/** Commands for participant i: referred between September and February, then as far as chance takes them. */
function commandsFor(i: number): Record<string, unknown>[] {
  const r = rng(1000 + i);
  const id = `dl-${String(i).padStart(4, '0')}`;
  const area = ['north', 'south', 'east'][i % 3]!;
  let day: IsoDate = addPeriod('2025-09-01', { days: Math.floor(r() * 170) });
  const when = () => `${day}T09:00:00+01:00`;
  const later = (max: number) => {
    day = addPeriod(day, { days: 1 + Math.floor(r() * max) });
    return day < '2026-02-28';
  };
  const base = { participantId: id, actor: caseworker };
  const out: Record<string, unknown>[] = [{ ...base, type: 'refer', at: when(), facts: {}, area }];
  if (r() < 0.85 && later(20))
    out.push({ ...base, type: 'completeAssessment', at: when(), contents: { adjustmentNeeds: 'a', interestsAndExperience: 'b', ownView: 'c', motivation: 'd', healthHabits: 'e' } });
  if (r() < 0.75 && later(20))
    out.push({ ...base, type: 'establishPlan', at: when(), contents: { mainPlacement: 'a', weeklySchedule: 'b', followUpTimes: 'c' }, subGoals: ['g'], participantTookPart: true, followUpEveryWeeks: 4 + Math.floor(r() * 3) });
  for (let k = 0; k < 3 && r() < 0.6; k++) if (later(45)) out.push({ ...base, type: 'recordFollowUp', at: when(), participantTookPart: true });
  if (r() < 0.1 && later(30)) out.push({ ...base, type: 'pause', at: when(), reason: 'sickness' });
  if (r() < 0.08 && later(30)) out.push({ ...base, type: 'exit', at: when(), outcomeId: 'movedAway' });
  return out;
}

const key = (d: { participantId: string; deadlineId: string; status: string }) => `${d.participantId}/${d.deadlineId}/${d.status}`;

for (const backend of backends) {
  describe.runIf(backend.enabled)(`dueDeadlines on ${backend.name}`, { timeout: 60_000 }, () => {
    const PARTICIPANTS = participantsOn(backend.name);
    let db: Db;
    let store: ReturnType<typeof createStore>;
    /** The engine's own view at NOW: each participant ticked in memory, their open deadlines as it sees them. */
    const expected: (DueDeadline & { area: string })[] = [];

    beforeAll(async () => {
      db = await backend.open();
      store = createStore({ db, programmes: [programme] });
      const ids = Array.from({ length: PARTICIPANTS }, (_, i) => i);
      const batch = backend.name === 'PGlite' ? 1 : 8;
      for (let b = 0; b < ids.length; b += batch)
        await Promise.all(
          ids.slice(b, b + batch).map(async (i) => {
            for (const c of commandsFor(i)) await store.execute(c);
          }),
        );
      for (const i of ids) {
        const id = `dl-${String(i).padStart(4, '0')}`;
        const loaded = await store.load(id);
        if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
        const before = new Set(loaded.value.snapshot.context.deadlines.map((d) => d.id));
        const ticked = engine.execute(loaded.value.snapshot, { type: 'tick', participantId: id, at: NOW, actor: { id: 'clock', role: 'system' } });
        // an exited participant takes a tick too: its follow-ups after exit are deadlines (issue 14)
        if (!ticked.ok) throw new Error(JSON.stringify(ticked.refusal));
        const view = engine.view(ticked.ok ? ticked.snapshot : loaded.value.snapshot);
        for (const d of view.openDeadlines)
          if (before.has(d.id) && (d.status === 'due' || d.status === 'overdue'))
            expected.push({ participantId: id, deadlineId: d.id, kind: d.kind, stepId: d.stepId ?? null, opensOn: d.opensOn, dueOn: d.dueOn, status: d.status, area: view.context.area!, responsible: null, programme: { id: programme.id, version: 1 } });
      }
    }, 240_000);
    afterAll(async () => db?.close(), 60_000);

    test('every deadline the engine sees as due or overdue today, and no other, with the same status', async () => {
      const r = await store.dueDeadlines(NOW);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(expected.length).toBeGreaterThan(PARTICIPANTS / 3);
      expect(r.value.map(key).sort()).toEqual(expected.map(key).sort());
      // the stored status lags: the answer comes from the dates, not from it
      const stale = await db.query<{ n: number }>(`select count(*)::int as n from stegvis.deadlines where status = 'upcoming' and due_on < $1::date`, [TODAY]);
      expect(stale.rows[0]!.n).toBeGreaterThan(0);
      // ordered by due date
      const dues = r.value.map((d) => d.dueOn);
      expect([...dues].sort()).toEqual(dues);
    });

    test('follow-ups that fall due this week for one area', async () => {
      const until = addPeriod(TODAY, { days: 6 });
      const r = await store.dueDeadlines(NOW, { kinds: ['followUp'], area: 'north', until });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      // what the engine would say on each day of the week: open, opening by Sunday, in the north
      const engineWeek = new Set<string>();
      for (const d of (await Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => store.load(`dl-${String(i).padStart(4, '0')}`)))).flatMap((l) => (l.ok ? [l.value.snapshot.context] : [])))
        if (d.area === 'north')
          for (const x of d.deadlines)
            if (x.kind === 'followUp' && x.status !== 'met' && x.status !== 'cancelled' && x.opensOn <= until) engineWeek.add(`${d.participantId}/${x.id}`);
      expect(new Set(r.value.map((d) => `${d.participantId}/${d.deadlineId}`))).toEqual(engineWeek);
      expect(r.value.every((d) => d.kind === 'followUp' && d.area === 'north')).toBe(true);
      for (const d of r.value) expect(d.status === 'upcoming' ? d.opensOn > TODAY && d.opensOn <= until : d.opensOn <= TODAY).toBe(true);
      const statuses = await store.dueDeadlines(NOW, { statuses: ['overdue'] });
      expect(statuses.ok && statuses.value.map(key).sort()).toEqual(expected.filter((d) => d.status === 'overdue').map(key).sort());
    });

    test('the follow-ups after exit of those who exited are index rows, as the engine opened them (issue 14)', async () => {
      const until = '2026-12-31';
      const r = await store.dueDeadlines(NOW, { kinds: ['exitFollowUp'], until });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const engineSide = new Set<string>();
      for (const d of (await Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => store.load(`dl-${String(i).padStart(4, '0')}`)))).flatMap((l) => (l.ok ? [l.value.snapshot.context] : [])))
        for (const x of d.deadlines) if (x.kind === 'exitFollowUp' && x.status !== 'met' && x.status !== 'cancelled' && x.opensOn <= until) engineSide.add(`${d.participantId}/${x.id}`);
      // Ljusnarsberg asks a month and six months after the exit: two rows per participant who exited.
      expect(engineSide.size).toBeGreaterThan(0);
      expect(new Set(r.value.map((d) => `${d.participantId}/${d.deadlineId}`))).toEqual(engineSide);
      expect(new Set(r.value.map((d) => d.deadlineId))).toEqual(new Set(['exit.oneMonth', 'exit.sixMonths']));
    });

    test('an instant without its offset is refused, as data', async () => {
      const r = await store.dueDeadlines('2026-03-02');
      expect(!r.ok && r.issues[0]?.code).toBe('store.invalid_query');
    });

    test('the query can use the partial indexes on open deadlines (seq scans off, as at scale)', async () => {
      const plan = await db.transaction(async (tx) => {
        await tx.query('set local enable_seqscan = off');
        const all = await tx.query<Record<string, string>>(`explain ${dueSql}`, [TODAY, null, null, null, null, null, null, 10_000, null, null, null]);
        const area = await tx.query<Record<string, string>>(`explain ${dueSql}`, [TODAY, null, ['followUp'], null, 'north', null, null, 10_000, null, null, null]);
        const text = (rows: Record<string, string>[]) => rows.map((r) => Object.values(r).join(' ')).join('\n');
        return { all: text(all.rows), area: text(area.rows) };
      });
      expect(plan.all).toMatch(/deadlines_open_by_(due|area)/);
      expect(plan.all).not.toMatch(/Seq Scan/);
      expect(plan.area).toMatch(/deadlines_open_by_area/);
    });
  });
}
