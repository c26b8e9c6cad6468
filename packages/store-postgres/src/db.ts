/**
 * The tiny database interface the store needs, with one adapter for PGlite and one for `pg`: both speak
 * PostgreSQL, so the schema and every query are the same text for both.
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes what the adapter opened itself (a pool it created, an embedded database). */
  close(): Promise<void>;
  readonly kind: 'pglite' | 'pg';
}

/** The PostgreSQL error fields the store reads; both drivers put them on their errors. */
interface PgErrorLike {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly severity?: unknown;
}

/** The constraint named by a unique violation (SQLSTATE 23505), or undefined for any other error. */
export function uniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as PgErrorLike;
  if (e.code !== '23505') return undefined;
  return typeof e.constraint === 'string' ? e.constraint : '';
}

/**
 * Whether the server refused a statement and went on: an error it answered (with a severity and a SQLSTATE) of a class
 * that ends the statement, not the session. Outside a transaction block nothing of such a statement was written. Not
 * so for a dropped connection or a driver's own error (no severity), nor for the classes that say the connection or
 * the server itself failed (08 connection, 57 operator intervention — a shutdown —, 58 system, XX internal): whether a
 * statement sent then was committed is unknown. (The severity's text is in the server's language; only its presence
 * is read.)
 */
export function rejectedStatement(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as PgErrorLike;
  return typeof e.severity === 'string' && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !['08', '57', '58', 'XX'].includes(e.code.slice(0, 2));
}

/**
 * What may be said of a database error: its SQLSTATE and the driver's message, never the query's
 * parameters (they hold event payloads). Used for `store.database` issues.
 */
export function describeDbError(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? ` (SQLSTATE ${e.code})` : '';
  return `${typeof e.message === 'string' ? e.message : 'database error'}${code}`;
}
