import { createHash } from 'node:crypto';

/** JSON with sorted keys: the same content always gives the same text (jsonb and clients keep their own key order). */
export const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );

/**
 * What identifies a command behind its command id: the sha-256 of its canonical JSON, without the id
 * itself. A repeated id with another digest is another command sent under a used id.
 */
export function commandDigest(command: unknown): string {
  const rest = typeof command === 'object' && command !== null ? Object.fromEntries(Object.entries(command).filter(([k]) => k !== 'commandId')) : command;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}
