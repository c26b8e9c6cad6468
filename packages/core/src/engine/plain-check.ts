import type { z } from 'zod';
import type { InputLimits } from '../limits/limits.js';
import { personalNumberIn, sixDigits } from '../privacy/personal-number.js';

/**
 * Everything the edge and a schema ask of one command or event, in one walk: the input limits, the scan for
 * personal identity numbers and the schema, read from the zod schema itself. It answers only "all three
 * pass", with what the schema's parse would give (a copy, keys in the schema's order); for anything else —
 * a limit passed, something shaped like an identity number, a value the schema refuses or a part of a schema
 * it does not read (a lazy, a transform, a loose object, a default outside an object) — it answers `undefined`, and the caller
 * runs the three checks themselves, which say what is wrong. So it may refuse more than they do, never less:
 * a property test holds the two to the same verdict and the same result.
 */
export interface PlainCheck {
  (value: unknown): unknown;
  /** The discriminator values whose schema the walk reads whole; the others always take the slow checks. */
  readonly types: ReadonlySet<unknown>;
}

type Schema = z.core.$ZodType;
interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}
interface CheckDef {
  readonly check: string;
  readonly [key: string]: unknown;
}

/** A compiled part of the schema: the copy of `v`, or `NO`. */
type Part = (v: unknown, depth: number, walk: Walk) => unknown;
const NO = Symbol('no');

/** What the limits count across the whole input. */
interface Walk {
  nodes: number;
  readonly limits: InputLimits;
}

const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** A plain object as the limits walk it and the schema reads it: anything else is left to the slow checks. */
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** Counts one value against `maxNodes` (every value counts, as `checkLimits` counts them). */
const counted = (walk: Walk): boolean => ++walk.nodes <= walk.limits.maxNodes;

/** A key: short enough, not `__proto__` (which zod treats apart), not shaped like an identity number. */
const keyOk = (k: string, walk: Walk): boolean => k.length <= walk.limits.maxKeyLength && k !== '__proto__' && personalNumberIn(k) === undefined;

/** Text, or a number written as text, that holds no identity number (a number under six digits cannot). */
const textOk = (s: string, walk: Walk): boolean => s.length <= walk.limits.maxStringLength && personalNumberIn(s) === undefined;
const numberOk = (n: number): boolean => (Number.isInteger(n) && Math.abs(n) < 100_000) || personalNumberIn(String(n)) === undefined;

type Test = (v: never) => boolean;

/** The checks of strings and numbers read here; any other (a multiple of, an async refinement…) is left to the slow checks. */
const checkReaders: { readonly [check: string]: ((c: CheckDef) => Test | null) | undefined } = {
  min_length: (c) => (v: string) => v.length >= (c.minimum as number),
  max_length: (c) => (v: string) => v.length <= (c.maximum as number),
  greater_than: (c) => (c.inclusive ? (v: number) => v >= (c.value as number) : (v: number) => v > (c.value as number)),
  less_than: (c) => (c.inclusive ? (v: number) => v <= (c.value as number) : (v: number) => v < (c.value as number)),
  number_format: (c) => (c.format === 'safeint' ? (v: number) => Number.isSafeInteger(v) : null),
  // Formats that are their pattern and nothing else (a URL or a JWT is more): a date, a regex.
  string_format: (c) => ((c.format === 'date' || c.format === 'regex') && c.pattern instanceof RegExp ? stringPattern(c.pattern) : null),
  // A refinement that holds by returning true (zod takes any truthy value: here that is the slow checks' to say).
  custom: (c) => (typeof c.fn === 'function' && c.abort === undefined && c.when === undefined ? (v: never) => (c.fn as (v: unknown) => unknown)(v) === true : null),
};
const checkTest = (c: CheckDef): Test | null => checkReaders[c.check]?.(c) ?? null;

/**
 * The same checks written out for the generated walk (`x` the value's name), each the comparison its reader
 * makes with the schema's own number as a numeral; any other check is called as its test.
 */
const checkCode: { readonly [check: string]: ((c: CheckDef, x: string) => string | null) | undefined } = {
  min_length: (c, x) => (typeof c.minimum === 'number' ? `${x}.length >= ${numeral(c.minimum)}` : null),
  max_length: (c, x) => (typeof c.maximum === 'number' ? `${x}.length <= ${numeral(c.maximum)}` : null),
  greater_than: (c, x) => (typeof c.value === 'number' ? `${x} ${c.inclusive ? '>=' : '>'} ${numeral(c.value)}` : null),
  less_than: (c, x) => (typeof c.value === 'number' ? `${x} ${c.inclusive ? '<=' : '<'} ${numeral(c.value)}` : null),
  number_format: (c, x) => (c.format === 'safeint' ? `Number.isSafeInteger(${x})` : null),
};

