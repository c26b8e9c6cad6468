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
}

/** The constraint named by a unique violation (SQLSTATE 23505), or undefined for any other error. */
export function uniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as PgErrorLike;
  if (e.code !== '23505') return undefined;
  return typeof e.constraint === 'string' ? e.constraint : '';
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
