import type { Issue } from '../errors/issue.js';

/** Where in a text an issue points, as 1-based line and column. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

export type LocatedIssue = Issue & { readonly location?: SourceLocation };
