import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FUTURE_SKEW_SECONDS, checkClock, createEngine, formatExplanation, formatIssues, validateProgrammeYaml } from '@stegvis/core';

const parsed = validateProgrammeYaml(readFileSync(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url), 'utf8'));
if (!parsed.ok) throw new Error(formatIssues(parsed.issues));
const engine = createEngine(parsed.value);
const actor = { id: 'cw-1', role: 'caseworker' };
const refer = (at: string) => ({ type: 'refer', participantId: 'p-1', at, actor, facts: {} });
const NOW = '2026-03-02T09:00:00+01:00';

describe('the host\'s clock bounds a command\'s at', () => {
  it('a command dated 9999-12-31 is refused with command.in_future, and the participant can go on', () => {
    const s = engine.initial('p-1');
    const r = engine.execute(s, refer('9999-12-31T09:00:00+01:00'), { clock: { now: NOW } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal).toMatchObject({ code: 'command.in_future', issues: [{ code: 'command.in_future', path: ['at'] }] });
    expect(r.refusal.issues[0]!.message).toBe('the command is dated later than the host\'s clock allows (more than 5 min ahead)');
    expect(r.refusal.issues[0]!.message).not.toContain('9999');
    expect(formatExplanation(r.refusal.explanation!, 'sv')).toBe('✗ Daterat senast 5 min efter systemets klocka');
    const next = engine.execute(s, refer(NOW), { clock: { now: NOW } });
    expect(next.ok).toBe(true);
  });

  it('without a clock (a replay, a simulation) at is not bounded, as before', () => {
    expect(engine.execute(engine.initial('p-1'), refer('9999-12-31T09:00:00+01:00')).ok).toBe(true);
  });

  it('property: refused exactly when at is later than now plus the skew, in any offsets', () => {
    const offsets = ['Z', '+01:00', '+02:00', '-05:00'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
        fc.integer({ min: -3600, max: 3600 }),
        fc.option(fc.integer({ min: 0, max: 1200 }), { nil: undefined }),
        fc.constantFrom(...offsets),
        fc.constantFrom(...offsets),
        (nowMs, deltaSeconds, skew, nowOffset, atOffset) => {
          const iso = (ms: number, offset: string) => {
            const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
            return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
          };
          const now = iso(nowMs, nowOffset);
          const at = iso(nowMs + deltaSeconds * 1000, atOffset);
          const refusal = checkClock(refer(at), { now, ...(skew !== undefined ? { maxFutureSkewSeconds: skew } : {}) });
          expect(refusal?.code === 'command.in_future').toBe(deltaSeconds > (skew ?? DEFAULT_MAX_FUTURE_SKEW_SECONDS));
        },
      ),
    );
  });

  it('a malformed at is left to the command schema; a malformed clock is said to be the host\'s', () => {
    const r = engine.execute(engine.initial('p-1'), refer('tomorrow'), { clock: { now: NOW } });
    expect(!r.ok && r.refusal.issues[0]).toMatchObject({ code: 'command.invalid', path: ['at'] });
    expect(checkClock(refer(NOW), { now: 'now' })?.issues[0]?.message).toMatch(/host's clock given to the engine/);
  });
});
