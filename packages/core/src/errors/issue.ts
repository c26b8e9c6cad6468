/**
 * One error design for every package: a problem is a value with a `code`, a `path` into the input
 * (a config, a command, a stored event) and a message that says what is wrong and how to fix it.
 * Thrown errors exist only at the edges (see `StegvisError`); the core returns issues as data.
 */

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Every code an issue can carry, grouped by what was wrong: a config, a command, or a stored event. */
export const issueCodes = [
  // a programme configuration
  'config.yaml_syntax',
  'config.invalid_type',
  'config.missing_field',
  'config.unknown_field',
  'config.invalid_value',
  'config.duplicate_id',
  'config.unknown_step_kind',
  'config.undeclared_fact',
  'config.fact_type_mismatch',
  'config.unknown_reference',
  'config.step_order',
  'config.encoding',
  'config.yaml_tag',
  'config.too_large',
  'config.too_deep',
  // a command sent to a participant
  'command.invalid',
  'command.wrong_participant',
  'command.forbidden',
  'command.time_backwards',
  'command.in_future',
  'command.not_referred',
  'command.already_referred',
  'command.declined',
  'command.waiting',
  'command.not_extendable',
  'command.exited',
  'command.paused',
  'command.not_paused',
  'command.wrong_step',
  'command.missing_contents',
  'command.unknown_reference',
  'command.invalid_fact_value',
  'command.requirements_unmet',
  'command.condition_failed',
  'command.invalid_regression',
  'command.last_step',
  'command.no_plan',
  'command.too_large',
  'command.too_deep',
  'command.personal_number',
  'command.not_voidable',
  'command.void_breaks_stream',
  'command.no_proposals',
  'command.not_proposable',
  'command.proposal_not_pending',
  'command.proposal_not_applicable',
  // a migration of participants to a newer programme version
  'migration.invalid',
  'migration.unsafe',
  'migration.wrong_programme',
  // an event read back from a log or a store
  'event.invalid',
  'event.out_of_order',
  'event.not_applicable',
  'event.too_large',
  'event.too_deep',
  'event.personal_number',
  // an option passed to a library function
  'option.invalid',
] as const;

export type IssueCode = (typeof issueCodes)[number];

/**
 * The codes that mean the input itself is unacceptable (too large, too deep, a personal identity number
 * where an id goes), whatever the programme's rules say: the CLI exits 1 and a service answers 400 for them.
 */
export const badInputCodes = [
  'command.invalid', 'command.too_large', 'command.too_deep', 'command.personal_number',
  'event.invalid', 'event.too_large', 'event.too_deep', 'event.personal_number',
] as const satisfies readonly IssueCode[];
export const isBadInput = (code: IssueCode): boolean => (badInputCodes as readonly IssueCode[]).includes(code);

export interface Issue {
  readonly code: IssueCode;
  /** Where the problem is, from the root of the input: `['steps', 2, 'params', 'target', 'share']`. */
  readonly path: Path;
  /** What is wrong, in words a programme designer or caseworker understands. Never holds personal data. */
  readonly message: string;
  /** How to fix it, when there is something better to say than the message. */
  readonly fix?: string;
}

export const issue = (code: IssueCode, path: Path, message: string, fix?: string): Issue =>
  fix === undefined ? { code, path, message } : { code, path, message, fix };

/** `steps.2.params.target` — the path as a designer finds it in YAML. */
export function toDotPath(path: Path): string {
  if (path.length === 0) return '(root)';
  return path.map((seg) => String(seg)).join('.');
}

/**
 * One line per issue, `path: message (code)`, with the fix on the same line when there is one. Lint findings
 * and the store's issues share the shape, so they print the same way.
 */
export function formatIssue(i: { readonly code: string; readonly path: Path; readonly message: string; readonly fix?: string | undefined }): string {
  const fix = i.fix ? ` Fix: ${i.fix}` : '';
  return `${toDotPath(i.path)}: ${i.message}${fix} (${i.code})`;
}

export function formatIssues(issues: readonly Issue[]): string {
  return issues.map(formatIssue).join('\n');
}

/** Issues keyed by dotted path, for forms and JSON responses. */
export function flattenIssues(issues: readonly Issue[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of issues) (out[toDotPath(i.path)] ??= []).push(i.message);
  return out;
}

export const prefixPath = (prefix: Path, issues: readonly Issue[]): Issue[] =>
  issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));

/** The one thrown class, used only where an API must throw (a host that prefers exceptions). */
export class StegvisError extends Error {
  override readonly name = 'StegvisError';
  constructor(
    readonly code: IssueCode,
    readonly issues: readonly Issue[],
  ) {
    super(formatIssues(issues));
  }
}

export type Result<T, E = readonly Issue[]> = { ok: true; value: T } | { ok: false; issues: E };
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <I extends Issue>(issues: readonly I[]): { ok: false; issues: readonly I[] } => ({ ok: false, issues });
