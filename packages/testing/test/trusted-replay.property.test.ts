import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DomainEvent, type Engine, createEngine } from '@stegvis/core';
import { commandSequence, programmeArbitrary, recordCommands } from '../src/index.js';

/**
 * `replay(…, { trusted: true })` skips the edge and the event schema for events the engine wrote itself (a
 * store's checksummed rows). It must agree with the checked replay: on the logs `execute` records (stored as
 * JSON, as a store keeps them) the same state, and on logs cut or reordered the same issues at the same paths;
 * and `apply(…, { trusted: true })` of one event agrees with the checked `apply`.
 */

const RUNS = Math.max(100, Number(process.env.FC_RUNS ?? 100));
const PID = 'T-1';
/** As a store writes and reads them. */
const stored = (events: readonly DomainEvent[]) => JSON.parse(JSON.stringify(events)) as DomainEvent[];

const outcome = (engine: Engine, r: ReturnType<Engine['replay']>) =>
  r.ok ? { ok: true, value: r.value.value, persisted: engine.persist(r.value) } : { ok: false, issues: r.issues.map((x) => ({ code: x.code, path: x.path })) };

const generated = programmeArbitrary().chain(({ programme }) =>
  fc.record({ programme: fc.constant(programme), commands: commandSequence(programme, PID, { maxLength: 30 }), cut: fc.nat(), swap: fc.nat() }),
);

describe('trusted replay equals checked replay', () => {
  it(`on the logs execute records, ${RUNS} generated programmes`, () => {
    let events = 0;
    fc.assert(
      fc.property(generated, ({ programme, commands }) => {
        const engine = createEngine(programme);
        const log = stored(recordCommands(engine, PID, commands).events);
        events += log.length;
        const trusted = engine.replay(PID, log, { trusted: true });
        expect(trusted.ok).toBe(true);
        expect(outcome(engine, trusted)).toEqual(outcome(engine, engine.replay(PID, log)));
        // From a snapshot part-way, as a store's load does after its last snapshot.
        const half = Math.floor(log.length / 2);
        const at = engine.replay(PID, log.slice(0, half));
        if (!at.ok) return;
        expect(outcome(engine, engine.replayFrom(at.value, log.slice(half), { trusted: true }))).toEqual(outcome(engine, engine.replayFrom(at.value, log.slice(half))));
        // One event at a time, as a host applies them: the next event, and the one after it (out of order).
        const next = log[half];
        if (next === undefined) return;
        expect(outcome(engine, engine.apply(at.value, next, { trusted: true }))).toEqual(outcome(engine, engine.apply(at.value, next)));
        const skipped = log[half + 1];
        if (skipped !== undefined) expect(outcome(engine, engine.apply(at.value, skipped, { trusted: true }))).toEqual(outcome(engine, engine.apply(at.value, skipped)));
      }),
      { numRuns: RUNS },
    );
    // The property saw real logs, not only empty ones.
    expect(events).toBeGreaterThan(RUNS * 3);
  });

  it(`on logs with an event cut out or two swapped, the same issues at the same paths`, () => {
    let refused = 0;
    fc.assert(
      fc.property(generated, ({ programme, commands, cut, swap }) => {
        const engine = createEngine(programme);
        const log = stored(recordCommands(engine, PID, commands).events);
        if (log.length < 2) return;
        const broken = [...log];
        if (swap % 2 === 0) broken.splice(cut % log.length, 1);
        else {
          const i = cut % (log.length - 1);
          [broken[i], broken[i + 1]] = [broken[i + 1]!, broken[i]!];
        }
        const checked = engine.replay(PID, broken);
        if (!checked.ok) refused++;
        expect(outcome(engine, engine.replay(PID, broken, { trusted: true }))).toEqual(outcome(engine, checked));
      }),
      { numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(RUNS / 4);
  });

  it('a log that is not the engine\'s own and makes the fold throw gets the checked replay\'s issues', () => {
    let throwing = 0;
    fc.assert(
      fc.property(generated, ({ programme, commands, cut }) => {
        const engine = createEngine(programme);
        const log = stored(recordCommands(engine, PID, commands).events);
        if (log.length === 0) return;
        const broken: unknown[] = [...log];
        // The referral without its payload (evolve reads it), or an event that is not an object at all.
        if (cut % 2 === 0 && log[0]!.type === 'participant.referred') {
          const { payload: _p, ...rest } = log[0]!;
          broken[0] = rest;
          throwing++;
        } else broken[cut % log.length] = null;
        const checked = engine.replay(PID, broken);
        expect(checked.ok).toBe(false);
        expect(outcome(engine, engine.replay(PID, broken, { trusted: true }))).toEqual(outcome(engine, checked));
      }),
      { numRuns: RUNS },
    );
    expect(throwing).toBeGreaterThan(RUNS / 5);
  });
});
