import { describe, expect, it } from 'vitest';
import { programmeJsonSchema } from '@stegvis/core';

type Json = { readonly [key: string]: unknown };
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;
const supervisor = "The responsible supervisor's position (an id of the unit's, never a person's name).";

/** JSON pointers of every schema node whose description is `text`. */
function describedAs(node: unknown, text: string, at = ''): string[] {
  if (!isObject(node)) return [];
  const here = node.description === text ? [at] : [];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => describedAs(v, text, `${at}/${k}`))];
}

// Found while writing plugin kinds (issue 9, point 6), fixed in issue 10: json-schema.ts described an area's
// `supervisor` field by putting the description on the field's schema, which is the shared IdSchema itself,
// so it landed on every id — the programme's, each step's, each fact's, each requirement's — in the shipped
// schema and in every plugin registry's. Descriptions now sit on the field (json-schema.test.ts, "field
// descriptions", checks every id says what it identifies).
describe('programmeJsonSchema: descriptions of ids', () => {
  it("describes only an area's supervisor as the supervisor's position", () => {
    expect(describedAs(programmeJsonSchema(), supervisor)).toEqual(['/properties/areas/items/properties/supervisor']);
  });

  it('the programme id and the step ids say what they identify', () => {
    const schema = programmeJsonSchema() as { properties: { id: Json }; definitions: Record<string, { properties: { id: Json } }> };
    expect(schema.properties.id.description).not.toBe(supervisor);
    expect(schema.properties.id.description).toMatch(/programme/i);
    expect(schema.definitions['step.ladderStep']!.properties.id.description).toMatch(/step/i);
  });
});
