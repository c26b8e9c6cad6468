import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { at, backends, caseworker, count, ljusnarsberg } from './helpers.js';

// Issue 11, points 9 and 10: what the engine refuses as input the store never writes. Before, a personnummer
// as participant id and a 20 MB free-text field were stored and served back.

const refer = (participantId: string) => ({ type: 'refer', participantId, actor: caseworker, at: at('2026-01-05T09:00'), facts: {} });

for (const backend of backends) {
  describe.runIf(backend.enabled)(`bad input on ${backend.name}`, { timeout: 60_000 }, () => {
    let db: Db;
    let store: ReturnType<typeof createStore>;
    beforeAll(async () => {
      db = await backend.open();
      store = createStore({ db, programmes: [ljusnarsberg] });
    }, 120_000);
    afterAll(async () => db?.close(), 60_000);

    test('a personnummer as participant id: refused, nothing written', async () => {
      const r = await store.execute(refer('811218-9876'));
      expect(r).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.personal_number', issues: [{ path: ['participantId'] }] } });
      expect(await count(db, 'select count(*) from stegvis.events')).toBe(0);
    });

    test('a personnummer in assessment contents, and a 20 MB free-text field: refused, nothing of them written', async () => {
      expect((await store.execute(refer('p-edge'))).ok).toBe(true);
      const contents = { adjustmentNeeds: 'none', interestsAndExperience: 'yes', ownView: 'pnr 19811218-9876', motivation: 'yes', healthHabits: 'ok' };
      const assess = (c: Record<string, string>) => ({ type: 'completeAssessment', participantId: 'p-edge', actor: caseworker, at: at('2026-01-07T09:00'), contents: c });
      expect(await store.execute(assess(contents))).toMatchObject({ ok: false, refusal: { code: 'command.personal_number', issues: [{ path: ['contents', 'ownView'] }] } });
      expect(await store.execute(assess({ ...contents, ownView: 'x'.repeat(20_000_000) }))).toMatchObject({ ok: false, refusal: { code: 'command.too_large', issues: [{ path: ['contents', 'ownView'] }] } });
      const events = await store.events('p-edge');
      expect(events.ok && events.value.map((e) => e.type)).toEqual(['participant.referred', 'participant.admitted']);
    });
  });
}
