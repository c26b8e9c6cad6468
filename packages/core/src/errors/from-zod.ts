import type { z } from 'zod';
import { type Issue, type IssueCode, type Path, issue } from './issue.js';

type ZodIssue = z.core.$ZodIssue;
type Domain = 'config' | 'command' | 'event';

const typeName = (v: unknown): string =>
  v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v === 'string' ? 'text' : `a ${typeof v}`;

const expectedName: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object (key: value lines)',
  array: 'a list',
};

/**
 * Zod reports a union mismatch once per branch. A designer wants the branch they meant: the one whose
 * problems lie deepest (they got furthest), then the one with the fewest problems.
 */
function bestBranch(branches: ZodIssue[][]): ZodIssue[] | undefined {
  const score = (b: ZodIssue[]) => ({
    rootMisses: b.filter((i) => i.path.length === 0 && i.code !== 'custom').length,
    count: b.length,
  });
  return [...branches].sort((a, b) => {
    const sa = score(a);
    const sb = score(b);
    return sa.rootMisses - sb.rootMisses || sa.count - sb.count;
  })[0];
}

function convert(domain: Domain, zi: ZodIssue, base: Path): Issue[] {
  const path: Path = [...base, ...(zi.path as (string | number)[])];
  const code = (suffix: string) => `${domain}.${suffix}` as IssueCode;
  const generic = domain === 'config' ? code('invalid_value') : code('invalid');
  switch (zi.code) {
    case 'invalid_type': {
      const expected = expectedName[zi.expected] ?? zi.expected;
      if (zi.input === undefined)
        return [issue(domain === 'config' ? code('missing_field') : generic, path, `required field is missing: expected ${expected}`, `add "${String(path[path.length - 1] ?? '')}"`)];
      return [issue(domain === 'config' ? code('invalid_type') : generic, path, `expected ${expected}, got ${typeName(zi.input)}`)];
    }
    case 'unrecognized_keys':
      return zi.keys.map((k) =>
        issue(
          domain === 'config' ? code('unknown_field') : generic,
          [...path, k],
          `unknown field "${k}"`,
          // In YAML, `{ sv: A, B }` splits text at the comma: the tail becomes a "field".
          /[\s()]/.test(k) ? 'this looks like the end of a text cut at a comma: put the whole text in quotes, "like, this"' : 'remove it, or check its spelling against the schema',
        ),
      );
    case 'invalid_union': {
      const best = zi.errors.length > 0 ? bestBranch(zi.errors) : undefined;
      if (best && best.length > 0) return best.flatMap((b) => convert(domain, b, path));
      return [issue(generic, path, zi.message)];
    }
    case 'invalid_value':
      return [issue(generic, path, `expected one of ${zi.values.map((v) => JSON.stringify(v)).join(', ')}`)];
    case 'too_small':
      return [issue(generic, path, zi.origin === 'array' ? `needs at least ${zi.minimum} item(s)` : zi.origin === 'string' ? 'must not be empty' : `must be at least ${zi.minimum}`)];
    case 'too_big':
      return [issue(generic, path, zi.origin === 'array' ? `takes at most ${zi.maximum} item(s)` : `must be at most ${zi.maximum}`)];
    default:
      return [issue(generic, path, zi.message)];
  }
}

/** Turns a zod error into issues of our design, with paths prefixed by `base`. */
export function fromZod(domain: Domain, error: z.ZodError, base: Path = []): Issue[] {
  return error.issues.flatMap((zi) => convert(domain, zi, base));
}
