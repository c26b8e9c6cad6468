import { type CommandInput, createEngine, effectiveEvents } from '@stegvis/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { participantEvents } from '../src/queries.js';
import { at, backends, caseworker, count, ljusnarsberg, nacka } from './helpers.js';

type Body = CommandInput extends infer C ? (C extends unknown ? Omit<C, 'participantId' | 'actor' | 'at'> : never) : never;
const cmd = (participantId: string, when: string, body: Body, actor = caseworker) => ({ ...body, participantId, actor, at: at(when) });
const clockActor = { id: 'clock', role: 'system' };

const assessment = { adjustmentNeeds: 'none', interestsAndExperience: 'yes', ownView: 'yes', motivation: 'yes', healthHabits: 'ok' };
const plan = { mainPlacement: 'x', weeklySchedule: 'y', followUpTimes: 'z' };

for (const backend of backends) {
  describe.runIf(backend.enabled)(`corrections and proposals in the store on ${backend.name}`, { timeout: 60_000 }, () => {
    let db: Db;
    beforeAll(async () => {
      db = await backend.open();
    }, 120_000);
    afterAll(async () => db?.close(), 60_000);

    /** The participant's deadline rows in the index, as `[id, dueOn, status]`. */
    const rows = async (participantId: string) =>
      (await db.query<{ deadline_id: string; due_on: string; status: string }>('select deadline_id, due_on::text as due_on, status from stegvis.deadlines where participant_id = $1 order by deadline_id', [participantId])).rows.map((r) => [r.deadline_id, r.due_on, r.status]);
    const stateRows = (deadlines: readonly { id: string; dueOn: string; status: string }[]) => [...deadlines].sort((a, b) => (a.id < b.id ? -1 : 1)).map((d) => [d.id, d.dueOn, d.status]);

    // Issue 11, point 2: "A command dated 9999-12-31 is accepted, and the participant is locked forever".
    test('an event dated 9999-12-31 by a host whose clock was wrong is voided, and the participant takes today\'s commands again', async () => {
      const id = 'p-9999';
      const wrongClock = createStore({ db, programmes: [ljusnarsberg], clock: () => '9999-12-31T12:00:00+01:00' });
      const store = createStore({ db, programmes: [ljusnarsberg], clock: () => '2026-01-20T12:00:00+01:00' });
      for (const c of [
        cmd(id, '2026-01-05T09:00', { type: 'refer', facts: {} }),
        cmd(id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment }),
        cmd(id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true }),
      ])
        expect((await store.execute(c)).ok).toBe(true);
      const before = await store.load(id);
      if (!before.ok) throw new Error('load');
      const far = await wrongClock.execute(cmd(id, '9999-12-31T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 }));
      expect(far.ok).toBe(true);
      const wrongSeq = far.ok ? far.events[0]!.seq : -1;
      const locked = await store.execute(cmd(id, '2026-01-20T09:00', { type: 'tick' }, clockActor));
      expect(locked).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.time_backwards' } });

      const voided = await store.execute(cmd(id, '2026-01-20T10:00', { type: 'voidEvent', eventSeq: wrongSeq, reason: 'wrongDate' }));
      expect(voided).toMatchObject({ ok: true, events: [{ type: 'event.voided', payload: { eventSeq: wrongSeq, reason: 'wrongDate' } }] });
      const after = await store.load(id);
      if (!after.ok) throw new Error('load');
      // The participant's time is the latest remaining event's again, and the state is as before the wrong event.
      expect({ ...after.value.snapshot.context, version: 0 }).toEqual({ ...before.value.snapshot.context, version: 0 });
      expect(after.value.snapshot.context.lastEventAt).toBe(at('2026-01-09T09:00'));
      // The index is the state's, not the 9999 calendar's.
      expect(await rows(id)).toEqual(stateRows(after.value.snapshot.context.deadlines));
      expect((await store.execute(cmd(id, '2026-01-20T11:00', { type: 'tick' }, clockActor))).ok).toBe(true);
      expect((await store.execute(cmd(id, '2026-01-20T11:05', { type: 'recordAttendance', date: '2026-01-20', hours: 3 }))).ok).toBe(true);

      // Append-only: both are in the log; the state from the events alone is the snapshot's.
      const events = await store.events(id);
      if (!events.ok) throw new Error('events');
      expect(events.value.filter((e) => e.type === 'attendance.recorded').map((e) => e.at)).toEqual([expect.stringMatching(/^9999-12-31/), at('2026-01-20T11:05')]);
      expect(effectiveEvents(events.value).some((e) => e.seq === wrongSeq)).toBe(false);
      expect(await store.verify(id)).toMatchObject({ ok: true });
      const fromEvents = await store.load(id, { fromEvents: true });
      const fromSnapshot = await store.load(id);
      expect(fromEvents.ok && fromSnapshot.ok && fromEvents.value.snapshot.context).toEqual(fromSnapshot.ok && fromSnapshot.value.snapshot.context);
      expect(fromSnapshot.ok && fromSnapshot.value.snapshot.context.attendance).toMatchObject({ days: 1, hours: 3 });
    });

    test('after a void the deadline rows are rebuilt from the stream in the void\'s transaction', async () => {
      const id = 'p-rows';
      const store = createStore({ db, programmes: [ljusnarsberg], clock: () => '2026-03-01T12:00:00+01:00' });
      for (const c of [
        cmd(id, '2026-01-05T09:00', { type: 'refer', facts: {} }),
        cmd(id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment }),
        cmd(id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true }),
      ])
        expect((await store.execute(c)).ok).toBe(true);
      const before = await rows(id);
      // A follow-up meets the first follow-up deadline and schedules the next: two rows change.
      const extended = await store.execute(cmd(id, '2026-01-12T09:00', { type: 'recordFollowUp', participantTookPart: true }));
      expect(extended.ok).toBe(true);
      const changed = await rows(id);
      expect(changed).not.toEqual(before);
      const seq = extended.ok ? extended.events[0]!.seq : -1;
      expect((await store.execute(cmd(id, '2026-01-12T10:00', { type: 'voidEvent', eventSeq: seq, reason: 'enteredInError' }))).ok).toBe(true);
      expect(await rows(id)).toEqual(before);
      expect(await store.verify(id)).toMatchObject({ ok: true });
      // A second store (another process) loads the same state from the snapshot and from the events.
      const other = createStore({ db, programmes: [ljusnarsberg] });
      const loaded = await other.load(id, { fromEvents: true });
      const engine = createEngine(ljusnarsberg);
      const events = await other.events(id);
      const replayed = events.ok ? engine.replay(id, events.value) : undefined;
      expect(loaded.ok && replayed?.ok && loaded.value.snapshot.context).toEqual(replayed?.ok && replayed.value.context);
    });

    test('another writer appends between the void\'s load and its read of the stream: a conflict, retried, never a recorded refusal', async () => {
      const id = 'p-void-race';
      const clock = () => '2026-03-01T12:00:00+01:00';
      const store = createStore({ db, programmes: [ljusnarsberg], clock });
      for (const c of [
        cmd(id, '2026-01-05T09:00', { type: 'refer', facts: {} }),
        cmd(id, '2026-01-07T09:00', { type: 'completeAssessment', contents: assessment }),
        cmd(id, '2026-01-09T09:00', { type: 'establishPlan', contents: plan, subGoals: ['cv'], participantTookPart: true }),
      ])
        expect((await store.execute(c)).ok).toBe(true);
      const hours = await store.execute(cmd(id, '2026-01-12T09:00', { type: 'recordAttendance', date: '2026-01-12', hours: 2 }));
      const seq = hours.ok ? hours.events[0]!.seq : -1;
      let armed = true;
      const racing: Db = {
        ...db,
        query: async (sql, params) => {
          if (armed && sql === participantEvents) {
            armed = false;
            expect((await store.execute(cmd(id, '2026-01-12T09:30', { type: 'recordAttendance', date: '2026-01-12', hours: 1 }))).ok).toBe(true);
          }
          return db.query(sql, params);
        },
        transaction: (fn) => db.transaction(fn),
      };
      const voiding = createStore({ db: racing, programmes: [ljusnarsberg], clock });
      const c = cmd(id, '2026-01-12T10:00', { type: 'voidEvent', eventSeq: seq, reason: 'enteredInError' });
      const first = await voiding.execute({ ...c, commandId: 'void-race' });
      expect(first).toMatchObject({ ok: false, kind: 'conflict' });
      expect(await count(db, `select count(*) from stegvis.commands where participant_id = $1`, [id])).toBe(0);
      const again = await voiding.execute({ ...c, commandId: 'void-race' });
      expect(again.ok, JSON.stringify(again)).toBe(true);
      expect(again.ok && again.snapshot.context.attendance).toMatchObject({ days: 1, hours: 1 });
      expect(await store.verify(id)).toMatchObject({ ok: true });
    });

    test('a pending proposal is in the due list until the referring caseworker decides it', async () => {
      const id = 'n-proposal';
      const referring = { id: 'mou-caseworker-3', role: 'caseworker' };
      const foreman = { id: 'foreman-2', role: 'workSupervisor' };
      const store = createStore({ db, programmes: [nacka], clock: () => '2002-04-01T12:00:00+02:00' });
      for (const c of [
        cmd(id, '2002-03-04T09:00', { type: 'refer', facts: { referrer: 'mottagningOchUtredning', targetGroup: 'partTimeSfi', occupiedFullTimeElsewhere: false } }, referring),
        cmd(id, '2002-03-05T09:00', { type: 'completeAssessment', contents: { physical: 'a', cooperation: 'b', instructions: 'c', timekeeping: 'd' } }, referring),
        cmd(id, '2002-03-06T09:00', { type: 'establishPlan', contents: { activities: 'a', attendanceAgreement: 'b' }, subGoals: ['g'], participantTookPart: true }, referring),
      ]) {
        const r = await store.execute(c);
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
      const made = await store.execute(cmd(id, '2002-03-11T09:00', { type: 'proposeChange', change: { type: 'markRequirement', stepId: 'workTraining', requirementId: 'dailyActivity', status: 'met' } }, foreman));
      expect(made.ok, JSON.stringify(made)).toBe(true);
      const seq = made.ok ? made.events[0]!.seq : -1;
      const due = await store.dueDeadlines(at('2002-03-17T09:00'), { kinds: ['proposalDecision'] });
      expect(due.ok && due.value.map((d) => [d.participantId, d.deadlineId, d.status])).toEqual([[id, `proposal.${seq}`, 'overdue']]);
      const approved = await store.execute(cmd(id, '2002-03-18T09:00', { type: 'approveProposal', proposalSeq: seq }, referring));
      expect(approved.ok && approved.events.map((e) => e.type)).toEqual(['proposal.approved', 'requirement.marked']);
      const after = await store.dueDeadlines(at('2002-03-18T09:00'), { kinds: ['proposalDecision'] });
      expect(after.ok && after.value).toEqual([]);
      expect(await store.verify(id)).toMatchObject({ ok: true });
    });
  });
}
