import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, type Engine, type InputLimits, type ParticipantSnapshot, type Programme, CommandSchema, DomainEventSchema, createEngine, inputIssues, recordLimits } from '@stegvis/core';
import { fail } from '../../core/src/errors/issue.js';
// Not part of the package's API: the one-walk check, and the engine without its edge (the slow path's fold).
import { compilePlainCheck } from '../../core/src/engine/plain-check.js';
import { createEngine as createRuleEngine } from '../../core/src/engine/engine.js';
import { commandSequence, programmeArbitrary, recordCommands } from '../src/index.js';

/**
 * The edge checks a replayed event with one walk (engine/plain-check.ts) where it once ran the input limits,
 * the identity-number scan and the event schema one after the other. It must be exactly as strict: on the
 * events `execute` records and on mutations of them (a value of another type, a key taken out or added, an
 * identity number, a text or a list too long, a structure too deep, an object that is not plain data), the
 * one walk passes an event only if the three checks do, and gives what the schema gives (keys in its
 * order); and `replay` answers what the three checks and the fold answered: the same state, or the same issue
 * codes at the same paths. With the default limits and with small ones, so that the limits' verdicts are tried.
 */

const RUNS = Math.max(100, Number(process.env.FC_RUNS ?? 100));
const PID = 'C-1';
const stored = (events: readonly DomainEvent[]) => JSON.parse(JSON.stringify(events)) as DomainEvent[];
/** One limit small enough that the engine's own events pass it sometimes and sometimes not, the others as they are. */
const small = fc.oneof(
  fc.record({ maxItems: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ maxDepth: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ maxNodes: fc.integer({ min: 6, max: 40 }) }),
  fc.record({ maxStringLength: fc.integer({ min: 3, max: 30 }) }),
  fc.record({ maxKeyLength: fc.integer({ min: 4, max: 20 }) }),
);

/** The slow path as the edge ran it before: every event's limits and scan, then the fold, which parses each with the schema. */
function slowReplay(programme: Programme, events: readonly unknown[], limits: Partial<InputLimits> | undefined) {
  for (const [i, e] of events.entries()) {
    const refused = inputIssues(e, 'event', { limits });
    if (refused.length > 0) return fail(refused.map((x) => ({ ...x, path: [i, ...x.path] })));
  }
  return createRuleEngine(programme).replay(PID, events);
}

const outcome = (engine: Engine, r: ReturnType<Engine['replay']>) =>
  r.ok ? { ok: true, persisted: engine.persist(r.value) } : { ok: false, issues: r.issues.map((x) => ({ code: x.code, path: x.path })) };

/** Values that break a schema, a limit or the scan in every way the three checks know. */
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>(
    '811218-9876', // a personnummer (valid check digit)
    '19811218-9876',
    8112189876,
    'x'.repeat(30),
    'x'.repeat(20_001),
    NaN,
    Infinity,
    -1,
    1.5,
    0,
    '',
    null,
    undefined,
    [],
    {},
    ['a', 'b', 'c', 'd', 'e'],
    { a: { b: { c: { d: { e: { f: { g: { h: { i: { j: { k: 1 } } } } } } } } } } },
    new Date(0),
    Object.create(null),
    '2026-02-30',
    '2026-01-31T09:00:00+01:00',
    '2026-01-31T25:00:00+01:00',
    '2026-01-31',
  ),
);

/**
 * The one walk for a schema, limits and form, compiled once and kept, as an engine keeps its own: compiling the
 * written-out walk takes about 8 ms, and the tests ask for the same few limits thousands of times.
 */
const compiled = new Map<string, ReturnType<typeof compilePlainCheck>>();
const checkFor = (domain: 'event' | 'command', limits: InputLimits, generated: boolean) => {
  const key = `${domain} ${generated} ${JSON.stringify(limits)}`;
  let check = compiled.get(key);
  if (!check) compiled.set(key, (check = compilePlainCheck(domain === 'event' ? DomainEventSchema : CommandSchema, limits, { generated })));
  return check;
};

/** The types whose schema the one walk reads whole (the others always take the slow checks: a label's transform, a lazy explanation, a loose proposed change…). */
const walked = { event: compilePlainCheck(DomainEventSchema, recordLimits).types, command: compilePlainCheck(CommandSchema, recordLimits).types };


const textHazards: readonly unknown[] = ['811218-9876', 'P-19811218-9876', 'x'.repeat(25), 'x'.repeat(20_001), '', '2026-02-30', '2026-01-31T25:00:00+01:00', 'noted', 7];
const numberHazards: readonly unknown[] = [8112189876, 811218.9876, NaN, Infinity, -1, 0, 1.5, 2 ** 53, 100_000, '1'];

type Mutation = { at: number; kind: number; pick: number; value: unknown; key: string };
const mutation = fc.record({ at: fc.nat(), kind: fc.nat(6), pick: fc.nat(), value: replacement, key: fc.constantFrom('extra', '811218-9876', '__proto__', 'x'.repeat(13), 'reason', 'commandId') });

