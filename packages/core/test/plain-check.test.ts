import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compilePlainCheck } from '../src/engine/plain-check.js';
import { inputIssues } from '../src/engine/edge.js';
import { type InputLimits, recordLimits } from '../src/limits/limits.js';

/**
 * The one walk (engine/plain-check.ts) decides which of a literal's or an enum's values the limits and the
 * identity-number scan pass when it is compiled, not when it reads one. The event and command schemas cannot
 * try that (none of their constants is long or shaped like an identity number: packages/testing's property
 * test holds the walk to the three checks on them), so a schema whose constants are: the walk passes a value
 * exactly when the limits, the scan and the schema do, written out and as a loop.
 */
/**
 * One value through the walk and through the limits, the scan and the schema: the walk passes it exactly when they
 * do, with the schema's own result. Whether they passed it.
 */
function sameAsChecks(check: (value: unknown) => unknown, schema: z.ZodType, value: unknown, limits?: InputLimits): boolean {
  const slow = inputIssues(value, 'event', limits ? { limits } : {}).length === 0 && schema.safeParse(value).success;
  const fast = check(value);
  expect(fast !== undefined).toBe(slow);
  if (fast !== undefined) expect(fast).toStrictEqual(schema.parse(value));
  return slow;
}

const hazards = ['811218-9876', 'P-19811218-9876', 'x'.repeat(40), 'ok', 'abc123456', 'noted'] as const;
const schema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pick'), kind: z.enum(hazards), tag: z.literal('811218-9876').optional(), count: z.literal(8112189876).optional() }),
  z.strictObject({ type: z.literal('x'.repeat(40)), flag: z.boolean() }),
]);

const input = fc.oneof(
  fc.record({ type: fc.constant('pick'), kind: fc.constantFrom<string>(...hazards) }),
  fc.record({ type: fc.constant('pick'), kind: fc.constant('ok'), tag: fc.constant('811218-9876') }),
  fc.record({ type: fc.constant('pick'), kind: fc.constant('ok'), count: fc.constant(8112189876) }),
  fc.record({ type: fc.constant('x'.repeat(40)), flag: fc.boolean() }),
).map((v) => ({ ...v })); // plain objects, as JSON gives them (fast-check's have no prototype: the walk leaves those to the slow checks)
const limits = fc.oneof(fc.constant(recordLimits), fc.integer({ min: 1, max: 50 }).map((n): InputLimits => ({ ...recordLimits, maxStringLength: n })));

/**
 * The checks of text and numbers are written out in the generated walk (a length, a bound, an integer), and
 * called as tests in the loop: each at its boundaries, against the schema.
 */
const bounded = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('bounds'),
    text: z.string().min(2).max(4),
    count: z.number().int().min(1).max(5),
    share: z.number().gt(0).lt(3),
    code: z.string().regex(/^[a-z]+$/).optional(),
  }),
]);
const around = (n: number) => [n - 1, n - 0.5, n, n + 0.5, n + 1];
const boundedInput = fc
  .record({
    type: fc.constant('bounds'),
    text: fc.constantFrom('', 'a', 'ab', 'abc', 'abcd', 'abcde'),
    count: fc.constantFrom(...around(1), ...around(5), 2 ** 53, NaN),
    share: fc.constantFrom(...around(0), ...around(3), Infinity),
    code: fc.constantFrom('abc', 'ab1', ''),
  }, { requiredKeys: ['type', 'text', 'count', 'share'] })
  .map((v) => ({ ...v }));

/** Text around the length of the shortest identity number (ten digits), which the written-out walk does not scan below. */
const texts = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('text'), note: z.string() })]);
const nearTen = ['8112189876', '811218987', '811218-9876', '1218-9876', '0811218987', 'x8112189876', '19811218987', 'abcdefghij'];

describe("the one walk's scan of text", () => {
  it.each([true, false])('text of nine to twelve characters passes exactly when the scan passes it (written out: %s)', (generated) => {
    const check = compilePlainCheck(texts, recordLimits, { generated });
    const verdicts = nearTen.map((note) => {
      const value = { type: 'text', note };
      const slow = inputIssues(value, 'event').length === 0 && texts.safeParse(value).success;
      expect(check(value) !== undefined, note).toBe(slow);
      return slow;
    });
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

describe("the one walk's checks of text and numbers", () => {
  it.each([true, false])('a value passes exactly when the schema and the limits pass it, at every boundary (written out: %s)', (generated) => {
    const check = compilePlainCheck(bounded, recordLimits, { generated });
    let passed = 0;
    fc.assert(
      fc.property(boundedInput, (value) => {
        if (sameAsChecks(check, bounded, value)) passed++;
      }),
      { numRuns: 500 },
    );
    expect(passed).toBeGreaterThan(5);
  });
});

describe("the one walk's literals and enums", () => {
  it.each([true, false])('a constant passes exactly when the limits, the scan and the schema pass it (written out: %s)', (generated) => {
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(input, limits, (value, l) => {
        if (sameAsChecks(compilePlainCheck(schema, l, { generated }), schema, value, l)) passed++;
        else refused++;
      }),
      { numRuns: 300 },
    );
    expect(passed).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(20);
  });
});

/**
 * The written-out walk reads a key's length first and then compares it with the shape's keys of that length
 * only (engine/plain-check.ts): keys that share a length, a key of a length no field has, and one of a field's
 * length that is not a field, each against the schema.
 */
const sameLength = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('keys'), ab: z.string(), cd: z.number(), ef: z.boolean().optional(), longer: z.string().optional() }),
]);
const wrongKeys = ['gh', 'ba', 'a', 'abc', 'longe', 'longerr'] as const;
const sameLengthInput = fc
  .record({
    drop: fc.constantFrom(null, 'ab', 'cd'),
    optional: fc.subarray(['ef', 'longer']),
    wrong: fc.option(fc.constantFrom(...wrongKeys), { nil: null }),
    value: fc.constantFrom<unknown>('x', 1, true),
  })
  .map(({ drop, optional, wrong, value }) => {
    const o: Record<string, unknown> = { type: 'keys' };
    for (const k of ['ab', 'cd', ...optional]) if (k !== drop) o[k] = k === 'ab' || k === 'longer' ? 'x' : k === 'cd' ? 1 : true;
    if (wrong !== null) o[wrong] = value;
    return o;
  });

describe("the one walk's keys", () => {
  it.each([true, false])('an object passes exactly when its keys are the shape\'s, whatever their lengths (written out: %s)', (generated) => {
    const check = compilePlainCheck(sameLength, recordLimits, { generated });
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(sameLengthInput, (value) => {
        if (sameAsChecks(check, sameLength, value)) passed++;
        else refused++;
      }),
      { numRuns: 400 },
    );
    expect(passed).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(20);
    // A key of a field's length that is not one of the fields, beside both fields of that length.
    expect(check({ type: 'keys', ab: 'x', cd: 1, gh: true })).toBeUndefined();
    expect(check({ type: 'keys', ab: 'x', cd: 1, ef: true })).toStrictEqual({ type: 'keys', ab: 'x', cd: 1, ef: true });
  });
});
