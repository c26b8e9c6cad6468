import { echoGuard, stringsOf } from '../errors/no-echo.js';
import { type Issue, fail } from '../errors/issue.js';
import { type InputLimits, checkLimits, limitCodes, recordLimits, withLimits } from '../limits/limits.js';
import type { Programme } from '../programme/compiled.js';
import { type FreeTextPolicy, scanPersonalNumbers } from '../privacy/scan.js';
import { refuseAll } from '../path/refusal.js';
import { commandTypes } from '../state/command-types.js';
import { DomainEventSchema, eventTypes } from '../state/events.js';
import { type PlainCheck, compilePlainCheck } from './plain-check.js';
import { type Engine, type ReplayOptions, createEngineParts } from './engine.js';
import { type Command, CommandSchema } from '../state/commands.js';

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
 * What a command or an event must pass before any rule (or a database) sees it: the input limits, then the
 * check for personal identity numbers. The engine runs it on everything it is given; a host that touches
 * storage before the engine (loading the participant a command names) can run it first.
 *
 * @example
 * const issues = inputIssues(body, 'command');
 * if (issues.length > 0) return reply.code(400).send({ issues });
 */
export function inputIssues(input: unknown, domain: 'command' | 'event', options: EngineOptions = {}): Issue[] {
  const limited = checkLimits(input, withLimits(recordLimits, options.limits), limitCodes[domain]);
  if (limited.length > 0) return limited;
  return scanPersonalNumbers(input, domain === 'command' ? 'command.personal_number' : 'event.personal_number', options.personalNumbersInText ?? 'refuse');
}

/**
 * The one-walk checks for a set of limits, compiled once: they read only the schemas and the limits, and
 * compiling the two took about 15 ms, three quarters of making an engine. A few sets are kept (a host has one
 * or two; the property tests try many small ones).
 */
const plainChecks = new Map<string, { readonly event: PlainCheck; readonly command: PlainCheck }>();
const limitKeys = Object.keys(recordLimits) as (keyof InputLimits)[];
function plainChecksFor(limits: InputLimits): { readonly event: PlainCheck; readonly command: PlainCheck } {
  const key = limitKeys.map((k) => limits[k]).join(',');
  let checks = plainChecks.get(key);
  if (checks === undefined) {
    if (plainChecks.size >= 16) plainChecks.delete(plainChecks.keys().next().value!);
    checks = { event: compilePlainCheck(DomainEventSchema, limits), command: compilePlainCheck(CommandSchema, limits) };
    plainChecks.set(key, checks);
  }
  return checks;
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
  const { engine, executeParsed } = createEngineParts(programme);
  // The rules' messages may name what they compare; the guard keeps what came from the input out of them.
  const guard = echoGuard(stringsOf(programme.config, new Set<string>([...commandTypes, ...eventTypes])));
  const check = (input: unknown, domain: 'command' | 'event') => inputIssues(input, domain, options);
  // The limits, the identity-number scan and the event schema in one walk (engine/plain-check.ts): what passes
  // is the schema's own result, which the fold then takes as it is; anything else gets the three checks.
  const { event: plainEvent, command: plainCommand } = plainChecksFor(withLimits(recordLimits, options.limits));
  const plainEvents = (events: readonly unknown[]): unknown[] | null => {
    const out: unknown[] = [];
    for (const event of events) {
      const copy = plainEvent(event);
      if (copy === undefined) return null;
      out.push(copy);
    }
    return out;
  };
  /** Every event checked at the edge first; a refusal's messages kept free of what the failing event holds. */
  const checkedFold = (events: readonly unknown[], fold: (events: readonly unknown[], o?: ReplayOptions) => ReturnType<Engine['replay']>): ReturnType<Engine['replay']> => {
    // Events that passed every check are parsed already: the fold takes them as a store's own (`trusted`).
    const parsed = plainEvents(events);
    if (parsed !== null) return guarded(events, fold(parsed, { trusted: true }));
    for (const [i, event] of events.entries()) {
      const refused = check(event, 'event');
      if (refused.length > 0) return fail(refused.map((x) => ({ ...x, path: [i, ...x.path] })));
    }
    return guarded(events, fold(events));
  };
  /** A fold's refusal with its messages kept free of what the failing event (the first segment of each path) holds. */
  const guarded = (events: readonly unknown[], r: ReturnType<Engine['replay']>): ReturnType<Engine['replay']> =>
    r.ok ? r : fail(r.issues.map((x) => guard([x], events[x.path[0] as number])[0]!));
  /**
   * Trusted events are the engine's own output (`ReplayOptions`): the edge checked what they came from. A log
   * that is not, after all, and makes the fold throw is folded again the checked way, which says what is wrong.
   */
  const folded = (events: readonly unknown[], options: ReplayOptions | undefined, fold: (events: readonly unknown[], o?: ReplayOptions) => ReturnType<Engine['replay']>) => {
    if (options?.trusted) {
      try {
        return guarded(events, fold(events, options));
      } catch {
        // Falls through to the checked fold.
      }
    }
    return checkedFold(events, fold);
  };
  return {
    ...engine,
    execute(snapshot, command, executeOptions) {
      const parsed = plainCommand(command);
      let r;
      if (parsed !== undefined) r = executeParsed(snapshot, parsed as Command, executeOptions);
      else {
        const refused = check(command, 'command');
        if (refused.length > 0) return { ok: false, refusal: refuseAll(refused) };
        r = engine.execute(snapshot, command, executeOptions);
      }
      if (r.ok) return r;
      return { ok: false, refusal: { ...r.refusal, issues: guard(r.refusal.issues, command) } };
    },
    apply(snapshot, event, applyOptions) {
      // As \`folded\` does for a log: a trusted event that makes the fold throw is applied again the checked way.
      if (applyOptions?.trusted) {
        try {
          const trusted = engine.apply(snapshot, event, applyOptions);
          return trusted.ok ? trusted : fail(guard(trusted.issues, event));
        } catch {
          // Falls through to the checked apply.
        }
      }
      const parsed = plainEvent(event);
      let r;
      if (parsed !== undefined) r = engine.apply(snapshot, parsed, { trusted: true });
      else {
        const refused = check(event, 'event');
        if (refused.length > 0) return fail(refused);
        r = engine.apply(snapshot, event);
      }
      return r.ok ? r : fail(guard(r.issues, event));
    },
    replay: (participantId, events, replayOptions) => folded(events, replayOptions, (list, o) => engine.replay(participantId, list, o)),
    replayFrom: (snapshot, events, replayOptions) => folded(events, replayOptions, (list, o) => engine.replayFrom(snapshot, list, o)),
  };
}
