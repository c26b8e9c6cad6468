import { z } from 'zod';
import { LabelSchema, type Label } from '../i18n/label.js';
import { IdSchema } from './ids.js';

const EnumValueSchema = z.strictObject({ id: IdSchema, label: LabelSchema });

/**
 * A fact the programme declares about a participant (full-time sick leave, age, gender, referrer…).
 * Conditions may only test declared facts, so a typo is caught when the config is validated.
 */
/** Reports break their figures down by this fact (gender as ESF+ asks, the referrer). */
const breakdown = z.boolean().default(false);

export const FactSchema = z.discriminatedUnion('type', [
  z.strictObject({ id: IdSchema, type: z.literal('boolean'), label: LabelSchema, breakdown }),
  z.strictObject({
    id: IdSchema,
    type: z.literal('number'),
    label: LabelSchema,
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.strictObject({ id: IdSchema, type: z.literal('enum'), label: LabelSchema, values: z.array(EnumValueSchema).min(1), breakdown }),
]);
export type Fact = z.output<typeof FactSchema>;

export type FactValue = boolean | number | string;
export type Facts = Readonly<Record<string, FactValue>>;

export const FactValueSchema = z.union([z.boolean(), z.number(), z.string()]);

const yesNo = (v: boolean): Label => (v ? { sv: 'ja', en: 'yes' } : { sv: 'nej', en: 'no' });

/** How a value reads to a caseworker: enum values by their label, booleans as yes/no. */
export function valueLabel(fact: Fact | undefined, value: FactValue): Label {
  if (typeof value === 'boolean') return yesNo(value);
  if (fact?.type === 'enum') {
    const v = fact.values.find((x) => x.id === value);
    if (v) return v.label;
  }
  return { sv: String(value), en: String(value) };
}