/** A string or number schema's checks as one expression on `x` ('true' for none), or null when one of them is not written out. */
function checksCode(def: Def, x: string): string | null {
  if (def.check !== undefined) return null;
  const out: string[] = [];
  for (const c of (def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []) {
    const code = checkCode[c._zod.def.check]?.(c._zod.def, x) ?? null;
    if (code === null) return null;
    out.push(`(${code})`);
  }
  return out.length === 0 ? 'true' : out.join(' && ');
}

/** A limit or a schema's number as a numeral in written-out code: what a comparison with the number itself compares. */
function numeral(n: unknown): string {
  const x = Number(n);
  return Number.isNaN(x) ? 'NaN' : String(x);
}

const stringPattern = (pattern: RegExp) => (v: string) => {
  pattern.lastIndex = 0;
  return pattern.test(v);
};

/** The test of a schema without checks. */
const always: Test = () => true;

/** The checks of a string or number schema as one test, or null when one of them is not read here. */
function checks(def: Def): Test | null {
  const list = (def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? [];
  const tests: Test[] = [];
  // A string format schema (z.iso.date()) is its own check.
  if (def.check !== undefined) {
    const own = checkTest(def as unknown as CheckDef);
    if (own === null) return null;
    tests.push(own);
  }
  for (const c of list) {
    const t = checkTest(c._zod.def);
    if (t === null) return null;
    tests.push(t);
  }
  if (tests.length <= 1) return tests[0] ?? always;
  return (v) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i]!(v)) return false;
    return true;
  };
}

/** The schema compiled, or null when a part of it is not read here. */
function compile(schema: Schema): Part | null {
  // A schema met again (the envelope's actor and programme in every event type, a shared payload) is compiled
  // once: one function for the engine to optimise, not one a place it appears.
  const parts = compilingFor().parts;
  let part = parts.get(schema);
  if (part === undefined) parts.set(schema, (part = compileNew(schema)));
  return part;
}

function compileNew(schema: Schema): Part | null {
  const def = defOf(schema);
  const part = partReaders[def.type as DefType]?.(def) ?? null;
  // Text and numbers test their checks as they read them; anything else (an object's refinement) is tested on
  // the result, as zod tests it.
  if (part === null || def.type === 'string' || def.type === 'number' || !(def.checks as unknown[] | undefined)?.length) return part;
  const test = checks(def);
  return test && ((v, d, walk) => {
    const out = part(v, d, walk);
    return out !== NO && test(out as never) ? out : NO;
  });
}

type DefType = z.core.$ZodTypeDef['type'];

/** The kinds of schema read here; any other (lazy, optional outside an object, default, pipe, transform…) is left to the slow checks. */
const partReaders: { readonly [T in DefType]?: (def: Def) => Part | null } = {
  string: (def) => {
    const test = checks(def);
    return test && ((v, _d, walk) => (typeof v === 'string' && counted(walk) && textOk(v, walk) && test(v as never) ? v : NO));
  },
  number: (def) => {
    const test = checks(def);
    return test && ((v, _d, walk) => (typeof v === 'number' && Number.isFinite(v) && counted(walk) && numberOk(v) && test(v as never) ? v : NO));
  },
  boolean: () => (v, _d, walk) => (typeof v === 'boolean' && counted(walk) ? v : NO),
  literal: (def) => oneOf(def.values as unknown[]),
  enum: (def) => oneOf(Object.values(def.entries as object)),
  nullable: (def) => {
    const inner = compile(def.innerType as Schema);
    return inner && ((v, d, walk) => (v === null ? (counted(walk) ? null : NO) : inner(v, d, walk)));
  },
  array: (def) => {
    const element = compile(def.element as Schema);
    if (element === null) return null;
    return (v, d, walk) => {
      if (!Array.isArray(v) || !counted(walk) || d + 1 > walk.limits.maxDepth || v.length > walk.limits.maxItems) return NO;
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const x = element(v[i], d + 1, walk);
        if (x === NO) return NO;
        out[i] = x;
      }
      return out;
    };
  },
  record: (def) => {
    const key = defOf(def.keyType as Schema);
    const value = compile(def.valueType as Schema);
    if (value === null || key.type !== 'string' || (key.checks as unknown[] | undefined)?.length || key.format !== undefined) return null;
    return (v, d, walk) => {
      // Zod reads a record's symbol keys too (and refuses them): the slow checks say so.
      if (!isPlainObject(v) || Object.getOwnPropertySymbols(v).length > 0 || !counted(walk) || d + 1 > walk.limits.maxDepth) return NO;
      const keys = Object.keys(v);
      if (keys.length > walk.limits.maxItems) return NO;
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        if (!keyOk(k, walk)) return NO;
        const x = value(v[k], d + 1, walk);
        if (x === NO) return NO;
        out[k] = x;
      }
      return out;
    };
  },
  object: (def) => compileObject(def),
  union: (def) => {
    const options = (def.options as Schema[]).map(compile);
    if (options.some((o) => o === null)) return null;
    // Zod's answer is the first option that takes the value; a failed option may have counted nodes.
    return (v, d, walk) => {
      const nodes = walk.nodes;
      for (const o of options as Part[]) {
        walk.nodes = nodes;
        const x = o(v, d, walk);
        if (x !== NO) return x;
      }
      return NO;
    };
  },
};

