import { describe, expect, it } from 'vitest';
import { type Issue, decodeUtf8, parseYaml, validateProgramme, validateProgrammeYaml } from '@stegvis/core';

// Issue 11, points 10–12: oversized, deeply nested, mis-encoded and tagged inputs get issues with a code,
// a path and a fix; nothing is thrown.

const yaml = `id: demo
version: 1
name: Demo
steps:
  - id: step1
    kind: ladderStep
    label: Steg 1
    params:
      requirements:
        - { id: attend, label: Närvara, waivedWhen: WAIVED }
      target: { share: 0.5, byMonth: 3 }
  - id: exit
    kind: exit
    label: Avslut
    params:
      outcomes: [{ id: job, label: Arbete, income: full }]
facts:
  - { id: sick, type: boolean, label: Sjukskriven }
`;
const valid = yaml.replace('WAIVED', '{ fact: sick, equals: true }');
const data = (): Record<string, any> => {
  const r = parseYaml(valid);
  if (!r.ok) throw new Error('the base programme does not parse');
  return r.value.data as Record<string, any>;
};

const nested = (depth: number): unknown => {
  let c: unknown = { fact: 'sick', equals: true };
  for (let i = 0; i < depth; i++) c = { all: [c] };
  return c;
};

/** Every issue says what, where (a path, a location when there is text) and how to fix it. */
const clear = (issues: readonly Issue[]) => {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(i.code).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(Array.isArray(i.path)).toBe(true);
    expect(i.fix, i.message).toBeTruthy();
  }
};

describe('sizes (point 10)', () => {
  it('the base programme is valid, so every refusal below is the limit', () => {
    expect(validateProgrammeYaml(valid).ok).toBe(true);
  });

  it('a 50 MB programme text is refused before it is parsed', () => {
    const r = validateProgrammeYaml(`${valid}# ${'x'.repeat(50_000_000)}\n`);
    expect(!r.ok && r.issues).toMatchObject([{ code: 'config.too_large', path: [] }]);
    if (!r.ok) clear(r.issues);
  });

  it('a 50 MB label given as data is refused at its path', () => {
    const d = data();
    d.steps[0].label = 'x'.repeat(50_000_000);
    const r = validateProgramme(d);
    expect(!r.ok && r.issues).toMatchObject([{ code: 'config.too_large', path: ['steps', 0, 'label'] }]);
    expect(!r.ok && r.issues[0]!.message).toMatch(/50,000,000 characters, more than the limit of 10,000/);
  });

  it('a list longer than the limit, and a long key', () => {
    const d = data();
    d.facts = Array.from({ length: 20_000 }, (_, i) => ({ id: `f${i}`, type: 'boolean', label: 'x' }));
    expect(validateProgramme(d)).toMatchObject({ ok: false, issues: [{ code: 'config.too_large', path: ['facts'] }] });
    const k = data();
    k.steps[0][`a${'b'.repeat(300)}`] = 1;
    expect(validateProgramme(k)).toMatchObject({ ok: false, issues: [{ code: 'config.too_large', path: ['steps', 0] }] });
  });

  it('the limits are configurable: tighter refuses the seed-sized programme, looser accepts a deep one', () => {
    expect(validateProgrammeYaml(valid, { limits: { maxStringLength: 3 } })).toMatchObject({ ok: false, issues: [{ code: 'config.too_large' }] });
    const d = data();
    d.steps[0].params.requirements[0].waivedWhen = nested(60);
    expect(validateProgramme(d)).toMatchObject({ ok: false, issues: [{ code: 'config.too_deep' }] });
    expect(validateProgramme(d, { limits: { maxDepth: 200 } }).ok).toBe(true);
  });

  it('a structure that refers to itself is refused, not walked forever', () => {
    const d = data();
    d.steps[0].params.self = d.steps[0].params;
    expect(validateProgramme(d)).toMatchObject({ ok: false, issues: [{ code: 'config.too_deep' }] });
  });
});

