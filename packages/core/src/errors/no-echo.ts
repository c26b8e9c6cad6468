import type { Issue } from './issue.js';

/**
 * Issue messages never repeat what an input held: a message is logged, shown and sent where the input's
 * data must not go. The path says where the offending value is; the message says what is wrong with it.
 *
 * Rules phrase their messages with the ids they compare (`no outcome "x" in this programme`). At the edge,
 * a quoted text that came from the input and is not the programme's own vocabulary becomes "…", and an
 * identity (a participant's, an actor's, a command's or an event's id) is removed wherever it stands.
 */
export type EchoGuard = (issues: readonly Issue[], input: unknown) => Issue[];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The identities an input names: a command's or an event's own id fields, and its actor's id. */
function identitiesOf(input: unknown): string[] {
  if (!isRecord(input)) return [];
  const actor = isRecord(input.actor) ? input.actor.id : undefined;
  return [input.participantId, input.commandId, input.id, actor].filter((v): v is string => typeof v === 'string' && v.length > 0);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A guard for one programme: `vocabulary` holds the texts a message may always name (the programme's ids
 * and labels, the command and event types), since they are the programme's, not the input's.
 */
export function echoGuard(vocabulary: ReadonlySet<string>): EchoGuard {
  return (issues, input) => {
    if (issues.length === 0) return [];
    const texts = stringsOf(input);
    const patterns = identitiesOf(input).map((s) => new RegExp(`(?<![\\w-])${escape(s)}(?![\\w-])`, 'g'));
    const clean = (text: string): string => {
      let out = text.replace(/"([^"\n]*)"/g, (whole, inner: string) => (texts.has(inner) && !vocabulary.has(inner) ? '"…"' : whole));
      for (const p of patterns) out = out.replace(p, '…');
      return out;
    };
    return issues.map((i) => {
      const message = clean(i.message);
      const fix = i.fix === undefined ? undefined : clean(i.fix);
      return message === i.message && fix === i.fix ? i : { ...i, message, ...(fix === undefined ? {} : { fix }) };
    });
  };
}

/** Every string a value holds, keys included: a programme's vocabulary. */
export function stringsOf(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) value.forEach((x) => stringsOf(x, into));
  else if (typeof value === 'object' && value !== null)
    for (const [k, x] of Object.entries(value)) {
      into.add(k);
      stringsOf(x, into);
    }
  return into;
}