/**
 * A literal or an enum: one of its values. Which of them the limits and the scan pass is known when the walk
 * is compiled (they are the schema's own constants, and the walk is compiled for one set of limits), so only
 * those are kept: a value outside them is refused as the scan of any text or number would refuse it.
 */
const oneOf = (list: readonly unknown[]): Part => {
  const values = passing(list);
  return (v, _d, walk) => (values.has(v) && counted(walk) ? v : NO);
};
const passing = (list: readonly unknown[]): ReadonlySet<unknown> => {
  const walk: Walk = { nodes: 0, limits: compilingFor().limits };
  return new Set<unknown>(list.filter((v) => (typeof v !== 'string' || textOk(v, walk)) && (typeof v !== 'number' || numberOk(v))));
};
/** The values of a literal or an enum schema that pass (as `oneOf`), or null for any other schema. */
const constantsOf = (def: Def): ReadonlySet<unknown> | null =>
  def.type === 'literal' ? passing(def.values as unknown[]) : def.type === 'enum' ? passing(Object.values(def.entries as object)) : null;

/** A strict object: the keys of its shape, each present unless optional, and no other. */
function compileObject(def: Def): Part | null {
  const catchall = def.catchall as Schema | undefined;
  if (catchall === undefined || defOf(catchall).type !== 'never') return null;
  const shape = def.shape as Record<string, Schema>;
  // A field that may be left out: optional (then absent), or with a default (then the default, as zod gives it).
  // A text field is read in the loop below, not through a call: most fields are text, and one call site for
  // every kind of part was a tenth of an event's time.
  const fields: Field[] = [];
  for (const key of Object.keys(shape)) {
    let s = shape[key]!;
    const kind = defOf(s).type;
    const fallback = kind === 'default' ? defOf(s) : null;
    if (kind === 'optional' || kind === 'default') s = defOf(s).innerType as Schema;
    const part = compile(s);
    if (part === null) return null;
    const inner = defOf(s);
    fields.push({
      key,
      optional: kind === 'optional',
      fallback,
      part,
      text: inner.type === 'string' ? checks(inner) : null,
      number: inner.type === 'number',
      inner,
      constants: constantsOf(inner),
      flag: inner.type === 'boolean',
    });
  }
  // The keys of the shape are the only keys the input may have: an id-like key the limits or the scan refuse
  // is not worth a fast path.
  if (fields.some((f) => f.key === '__proto__' || personalNumberIn(f.key) !== undefined)) return null;
  const longestKey = Math.max(0, ...fields.map((f) => f.key.length));
  const written = compilingFor().generated ? generatedObject(fields, longestKey, compilingFor().limits) : null;
  if (written !== null) return written;
  return (v, d, walk) => {
    if (!isPlainObject(v) || !counted(walk) || d + 1 > walk.limits.maxDepth || longestKey > walk.limits.maxKeyLength) return NO;
    const out: Record<string, unknown> = {};
    let present = 0;
    for (const f of fields) {
      const x = v[f.key];
      // An optional key given as `undefined` is zod's own case (kept or not): the slow checks read it.
      if (x === undefined) {
        if (Object.prototype.hasOwnProperty.call(v, f.key) || !(f.optional || f.fallback)) return NO;
        // zod's default is a fresh copy each time it is read.
        if (f.fallback) out[f.key] = f.fallback.defaultValue;
        continue;
      }
      if (!Object.prototype.hasOwnProperty.call(v, f.key)) return NO;
      present++;
      if (f.text !== null) {
        if (typeof x !== 'string' || !counted(walk) || !textOk(x, walk) || !f.text(x as never)) return NO;
        out[f.key] = x;
        continue;
      }
      const y = f.part(x, d + 1, walk);
      if (y === NO) return NO;
      out[f.key] = y;
    }
    // Every key the input has is one of the shape's (each counted above): none unknown, none too many.
    let keys = 0;
    for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) keys++;
    return keys === present && keys <= walk.limits.maxItems ? out : NO;
  };
}

