import { type Finding, formatFinding, lintProgramme } from '@stegvis/core';
import { behaviourConditions } from '@stegvis/sim';
import { readBehaviour } from '../behaviour-file.js';
import { loadOptionsOf } from '../data-only.js';
import { type Io, exitCodes, line } from '../io.js';
import { formatLocated, formatLocatedIssue, loadProgramme } from '../load-programme.js';

export interface ValidateOptions {
  readonly lint?: boolean;
  /** The behaviour model the linter takes into account; by default behaviour.yaml beside the programme, if there is one. */
  readonly behaviour?: string;
  /** Step-kind plugin modules (`--plugin`), besides those of the config file beside the programme. */
  readonly plugin?: readonly string[];
  readonly dataOnly?: boolean;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * `stegvis validate <programme>`: the schema's issues, then (for a valid programme) the linter's findings,
 * one per line as `file:line:col path: message (code)`. Exit 0 when clean — no schema issue, no lint error
 * or warning; notes (info) are printed but do not fail — and 1 otherwise. The behaviour model (checked
 * too) counts as reading the facts and named conditions its modifiers test.
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
  // --no-lint needs no behaviour model; one named with --behaviour is checked all the same.
  const behaviour = options.lint === false && options.behaviour === undefined ? undefined : await readBehaviour(loaded, programme, options.behaviour, cwd, 'optional');
  const readers = behaviour ? [{ name: `the behaviour model (${behaviour.file})`, conditions: behaviourConditions(behaviour.behaviour) }] : [];
  const findings = options.lint === false ? [] : lintProgramme(programme, { readers });
  for (const f of findings) out(formatLocated(file, loaded.locate(f.path), formatFinding(f)));
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const [errors, warnings, infos] = [count('error'), count('warning'), count('info')];
  const failing = errors + warnings;
  if (failing > 0) {
    out(`${file}: valid against the schema, but the linter found ${plural(errors, 'error', 'errors')} and ${plural(warnings, 'warning', 'warnings')}`);
    return exitCodes.problems;
  }
  const notes = [...(infos > 0 ? [plural(infos, 'note', 'notes')] : []), ...(behaviour ? [`with the behaviour model ${behaviour.file}`] : [])];
  out(`${file}: ${programme.id} v${programme.version} is valid${options.lint === false ? ' (schema only)' : ''}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
  return exitCodes.ok;
}
