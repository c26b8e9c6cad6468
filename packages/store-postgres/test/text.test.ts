import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Db, type Store, createStore, migrate, pgDb, unstorableText } from '../src/index.js';
import { at, caseworker, ljusnarsberg, nacka } from './helpers.js';
import { inCi } from '../../../test/setup/environment.js';
import { type ThrowawayServer, canStartPostgres, startThrowawayServer, throwawaySettings } from '../../../test/setup/postgres.js';

const NUL = '\u0000';
const HIGH = '\ud800';
const LOW = '\udc00';

describe('unstorableText', () => {
  test('finds a NUL or a lone surrogate in any value or key, with its path; a surrogate pair is fine', () => {
    expect(unstorableText({ a: ['ok', { b: `x${NUL}y` }] })).toEqual(['a', 1, 'b']);
    expect(unstorableText({ a: `${HIGH}` })).toEqual(['a']);
    expect(unstorableText({ a: `x${LOW}` })).toEqual(['a']);
    expect(unstorableText({ a: `${LOW}${HIGH}` })).toEqual(['a']);
    expect(unstorableText({ [`k${NUL}`]: 1 })).toEqual(['(a key)']);
    expect(unstorableText({ a: 'emoji 😀 and å' })).toBeUndefined();
    // deep nesting does not overflow the stack
    let deep: unknown = `x${NUL}`;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableText(deep)?.length).toBe(200_000);
  });
});

/**
 * A server of its own with every statement logged (log_statement=all): a command that reached the database
 * in any way would show its marker in the log. The good commands' markers show that the log is read.
 */
// In CI a machine that cannot start a server fails here rather than skipping.
describe.runIf(canStartPostgres || inCi())('NUL and lone surrogates never reach PostgreSQL', { timeout: 120_000 }, () => {
  let server: ThrowawayServer;
  let db: Db;
  let store: Store;
  beforeAll(async () => {
    server = await startThrowawayServer(undefined, [...throwawaySettings, 'log_statement=all']);
    db = pgDb(server.url);
    await migrate(db);
    store = createStore({ db, programmes: [ljusnarsberg, nacka], start: { id: 'ljusnarsberg', version: 1 } });
    expect((await store.execute({ type: 'refer', participantId: 'p-text', at: at('2026-01-05T09:00'), actor: caseworker, facts: {}, commandId: 'marker-good-refer' })).ok).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    server?.destroy();
  }, 60_000);

  const base = { participantId: 'p-text', actor: caseworker, at: at('2026-01-07T09:00') };
  const cases: [string, Record<string, unknown>, (string | number)[]][] = [
    ['NUL in assessment contents', { ...base, type: 'completeAssessment', contents: { adjustmentNeeds: `marker-bad-1${NUL}`, interestsAndExperience: 'y', ownView: 'y', motivation: 'y', healthHabits: 'y' } }, ['contents', 'adjustmentNeeds']],
    ['a lone high surrogate in contents', { ...base, type: 'completeAssessment', contents: { adjustmentNeeds: `marker-bad-2${HIGH}`, interestsAndExperience: 'y', ownView: 'y', motivation: 'y', healthHabits: 'y' } }, ['contents', 'adjustmentNeeds']],
    ['NUL in the participant id', { ...base, participantId: `marker-bad-3${NUL}`, type: 'refer', facts: {} }, ['participantId']],
    ['a lone low surrogate in the actor id', { ...base, actor: { id: `marker-bad-4${LOW}`, role: 'caseworker' }, type: 'recordAttendance', date: '2026-01-07', hours: 1 }, ['actor', 'id']],
    ['NUL in the command id', { ...base, commandId: `marker-bad-5${NUL}`, type: 'recordAttendance', date: '2026-01-07', hours: 1 }, ['commandId']],
    ['NUL in a key of the contents', { ...base, type: 'completeAssessment', contents: { [`marker-bad-6${NUL}`]: 'x' } }, ['contents', '(a key)']],
    ['a lone surrogate in a fact of a referral', { ...base, participantId: 'p-text-2', type: 'refer', facts: { referrer: `marker-bad-7${HIGH}` } }, ['facts', 'referrer']],
  ];

  test.each(cases)('%s: refused as command.invalid with its path, and nothing written', async (_what, command, path) => {
    const r = await store.execute(command);
    expect(r).toMatchObject({ ok: false, kind: 'refused', refusal: { code: 'command.invalid', issues: [{ code: 'command.invalid', path }] } });
    if (r.ok || r.kind !== 'refused') return;
    expect(r.refusal.issues[0]!.message).toMatch(/NUL character \(U\+0000\) or a lone surrogate/);
    expect(r.refusal.issues[0]!.message).not.toMatch(/marker/);
  });

  test('reads with such an id are refused as store.invalid_query, before any query', async () => {
    for (const r of [await store.load(`marker-bad-8${NUL}`), await store.events(`marker-bad-9${HIGH}`), await store.verify(`marker-bad-10${NUL}`)])
      expect(r).toMatchObject({ ok: false, issues: [{ code: 'store.invalid_query', path: ['participantId'] }] });
    expect(await store.dueDeadlines('2026-03-02T07:00:00+01:00', { area: `marker-bad-11${NUL}` })).toMatchObject({ ok: false, issues: [{ code: 'store.invalid_query', path: ['area'] }] });
    expect(await store.migrate({ participantId: 'p-text', to: { id: 'ljusnarsberg', version: 1 }, mapping: { steps: { [`marker-bad-12${NUL}`]: 'x' } }, at: at('2026-01-08T09:00'), actor: caseworker })).toMatchObject({
      ok: false,
      kind: 'refused',
      refusal: { issues: [{ path: ['mapping', 'steps', '(a key)'] }] },
    });
  });

  test('the server log holds the good commands and none of the bad ones', async () => {
    expect((await store.execute({ ...base, type: 'recordAttendance', date: '2026-01-07', hours: 1, commandId: 'marker-good-attendance' })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = server.log();
    expect(log).toContain('marker-good-refer');
    expect(log).toContain('marker-good-attendance');
    expect(log).not.toMatch(/marker-bad/);
    expect(log).not.toMatch(/invalid byte sequence|unsupported Unicode escape|surrogate/);
  });
});