describe('nesting (point 11)', () => {
  it('a condition nested 5,000 deep given to validateProgramme: an issue with its path, no RangeError', () => {
    const d = data();
    d.steps[0].params.requirements[0].waivedWhen = nested(5_000);
    const r = validateProgramme(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'config.too_deep' });
    expect(r.issues[0]!.path.slice(0, 8)).toEqual(['steps', 0, 'params', 'requirements', 0, 'waivedWhen', 'all', 0]);
    clear(r.issues);
  });

  it('the same condition written in YAML: the path and its line', () => {
    let c = '{ fact: sick, equals: true }';
    for (let i = 0; i < 5_000; i++) c = `{ all: [${c}] }`;
    const r = validateProgrammeYaml(yaml.replace('WAIVED', c));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'config.too_deep', location: { line: 10 } });
    expect(r.issues[0]!.path.slice(0, 6)).toEqual(['steps', 0, 'params', 'requirements', 0, 'waivedWhen']);
  });

  it('YAML nested 100,000 deep, in flow and in block style: one issue, not "Maximum call stack size exceeded"', () => {
    for (const text of [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, `a: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}`, `${'- '.repeat(100_000)}x`]) {
      const r = parseYaml(text);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.issues).toHaveLength(1);
      expect(r.issues[0]).toMatchObject({ code: 'config.too_deep', location: { line: 1 } });
      expect(r.issues[0]!.message).not.toMatch(/call stack/);
      expect(r.issues[0]!.path).toHaveLength(50);
    }
  });

  it('a YAML alias bomb: an issue at the first alias, no ReferenceError', () => {
    const rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']])
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const r = parseYaml(`${rows.join('\n')}\n`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'config.too_large', path: ['b', 0], location: { line: 2 } });
    expect(r.issues[0]!.message).toMatch(/aliases/);
    clear(r.issues);
  });

  it('a few aliases, as the Ljusnarsberg seed uses them, still work', () => {
    const r = parseYaml('base: &b { x: 1 }\none: *b\ntwo: *b\n');
    expect(r.ok && r.value.data).toEqual({ base: { x: 1 }, one: { x: 1 }, two: { x: 1 } });
  });
});

describe('encodings, numbers and tags (point 12)', () => {
  const latin1 = Buffer.from(valid.replace('Närvara', 'Kartläggning'), 'latin1');

  it('a Latin-1 file: the encoding named, the line of the first byte that is not UTF-8, how to convert', () => {
    const r = decodeUtf8(latin1);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ code: 'config.encoding', location: { line: 10 } });
    expect(r.issues[0]!.message).toMatch(/not UTF-8.*Latin-1/);
    expect(r.issues[0]!.fix).toMatch(/iconv -f LATIN1 -t UTF-8/);
  });

  it('the same file read as UTF-8 by someone else: the replacement characters are refused, not kept in labels', () => {
    const r = validateProgrammeYaml(latin1.toString('utf8'));
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'config.encoding', location: { line: 10 } });
  });

  it('UTF-16 with a byte-order mark, and without one, in either byte order', () => {
    const le = Buffer.from(valid, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [bytes, says] of [
      [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), /UTF-16 \(little-endian, with a byte-order mark\)/],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), be]), /UTF-16 \(big-endian, with a byte-order mark\)/],
      [le, /UTF-16 \(little-endian\) without a byte-order mark/],
      [be, /UTF-16 \(big-endian\) without a byte-order mark/],
    ] as const) {
      const r = decodeUtf8(bytes);
      expect(!r.ok && r.issues[0]!.message).toMatch(says);
      expect(!r.ok && r.issues[0]!.code).toBe('config.encoding');
    }
    // Read as UTF-8 anyway, the NULs give it away (it said "expected text, got text" before).
    expect(parseYaml(le.toString('utf8'))).toMatchObject({ ok: false, issues: [{ code: 'config.encoding' }] });
  });

  it('UTF-8, with or without its byte-order mark, decodes', () => {
    expect(decodeUtf8(Buffer.from(valid))).toEqual({ ok: true, value: valid });
    expect(decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]))).toEqual({ ok: true, value: valid });
  });

  it('.nan and .inf: "expected a finite number", not "expected a number, got a number"', () => {
    for (const v of ['.nan', '.inf', '-.inf', '.NaN']) {
      const r = validateProgrammeYaml(valid.replace('share: 0.5', `share: ${v}`));
      expect(!r.ok && r.issues).toMatchObject([{ code: 'config.invalid_type', path: ['steps', 0, 'params', 'target', 'share'], location: { line: 11 } }]);
      expect(!r.ok && r.issues[0]!.message).toMatch(/^expected a finite number/);
    }
    const d = data();
    d.steps[0].params.target.share = Number.NaN;
    expect(validateProgramme(d)).toMatchObject({ ok: false, issues: [{ message: expect.stringMatching(/^expected a finite number/) }] });
  });

  it('!!js/function and other unknown tags: an error naming the tag, not a silent string', () => {
    for (const [tag, named] of [['!!js/function', '!!js/function'], ['!python/object', '!python/object'], ['!!binary', '!!binary']]) {
      const r = validateProgrammeYaml(valid.replace('label: Steg 1', `label: ${tag} "function () {}"`));
      expect(!r.ok && r.issues).toMatchObject([{ code: 'config.yaml_tag', path: ['steps', 0, 'label'], message: `unknown YAML tag ${named}`, location: { line: 7 } }]);
    }
  });

  it('a %YAML 1.1 line does not bring back 1.1 types (binary, timestamps)', () => {
    const r = parseYaml('%YAML 1.1\n---\nname: !!binary aGVsbG8=\nwhen: !!timestamp 2001-12-14\n');
    expect(!r.ok && r.issues.map((i) => i.code)).toContain('config.yaml_tag');
  });
});
