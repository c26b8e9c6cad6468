/**
 * The service end to end over loopback: started on 127.0.0.1, port 0, with PGlite and the five example
 * programmes, spoken to with the real `fetch` and real signed tokens (a key pair made here, its public
 * half as the service's key set), stopped and its store closed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, type Queryable, type Store, createStore, migrate, pgliteDb } from '@stegvis/store-postgres';
import type { FastifyInstance } from 'fastify';
import { type JSONWebKeySet, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { loadExampleProgrammes } from '../src/programmes.js';
import { type AccessEntry, buildServer } from '../src/server.js';

const ISSUER = 'https://idp.nacka.example/realms/staff';
const AUDIENCE = 'stegvis-embed-service';
type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let signingKey: SigningKey;
let jwks: JSONWebKeySet;
const accessLog: AccessEntry[] = [];

/** A token as the identity provider would sign it: the user's opaque id in sub, their role in stegvis_role. */
async function tokenFor(who: { id: string; role: string }, o: { expiresIn?: string; issuer?: string; audience?: string; key?: SigningKey; claims?: Record<string, unknown> } = {}): Promise<string> {
  return new SignJWT({ stegvis_role: who.role, ...o.claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
    .setSubject(who.id)
    .setIssuer(o.issuer ?? ISSUER)
    .setAudience(o.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '10m')
    .sign(o.key ?? signingKey);
}

let db: Db;
let store: Store;
let app: FastifyInstance;
let base: string;
const programmes = loadExampleProgrammes();
const logLines: string[] = [];

/**
 * PGlite runs one query at a time, and a command's load and append follow each other within
 * milliseconds, so requests sent at once rarely overlap by themselves. `holdWrites(n)` makes the next
 * n write transactions wait until all n have arrived (each has loaded and decided): concurrent commands
 * then all load the same version before any appends, which is the race the store's optimistic
 * concurrency is for. Later transactions (the retries) pass at once.
 */
let held: { count: number; release: () => void; released: Promise<void> } | undefined;
const holdWrites = (n: number) => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  held = { count: n, release, released };
  // never wait forever: a test that sends fewer commands than it said fails on its own assertions
  setTimeout(release, 5_000).unref();
};
let conflicts = 0;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  signingKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' } as JWK] };
  const pglite = await pgliteDb();
  await migrate(pglite);
  db = {
    ...pglite,
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
      const h = held;
      if (h) {
        if (--h.count <= 0) {
          held = undefined;
          h.release();
        }
        await h.released;
      }
      return pglite.transaction(fn);
    },
  };
  const inner = createStore({ db, programmes });
  store = {
    ...inner,
    execute: async (command, options) => {
      const r = await inner.execute(command, options);
      if (!r.ok && r.kind === 'conflict') conflicts++;
      return r;
    },
  };
  app = buildServer({ store, programmes, auth: { jwks, issuer: ISSUER, audience: AUDIENCE }, log: (line) => logLines.push(line), accessLog: (e) => accessLog.push(e), retry: { attempts: 10 } });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

type Who = { id: string; role: string };
const referring: Who = { id: 'mou-caseworker-3', role: 'caseworker' };
const otherCaseworker: Who = { id: 'mou-caseworker-9', role: 'caseworker' };
const foreman: Who = { id: 'foreman-2', role: 'workSupervisor' };

async function answer(r: Response): Promise<Answer> {
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text: the assertions say what was expected
  }
  return { status: r.status, headers: r.headers, body };
}

