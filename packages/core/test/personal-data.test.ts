import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, TEXT_REMOVED, createEngine, formatIssues, inputIssues, isBadInput, personalNumberIn, pseudonymiseEvents, validateProgrammeYaml } from '@stegvis/core';
// Not part of the package's API: the pre-check personalNumberIn runs first.
import { sixDigits } from '../src/privacy/personal-number.js';

// Issue 11, point 9: a personnummer used as an id is refused, free text is checked for them, messages
// never echo input values, and a programme's events can be exported pseudonymised.

const parsed = validateProgrammeYaml(readFileSync(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
const programme = parsed.value;
const commands = readFileSync(new URL('../../../examples/ljusnarsberg/commands.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, any>);
const [refer, assessment] = commands as [Record<string, any>, Record<string, any>];

/** The check digit as Skatteverket describes it, written apart from the implementation: digits of 2,1,2,1… products. */
const checkDigit = (nine: string) => {
  const sum = [...nine].map((d, i) => Number(d) * (i % 2 === 0 ? 2 : 1)).reduce((s, p) => s + Math.floor(p / 10) + (p % 10), 0);
  return String((10 - (sum % 10)) % 10);
};
const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (m: number) => [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** Skatteverket's example number: valid check digit. */
const PNR = '811218-9876';

describe('personalNumberIn', () => {
  it('property: the pre-check for six digits in a row, which reads one character in six, finds what /\\d{6}/ finds', () => {
    const text = fc.array(fc.constantFrom(...'0123456789-+ aZ'.split(''), '9', '0'), { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(sixDigits(s), s).toBe(/\d{6}/.test(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('every written form of a personnummer, and a samordningsnummer (day + 60)', () => {
    for (const s of ['811218-9876', '811218+9876', '8112189876', '19811218-9876', '198112189876', 'P-8112189876', 'note: 811218-9876.'])
      expect(personalNumberIn(s), s).toBe('personnummer');
    const samordning = `811278${'987'}${checkDigit('811278987')}`;
    expect(personalNumberIn(samordning)).toBe('samordningsnummer');
  });

  it('not: a wrong check digit, an impossible date, a longer run of digits, a phone-like separator', () => {
    // The last: a UUID whose first groups read as 19811218-9876.
    for (const s of ['811218-9875', '811318-9876', '810231-9876', '81121898761', '1811218-9876', '811218 9876', 'P-001', '2026-01-12T09:00:00+01:00', '19811218-9876-4a1b-8c2d-0123456789ab'])
      expect(personalNumberIn(s), s).toBeUndefined();
  });

  it('property: any valid date and serial with its check digit is found, in every form; any other last digit is not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2025 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 999 }),
        fc.boolean(), fc.constantFrom('', '-', '+'), fc.boolean(), fc.integer({ min: 1, max: 9 }),
        (year, month, d, serial, samordning, sep, century, off) => {
          const day = Math.min(d, daysIn(month)) + (samordning ? 60 : 0);
          const nine = `${pad(year % 100)}${pad(month)}${pad(day)}${String(serial).padStart(3, '0')}`;
          const check = checkDigit(nine);
          const write = (last: string) => `${century ? String(year).slice(0, 2) : ''}${nine.slice(0, 6)}${sep}${nine.slice(6)}${last}`;
          expect(personalNumberIn(write(check))).toBe(samordning ? 'samordningsnummer' : 'personnummer');
          expect(personalNumberIn(write(String((Number(check) + off) % 10)))).toBeUndefined();
        },
      ),
    );
  });
});

describe('the engine refuses a personnummer wherever an id enters', () => {
  const engine = createEngine(programme);
  const start = engine.initial(refer.participantId);
  const referred = engine.execute(start, refer);
  if (!referred.ok) throw new Error('the seed referral is refused');

  const cases: [string, Record<string, any>, unknown, readonly (string | number)[]][] = [
    ['the participant id', { ...refer, participantId: `P-${PNR}` }, engine.initial(`P-${PNR}`), ['participantId']],
    ['the actor id', { ...refer, actor: { id: PNR, role: 'caseworker' } }, start, ['actor', 'id']],
    ['the command id', { ...refer, commandId: `cmd-${PNR.replace('-', '')}` }, start, ['commandId']],
    ['a fact value that is text', { ...refer, facts: { ...refer.facts, referrer: '198112189876' } }, start, ['facts', 'referrer']],
    ['a fact value that is a number', { ...refer, facts: { ...refer.facts, age: 8112189876 } }, start, ['facts', 'age']],
    ['a key', { ...refer, facts: { ...refer.facts, [PNR]: true } }, start, ['facts']],
    ['a reason code', { ...assessment, type: 'pause', contents: undefined, reason: `p${PNR.replace('-', '')}` }, referred.snapshot, ['reason']],
  ];

  it.each(cases)('%s: command.personal_number at its path, the number nowhere in the issue', (_, command, snapshot, path) => {
    const r = engine.execute(snapshot as never, JSON.parse(JSON.stringify(command)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal.code).toBe('command.personal_number');
    expect(r.refusal.issues[0]!.path).toEqual(path);
    expect(r.refusal.issues[0]!.fix).toMatch(/opaque id/);
    expect(JSON.stringify(r.refusal)).not.toMatch(/8112189876|811218-9876/);
  });

  const withNote = { ...assessment, contents: { ...assessment.contents, ownView: `wants routine; pnr ${PNR}, sleeps badly` } };

  it('free text (assessment contents) holding a personnummer is refused by default', () => {
    const r = engine.execute(referred.snapshot, withNote);
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ code: 'command.personal_number', path: ['contents', 'ownView'], message: expect.stringMatching(/this text holds/) });
    expect(!r.ok && r.refusal.issues[0]!.fix).toMatch(/personalNumbersInText: 'allow'/);
  });

  it("and accepted when the host passes personalNumbersInText: 'allow'; ids are refused still", () => {
    const lenient = createEngine(programme, { personalNumbersInText: 'allow' });
    const s = lenient.execute(lenient.initial(refer.participantId), refer);
    expect(s.ok && lenient.execute(s.snapshot, withNote).ok).toBe(true);
    expect(lenient.execute(lenient.initial(`P-${PNR}`), { ...refer, participantId: `P-${PNR}` })).toMatchObject({ ok: false, refusal: { code: 'command.personal_number' } });
  });

  it('inputIssues gives a host the same check before it touches storage; the codes are bad input', () => {
    const issues = inputIssues({ ...refer, participantId: PNR }, 'command');
    expect(issues.map((i) => [i.code, i.path])).toEqual([['command.personal_number', ['participantId']]]);
    expect(isBadInput(issues[0]!.code)).toBe(true);
    expect(isBadInput('command.requirements_unmet')).toBe(false);
    expect(inputIssues(refer, 'command')).toEqual([]);
  });

  it('a recorded event with a personnummer is refused on replay and on apply', () => {
    const events = referred.events.map((e) => ({ ...e, participantId: `P-${PNR}`, id: `P-${PNR}:${e.seq}` }));
    const replayed = engine.replay(`P-${PNR}`, events);
    expect(!replayed.ok && replayed.issues.map((i) => [i.code, i.path])).toEqual([['event.personal_number', [0, 'id']], ['event.personal_number', [0, 'participantId']]]);
    const applied = engine.apply(engine.initial(`P-${PNR}`), events[0]);
    expect(!applied.ok && applied.issues[0]!.code).toBe('event.personal_number');
  });
});

describe('messages never echo input values', () => {
  const engine = createEngine(programme);
  const token = fc.stringMatching(/^Zq[a-z0-9]{8}$/);
  const stringPaths = (v: unknown, path: (string | number)[] = []): (string | number)[][] =>
    typeof v === 'string' ? [path] : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...path, Array.isArray(v) ? Number(k) : k])) : [];
  const setAt = (v: any, path: (string | number)[], value: unknown): any => {
    if (path.length === 0) return value;
    const [head, ...rest] = path;
    const copy = Array.isArray(v) ? [...v] : { ...v };
    copy[head as never] = setAt(v[head as never], rest, value);
    return copy;
  };

  it('property: a marker put in any text or as an unknown key of the shipped commands never appears in a refusal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: commands.length - 1 }), token, fc.nat(), fc.boolean(), (n, marker, pick, asKey) => {
        let s = engine.initial(commands[0]!.participantId);
        for (const c of commands.slice(0, n)) {
          const r = engine.execute(s, c);
          if (r.ok) s = r.snapshot;
        }
        const base = commands[n]!;
        const paths = stringPaths(base);
        const command = asKey ? { ...base, [marker]: 1 } : setAt(base, paths[pick % paths.length]!, marker);
        const r = engine.execute(s, command);
        // Paths name the keys of the input (a key is an id); messages, fixes and explanations name nothing of it.
        if (!r.ok) expect(JSON.stringify([r.refusal.issues.map((i) => [i.message, i.fix]), r.refusal.explanation])).not.toContain(marker);
      }),
    );
  });

  it('rule messages name the programme\'s ids but not an unknown one, nor who the participant is', () => {
    let s = engine.initial(refer.participantId);
    const r0 = engine.execute(s, refer);
    if (r0.ok) s = r0.snapshot;
    const { facts: _, ...envelope } = refer;
    const r = engine.execute(s, { ...envelope, type: 'exit', outcomeId: 'Zqsecret01' });
    expect(!r.ok && r.refusal.issues[0]!.message).toBe('no outcome "…" in this programme');
    expect(!r.ok && r.refusal.issues[0]!.fix).toMatch(/use one of: .*nystartsjobb/);
    const replayed = engine.replay('P-001', [{ ...r0.ok && r0.events[1], seq: 9 }]);
    expect(!replayed.ok && replayed.issues[0]!.message).not.toContain('P-001');
  });
});

