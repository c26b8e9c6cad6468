import { match } from 'ts-pattern';
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

/** What a number that is not finite reads as: YAML's `.nan` and `.inf` are numbers to a parser, not to a programme. */
const notFinite = (v: unknown) => typeof v === 'number' && !Number.isFinite(v);

/**
 * One of our issues per zod issue. The received value is never copied into a message: the path says where
 * it is, the message names only its type.
 */
function convert(domain: Domain, zi: ZodIssue, base: Path): Issue[] {
  const path: Path = [...base, ...(zi.path as (string | number)[])];
  const code = (suffix: string) => `${domain}.${suffix}` as IssueCode;
  const generic = domain === 'config' ? code('invalid_value') : code('invalid');
  return match(zi)
    .with({ code: 'invalid_type' }, (z) => {
      const expected = expectedName[z.expected] ?? z.expected;
      if (z.input === undefined)
        return [issue(domain === 'config' ? code('missing_field') : generic, path, `required field is missing: expected ${expected}`, `add "${String(path[path.length - 1] ?? '')}"`)];
      if ((z.expected === 'number' || z.expected === 'int') && notFinite(z.input))
        return [issue(domain === 'config' ? code('invalid_type') : generic, path, 'expected a finite number, got one that is not (NaN or infinity)', 'write a number such as 3 or 0.75; .nan and .inf are not allowed')];
      return [issue(domain === 'config' ? code('invalid_type') : generic, path, `expected ${expected}, got ${typeName(z.input)}`)];
    })
    .with({ code: 'unrecognized_keys' }, (z) =>
      z.keys.map((k) =>
        issue(
          domain === 'config' ? code('unknown_field') : generic,
          [...path, k],
          'unknown field',
          // In YAML, `{ sv: A, B }` splits text at the comma: the tail becomes a "field".
          /[\s()]/.test(k) ? 'this looks like the end of a text cut at a comma: put the whole text in quotes, "like, this"' : 'remove it, or check its spelling against the schema',
        ),
      ),
    )
    .with({ code: 'invalid_union' }, (z) => {
      const best = z.errors.length > 0 ? bestBranch(z.errors) : undefined;
      if (best && best.length > 0) return best.flatMap((b) => convert(domain, b, path));
      if (z.discriminator && 'options' in z && z.options)
        return [issue(generic, path, `unknown ${z.discriminator}`, `use one of: ${z.options.map(String).join(', ')}`)];
      return [issue(generic, path, 'does not match any of the shapes allowed here', 'check it against the schema')];
    })
    .with({ code: 'invalid_value' }, (z) => [issue(generic, path, `expected one of ${z.values.map((v) => JSON.stringify(v)).join(', ')}`)])
    .with({ code: 'too_small' }, (z) => [issue(generic, path, z.origin === 'array' ? `needs at least ${z.minimum} item(s)` : z.origin === 'string' ? (Number(z.minimum) <= 1 ? 'must not be empty' : `must be at least ${z.minimum} characters`) : `must be at least ${z.minimum}`)])
    .with({ code: 'too_big' }, (z) => [issue(generic, path, z.origin === 'array' ? `takes at most ${z.maximum} item(s)` : z.origin === 'string' ? `must be at most ${z.maximum} characters` : `must be at most ${z.maximum}`)])
    .with({ code: 'not_multiple_of' }, (z) => [issue(generic, path, `must be a multiple of ${z.divisor}`)])
    .with({ code: 'invalid_key' }, (z) => [issue(generic, path, `a key here is not valid: ${z.issues[0] ? convert(domain, z.issues[0], []).map((i) => i.message).join('; ') : 'see the schema'}`)])
    .with({ code: 'invalid_element' }, () => [issue(generic, path, 'an element here is not valid')])
    // Formats (a date, a pattern) and refinements carry messages written in the schemas, which name the shape expected, never the value.
    .with({ code: 'invalid_format' }, { code: 'custom' }, (z) => [issue(generic, path, z.message)])
    .exhaustive();
}

/** Turns a zod error into issues of our design, with paths prefixed by `base`. */
export function fromZod(domain: Domain, error: z.ZodError, base: Path = []): Issue[] {
  return error.issues.flatMap((zi) => convert(domain, zi, base));
}