/** Data as JSON.parse gives it: text, finite numbers, true/false, null, and plain lists and objects of them, without an own `__proto__`. */
function isJsonData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== (Array.isArray(v) ? Array.prototype : Object.prototype) || Object.getOwnPropertySymbols(v).length > 0) return false;
  const own = Object.getOwnPropertyNames(v).filter((k) => !(Array.isArray(v) && k === 'length'));
  if (Array.isArray(v) && own.length !== v.length) return false;
  return own.every((k) => {
    const d = Object.getOwnPropertyDescriptor(v, k)!;
    return k !== '__proto__' && d.enumerable === true && 'value' in d && isJsonData(d.value);
  });
}

/** Every object and list in a value, each with the keys it holds. */
function containers(v: unknown, out: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (typeof v !== 'object' || v === null) return out;
  out.push(v as Record<string, unknown>);
  for (const x of Object.values(v)) containers(x, out);
  return out;
}

/** The event with one change at a random place inside it: a value replaced, a key removed or added, a getter that throws, a symbol key. */
function mutated(event: DomainEvent, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  const all = containers(copy);
  const target = all[m.at % all.length]!;
  const keys = Object.keys(target);
  const key = Array.isArray(target) ? String(m.at % Math.max(1, target.length)) : (keys[m.at % Math.max(1, keys.length)] ?? m.key);
  const old = (target as Record<string, unknown>)[key];
  // Most often a value of the same type that a limit or the scan refuses, or that the schema reads apart.
  if (m.kind === 0 && typeof old === 'string') (target as Record<string, unknown>)[key] = textHazards[m.pick % textHazards.length];
  else if (m.kind === 0 && typeof old === 'number') (target as Record<string, unknown>)[key] = numberHazards[m.pick % numberHazards.length];
  else if (m.kind === 0 && Array.isArray(old)) (target as Record<string, unknown>)[key] = old.length > 0 ? Array.from({ length: 1 + (m.pick % 16) }, () => old[0]) : ['a', 'b', 'c', 'd', 'e'];
  else if (m.kind === 0 || m.kind === 6) (target as Record<string, unknown>)[key] = m.value;
  else if (m.kind === 1) delete (target as Record<string, unknown>)[key];
  else if (m.kind === 2) {
    if (m.key === '__proto__') Object.defineProperty(target, '__proto__', { value: m.value, enumerable: true, configurable: true, writable: true });
    else (target as Record<string, unknown>)[m.key] = m.value;
  } else if (m.kind === 3)
    Object.defineProperty(target, key, {
      enumerable: true,
      get() {
        throw new Error('not data');
      },
    });
  else if (m.kind === 4) (target as Record<symbol, unknown>)[Symbol('s')] = m.value;
  else (target as Record<string, unknown>)[key] = Array.isArray(m.value) ? m.value : [m.value];
  return copy;
}

/** The event with every list that has an item made `n` long (copies of its first): the limit on a list's entries, tried. */
function lengthened(event: DomainEvent, n: number): unknown {
  const copy = JSON.parse(JSON.stringify(event)) as unknown;
  for (const c of containers(copy)) if (Array.isArray(c) && c.length > 0) c.splice(0, c.length, ...Array.from({ length: n }, () => c[0]));
  return copy;
}

/**
 * One event through the one walk and through the three checks: the walk passes it only if they do, with the
 * schema's result; on plain JSON data (of a type the walk reads) they agree both ways. Whether it passed.
 */
function sameVerdict(check: (e: unknown) => unknown, limits: InputLimits, e: unknown, domain: 'event' | 'command' = 'event'): boolean {
  let slow: unknown;
  let slowOk = false;
  try {
    const parsed = inputIssues(e, domain, { limits }).length === 0 ? (domain === 'event' ? DomainEventSchema : CommandSchema).safeParse(e) : undefined;
    slowOk = parsed?.success === true;
    slow = parsed?.data;
  } catch {
    slowOk = false;
  }
  const fast = check(e);
  // The one walk refuses more only what is not plain data (a getter, a symbol key, an own __proto__, undefined, an
  // object that is not plain) and the types it leaves to the slow checks.
  if (isJsonData(e) && walked[domain].has((e as { type?: unknown }).type)) expect(fast !== undefined, 'the same verdict').toBe(slowOk);
  if (fast === undefined) return false;
  expect(slowOk).toBe(true);
  expect(fast).toStrictEqual(slow);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
  return true;
}

const generated = programmeArbitrary().chain(({ programme }) =>
  fc.record({ programme: fc.constant(programme), commands: commandSequence(programme, PID, { maxLength: 25 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }), which: fc.nat(), tight: fc.option(small) }),
);

