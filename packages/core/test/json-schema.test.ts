import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { defaultRegistry, defineStepKind, programmeJsonSchema, validateProgramme } from '@stegvis/core';
import { usesPlugins } from '../../../scripts/generate.js';
import { minimal } from './fixtures/minimal.js';

const root = new URL('../../../', import.meta.url);
const committedPath = 'packages/core/schema/programme.schema.json';
const examples = readdirSync(new URL('examples/', root), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => readdirSync(new URL(`examples/${name}/`, root)).includes('programme.yaml'))
  // An example with plugin kinds is checked against the schema of its own registry, by its own test.
  .filter((name) => !usesPlugins(fileURLToPath(new URL(`examples/${name}/`, root))));
const exampleData = (name: string): unknown => parse(readFileSync(new URL(`examples/${name}/programme.yaml`, root), 'utf8'));

// Formats (`date`) are not checked: the schema is for editors, and validateProgramme checks dates anyway.
const compile = (schema: object) => new Ajv({ allErrors: true, allowUnionTypes: true, validateFormats: false }).compile(schema);
const validateJson = compile(programmeJsonSchema());
const jsonErrors = (data: unknown): string[] => (validateJson(data) ? [] : (validateJson.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const mutate = (fn: (p: any) => void): unknown => {
  const p = structuredClone(minimal()) as any;
  fn(p);
  return p;
};

describe('programmeJsonSchema', () => {
  it('is the committed packages/core/schema/programme.schema.json', () => {
    const committed = JSON.parse(readFileSync(new URL(committedPath, root), 'utf8'));
    expect(committed, `${committedPath} is stale: run npx -y pnpm@10.34.8 generate`).toEqual(programmeJsonSchema());
  });

  it('is draft-07, with one choice per registered step kind', () => {
    const schema = programmeJsonSchema() as any;
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const choices = schema.properties.steps.items.oneOf.map((c: { $ref: string }) => c.$ref);
    expect(choices).toEqual(defaultRegistry.kinds.map((k) => `#/definitions/step.${k.kind}`));
    expect(schema.definitions['step.ladderStep'].properties.kind).toEqual({ type: 'string', const: 'ladderStep' });
    expect(Object.keys(schema.definitions['step.ladderStep'].properties.params.properties)).toEqual(['requirements', 'completion', 'target', 'evaluation']);
  });

  it('accepts a label as one string or as { sv, en }', () => {
    expect(jsonErrors(mutate((p) => (p.name = 'Ett namn')))).toEqual([]);
    expect(jsonErrors(mutate((p) => (p.name = { sv: 'Namn', en: 'Name' })))).toEqual([]);
    expect(jsonErrors(mutate((p) => (p.name = { sv: 'Namn' })))).not.toEqual([]);
  });

  it('accepts the minimal fixture, and params left out where the kind needs none', () => {
    expect(jsonErrors(minimal())).toEqual([]);
    const noParams = mutate((p) => delete p.steps[0].params);
    expect(validateProgramme(noParams).ok).toBe(true);
    expect(jsonErrors(noParams)).toEqual([]);
  });

  it.each(examples)('accepts examples/%s/programme.yaml', (name) => {
    expect(jsonErrors(exampleData(name))).toEqual([]);
  });

  const broken: [string, (p: any) => void, RegExp][] = [
    ['an unknown step kind', (p) => (p.steps[1].kind = 'mentoring'), /steps\/1/],
    ['a wrong type', (p) => (p.version = 'one'), /version must be integer/],
    ['an unknown field', (p) => (p.colour = 'red'), /must NOT have additional properties/],
    ['an unknown param of a kind', (p) => (p.steps[1].params.requirement = []), /steps\/1/],
    ['a param of the wrong type', (p) => (p.steps[1].params.target.share = '75 %'), /steps\/1/],
    ['a missing required param', (p) => delete p.steps[2].params, /steps\/2/],
    ['a wrong enum value', (p) => (p.steps[2].params.outcomes[0].income = 'some'), /steps\/2/],
    ['an id with a space', (p) => (p.id = 'my programme'), /must match pattern/],
    ['an empty period', (p) => (p.steps[0].params.within = {}), /steps\/0/],
  ];
  it.each(broken)('rejects %s, as validateProgramme does', (_, fn, message) => {
    const input = mutate(fn);
    expect(validateProgramme(input).ok).toBe(false);
    expect(jsonErrors(input).join('\n')).toMatch(message);
  });

  it('follows the registry it is given: a plugin kind gets its own params', () => {
    const mentoring = defineStepKind({
      kind: 'mentoring',
      label: { sv: 'Mentorskap', en: 'Mentoring' },
      params: z.strictObject({ sessions: z.number().int().min(1).meta({ description: 'How many sessions' }) }),
      build: () => ({ requirements: [], completion: { type: 'all', of: [] }, autoAdvance: false, deadlines: [] }),
    });
    const registry = defaultRegistry.with(mentoring);
    const schema = programmeJsonSchema(registry) as any;
    expect(schema.definitions['step.mentoring'].properties.params.properties.sessions).toEqual({ type: 'integer', minimum: 1, description: 'How many sessions' });
    const validate = compile(schema);
    const withMentoring = (sessions: unknown) => mutate((p) => p.steps.splice(1, 0, { id: 'mentoring', kind: 'mentoring', label: 'Mentor', params: { sessions } }));
    expect(validate(withMentoring(3))).toBe(true);
    expect(validateProgramme(withMentoring(3), { registry }).ok).toBe(true);
    expect(validate(withMentoring('three'))).toBe(false);
    expect(validateJson(withMentoring(3))).toBe(false);
  });

  describe('field descriptions', () => {
    const idPattern = '^[A-Za-z][A-Za-z0-9_-]*$';
    type Node = { [key: string]: unknown };
    const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
    /** Every property in the schema: its JSON path, its name and its schema. */
    const properties = (node: unknown, path = ''): { path: string; key: string; schema: Node }[] => {
      if (Array.isArray(node)) return node.flatMap((v, i) => properties(v, `${path}/${i}`));
      if (!isNode(node)) return [];
      const own = isNode(node.properties) ? Object.entries(node.properties).filter((e): e is [string, Node] => isNode(e[1])).map(([key, schema]) => ({ path: `${path}/${key}`, key, schema })) : [];
      return [...own, ...Object.entries(node).flatMap(([k, v]) => properties(v, `${path}/${k}`))];
    };
    const isId = (s: Node) => s.pattern === idPattern || (isNode(s.items) && s.items.pattern === idPattern);
    const all = properties(programmeJsonSchema());
    const ids = all.filter((p) => isId(p.schema));

    it('every id field has a description', () => {
      expect(ids.length).toBeGreaterThan(30);
      expect(ids.filter((p) => typeof p.schema.description !== 'string').map((p) => p.path)).toEqual([]);
    });

    // Every id is the one IdSchema: a description registered on it once described all 32 of them.
    it('a description stays on fields of one name: none leaks through a schema that fields share', () => {
      const keysOf = new Map<string, Set<string>>();
      for (const p of all) if (typeof p.schema.description === 'string') keysOf.set(p.schema.description, new Set([...(keysOf.get(p.schema.description) ?? []), p.key]));
      expect([...keysOf].filter(([, keys]) => keys.size > 1).map(([d, keys]) => `${[...keys].join(', ')}: ${d}`)).toEqual([]);
    });

    it('different objects say what their own id is; the variants of one union share theirs', () => {
      const owner = (path: string) => path.replace(/\/oneOf\/\d+/g, '/oneOf/*').replace(/\/definitions\/step\.[^/]+/, '/definitions/step.*');
      const ownersOf = new Map<string, Set<string>>();
      for (const p of ids) if (p.key === 'id') ownersOf.set(String(p.schema.description), new Set([...(ownersOf.get(String(p.schema.description)) ?? []), owner(p.path)]));
      expect([...ownersOf].filter(([, owners]) => owners.size > 1).map(([d, owners]) => `${[...owners].join(', ')}: ${d}`)).toEqual([]);
      expect(ownersOf.size).toBeGreaterThan(20);
    });
  });
});