async function post(id: string, body: unknown, o: { as?: Who | null; key?: string; lang?: string; to?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const who = o.as === undefined ? referring : o.as;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  if (who) headers.authorization = `Bearer ${await tokenFor(who)}`;
  if (o.key) headers['idempotency-key'] = o.key;
  if (o.lang) headers['accept-language'] = o.lang;
  const r = await fetch(`${o.to ?? base}/participants/${encodeURIComponent(id)}/commands`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return answer(r);
}

const get = async (path: string, as: Who | null = referring, headers: Record<string, string> = {}): Promise<Answer> =>
  answer(await fetch(`${base}${path}`, { headers: { ...headers, ...(as ? { authorization: `Bearer ${await tokenFor(as)}` } : {}) } }));
const eventsOf = async (id: string): Promise<any[]> => (await get(`/participants/${id}/events`)).body.events;

const referNacka = (id: string, at = '2002-03-04T09:00:00+01:00') =>
  post(id, {
    type: 'refer',
    programme: 'nacka',
    at,
    facts: { referrer: 'mottagningOchUtredning', targetGroup: 'waitingOrJobSeeking', occupiedFullTimeElsewhere: false },
    place: 'granted',
    area: 'care',
  });

/** No answer carries a stack trace or a file path from the server. */
const noStack = (a: Answer) => expect(JSON.stringify(a.body)).not.toMatch(/stack|\.ts:\d+|node_modules|at .+\(/);

describe('a Nacka participant through the service (seed 004: the referring caseworker acts, the staff report)', () => {
  const id = 'N-100';

  it('is referred by a caseworker: 201 with the events, and admitted to the first step', async () => {
    const r = await referNacka(id);
    expect(r.status).toBe(201);
    expect(r.body.events.map((e: { type: string }) => e.type)).toEqual(['participant.referred', 'participant.admitted']);
    expect(r.body.events[0]).toMatchObject({ id: `${id}:1`, seq: 1, participantId: id, actor: referring, programme: { id: 'nacka', version: 1 } });
    expect(r.body.participant).toMatchObject({ phase: 'active', step: { id: 'workAssessment' }, version: 2 });
  });

  it('attendance recorded by a work supervisor names the referring caseworker to act', async () => {
    const r = await post(id, { type: 'recordAttendance', at: '2002-03-05T16:00:00+01:00', date: '2002-03-05', hours: 6 }, { as: foreman });
    expect(r.status).toBe(201);
    expect(r.body.events).toEqual([expect.objectContaining({ type: 'attendance.recorded', seq: 3, actor: foreman, payload: { date: '2002-03-05', hours: 6, notify: referring.id } })]);
  });

  it('an exit by a caseworker who did not refer is refused with 403 and the policy explained, in Swedish by default', async () => {
    const r = await post(id, { type: 'exit', at: '2002-03-06T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: otherCaseworker });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-language')).toBe('sv');
    expect(r.body).toMatchObject({ code: 'command.forbidden', issues: [{ code: 'command.forbidden', path: ['headers', 'authorization'] }], explanation: { lang: 'sv', tree: { ok: false } } });
    expect(r.body.explanation.text).toBe('✗ Får göra "exit" (roll: Remitterande handläggare)\n  ✗ Remitterande handläggare (endast remitterande handläggare)');
    expect(r.body.explanation.tree.children[0].text.en).toBe('Referring caseworker (the referring caseworker only)');
    noStack(r);
  });

  it('the explanation follows Accept-Language', async () => {
    const r = await post(id, { type: 'exit', at: '2002-03-06T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: otherCaseworker, lang: 'en-GB,en;q=0.9,sv;q=0.5' });
    expect(r.status).toBe(403);
    expect(r.headers.get('content-language')).toBe('en');
    expect(r.body.explanation.text).toBe('✗ May do "exit" (role: Referring caseworker)\n  ✗ Referring caseworker (the referring caseworker only)');
  });

  it('a work supervisor may not exit anyone either; a refusal writes nothing', async () => {
    const r = await post(id, { type: 'exit', at: '2002-03-06T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: foreman, lang: 'en' });
    expect(r.status).toBe(403);
    expect(r.body.explanation.text).toMatch(/^✗ May do "exit" \(role: Work supervisor\)/);
    expect(await eventsOf(id)).toHaveLength(3);
  });

  it('the referring caseworker\'s exit is accepted', async () => {
    const r = await post(id, { type: 'exit', at: '2002-03-06T09:00:00+01:00', outcomeId: 'psychiatry' });
    expect(r.status).toBe(201);
    expect(r.body.events).toEqual([expect.objectContaining({ type: 'participant.exited', seq: 4, actor: referring })]);
    expect((await get(`/participants/${id}`)).body).toMatchObject({ participantId: id, programme: { id: 'nacka', version: 1 }, version: 4, phase: 'exited', openDeadlines: [], flags: [] });
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['participant.referred', 'participant.admitted', 'attendance.recorded', 'participant.exited']);
  });

  it('an engine refusal that is not about authorisation is 422, with the issue and its fix', async () => {
    const r = await post(id, { type: 'recordAttendance', at: '2002-03-07T09:00:00+01:00', date: '2002-03-07', hours: 2 }, { as: foreman });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'command.exited', issues: [{ code: 'command.exited' }] });
    expect(r.body.message).toEqual(expect.any(String));
  });
});

describe('idempotency: the Idempotency-Key header is the command id', () => {
  it('a repeated key answers 200 with the same events, and writes nothing new', async () => {
    const id = 'N-200';
    expect((await referNacka(id)).status).toBe(201);
    const command = { type: 'recordAttendance', at: '2002-03-05T16:00:00+01:00', date: '2002-03-05', hours: 4 };
    const first = await post(id, command, { as: foreman, key: 'attendance-2002-03-05-N-200' });
    expect(first.status).toBe(201);
    expect(first.body.events[0]).toMatchObject({ type: 'attendance.recorded', commandId: 'attendance-2002-03-05-N-200' });
    const again = await post(id, command, { as: foreman, key: 'attendance-2002-03-05-N-200' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.duplicate).toBe(true);
    expect(again.body.events).toEqual(first.body.events);
    expect((await eventsOf(id)).filter((e) => e.type === 'attendance.recorded')).toHaveLength(1);
  });
});

describe('concurrency', () => {
  afterAll(() => {
    held?.release();
    held = undefined;
  });

  const attendance = (id: string, dates: readonly string[], to?: string) =>
    Promise.all(dates.map((date) => post(id, { type: 'recordAttendance', at: '2002-03-11T16:00:00+01:00', date, hours: 5 }, { as: foreman, ...(to ? { to } : {}) })));

  /** The log has seq 1..n without gaps and each id once; the attendance dates in it are exactly those answered 201. */
  const expectNoneLostOrDuplicated = async (id: string, dates: readonly string[], answers: readonly Answer[]) => {
    const events = await eventsOf(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const applied = dates.filter((_, i) => answers[i]!.status === 201);
    const recorded = events.filter((e) => e.type === 'attendance.recorded').map((e) => e.payload.date as string);
    expect([...recorded].sort()).toEqual([...applied].sort());
    // Every 201 answered with the event that is in the log, at its place.
    for (const [i, a] of answers.entries()) if (a.status === 201) expect(a.body.events).toEqual([events.find((e) => e.payload.date === dates[i])]);
    return applied;
  };

  it('commands sent at once to one participant all end up applied, each once, after the store\'s retries', async () => {
    const id = 'N-300';
    expect((await referNacka(id)).status).toBe(201);
    const dates = ['2002-03-05', '2002-03-06', '2002-03-07', '2002-03-08'];
    holdWrites(dates.length);
    conflicts = 0;
    const answers = await attendance(id, dates);
    expect(conflicts).toBeGreaterThan(0); // the race happened ...
    // ... and the retries resolved it: each conflict means another of the four was appended, so no command
    // meets more than three, and ten attempts apply them all.
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(await expectNoneLostOrDuplicated(id, dates, answers)).toHaveLength(4);
  });

  it('without retries, one of two commands at once wins and the other is answered 409, writing nothing', async () => {
    const noRetry = buildServer({ store, programmes, auth: { jwks, issuer: ISSUER, audience: AUDIENCE }, retry: { attempts: 1 } });
    const to = await noRetry.listen({ host: '127.0.0.1', port: 0 });
    try {
      const id = 'N-301';
      expect((await referNacka(id)).status).toBe(201);
      const dates = ['2002-03-05', '2002-03-06'];
      holdWrites(dates.length);
      const answers = await attendance(id, dates, to);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const lost = answers.find((a) => a.status === 409)!;
      expect(lost.body).toMatchObject({ code: 'store.conflict', issues: [{ code: 'store.conflict', path: ['params', 'id'] }] });
      expect(await expectNoneLostOrDuplicated(id, dates, answers)).toHaveLength(1);
    } finally {
      await noRetry.close();
    }
  });
});

describe('GET /deadlines/due', () => {
  beforeAll(async () => {
    // Ljusnarsberg: assessment and action plan within 14 days of intake, step targets at 3, 6, 9 and 12 months.
    expect((await post('L-1', { type: 'refer', programme: 'ljusnarsberg', at: '2026-02-02T09:00:00+01:00', facts: {} })).status).toBe(201);
    // Enköping: two participants in two work areas, each with an implementation plan (follow-ups and a Jobbcentrum contact then fall due).
    for (const [id, area] of [['E-1', 'laundry'], ['E-2', 'kitchenRestaurant']] as const) {
      expect((await post(id, { type: 'refer', programme: { id: 'enkoping', version: 1 }, at: '2026-02-02T09:00:00+01:00', facts: { referrer: 'adultTeam' }, place: 'granted', area })).status).toBe(201);
      const plan = { selfSufficiencyFocus: 'work', workArea: area, abilitiesAndConditions: 'assessed' };
      const r = await post(id, { type: 'establishPlan', at: '2026-02-09T09:00:00+01:00', contents: plan, subGoals: ['routine'], participantTookPart: true });
      expect(r.status).toBe(201);
    }
  });

  it('lists what falls due by today, with the status on the day of now', async () => {
    const r = await get(`/deadlines/due?now=${encodeURIComponent('2026-02-20T07:00:00+01:00')}&kind=assessment`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ now: '2026-02-20T07:00:00+01:00', today: '2026-02-20' });
    expect(r.body.deadlines).toEqual([expect.objectContaining({ participantId: 'L-1', deadlineId: 'assessment.due', kind: 'assessment', dueOn: '2026-02-16', status: 'overdue', programme: { id: 'ljusnarsberg', version: 1 } })]);
  });

  it('until looks ahead; kinds may be a list', async () => {
    const r = await get(`/deadlines/due?now=2026-02-20T06:00:00Z&kind=stepTarget,actionPlan&until=2026-04-30`);
    expect(r.status).toBe(200);
    const rows = r.body.deadlines.filter((d: { participantId: string }) => d.participantId === 'L-1').map((d: { deadlineId: string; status: string }) => [d.deadlineId, d.status]);
    expect(rows).toEqual(expect.arrayContaining([['actionPlan.due', 'overdue'], ['step1.target', 'upcoming']]));
    expect(rows.map((x: string[]) => x[0])).not.toContain('step2.target');
  });

  it('area filters to the participants of one work area', async () => {
    const r = await get(`/deadlines/due?now=2026-02-20T07:00:00%2B01:00&area=laundry&until=2026-12-31`);
    expect(r.status).toBe(200);
    expect(r.body.deadlines.length).toBeGreaterThan(0);
    expect(new Set(r.body.deadlines.map((d: { participantId: string; area: string }) => `${d.participantId}/${d.area}`))).toEqual(new Set(['E-1/laundry']));
  });

  it('an unencoded + in now (it arrives as a space) is still read as the offset', async () => {
    const r = await get(`/deadlines/due?now=2026-02-20T07:00:00+01:00&kind=assessment`);
    expect(r.status).toBe(200);
    expect(r.body.now).toBe('2026-02-20T07:00:00+01:00');
  });

  it('GET /participants/:id?now= gives each open deadline its status on that day', async () => {
    const before = await get('/participants/L-1');
    expect(before.body.openDeadlines.find((d: { id: string }) => d.id === 'assessment.due')).toMatchObject({ status: 'due', dueOn: '2026-02-16' });
    const later = await get(`/participants/L-1?now=${encodeURIComponent('2026-02-20T07:00:00+01:00')}`);
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ phase: 'active', step: { id: 'assessment' } });
    expect(later.body.openDeadlines.find((d: { id: string }) => d.id === 'assessment.due')).toMatchObject({ status: 'overdue' });
  });
});

describe('bad requests: the right 4xx and a message that says what to change', () => {
  const expectIssue = (a: Answer, status: number, code: string, path: (string | number)[], message: RegExp) => {
    expect(a.status).toBe(status);
    expect(a.body.code).toBe(code);
    expect(a.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
    expect(a.body.message).toEqual(expect.any(String));
    noStack(a);
  };

  it('malformed JSON → 400', async () => {
    expectIssue(await post('N-400', '{"type": "refer", '), 400, 'request.malformed_json', ['body'], /not valid JSON/);
  });

  it('a body that is not an object → 400', async () => {
    expectIssue(await post('N-400', '[1, 2]'), 400, 'request.invalid', ['body'], /expected a JSON object/);
  });

  it('an unknown command type → 400, naming the types there are', async () => {
    const r = await post('N-400', { type: 'frobnicate', at: '2002-03-04T09:00:00+01:00' });
    expectIssue(r, 400, 'command.invalid', ['type'], /unknown command type "frobnicate"/);
    expect(r.body.issues[0].fix).toMatch(/refer, admit, /);
  });

  it('a command without at (the host\'s clock) → 400 at path at', async () => {
    expectIssue(await post('N-400', { type: 'recordAttendance', date: '2002-03-05', hours: 6 }, { as: foreman }), 400, 'command.invalid', ['at'], /required field is missing/);
  });

  it('at without its offset, and an unknown field → 400 with both issues and their paths', async () => {
    const r = await post('N-400', { type: 'recordAttendance', at: '2002-03-05T09:00', date: '2002-03-05', hours: 6, minutes: 3 }, { as: foreman });
    expectIssue(r, 400, 'command.invalid', ['at'], /offset/);
    expect(r.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['minutes'], message: 'unknown field "minutes"' })]));
  });

  it('a referral to an unknown programme → 400', async () => {
    expectIssue(
      await post('N-400', { type: 'refer', programme: 'atlantis', at: '2002-03-04T09:00:00+01:00', facts: {} }),
      400,
      'request.unknown_programme',
      ['programme'],
      /no programme "atlantis" runs here/,
    );
  });

  it('a referral that names no programme → 400, listing them', async () => {
    const r = await post('N-400', { type: 'refer', at: '2002-03-04T09:00:00+01:00', facts: {} });
    expectIssue(r, 400, 'request.missing_programme', ['programme'], /say which/);
    expect(r.body.issues[0].fix).toMatch(/enkoping, kungsbacka, ljusnarsberg, nacka, timra/);
  });

  it('an unknown participant → 404 on GET, on its events, and for a command other than refer', async () => {
    expectIssue(await get('/participants/NOBODY'), 404, 'participant.unknown', ['params', 'id'], /no participant "NOBODY"/);
    expectIssue(await get('/participants/NOBODY/events'), 404, 'participant.unknown', ['params', 'id'], /no participant/);
    expectIssue(await post('NOBODY', { type: 'advance', at: '2002-03-04T09:00:00+01:00' }), 404, 'participant.unknown', ['params', 'id'], /no participant/);
  });

  it('actor headers, or a participantId or actor in the body → 400 saying where each comes from', async () => {
    const r = await post('N-400', { type: 'advance', at: '2002-03-04T09:00:00+01:00', participantId: 'N-401', actor: { id: 'x', role: 'caseworker' } }, { headers: { 'x-actor-id': 'mou-caseworker-3', 'x-actor-role': 'caseworker' } });
    expectIssue(r, 400, 'request.untrusted_header', ['headers', 'x-actor-id'], /not read: the actor comes from the signed token only/);
    expect(r.body.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['headers', 'x-actor-role'] }),
        expect.objectContaining({ path: ['participantId'], message: expect.stringMatching(/comes from the path/) }),
        expect.objectContaining({ path: ['actor'], message: expect.stringMatching(/comes from the signed token/) }),
      ]),
    );
  });

  it('bad query parameters of /deadlines/due → 400', async () => {
    expectIssue(await get('/deadlines/due?kind=followUp'), 400, 'request.invalid_query', ['query', 'now'], /missing query parameter now/);
    expectIssue(await get('/deadlines/due?now=yesterday'), 400, 'request.invalid_query', ['query', 'now'], /ISO instant with its offset.*got "yesterday"/);
    expectIssue(await get('/deadlines/due?now=2026-03-02T07:00:00'), 400, 'request.invalid_query', ['query', 'now'], /offset/);
    expectIssue(await get('/deadlines/due?now=2026-03-02T06:00:00Z&until=2026-02-30'), 400, 'request.invalid_query', ['query', 'until'], /date like/);
    expectIssue(await get('/deadlines/due?now=2026-03-02T06:00:00Z&kinds=followUp'), 400, 'request.invalid_query', ['query', 'kinds'], /unknown query parameter "kinds"/);
    expectIssue(await get('/deadlines/due?now=2026-03-02T06:00:00Z&status=late'), 400, 'request.invalid_query', ['query', 'status'], /not a status/);
  });

  it('an unknown route → 404, and a body that is not JSON → 415', async () => {
    expectIssue(await get('/participants'), 404, 'request.unknown_route', ['url'], /no route GET \/participants/);
    const r = await answer(await fetch(`${base}/participants/N-400/commands`, { method: 'POST', headers: { 'content-type': 'text/xml', authorization: `Bearer ${await tokenFor(referring)}` }, body: '<advance/>' }));
    expectIssue(r, 415, 'request.unsupported_media_type', ['body'], /must be JSON/);
  });
});

describe('the log', () => {
  it('has one line per request with method, route pattern and status: no participant ids, bodies or actors', () => {
    expect(logLines.length).toBeGreaterThan(20);
    for (const line of logLines) expect(line).toMatch(/^(GET|POST) (\/[a-z/:]*|\(no route\)) \d{3} \d+ms$/);
    expect(logLines.join('\n')).not.toMatch(/N-\d+|L-1|E-1|mou-caseworker|foreman|nacka|2002-03/);
  });
});