describe('pseudonymiseEvents', () => {
  const key = 'k'.repeat(16) + '0123456789abcdef';
  const engine = createEngine(programme);
  let s = engine.initial(refer.participantId);
  const events: DomainEvent[] = [];
  for (const c of commands) {
    const r = engine.execute(s, c);
    if (r.ok) {
      s = r.snapshot;
      events.push(...r.events);
    }
  }
  const hmac = (domain: string, id: string) => createHmac('sha256', key).update(`${domain}\u0000${id}`).digest('hex');

  it('participant and actor ids are HMAC-SHA-256 of the key (node:crypto as the oracle); command ids are dropped', () => {
    const r = pseudonymiseEvents(events.map((e, i) => (i === 0 ? { ...e, commandId: 'cmd-1' } : e)), { key });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const e of r.value) {
      expect(e.participantId).toBe(hmac('participant', 'P-001'));
      expect(e.id).toBe(`${hmac('participant', 'P-001')}:${e.seq}`);
      expect(e.actor.id).toBe(hmac('actor', 'caseworker-7'));
      expect(e).not.toHaveProperty('commandId');
    }
    const attendance = r.value.find((e) => e.type === 'attendance.recorded');
    if (attendance?.type === 'attendance.recorded') expect(attendance.payload.notify).toBe(hmac('actor', 'caseworker-7'));
  });

  it('nothing personal is left: no id, no free text; which contents were written is kept', () => {
    const r = pseudonymiseEvents(events, { key });
    const text = JSON.stringify(r.ok && r.value);
    for (const secret of ['P-001', 'caseworker-7', 'warehouse work', 'wants routine', 'Mon-Thu 9-13']) expect(text).not.toContain(secret);
    const completed = r.ok && r.value.find((e) => e.type === 'assessment.completed');
    expect(completed && completed.payload).toMatchObject({ contents: { ownView: TEXT_REMOVED, motivation: TEXT_REMOVED } });
    const dropped = pseudonymiseEvents(events, { key, contents: 'drop' });
    expect(dropped.ok && dropped.value.find((e) => e.type === 'assessment.completed')!.payload).toEqual({ contents: {} });
  });

  it('a participant.migrated record: the state it carries is pseudonymised too', () => {
    const last = events[events.length - 1]!;
    const migrated = { ...last, seq: last.seq + 1, id: `P-001:${last.seq + 1}`, type: 'participant.migrated', payload: { from: { id: 'ljusnarsberg', version: 1 }, steps: {}, state: s.context } };
    const r = pseudonymiseEvents([migrated], { key });
    expect(r.ok).toBe(true);
    const text = JSON.stringify(r.ok && r.value);
    for (const secret of ['P-001', 'caseworker-7', 'warehouse work', 'Mon-Thu 9-13']) expect(text).not.toContain(secret);
    const state = r.ok && r.value[0]!.type === 'participant.migrated' ? r.value[0]!.payload.state : undefined;
    expect(state && [state.participantId, state.referral?.caseworkerId]).toEqual([hmac('participant', 'P-001'), hmac('actor', 'caseworker-7')]);
  });

  it('the export replays through the engine to the same phase and step', () => {
    const r = pseudonymiseEvents(events, { key });
    if (!r.ok) throw new Error(formatIssues(r.issues));
    const replayed = engine.replay(r.value[0]!.participantId, r.value);
    expect(replayed.ok).toBe(true);
    if (replayed.ok) expect([engine.phase(replayed.value), replayed.value.context.currentStepId]).toEqual([engine.phase(s), s.context.currentStepId]);
  });

  it('the same key gives the same pseudonyms; another key others', () => {
    const a = pseudonymiseEvents(events, { key });
    const b = pseudonymiseEvents(events, { key: new TextEncoder().encode(key) });
    const c = pseudonymiseEvents(events, { key: `${key}!` });
    expect(a).toEqual(b);
    expect(a.ok && c.ok && a.value[0]!.participantId).not.toBe(c.ok && c.value[0]!.participantId);
  });

  it('a short key and a malformed event are issues; neither the key nor the event is echoed', () => {
    expect(pseudonymiseEvents(events, { key: 'short-secret' })).toEqual({
      ok: false,
      issues: [expect.objectContaining({ code: 'option.invalid', path: ['key'], message: 'the key is shorter than 32 bytes' })],
    });
    const bad = pseudonymiseEvents([events[0], { ...events[1], seq: 'two', participantId: 'P-777' }], { key });
    expect(bad).toMatchObject({ ok: false, issues: [{ code: 'event.invalid', path: [1, 'seq'] }] });
    expect(JSON.stringify(bad)).not.toContain('P-777');
  });
});
