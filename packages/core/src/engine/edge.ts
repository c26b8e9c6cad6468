import { type EchoGuard, echoGuard, stringsOf } from '../errors/no-echo.js';
import { type Issue, fail } from '../errors/issue.js';
import { type InputLimits, checkLimits, limitCodes, recordLimits, withLimits } from '../limits/limits.js';
import type { Programme } from '../programme/compiled.js';
import { type FreeTextPolicy, scanPersonalNumbers } from '../privacy/scan.js';
import { commandTypes } from './command-types.js';
import { type Engine, createEngine as createRuleEngine } from './engine.js';
import { eventTypes } from './events.js';
import { refuseAll } from './refusal.js';

export interface EngineOptions {
  /** Limits on one command or event (defaults: `recordLimits`); see docs/security.md, "Input limits". */
  readonly limits?: Partial<InputLimits>;
  /**
   * Free text (the items of assessment and plan contents) that holds something shaped like a personnummer
   * or samordningsnummer: refused by default. Ids are always refused.
   */
  readonly personalNumbersInText?: FreeTextPolicy;
}

/**
 * What every command and event passes before the rules see it, and what every issue passes on its way
 * out: the input limits, the check for personal identity numbers, and the guard that keeps input values
 * out of messages.
 */
function edgeOf(programme: Programme, options: EngineOptions) {
  const limits = withLimits(recordLimits, options.limits);
  const freeText = options.personalNumbersInText ?? 'refuse';
  const vocabulary = stringsOf(programme.config, new Set<string>([...commandTypes, ...eventTypes]));
  const guard: EchoGuard = echoGuard(vocabulary);
  const check = (input: unknown, domain: 'command' | 'event'): Issue[] => {
    const limited = checkLimits(input, limits, limitCodes[domain]);
    if (limited.length > 0) return limited;
    return scanPersonalNumbers(input, domain === 'command' ? 'command.personal_number' : 'event.personal_number', freeText);
  };
  return { check, guard };
}

/**
 * The participant engine for one programme: commands in, domain events out. No clock, no randomness, no
 * I/O: time comes in the commands, options come in as data.
 *
 * @example
 * const engine = createEngine(programme);
 * let s = engine.initial('p-1');
 * const r = engine.execute(s, { type: 'refer', participantId: 'p-1', at: '2026-01-31T09:00:00+01:00', actor, facts: {} });
 * if (r.ok) s = r.snapshot; else console.log(formatExplanation(r.refusal.explanation));
 */
export function createEngine(programme: Programme, options: EngineOptions = {}): Engine {
  const engine = createRuleEngine(programme);
  const { check, guard } = edgeOf(programme, options);
  return {
    ...engine,
    execute(snapshot, command) {
      const refused = check(command, 'command');
      if (refused.length > 0) return { ok: false, refusal: refuseAll(refused) };
      const r = engine.execute(snapshot, command);
      if (r.ok) return r;
      return { ok: false, refusal: { ...r.refusal, issues: guard(r.refusal.issues, command) } };
    },
    apply(snapshot, event) {
      const refused = check(event, 'event');
      if (refused.length > 0) return fail(refused);
      const r = engine.apply(snapshot, event);
      return r.ok ? r : fail(guard(r.issues, event));
    },
    replay(participantId, events) {
      for (const [i, event] of events.entries()) {
        const refused = check(event, 'event');
        if (refused.length > 0) return fail(refused.map((x) => ({ ...x, path: [i, ...x.path] })));
      }
      const r = engine.replay(participantId, events);
      if (r.ok) return r;
      // The failing event is the first segment of each path.
      return fail(r.issues.map((x) => guard([x], events[x.path[0] as number])[0]!));
    },
  };
}
