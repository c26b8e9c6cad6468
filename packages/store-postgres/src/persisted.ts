import type { Engine, ParticipantSnapshot } from '@stegvis/core';

/**
 * A state as the store writes it: what `engine.persist` (XState's `getPersistedSnapshot`) gives, the same keys in the
 * same order, without XState's walk of the whole context for actor references to replace (20–30 µs a command for a
 * 5–11 KB context). The engine's machine starts no child actors and its context is plain data
 * (`ParticipantContextSchema`), so the walk finds nothing and returns the context itself; a state with children or a
 * history value, which this shortcut does not know how to write, goes through `engine.persist`. Held equal to it, as
 * JSON text, over generated histories of every example programme (test/persisted.test.ts).
 */
export function persisted(engine: Engine, s: ParticipantSnapshot): unknown {
  if (!empty(s.children) || !empty(s.historyValue)) return engine.persist(s);
  return { status: s.status, output: s.output, error: s.error, value: s.value, historyValue: {}, context: s.context, children: {} };
}

const empty = (o: object): boolean => {
  for (const _ in o) return false;
  return true;
};
