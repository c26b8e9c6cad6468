import { LineCounter, isNode, parseDocument } from 'yaml';
import { type Issue, type Result, fail, issue, ok } from '../errors/issue.js';
import type { Programme } from './compiled.js';
import { type ValidateOptions, validateProgramme } from './validate.js';

/** Where in the YAML text an issue's path points, as 1-based line and column. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

export type LocatedIssue = Issue & { readonly location?: SourceLocation };

export interface ParsedYaml {
  readonly data: unknown;
  /** The line and column of a path's value, or of the nearest parent the text has. */
  locate(path: readonly (string | number)[]): SourceLocation | undefined;
}

/**
 * Parses YAML text (pure: the caller reads the file). Syntax errors and duplicate keys are issues
 * with a line and column; no exception escapes for a designer's mistake.
 */
export function parseYaml(text: string): Result<ParsedYaml, readonly LocatedIssue[]> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    return fail(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          ...issue('config.yaml_syntax', [], e.message.split('\n')[0] ?? 'invalid YAML', 'check the indentation and quoting on that line'),
          location: { line: pos.line, column: pos.col },
        };
      }),
    );
  const locate = (path: readonly (string | number)[]): SourceLocation | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const p = lineCounter.linePos(node.range[0]);
        return { line: p.line, column: p.col };
      }
    }
    return undefined;
  };
  return ok({ data: doc.toJS(), locate });
}

/**
 * Parses and validates a programme written in YAML; every issue carries the line it points at.
 *
 * @example
 * const result = validateProgrammeYaml(fs.readFileSync('programme.yaml', 'utf8'));
 */
export function validateProgrammeYaml(text: string, options: ValidateOptions = {}): Result<Programme, readonly LocatedIssue[]> {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const result = validateProgramme(parsed.value.data, options);
  if (result.ok) return result;
  return fail(
    result.issues.map((i) => {
      const location = parsed.value.locate(i.path);
      return location ? { ...i, location } : i;
    }),
  );
}
