/**
 * The service end to end over loopback: started on 127.0.0.1, port 0, with PGlite and the five example
 * programmes, spoken to with the real `fetch` and real signed tokens (a key pair made here, its public
 * half as the service's key set), stopped and its store closed at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, type Store, createStore, migrate, pgliteDb } from '@stegvis/store-postgres';
import type { FastifyInstance } from 'fastify';
import { type JSONWebKeySet, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { readFileSync } from 'node:fs';
import { commandTypes, parseYaml, validateProgramme } from '@stegvis/core';
import { loadExampleProgrammes } from '../src/programmes.js';
import { type AccessEntry, buildServer } from '../src/server.js';
import { freshPgliteInMemory } from '../../../test/setup/pglite.js';

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
 * n writes (the statement that appends a command's events) wait until all n have arrived (each has loaded and decided): concurrent commands
 * then all load the same version before any appends, which is the race the store's optimistic
 * concurrency is for. Later writes (the retries) pass at once.
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
  const pglite = await pgliteDb(freshPgliteInMemory());
  await migrate(pglite);
  db = {
    ...pglite,
    // a command's write is one statement, the one that inserts its events
    query: async (sql, params) => {
      const h = held;
      if (h && sql.includes('insert into stegvis.events')) {
        if (--h.count <= 0) {
          held = undefined;
          h.release();
        }
        await h.released;
      }
      return pglite.query(sql, params);
    },
  };
  // Without the state a store keeps between commands, so every command loads: the race held here is two
  // commands decided on the same loaded version (a kept state that turns out stale is decided again on a load).
  const inner = createStore({ db, programmes, cacheSize: 0 });
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
}, 120_000); // PGlite takes seconds to start, more on a busy machine (as in the store's tests)

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
    expect((await get(`/participants/${id}`)).body).toMatchObject({ participantId: id, programme: { id: 'nacka', version: 1 }, version: 4, phase: 'exited', flags: [] });
    // After the exit only the follow-ups after exit are open (issue 14): a month and six months on.
    expect((await get(`/participants/${id}`)).body.openDeadlines.map((d: { id: string; kind: string }) => [d.id, d.kind])).toEqual([['exit.oneMonth', 'exitFollowUp'], ['exit.sixMonths', 'exitFollowUp']]);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['participant.referred', 'participant.admitted', 'attendance.recorded', 'participant.exited']);
  });

  it('an engine refusal that is not about authorisation is 422, with the issue and its fix', async () => {
    const r = await post(id, { type: 'recordAttendance', at: '2002-03-07T09:00:00+01:00', date: '2002-03-07', hours: 2 }, { as: foreman });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'command.exited', issues: [{ code: 'command.exited' }] });
    expect(r.body.message).toEqual(expect.any(String));
  });
});

// Issue 15: corrections and proposals, authorised by the token's actor and Nacka's policy (programme.yaml).
describe('corrections and proposals through the service (Nacka: the staff report, the referring caseworker acts)', () => {
  const id = 'N-150';
  beforeAll(async () => {
    expect((await referNacka(id)).status).toBe(201);
  });

  it('an attendance recorded twice is voided by a caseworker: 201, the log keeps both; a work supervisor may not void', async () => {
    for (let i = 0; i < 2; i++) expect((await post(id, { type: 'recordAttendance', at: '2002-03-05T16:00:00+01:00', date: '2002-03-05', hours: 6 }, { as: foreman })).status).toBe(201);
    const twice = (await eventsOf(id)).at(-1);
    const byForeman = await post(id, { type: 'voidEvent', at: '2002-03-05T17:00:00+01:00', eventSeq: twice.seq, reason: 'duplicate' }, { as: foreman, lang: 'en' });
    expect(byForeman.status).toBe(403);
    expect(byForeman.body.explanation.text).toMatch(/^✗ May do "voidEvent" \(role: Work supervisor\)/);
    const r = await post(id, { type: 'voidEvent', at: '2002-03-05T17:00:00+01:00', eventSeq: twice.seq, reason: 'duplicate' });
    expect(r.status).toBe(201);
    expect(r.body.events).toEqual([expect.objectContaining({ type: 'event.voided', actor: referring, payload: { eventSeq: twice.seq, reason: 'duplicate' } })]);
    expect((await eventsOf(id)).map((e) => e.type).slice(-3)).toEqual(['attendance.recorded', 'attendance.recorded', 'event.voided']);
    const log = (await get(`/participants/${id}/events`, referring, { 'accept-language': 'en' })).body;
    expect(log.voided).toEqual([twice.seq]);
    expect(log.voidedExplanation).toContain(`Event ${twice.seq} (attendance.recorded) was voided (duplicate, by ${referring.id}`);
    const again = await post(id, { type: 'voidEvent', at: '2002-03-05T17:01:00+01:00', eventSeq: 1, reason: 'wrongParticipant' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'command.not_voidable', issues: [{ code: 'command.not_voidable', path: ['eventSeq'] }] });
    expect(again.body.explanation.text).toContain('Anvisningen inleder deltagarens logg');
    noStack(again);
  });

  it('a work supervisor proposes an exit; it is due in the list; only the referring caseworker\'s approval makes it hers', async () => {
    const made = await post(id, { type: 'proposeChange', at: '2002-03-06T09:00:00+01:00', change: { type: 'exit', outcomeId: 'psychiatry' } }, { as: foreman });
    expect(made.status).toBe(201);
    const seq = made.body.events[0].seq;
    const due = await get(`/deadlines/due?now=${encodeURIComponent('2002-03-12T07:00:00+01:00')}&kind=proposalDecision`);
    expect(due.body.deadlines).toEqual([expect.objectContaining({ participantId: id, deadlineId: `proposal.${seq}`, dueOn: '2002-03-11', status: 'overdue' })]);
    expect((await post(id, { type: 'approveProposal', at: '2002-03-12T09:00:00+01:00', proposalSeq: seq }, { as: otherCaseworker })).status).toBe(403);
    const r = await post(id, { type: 'approveProposal', at: '2002-03-12T09:00:00+01:00', proposalSeq: seq });
    expect(r.status).toBe(201);
    expect(r.body.events.map((e: { type: string; actor: Who }) => [e.type, e.actor.id])).toEqual([
      ['proposal.approved', referring.id],
      ['participant.exited', referring.id],
    ]);
    // The proposal's deadline is met; only the follow-ups after exit are open (issue 14).
    const exited = (await get(`/participants/${id}`)).body;
    expect(exited.phase).toBe('exited');
    expect(exited.openDeadlines.map((d: { kind: string }) => d.kind)).toEqual(['exitFollowUp', 'exitFollowUp']);
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
    expect(r.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['minutes'], message: 'unknown field' })]));
  });

  it('a referral to an unknown programme → 400', async () => {
    expectIssue(
      await post('N-400', { type: 'refer', programme: 'atlantis', at: '2002-03-04T09:00:00+01:00', facts: {} }),
      400,
      'request.unknown_programme',
      ['programme'],
      /no programme of that id/,
    );
    const r = await post('N-400', { type: 'refer', programme: 'atlantis', at: '2002-03-04T09:00:00+01:00', facts: {} });
    expect(JSON.stringify(r.body)).not.toContain('atlantis');
  });

  it('a referral that names no programme → 400, listing them', async () => {
    const r = await post('N-400', { type: 'refer', at: '2002-03-04T09:00:00+01:00', facts: {} });
    expectIssue(r, 400, 'request.missing_programme', ['programme'], /say which/);
    expect(r.body.issues[0].fix).toMatch(/enkoping, kungsbacka, ljusnarsberg, nacka, timra/);
  });

  it('an unknown participant → 404 on GET, on its events, and for a command other than refer', async () => {
    const unknown = await get('/participants/NOBODY');
    expectIssue(unknown, 404, 'participant.unknown', ['params', 'id'], /no participant with this id/);
    expect(JSON.stringify(unknown.body)).not.toContain('NOBODY');
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
    expectIssue(await get('/deadlines/due?now=yesterday'), 400, 'request.invalid_query', ['query', 'now'], /ISO instant with its offset/);
    expect(JSON.stringify((await get('/deadlines/due?now=yesterday')).body)).not.toContain('yesterday');
    expectIssue(await get('/deadlines/due?now=2026-03-02T07:00:00'), 400, 'request.invalid_query', ['query', 'now'], /offset/);
    expectIssue(await get('/deadlines/due?now=2026-03-02T06:00:00Z&until=2026-02-30'), 400, 'request.invalid_query', ['query', 'until'], /date like/);
    expectIssue(await get('/deadlines/due?now=2026-03-02T06:00:00Z&kinds=followUp'), 400, 'request.invalid_query', ['query', 'kinds'], /unknown query parameter/);
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

describe('sign-in: every request carries a signed token, verified against the key set', () => {
  const routes: [string, string][] = [
    ['POST', '/participants/N-100/commands'],
    ['GET', '/participants/N-100'],
    ['GET', '/participants/N-100/events'],
    ['GET', '/deadlines/due?now=2026-02-20T06:00:00Z'],
    ['GET', '/no-such-route'],
  ];
  const call = async (method: string, path: string, authorization?: string) =>
    answer(await fetch(`${base}${path}`, { method, headers: { ...(authorization ? { authorization } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, ...(method === 'POST' ? { body: JSON.stringify({ type: 'tick', at: '2002-03-09T09:00:00+01:00' }) } : {}) }));

  it.each(routes)('%s %s without a token → 401 auth.missing_token, with WWW-Authenticate', async (method, path) => {
    const r = await call(method, path);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(r.body).toMatchObject({ code: 'auth.missing_token', issues: [{ path: ['headers', 'authorization'] }] });
  });

  it('an expired token, another issuer, another audience, another key, no role, an unsigned token → 401, never echoing the token', async () => {
    const other = (await generateKeyPair('ES256')).privateKey;
    const header = (s: string) => Buffer.from(JSON.stringify(s === 'none' ? { alg: 'none' } : {})).toString('base64url');
    const unsigned = `${header('none')}.${Buffer.from(JSON.stringify({ sub: referring.id, stegvis_role: 'caseworker', iss: ISSUER, aud: AUDIENCE, exp: 4102444800 })).toString('base64url')}.`;
    const cases: [string, string, RegExp][] = [
      [await tokenFor(referring, { expiresIn: '-5m' }), 'auth.expired_token', /expired/],
      [await tokenFor(referring, { issuer: 'https://evil.example' }), 'auth.invalid_token', /"iss" claim/],
      [await tokenFor(referring, { audience: 'another-service' }), 'auth.invalid_token', /"aud" claim/],
      [await tokenFor(referring, { key: other }), 'auth.invalid_token', /signature does not verify/],
      [await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'test-key' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(signingKey), 'auth.invalid_token', /no "stegvis_role" claim/],
      [unsigned, 'auth.invalid_token', /signature|algorithm/],
    ];
    for (const [token, code, message] of cases) {
      const r = await call('GET', '/participants/N-100', `Bearer ${token}`);
      expect([r.status, r.body.code], code).toEqual([401, code]);
      expect(r.body.issues[0].message).toMatch(message);
      expect(JSON.stringify(r.body)).not.toContain(token.slice(0, 20));
      expect(JSON.stringify(r.body)).not.toMatch(/evil|another-service/);
    }
    expect((await call('GET', '/participants/N-100', 'Basic dXNlcjpwYXNz')).body.code).toBe('auth.invalid_token');
  });

  it('the actor is the token\'s: another caseworker\'s id cannot be claimed, so Nacka\'s referring-only exit holds', async () => {
    const id = 'N-800';
    expect((await referNacka(id)).status).toBe(201);
    // the old way of claiming to be the referring caseworker is refused outright
    const claimed = await post(id, { type: 'exit', at: '2002-03-06T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: otherCaseworker, headers: { 'x-actor-id': referring.id, 'x-actor-role': 'caseworker' } });
    expect([claimed.status, claimed.body.code]).toEqual([400, 'request.untrusted_header']);
    const r = await post(id, { type: 'exit', at: '2002-03-06T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: otherCaseworker });
    expect([r.status, r.body.code]).toEqual([403, 'command.forbidden']);
    expect((await eventsOf(id)).map((e) => e.actor)).toEqual([referring, referring]);
  });

  it('the key set can be a JWKS URL on loopback; plain http elsewhere is refused at start', async () => {
    const { createServer } = await import('node:http');
    const keys = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(keys.address() as { port: number }).port}/jwks.json`);
    const remote = buildServer({ store, programmes, auth: { jwks: url, issuer: ISSUER, audience: AUDIENCE } });
    const to = await remote.listen({ host: '127.0.0.1', port: 0 });
    try {
      const ok = await answer(await fetch(`${to}/participants/N-100`, { headers: { authorization: `Bearer ${await tokenFor(referring)}` } }));
      expect(ok.status).toBe(200);
    } finally {
      await remote.close();
      keys.close();
    }
    expect(() => buildServer({ store, programmes, auth: { jwks: new URL('http://idp.example.org/jwks.json'), issuer: ISSUER, audience: AUDIENCE } })).toThrow(/https, or http on loopback/);
  });
});

describe('reads are authorised by the programme\'s policy, and logged', () => {
  const auditor = { id: 'auditor-1', role: 'auditor' };

  it('a role Nacka\'s policy grants nothing reads no Nacka participant: 403 with the reason, in Swedish and English', async () => {
    const r = await get('/participants/N-100', auditor);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'read.forbidden', explanation: { lang: 'sv' } });
    expect(r.body.explanation.text).toBe('✗ Får läsa deltagaren (roll: auditor)\n  ✗ Rollen får inte göra något i programmet');
    expect((await get('/participants/N-100/events', auditor)).status).toBe(403);
    // a programme without a policy leaves reading to the host: Ljusnarsberg's participant is readable
    expect((await get('/participants/L-1', auditor)).status).toBe(200);
  });

  it('the due list holds only the participants the reader may see: a caseworker whose grants are all referring-only sees their own referrals', async () => {
    // Ljusnarsberg with a policy: caseworkers act on their own referrals only, the unit's coordinator on everyone
    const parsed = parseYaml(readFileSync(new URL('../../ljusnarsberg/programme.yaml', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error('ljusnarsberg');
    const data = structuredClone(parsed.value.data) as Record<string, unknown>;
    const own = validateProgramme({
      ...data,
      id: 'ljusnarsberg-own',
      roles: [{ id: 'caseworker', label: 'Handläggare' }, { id: 'coordinator', label: 'Samordnare' }],
      policy: [{ commands: [...commandTypes], roles: ['caseworker'], referringOnly: true }, { commands: ['recordAttendance', 'tick'], roles: ['coordinator'] }],
    });
    if (!own.ok) throw new Error(JSON.stringify(own.issues));
    const all = [...programmes, own.value];
    const ownApp = buildServer({ store: createStore({ db, programmes: all }), programmes: all, auth: { jwks, issuer: ISSUER, audience: AUDIENCE } });
    const to = await ownApp.listen({ host: '127.0.0.1', port: 0 });
    const ask = async (who: Who, path: string) => answer(await fetch(`${to}${path}`, { headers: { authorization: `Bearer ${await tokenFor(who)}` } }));
    const send = async (who: Who, id: string, body: unknown) =>
      answer(await fetch(`${to}/participants/${id}/commands`, { method: 'POST', headers: { authorization: `Bearer ${await tokenFor(who)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
    try {
      const anna = { id: 'cw-anna', role: 'caseworker' };
      const bo = { id: 'cw-bo', role: 'caseworker' };
      expect((await send(anna, 'O-1', { type: 'refer', programme: 'ljusnarsberg-own', at: '2026-02-02T09:00:00+01:00', facts: {} })).status).toBe(201);
      expect((await send(bo, 'O-2', { type: 'refer', programme: 'ljusnarsberg-own', at: '2026-02-02T09:00:00+01:00', facts: {} })).status).toBe(201);
      const due = '/deadlines/due?now=2026-02-20T06:00:00Z&programme=ljusnarsberg-own';
      const ids = (a: Answer) => [...new Set(a.body.deadlines.map((d: { participantId: string }) => d.participantId))].sort();
      expect(ids(await ask(anna, due))).toEqual(['O-1']);
      expect(ids(await ask(bo, due))).toEqual(['O-2']);
      expect(ids(await ask({ id: 'coord-1', role: 'coordinator' }, due))).toEqual(['O-1', 'O-2']);
      expect(ids(await ask({ id: 'x', role: 'auditor' }, due))).toEqual([]);
      // and one participant's state and events likewise
      expect((await ask(anna, '/participants/O-1')).status).toBe(200);
      const refused = await ask(anna, '/participants/O-2');
      expect([refused.status, refused.body.code]).toEqual([403, 'read.forbidden']);
      expect(refused.body.explanation.text).toBe('✗ Får läsa deltagaren (roll: Handläggare)\n  ✗ Remitterande handläggare (endast egna remisser)');
      expect((await ask(anna, '/participants/O-2/events')).status).toBe(403);
    } finally {
      await ownApp.close();
    }
  });

  it('the access log says who read or changed which participant, when, and the answer: opaque ids only', async () => {
    accessLog.length = 0;
    expect((await get('/participants/N-100')).status).toBe(200);
    expect((await get('/participants/N-100', { id: 'auditor-2', role: 'auditor' })).status).toBe(403);
    expect((await post('N-100', { type: 'tick', at: '2002-03-10T09:00:00+01:00' }, { as: { id: 'night-job', role: 'system' } })).status).toBeLessThan(500);
    expect(accessLog.map((e) => [e.actor.id, e.action, e.route, e.status, e.participants])).toEqual([
      [referring.id, 'read', '/participants/:id', 200, ['N-100']],
      ['auditor-2', 'read', '/participants/:id', 403, ['N-100']],
      // N-100 has exited: the clock still reaches it, for its follow-ups after exit (issue 14).
      ['night-job', 'command', '/participants/:id/commands', 200, ['N-100']],
    ]);
    for (const e of accessLog) {
      expect(Date.parse(e.at)).toBeGreaterThan(Date.parse('2026-01-01'));
      expect(Object.keys(e).sort()).toEqual(['action', 'actor', 'at', 'participants', 'route', 'status', ...(e.action === 'command' ? ['commandType'] : [])].sort());
    }
  });
});

describe('bad input the store must never see, and commands that may not be', () => {
  it('a NUL or a lone surrogate anywhere → 400 request.unstorable_text with its path', async () => {
    const at = '2002-03-07T09:00:00+01:00';
    const body = await post('N-900', { type: 'refer', programme: 'nacka', at, facts: { referrer: 'mottagningOchUtredning\u0000' } });
    expect([body.status, body.body.code, body.body.issues[0].path]).toEqual([400, 'request.unstorable_text', ['facts', 'referrer']]);
    const surrogate = await post('N-900', JSON.stringify({ type: 'refer', programme: 'nacka', at, facts: {}, area: 'x\ud800' }));
    expect([surrogate.status, surrogate.body.issues[0].path]).toEqual([400, ['area']]);
    const param = await get('/participants/N%00-1');
    expect([param.status, param.body.code, param.body.issues[0].path]).toEqual([400, 'request.unstorable_text', ['params', 'id']]);
    const query = await get('/deadlines/due?now=2026-02-20T06:00:00Z&area=a%00b');
    expect([query.status, query.body.issues[0].path]).toEqual([400, ['query', 'area']]);
    expect(JSON.stringify([body.body, surrogate.body, param.body, query.body])).not.toMatch(/mottagningOchUtredning|N-1|a.b/);
  });

  it('an Idempotency-Key reused for another command → 409 store.command_id_reused; the same command again → 200', async () => {
    const id = 'N-901';
    expect((await referNacka(id)).status).toBe(201);
    const first = await post(id, { type: 'recordAttendance', at: '2002-03-05T16:00:00+01:00', date: '2002-03-05', hours: 4 }, { as: foreman, key: 'k-901' });
    expect(first.status).toBe(201);
    const other = await post(id, { type: 'recordAttendance', at: '2002-03-06T16:00:00+01:00', date: '2002-03-06', hours: 6 }, { as: foreman, key: 'k-901' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'store.command_id_reused', issues: [{ path: ['headers', 'idempotency-key'], message: expect.stringMatching(/used before for another command/) }] });
    const same = await post(id, { type: 'recordAttendance', at: '2002-03-05T16:00:00+01:00', date: '2002-03-05', hours: 4 }, { as: foreman, key: 'k-901' });
    expect([same.status, same.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    expect((await eventsOf(id)).filter((e) => e.type === 'attendance.recorded')).toHaveLength(1);
  });

  it('a refused command with a key is answered the same on a repeat (Idempotent-Replayed), not decided again', async () => {
    const r1 = await post('N-901', { type: 'exit', at: '2002-03-07T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: foreman, key: 'exit-901' });
    expect(r1.status).toBe(403);
    const r2 = await post('N-901', { type: 'exit', at: '2002-03-07T09:00:00+01:00', outcomeId: 'psychiatry' }, { as: foreman, key: 'exit-901' });
    expect([r2.status, r2.headers.get('idempotent-replayed'), r2.body.code]).toEqual([403, 'true', 'command.forbidden']);
  });

  it('a command dated 9999-12-31 → 422 command.in_future, and the participant goes on', async () => {
    const r = await post('N-901', { type: 'recordAttendance', at: '9999-12-31T09:00:00+01:00', date: '2002-03-08', hours: 2 }, { as: foreman });
    expect([r.status, r.body.code, r.body.issues[0].path]).toEqual([422, 'command.in_future', ['at']]);
    expect((await post('N-901', { type: 'recordAttendance', at: '2002-03-08T16:00:00+01:00', date: '2002-03-08', hours: 2 }, { as: foreman })).status).toBe(201);
  });
});

// Nacka (seed 004): "Personalen i Produktionhuset rapporterar närvaro och eventuella avvikelser från överenskommelsen.
// Det är den remitterande handläggaren som sedan ska agera utifrån detta"
describe('GET /compliance/not-compliant', () => {
  it('lists the eligible participants carrying a compliance flag, with the referring caseworker to notify; only for readers the policy allows', async () => {
    const id = 'N-compliance-1';
    expect((await referNacka(id)).status).toBe(201);
    expect((await post(id, { type: 'completeAssessment', at: '2002-03-04T10:00:00+01:00', contents: { physical: 'a', cooperation: 'b', instructions: 'c', timekeeping: 'd' } })).status).toBe(201);
    const plan = await post(id, { type: 'establishPlan', at: '2002-03-04T11:00:00+01:00', contents: { activities: 'a', attendanceAgreement: 'b' }, subGoals: ['g'], participantTookPart: true, intensity: { percent: 60, daysPerWeek: 3 } });
    expect(plan.status).toBe(201);
    // No attendance recorded in the agreed first week: the evening tick raises the flag.
    const tick = await post(id, { type: 'tick', at: '2002-03-10T20:00:00+01:00' }, { as: { id: 'nightly-clock', role: 'system' } });
    expect(tick.body.events.map((e: { type: string }) => e.type)).toContain('compliance.flagged');
    const r = await get('/compliance/not-compliant?programme=nacka');
    expect(r.status).toBe(200);
    expect(r.body.participants.find((x: { participantId: string }) => x.participantId === id)).toMatchObject({
      notify: 'mou-caseworker-3', phase: 'active', flags: [{ ruleId: 'missedAgreedAttendance', since: '2002-03-10', count: 3 }], programme: { id: 'nacka', version: 1 },
    });
    expect(accessLog.at(-1)).toMatchObject({ route: '/compliance/not-compliant', action: 'list', status: 200 });
    const stranger = await get('/compliance/not-compliant', { id: 'visitor-1', role: 'visitor' });
    expect(stranger.status).toBe(200);
    expect(stranger.body.participants).toEqual([]);
    const bad = await get('/compliance/not-compliant?programme=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]).toMatchObject({ path: ['query', 'programme'] });
    expect((await get('/compliance/not-compliant', null)).status).toBe(401);
  });
});
