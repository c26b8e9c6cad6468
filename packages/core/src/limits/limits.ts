import { type Issue, type IssueCode, type Path, issue } from '../errors/issue.js';

/**
 * How big an input may be before stegvis refuses to read it. Every input passes these before any parser or
 * schema sees it, so a hostile or mistaken input costs a bounded amount of time and memory, and the answer
 * is an issue (code, path, fix), never a stack overflow or an exhausted heap.
 */
export interface InputLimits {
  /** Characters of one text input: a YAML or JSON file, one line of a JSONL file (the CLI counts a file's bytes). */
  readonly maxTextLength: number;
  /** Characters of one string value (a label, a free-text content). */
  readonly maxStringLength: number;
  /** Characters of one object key (keys are ids). */
  readonly maxKeyLength: number;
  /** Entries of one list or object. */
  readonly maxItems: number;
  /** Lists and objects nested inside each other. */
  readonly maxDepth: number;
  /** Values in the whole input, counting every string, number and nested list or object. */
  readonly maxNodes: number;
}

/** A programme (and a behaviour model): the five seeds are under 15 kB, 9 levels deep, with strings under 80 characters. */
export const programmeLimits: InputLimits = {
  maxTextLength: 2_000_000,
  maxStringLength: 10_000,
  maxKeyLength: 200,
  maxItems: 10_000,
  maxDepth: 50,
  maxNodes: 200_000,
};

/** One command or one recorded event: ids, codes and the short free text of assessment and plan contents. */
export const recordLimits: InputLimits = {
  maxTextLength: 1_000_000,
  maxStringLength: 20_000,
  maxKeyLength: 200,
  maxItems: 1_000,
  maxDepth: 10,
  maxNodes: 10_000,
};

export const withLimits = (base: InputLimits, override: Partial<InputLimits> | undefined): InputLimits => ({ ...base, ...override });

/** The two codes a domain reports limits with. */
export interface LimitCodes {
  readonly tooLarge: IssueCode;
  readonly tooDeep: IssueCode;
  /** Data that cannot be read as plain data at all. */
  readonly unreadable: IssueCode;
}

export const limitCodes = {
  config: { tooLarge: 'config.too_large', tooDeep: 'config.too_deep', unreadable: 'config.invalid_type' },
  command: { tooLarge: 'command.too_large', tooDeep: 'command.too_deep', unreadable: 'command.invalid' },
  event: { tooLarge: 'event.too_large', tooDeep: 'event.too_deep', unreadable: 'event.invalid' },
} as const satisfies Record<string, LimitCodes>;

const count = (n: number) => n.toLocaleString('en');

/** Checks the length of a text before it is parsed. */
export function checkTextLength(text: string, limits: InputLimits, codes: LimitCodes, what: string): Issue[] {
  if (text.length <= limits.maxTextLength) return [];
  return [
    issue(codes.tooLarge, [], `the ${what} has ${count(text.length)} characters, more than the limit of ${count(limits.maxTextLength)}`,
      `check that this is the right file; if it is, raise maxTextLength in the limits you pass (see docs/security.md, "Input limits")`),
  ];
}

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | undefined;
  readonly key: string | number | undefined;
}

const pathOf = (frame: Frame | undefined, base: Path): Path => {
  const out: (string | number)[] = [];
  for (let f = frame; f && f.key !== undefined; f = f.parent) out.push(f.key);
  return [...base, ...out.reverse()];
};

/** Arrays and plain objects are walked; anything else (a Date, a Map, a class instance) is left to the schema. */
const isPlainObject = (v: object): v is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Checks parsed data (from YAML, JSON or a TypeScript module) against the limits, without recursion: a
 * structure nested 100,000 deep, or one that refers to itself, gets one issue at the path where it passed
 * the limit. Returns the first problem found: one is enough to refuse the input.
 */
export function checkLimits(value: unknown, limits: InputLimits, codes: LimitCodes, base: Path = []): Issue[] {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  let nodes = 0;
  const fix = (setting: keyof InputLimits) => `raise ${setting} in the limits you pass if this is intended (see docs/security.md, "Input limits")`;
  try {
    while (stack.length > 0) {
      const frame = stack.pop()!;
      const v = frame.value;
      if (++nodes > limits.maxNodes)
        return [issue(codes.tooLarge, pathOf(frame, base), `the input holds more than ${count(limits.maxNodes)} values`, `split it, or ${fix('maxNodes')}`)];
      if (typeof v === 'string') {
        if (v.length > limits.maxStringLength)
          return [issue(codes.tooLarge, pathOf(frame, base), `this text has ${count(v.length)} characters, more than the limit of ${count(limits.maxStringLength)}`, `shorten it, or ${fix('maxStringLength')}`)];
        continue;
      }
      if (typeof v !== 'object' || v === null) continue;
      const isArray = Array.isArray(v);
      if (!isArray && !isPlainObject(v)) continue;
      if (frame.depth + 1 > limits.maxDepth)
        return [issue(codes.tooDeep, pathOf(frame, base), `lists and objects are nested more than ${count(limits.maxDepth)} deep here`, `flatten the structure (a condition can name another with { condition: id }), or ${fix('maxDepth')}`)];
      const length = isArray ? v.length : Object.keys(v).length;
      if (length > limits.maxItems)
        return [issue(codes.tooLarge, pathOf(frame, base), `this ${isArray ? 'list' : 'object'} has ${count(length)} entries, more than the limit of ${count(limits.maxItems)}`, `shorten it, or ${fix('maxItems')}`)];
      if (isArray) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: frame.depth + 1, parent: frame, key: i });
        continue;
      }
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (key.length > limits.maxKeyLength)
          return [issue(codes.tooLarge, pathOf(frame, base), `a key here has ${count(key.length)} characters, more than the limit of ${count(limits.maxKeyLength)}`, `keys are ids: keep them short, or ${fix('maxKeyLength')}`)];
        stack.push({ value: (v as Record<string, unknown>)[key], depth: frame.depth + 1, parent: frame, key });
      }
    }
  } catch {
    // A getter that throws, a revoked proxy: data from a module that is not plain data.
    return [issue(codes.unreadable, base, 'the input could not be read as plain data (a property threw when it was read)', 'give plain data: objects, lists, text, numbers and true/false')];
  }
  return [];
}
