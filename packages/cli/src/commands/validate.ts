import { type Finding, formatFinding, lintProgramme } from '@stegvis/core';
import { loadOptionsOf } from '../data-only.js';
import { type Io, exitCodes, line } from '../io.js';
import { formatLocated, formatLocatedIssue, loadProgramme } from '../load-programme.js';

export interface ValidateOptions {
  readonly lint?: boolean;
  /** Step-kind plugin modules (`--plugin`), besides those of the config file beside the programme. */
  readonly plugin?: readonly string[];
  readonly dataOnly?: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * `stegvis validate <programme>`: the schema's issues, then (for a valid programme) the linter's findings,
 * one per line as `file:line:col path: message (code)`. Exit 0 when clean — no schema issue, no lint error
 * or warning; notes (info) are printed but do not fail — and 1 otherwise.
 */
export async function validateCommand(file: string, options: ValidateOptions, io: Io, cwd: string): Promise<number> {
  const out = line(io.stdout);
  const loaded = await loadProgramme(file, cwd, loadOptionsOf(options, io));
  for (const p of loaded.plugins) out(`${file}: step kinds from ${p.module}: ${p.kinds.map((k) => k.kind).join(', ')}`);
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
  const failing = errors + warnings;
  if (failing > 0) {
    out(`${file}: valid against the schema, but the linter found ${plural(errors, 'error', 'errors')} and ${plural(warnings, 'warning', 'warnings')}`);
    return exitCodes.problems;
  }
  const notes = infos > 0 ? ` (${plural(infos, 'note', 'notes')})` : '';
  out(`${file}: ${programme.id} v${programme.version} is valid${options.lint === false ? ' (schema only)' : ''}${notes}`);
  return exitCodes.ok;
}