interface Field {
  readonly key: string;
  readonly optional: boolean;
  readonly fallback: Def | null;
  readonly part: Part;
  readonly text: Test | null;
  readonly number: boolean;
  /** The schema of the field's value (inside its optional or default). */
  readonly inner: Def;
  /** A literal's or an enum's values that pass, read in the written-out walk without a call. */
  readonly constants: ReadonlySet<unknown> | null;
  /** True/false: read in the written-out walk without a call. */
  readonly flag: boolean;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const ABSENT = Symbol('absent');

/**
 * `compileObject`'s walk written out for one object schema, as zod's own fast path writes its parsers (where
 * the host allows code from strings): one pass over the input's own keys, each one of the shape's (a `switch`
 * on the key's length, then the shape's keys of that length), its value read where the key is: text (with its
 * checks as comparisons), numbers, true/false and a literal's or an enum's values tested in place, every other
 * part called from a place of its own, the limits written as numerals — so the engine's optimiser sees one shape
 * at each place and little to call, where the loop above sees every shape of every schema at one place. The same
 * verdict and result as the loop (the values counted in the input's order, which changes no verdict: a count is
 * over its limit at the end if it was at any point); the code holds only the schema's keys (as JSON strings) and numbers (the
 * limits, the checks' bounds), never anything from an input. Null for a shape of more than 30 fields.
 */
function generatedObject(fields: readonly Field[], longestKey: number, limits: InputLimits): Part | null {
  // Which fields were seen is a bit each.
  if (fields.length > 30) return null;
  const key = (f: Field) => JSON.stringify(f.key);
  const counted = `++walk.nodes > ${numeral(limits.maxNodes)}`;
  const lines = [
    `if (!isPlainObject(v) || ${counted} || d + 1 > ${numeral(limits.maxDepth)} || ${longestKey} > ${numeral(limits.maxKeyLength)}) return NO;`,
    ...fields.map((_, i) => `let y${i} = ABSENT;`),
    'let seen = 0;',
    'let keys = 0;',
    // One pass over the input's keys: each must be its own and one of the shape's. No read below takes
    // `undefined` (an own key given as undefined is zod's own case, kept or not: the slow checks read it).
    'for (const k in v) {',
    `  if (!hasOwn(v, k) || ++keys > ${numeral(limits.maxItems)}) return NO;`,
    '  const x = v[k];',
    // The key's length first (a jump), then the few keys of that length: one or two text comparisons a key, where
    // a `switch` on the key compared it with every case before its own.
    '  switch (k.length) {',
  ];
  const reads: string[] = [];
  fields.forEach((f, i) => {
    // A field's checks written out on its value, or its test called.
    const checked = f.text || f.number ? checksCode(f.inner, 'x') : null;
    const test = checked === 'true' ? '' : checked !== null ? ` || !(${checked})` : ` || !text${i}(x)`;
    let read: string;
    // The scan's own first test (six digits in a row) read here, and no scan of text shorter than the shortest
    // identity number (ten digits: YYMMDDNNNN), which cannot hold one.
    if (f.text) read = `if (typeof x !== 'string' || ${counted} || x.length > ${numeral(limits.maxStringLength)} || (x.length > 9 && sixDigits(x) && personalNumberIn(x) !== undefined)${test}) return NO; y${i} = x;`;
    else if (f.number && checked !== null) read = `if (typeof x !== 'number' || !Number.isFinite(x) || ${counted} || !numberOk(x)${test}) return NO; y${i} = x;`;
    else if (f.constants) read = `if (!constants${i}.has(x) || ${counted}) return NO; y${i} = x;`;
    else if (f.flag) read = `if (typeof x !== 'boolean' || ${counted}) return NO; y${i} = x;`;
    else read = `y${i} = part${i}(x, d + 1, walk); if (y${i} === NO) return NO;`;
    reads[i] = `if (k === ${key(f)}) { ${read} seen |= ${1 << i}; }`;
  });
  const lengths = [...new Set(fields.map((f) => f.key.length))];
  for (const n of lengths) {
    const same = fields.flatMap((f, i) => (f.key.length === n ? [reads[i]!] : []));
    lines.push(`    case ${n}: ${same.join(' else ')} else return NO; break;`);
  }
  lines.push('    default: return NO;', '  }', '}');
  // Every field the shape requires was there; one with a default that was not takes it (zod's is a fresh copy each read).
  const required = fields.reduce((m, f, i) => (f.optional || f.fallback ? m : m | (1 << i)), 0);
  lines.push(`if ((seen & ${required}) !== ${required}) return NO;`);
  fields.forEach((f, i) => {
    if (f.fallback) lines.push(`if ((seen & ${1 << i}) === 0) y${i} = fields[${i}].fallback.defaultValue;`);
  });
  // The result in the shape's order: the fields always there in one literal, then each after the first optional one.
  let lead = 0;
  while (lead < fields.length && !fields[lead]!.optional) lead++;
  lines.push(`const o = { ${fields.slice(0, lead).map((f, i) => `${key(f)}: y${i}`).join(', ')} };`);
  for (let i = lead; i < fields.length; i++) lines.push(fields[i]!.optional ? `if (y${i} !== ABSENT) o[${key(fields[i]!)}] = y${i};` : `o[${key(fields[i]!)}] = y${i};`);
  lines.push('return o;');
  const each = (name: string) => fields.map((_, i) => `${name}${i}`);
  const names = ['isPlainObject', 'sixDigits', 'personalNumberIn', 'numberOk', 'NO', 'ABSENT', 'hasOwn', 'fields', ...each('part'), ...each('text'), ...each('constants')];
  const factory = new Function(...names, `return function (v, d, walk) {\n${lines.join('\n')}\n};`) as (...args: unknown[]) => Part;
  return factory(isPlainObject, sixDigits, personalNumberIn, numberOk, NO, ABSENT, hasOwn, fields, ...fields.map((f) => f.part), ...fields.map((f) => f.text), ...fields.map((f) => f.constants));
}

/** Whether the host lets code be made from strings (a content security policy, `--disallow-code-generation-from-strings` may not). */
const canGenerate = ((): boolean => {
  try {
    return (new Function('return true') as () => boolean)();
  } catch {
    return false;
  }
})();
/** What the walk being compiled is for: its limits (it is always run with them), whether it is written out, and the parts compiled so far. */
let compiling: { readonly limits: InputLimits; readonly generated: boolean; readonly parts: Map<Schema, Part | null> } | null = null;
const compilingFor = () => compiling!;

/**
 * A discriminated union of strict objects (`DomainEventSchema`, `CommandSchema`) compiled option by option:
 * the check of an input is its `type`'s, and a type whose schema has a part not read here always takes the
 * slow checks.
 */
export function compilePlainCheck(schema: Schema, limits: InputLimits, options: { readonly generated?: boolean } = {}): PlainCheck {
  const def = defOf(schema);
  const byType = new Map<unknown, Part>();
  const outer = compiling;
  compiling = { limits, generated: (options.generated ?? true) && canGenerate, parts: new Map() };
  try {
    if (def.type === 'union' && def.discriminator === 'type')
      for (const option of def.options as Schema[]) {
        const literal = defOf(defOf(option).shape !== undefined ? (defOf(option).shape as Record<string, Schema>).type! : option);
        const part = compile(option);
        if (part !== null && literal.type === 'literal') for (const t of literal.values as unknown[]) byType.set(t, part);
      }
  } finally {
    compiling = outer;
  }
  const check = (value: unknown): unknown => {
    try {
      const part = typeof value === 'object' && value !== null ? byType.get((value as { type?: unknown }).type) : undefined;
      if (part === undefined) return undefined;
      const out = part(value, 0, { nodes: 0, limits });
      return out === NO ? undefined : out;
    } catch {
      // A getter that throws, a proxy: the slow checks say what it is.
      return undefined;
    }
  };
  return Object.assign(check, { types: new Set(byType.keys()) as ReadonlySet<unknown> });
}
