import { Composer, type Document, LineCounter, Parser, type YAMLError, isNode } from 'yaml';
import { type Issue, type Path, type Result, fail, issue, ok } from '../errors/issue.js';
import { type InputLimits, checkLimits, checkTextLength, limitCodes, programmeLimits, withLimits } from '../limits/limits.js';
import type { Programme } from './compiled.js';
import { checkDecodedText } from './encoding.js';
import type { LocatedIssue, SourceLocation } from './location.js';
import { type ValidateOptions, validateProgramme } from './validate.js';
import { lexicalDepthExceeded, pathAt, yamlStructure } from './yaml-structure.js';

export type { LocatedIssue, SourceLocation } from './location.js';

export interface ParsedYaml {
  readonly data: unknown;
  /** The line and column of a path's value, or of the nearest parent the text has. */
  locate(path: readonly (string | number)[]): SourceLocation | undefined;
}

export interface ParseYamlOptions {
  /** Limits on the text and the data it holds (defaults: `programmeLimits`). */
  readonly limits?: Partial<InputLimits>;
}

/** YAML 1.2's core schema only, whatever the document's `%YAML` line says: no `!!binary`, no timestamps, no merge keys. */
const yamlOptions = { version: '1.2', schema: 'core', resolveKnownTags: false, merge: false, uniqueKeys: true, prettyErrors: false } as const;

/** The longest tag an issue names; a longer one is only said to be unknown. */
const maxTagShown = 60;

/**
 * Parses YAML text (pure: the caller reads the file). Syntax errors, duplicate keys, unknown tags, text in
 * the wrong encoding, aliases that expand too far and input over the limits are issues with a line and
 * column; no exception escapes for a designer's mistake.
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): Result<ParsedYaml, readonly LocatedIssue[]> {
  const limits = withLimits(programmeLimits, options.limits);
  const codes = limitCodes.config;
  const tooLong = checkTextLength(text, limits, codes, 'YAML text');
  if (tooLong.length > 0) return fail(tooLong);
  const encoding = checkDecodedText(text);
  if (encoding.length > 0) return fail(encoding);

  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const tooDeep = (path: Path, offset: number) =>
    fail([
      {
        ...issue(codes.tooDeep, path, `lists and maps are nested more than ${limits.maxDepth} deep here`,
          'flatten the structure (a condition can name another with { condition: id }), or raise maxDepth in the limits you pass'),
        location: at(offset),
      },
    ]);
  const deepAt = lexicalDepthExceeded(text, limits.maxDepth);
  if (deepAt !== undefined) {
    // The text up to that point is as deep as the limit allows, so parsing it is cheap and names the path.
    const prefix = [...new Parser(lineCounter.addNewLine).parse(text.slice(0, deepAt + 1))];
    return tooDeep(yamlStructure(prefix, limits.maxDepth).tooDeep?.path ?? [], deepAt);
  }
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const structure = yamlStructure(tokens, limits.maxDepth);
  if (structure.tooDeep) return tooDeep(structure.tooDeep.path, structure.tooDeep.offset);

  const composer = new Composer(yamlOptions);
  const docs: Document.Parsed[] = [...composer.compose(tokens, true, text.length)];
  const doc = docs[0]!;
  if (docs.length > 1)
    return fail([{ ...issue('config.yaml_syntax', [], 'the text holds more than one YAML document', 'keep one document: remove the second "---" line and what follows it'), location: at(docs[1]!.range[0]) }]);

  const problems = [...doc.errors, ...doc.warnings].map((e) => yamlIssue(e, doc, at));
  if (problems.length > 0) return fail(problems);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // yaml's guard against a "billion laughs" document: aliases that expand to a combinatorial size.
    const offset = structure.firstAlias ?? 0;
    return fail([
      {
        ...issue(codes.tooLarge, pathAt(doc, offset), 'the aliases (*name) in this document expand to too many values', 'use each anchor (&name) a few times, and do not nest aliases of aliases'),
        location: at(offset),
      },
    ]);
  }
  const locate = (path: readonly (string | number)[]): SourceLocation | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return undefined;
  };
  const limited = checkLimits(data, limits, codes);
  if (limited.length > 0) return fail(limited.map((i) => located(i, locate)));
  return ok({ data, locate });
}

function yamlIssue(e: YAMLError, doc: Document.Parsed, at: (offset: number) => SourceLocation): LocatedIssue {
  const location = at(e.pos[0]);
  const first = e.message.split('\n')[0] ?? 'invalid YAML';
  if (e.code === 'TAG_RESOLVE_FAILED') {
    // yaml names `!!x` by its full form, tag:yaml.org,2002:x; a designer wrote it as !!x.
    const tag = /^Unresolved tag: (\S+)/.exec(first)?.[1]?.replace(/^tag:yaml\.org,2002:/, '!!');
    const named = tag && tag.length <= maxTagShown ? tag : undefined;
    return {
      ...issue('config.yaml_tag', pathAt(doc, e.pos[0]), named ? `unknown YAML tag ${named}` : 'unknown YAML tag',
        'remove the tag: a programme is plain data (text, numbers, true/false, lists and maps), never code or binary'),
      location,
    };
  }
  if (e.code === 'RESOURCE_EXHAUSTION')
    return { ...issue(limitCodes.config.tooDeep, [], 'the YAML is nested too deeply to read', 'flatten the structure, or lower maxDepth back to its default'), location };
  return { ...issue('config.yaml_syntax', [], first, 'check the indentation and quoting on that line'), location };
}

const located = (i: Issue, locate: ParsedYaml['locate']): LocatedIssue => {
  const location = locate(i.path);
  return location ? { ...i, location } : i;
};

/**
 * Parses and validates a programme written in YAML; every issue carries the line it points at.
 *
 * @example
 * const result = validateProgrammeYaml(fs.readFileSync('programme.yaml', 'utf8'));
 */
export function validateProgrammeYaml(text: string, options: ValidateOptions = {}): Result<Programme, readonly LocatedIssue[]> {
  const parsed = parseYaml(text, options.limits ? { limits: options.limits } : {});
  if (!parsed.ok) return parsed;
  const result = validateProgramme(parsed.value.data, options);
  if (result.ok) return result;
  return fail(result.issues.map((i) => located(i, parsed.value.locate)));
}
