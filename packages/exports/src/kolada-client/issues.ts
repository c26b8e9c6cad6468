import type { Lang, Path } from '@stegvis/core';

/**
 * What can go wrong talking to Kolada. Kept apart from core's `IssueCode`: these are about a remote
 * service, not about a programme, a command or a stored event (as the CLI's `PluginIssueCode` is apart).
 */
export const koladaIssueCodes = [
  'kolada.invalid_option',
  'kolada.unreachable',
  'kolada.timeout',
  'kolada.http_status',
  'kolada.too_large',
  'kolada.invalid_json',
  'kolada.unexpected_shape',
  'kolada.too_many_pages',
  'kolada.foreign_next_url',
  'kolada.kpi_not_found',
  'kolada.kpi_ambiguous',
] as const;
export type KoladaIssueCode = (typeof koladaIssueCodes)[number];

/** An `Issue` of the Kolada client: its message and fix in the language asked for. No response body is ever quoted. */
export interface KoladaIssue {
  readonly code: KoladaIssueCode;
  /** Which request, from the client's point of view: `['kpiSearch']`, `['data', 'values', 3, 'period']`. */
  readonly path: Path;
  readonly message: string;
  readonly fix: string;
}

export type KoladaResult<T> = { ok: true; value: T } | { ok: false; issues: readonly KoladaIssue[] };

type Words = { readonly sv: string; readonly en: string };

export const koladaIssue = (lang: Lang, code: KoladaIssueCode, path: Path, message: Words, fix: Words): KoladaIssue => ({ code, path, message: message[lang], fix: fix[lang] });

export const failed = (...issues: KoladaIssue[]): { ok: false; issues: readonly KoladaIssue[] } => ({ ok: false, issues });