describe('the one-walk event check is exactly as strict as the limits, the scan and the schema', () => {
  // The walk written out for each schema (where the host lets code be made from strings: the default), and as a loop.
  it.each([true, false])(`event by event: passes only what the three checks pass, with the schema's result (${RUNS} generated programmes, mutated; written out: %s)`, (written) => {
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(generated, ({ programme, commands, mutations, tight }) => {
        const engine = createEngine(programme);
        const log = stored(recordCommands(engine, PID, commands).events);
        const limits = tight ? { ...recordLimits, ...tight } : recordLimits;
        const check = checkFor('event', limits, written);
        const cases: unknown[] = [...log, ...log.flatMap((e) => mutations.map((m) => mutated(e, m)))];
        for (const e of cases) if (sameVerdict(check, limits, e)) passed++;
        else refused++;
        // Each list one entry longer than the limit its objects pass: the limit on a list's entries, tried.
        for (const e of log) {
          const objects = containers(e).filter((c) => !Array.isArray(c));
          const most = Math.max(...objects.map((c) => Object.keys(c).length));
          if (!containers(e).some((c) => Array.isArray(c) && c.length > 0)) continue;
          const tighter = { ...limits, maxItems: most };
          sameVerdict(checkFor('event', tighter, written), tighter, lengthened(e, most + 1));
          sameVerdict(checkFor('event', tighter, written), tighter, lengthened(e, most));
        }
        // The engine's own events pass the one walk (the fast path is the common one), unless the limits are small
        // or their schema has a part it does not read.
        if (!tight) for (const e of log) if (walked.event.has(e.type)) expect(check(e), e.type).toBeDefined();
      }),
      { numRuns: RUNS },
    );
    expect(passed).toBeGreaterThan(RUNS / 2);
    expect(refused).toBeGreaterThan(RUNS * 3);
    // The walk reads nearly every event type (the rest are rare): the fast path is the common one.
    expect(walked.event.size).toBeGreaterThan(25);
    expect(walked.command.size).toBeGreaterThan(20);
  });

  it(`replay: the same state, or the same issue codes at the same paths, as the checks one after the other (${RUNS} generated programmes)`, () => {
    let refusals = 0;
    fc.assert(
      fc.property(generated, ({ programme, commands, mutations, which, tight }) => {
        const limits = tight ?? undefined;
        const engine = createEngine(programme, { limits });
        const log = stored(recordCommands(createEngine(programme), PID, commands).events);
        expect(outcome(engine, engine.replay(PID, log))).toEqual(outcome(engine, slowReplay(programme, log, limits)));
        if (log.length === 0) return;
        const broken: unknown[] = [...log];
        const i = which % log.length;
        broken[i] = mutated(log[i]!, mutations[0]!);
        let slow: ReturnType<Engine['replay']>;
        try {
          slow = slowReplay(programme, broken, limits);
        } catch {
          // A log the slow path throws on (an event the schema passes and the fold cannot read) is not this test's.
          return;
        }
        if (!slow.ok) refusals++;
        expect(outcome(engine, engine.replay(PID, broken))).toEqual(outcome(engine, slow));
      }),
      { numRuns: RUNS },
    );
    expect(refusals).toBeGreaterThan(RUNS / 4);
  });

  it.each([true, false])(`commands: the walk passes only what the three checks pass; execute answers as the checks and the engine did (${RUNS} generated programmes, mutated; written out: %s)`, (written) => {
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(generated, ({ programme, commands, mutations, tight }) => {
        const limits = tight ? { ...recordLimits, ...tight } : recordLimits;
        const check = checkFor('command', limits, written);
        const engine = createEngine(programme, { limits: tight ?? undefined });
        const slow = createRuleEngine(programme);
        let s: ParticipantSnapshot = engine.initial(PID);
        for (const [i, c] of commands.entries()) {
          const cases = [c, ...mutations.map((m) => mutated(c as unknown as DomainEvent, { ...m, at: m.at + i }))];
          for (const x of cases) if (sameVerdict(check, limits, x, 'command')) passed++;
          else refused++;
          // execute: the same events and state, or the same refusal, as the edge's checks one after the other.
          for (const x of cases) {
            const refusedAtEdge = inputIssues(x, 'command', { limits: tight ?? undefined });
            const expected = refusedAtEdge.length > 0 ? { ok: false as const, refusal: { code: refusedAtEdge[0]!.code, issues: refusedAtEdge } } : slow.execute(s, x);
            expect(executed(engine.execute(s, x))).toEqual(executed(expected));
          }
          const r = engine.execute(s, c);
          if (r.ok) s = r.snapshot;
        }
      }),
      { numRuns: RUNS },
    );
    expect(passed).toBeGreaterThan(RUNS);
    expect(refused).toBeGreaterThan(RUNS);
  });
});

const executed = (r: ReturnType<Engine['execute']>) =>
  r.ok ? { ok: true, events: r.events, context: r.snapshot.context } : { ok: false, code: r.refusal.code, issues: r.refusal.issues.map((x) => ({ code: x.code, path: x.path })) };
