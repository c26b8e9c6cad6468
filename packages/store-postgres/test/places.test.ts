import { formatExplanation } from '@stegvis/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, createStore } from '../src/index.js';
import { at, backends, count, nackaWithPlaces } from './helpers.js';

/** Three places, one of them kept for Försäkringskassan ("Produktionshuset erbjuder också Försäkringskassan fem platser"). */
const programme = nackaWithPlaces(3, 1);
const cw = { id: 'cw-places', role: 'caseworker' };
const steered = { referrer: 'mottagningOchUtredning', targetGroup: 'waitingOrJobSeeking', occupiedFullTimeElsewhere: false };
const fk = { referrer: 'forsakringskassan', occupiedFullTimeElsewhere: false };

for (const backend of backends) {
  describe.runIf(backend.enabled)(`places decided by the store on ${backend.name}`, { timeout: 60_000 }, () => {
    let db: Db;
    let store: ReturnType<typeof createStore>;
    beforeAll(async () => {
      db = await backend.open();
      store = createStore({ db, programmes: [programme] });
    }, 120_000);
    afterAll(async () => db?.close(), 60_000);

    const refer = (participantId: string, when: string, facts: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      store.execute({ type: 'refer', participantId, at: at(when), actor: cw, facts, ...extra });
    const phase = async (id: string) => {
      const l = await store.load(id);
      return l.ok ? l.value.engine.phase(l.value.snapshot) : 'unknown';
    };

    test('a referral gets a free place, then the waiting list; an exit gives the freed place to the next in turn, in the same transaction', async () => {
      // the referral need not say whether a place was granted: the store decides
      for (const id of ['A', 'B', 'C']) expect((await refer(id, '2026-03-02T09:00', steered)).ok && (await phase(id))).toBe('active');
      // full: two referrals on one day wait in the order they came, whatever their ids
      const late1 = await refer('w-z', '2026-03-03T09:00', steered);
      const late2 = await refer('w-a', '2026-03-03T11:00', steered);
      expect(late1.ok && late1.events.map((e) => e.type)).toEqual(['participant.referred', 'participant.waitlisted']);
      expect(late2.ok && late2.events[1]).toMatchObject({ type: 'participant.waitlisted', payload: { because: 'noPlace' } });
      // Försäkringskassan's referral waits too: its kept place is lent out, as nobody from FK was waiting
      expect((await refer('fk-1', '2026-03-04T09:00', fk)).ok && (await phase('fk-1'))).toBe('waiting');
      // A leaves: the freed place is held for FK, who is waiting, though w-z and w-a came first and are steered groups
      const exitA = await store.execute({ type: 'exit', participantId: 'A', at: at('2026-03-05T09:00'), actor: cw, outcomeId: 'regularEmployment' });
      expect(exitA.ok && exitA.admitted.map((a) => [a.participantId, a.events.map((e) => e.type)])).toEqual([['fk-1', ['participant.admitted']]]);
      expect(await phase('fk-1')).toBe('active');
      // B leaves: the earlier of the two waiting gets it, not the one with the smaller id
      const exitB = await store.execute({ type: 'exit', participantId: 'B', at: at('2026-03-06T09:00'), actor: cw, outcomeId: 'regularEmployment' });
      expect(exitB.ok && exitB.admitted.map((a) => a.participantId)).toEqual(['w-z']);
      expect(await phase('w-a')).toBe('waiting');
      expect(await count(db, `select count(*) from stegvis.places where programme_id = $1 and status = 'enrolled'`, [programme.id])).toBe(3);
    });

    test('place: granted beyond the places is refused with store.no_place and the reason; a referral the rules decline takes no place', async () => {
      const r = await refer('greedy', '2026-03-07T09:00', steered, { place: 'granted' });
      expect(r).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'store.no_place', issues: [{ code: 'store.no_place', path: ['place'] }] } });
      if (r.ok || r.kind !== 'refused') return;
      expect(formatExplanation(r.refusal.explanation!, 'en')).toBe('✗ A place can be given now\n  ✗ A place is free (3 of 3 taken)');
      expect(formatExplanation(r.refusal.explanation!, 'sv')).toMatch(/^✗ Plats kan ges nu/);
      expect(await count(db, `select count(*) from stegvis.events where participant_id = 'greedy'`)).toBe(0);
      // "I princip skall alla som ej är sysselsatta i annan heltidsverksamhet ha sin bas i Produktionshuset": occupied elsewhere is declined
      const declined = await refer('busy', '2026-03-07T09:00', { ...steered, occupiedFullTimeElsewhere: true });
      expect(declined.ok && declined.events.map((e) => e.type)).toEqual(['referral.declined']);
      expect(await count(db, `select count(*) from stegvis.places where participant_id = 'busy'`)).toBe(0);
      // an admit by hand when no place is free is refused too
      const admit = await store.execute({ type: 'admit', participantId: 'w-a', at: at('2026-03-07T10:00'), actor: cw });
      expect(admit).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'store.no_place' } });
    });

    test('"Others referred by the municipality wait behind the groups the house is steered to": the rule waitlists, and the list serves priority first', async () => {
      const other = { referrer: 'mottagningOchUtredning', targetGroup: 'other', occupiedFullTimeElsewhere: false };
      const r = await refer('other-1', '2026-03-08T08:00', other);
      expect(r.ok && r.events[1]).toMatchObject({ type: 'participant.waitlisted', payload: { because: 'rule', ruleId: 'otherGroups' } });
      const exitC = await store.execute({ type: 'exit', participantId: 'C', at: at('2026-03-09T09:00'), actor: cw, outcomeId: 'regularEmployment' });
      // w-a (a steered group, priority) before other-1, who came later and is not in it
      expect(exitC.ok && exitC.admitted.map((a) => a.participantId)).toEqual(['w-a']);
    });
  });
}
