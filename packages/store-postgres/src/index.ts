// Database adapters and schema
export type { Db, Queryable } from './db.js';
export { uniqueViolation } from './db.js';
export { pgliteDb } from './pglite.js';
export { lockDirectory, StoreOpenError, LOCK_FILE } from './lock.js';
export type { DirectoryLock } from './lock.js';
export { pgDb } from './pg.js';
export { migrate, schemaStatements } from './schema.js';

// The store
export { createStore } from './store.js';
export type { Store, StoreOptions, ExecuteOptions, ExecuteOutcome, MigrateInput, MigrateOutcome, StoreFailure } from './store.js';
export { retrying } from './retry.js';
export type { RetryOptions } from './retry.js';
export type { ProgrammeRef, ProgrammeSource } from './programmes.js';
export type { DueDeadline, DueFilter } from './deadlines.js';
export type { RebuildOptions, RebuildSummary } from './rebuild.js';
export type { NotCompliantFilter } from './compliance.js';

// Text PostgreSQL cannot store (NUL, lone surrogates), found before any query
export { unstorableText, isStorableText } from './text.js';

// Issues
export { storeIssueCodes, storeIssue } from './codes.js';
export type { StoreIssue, StoreIssueCode, StoreRefusal, AnyIssue } from './codes.js';
export { readProgrammeStreams } from './streams.js';
