import type { Explanation, Issue, Path } from '@stegvis/core';

/**
 * The store's own issue codes, in the shape of core's `Issue` (`code`, `path`, `message`, `fix`):
 * core's list covers configs, commands and events; these cover what only a store can meet.
 */
export const storeIssueCodes = [
  /** Another writer appended to the participant between this load and this append: reload and retry. */
  'store.conflict',
  /** A stored event does not read back as a valid event, or does not apply where it stands. */
  'store.corrupt_event',
  /** A stored record has a type this store does not know. */
  'store.unknown_event',
  /** No programme is registered for an id and version the store needs. */
  'store.unknown_programme',
  /** The command would put a participant on another programme than the one their stream runs under. */
  'store.wrong_programme',
  /** The snapshot disagrees with the state rebuilt from the events (see `verify`). */
  'store.snapshot_mismatch',
  /** A query was asked with an argument it cannot use (a `now` without its offset ...). */
  'store.invalid_query',
  /** The database failed in a way that is not a conflict (connection lost, disk full ...). */
  'store.database',
  /** A command id was used before for another command (its digest differs): see `commands` in the schema. */
  'store.command_id_reused',
  /** No place can be given: the programme's places are taken or held for a group (the store decides places). */
  'store.no_place',
  /** A PGlite data directory is already open in another process (or this one): see `lockDirectory`. */
  'store.locked',
] as const;

export type StoreIssueCode = (typeof storeIssueCodes)[number];

/** An issue raised by the store: the same shape as core's `Issue`, with the store's codes. */
export interface StoreIssue {
  readonly code: StoreIssueCode;
  readonly path: Path;
  readonly message: string;
  readonly fix?: string;
}

/** Either kind of issue: core's (a refused migration command, an invalid event) or the store's. */
export type AnyIssue = Issue | StoreIssue;

export const storeIssue = (code: StoreIssueCode, path: Path, message: string, fix?: string): StoreIssue =>
  fix === undefined ? { code, path, message } : { code, path, message, fix };

/** A refusal by the store itself (a reused command id, no place), shaped like core's `Refusal`. */
export interface StoreRefusal {
  readonly code: StoreIssueCode;
  readonly issues: readonly AnyIssue[];
  readonly explanation?: Explanation;
}
