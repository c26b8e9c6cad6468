import { type Finding, lintProgramme, toDotPath } from '@stegvis/core';
import { type Io, exitCodes, line } from '../io.js';
import { formatLocated, formatLocatedIssue, loadProgramme } from '../load-programme.js';

export interface ValidateOptions {
  readonly lint?: boolean;
  /** Fail on lint warnings too, not only on errors. */
  readonly strict?: boolean;
}

/** `facts.1: info: fact "age" is declared but … Fix: … (lint.unused_fact)`: `formatIssue`'s shape with the severity after the path. */
const formatFinding = (f: Finding): string => `${toDotPath(f.path)}: ${f.severity}: ${f.message}${f.fix ? ` Fix: ${f.fix}` : ''} (${f.code})`;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * `stegvis validate <programme>`: the schema's issues, then (for a valid programme) the linter's findings,
 * one per line as `file:line:col path: message (code)`. Exit 1 on a schema issue or a lint error (with
 * `strict`, a lint warning too), 0 otherwise; warnings and notes are printed either way.
 */
export async function validateCommand(file: string, options: ValidateOptions, io: Io, cwd: string): Promise<number> {
  const out = line(io.stdout);
  const loaded = await loadProgramme(file, cwd);
  if (!loaded.result.ok) {
    for (const i of loaded.result.issues) out(formatLocatedIssue(file, i));
    out(`${file}: ${plural(loaded.result.issues.length, 'problem', 'problems')}`);
    return exitCodes.problems;
  }
  const programme = loaded.result.value;
  const findings = options.lint === false ? [] : lintProgramme(programme);
  for (const f of findings) out(formatLocated(file, loaded.locate(f.path), formatFinding(f)));
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const [errors, warnings, infos] = [count('error'), count('warning'), count('info')];
  const failing = errors + (options.strict ? warnings : 0);
  if (failing > 0) {
    out(`${file}: valid against the schema, but the linter found ${plural(errors, 'error', 'errors')} and ${plural(warnings, 'warning', 'warnings')}`);
    return exitCodes.problems;
  }
  const said = [warnings > 0 ? plural(warnings, 'warning', 'warnings') : '', infos > 0 ? plural(infos, 'note', 'notes') : ''].filter(Boolean);
  const notes = said.length > 0 ? ` (${said.join(', ')})` : '';
  out(`${file}: ${programme.id} v${programme.version} is valid${options.lint === false ? ' (schema only)' : ''}${notes}`);
  return exitCodes.ok;
}
