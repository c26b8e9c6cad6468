import { z } from 'zod';
import { type Label, type LabelInput, LabelSchema } from '../i18n/label.js';
import { FactValueSchema } from '../facts/facts.js';
import { IdSchema } from '../facts/ids.js';

export const factOperators = ['equals', 'notEquals', 'in', 'notIn', 'atLeast', 'atMost', 'known'] as const;
export type FactOperator = (typeof factOperators)[number];

/** `{ fact: fullTimeSickLeave, equals: true }`: one test of one declared fact. */
export const FactTestSchema = z
  .strictObject({
    fact: IdSchema,
    equals: FactValueSchema.optional(),
    notEquals: FactValueSchema.optional(),
    in: z.array(FactValueSchema).min(1).optional(),
    notIn: z.array(FactValueSchema).min(1).optional(),
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    known: z.boolean().optional(),
    label: LabelSchema.optional(),
  })
  .refine((t) => factOperators.filter((op) => t[op] !== undefined).length === 1, {
    message: `a fact test takes exactly one of ${factOperators.join(', ')}; for example { fact: fullTimeSickLeave, equals: true }`,
  });

export type FactTest = z.output<typeof FactTestSchema>;

/**
 * A condition, written out: the schema below is recursive, and a recursive type inferred from it cannot be
 * written to a declaration file (TypeScript cuts it off as `any` a few levels down), so users of the
 * published types would lose it.
 */
export type Condition =
  | FactTest
  | { all: Condition[]; label?: Label }
  | { any: Condition[]; label?: Label }
  | { not: Condition; label?: Label }
  | { condition: string; label?: Label };
export type ConditionInput =
  | z.input<typeof FactTestSchema>
  | { all: ConditionInput[]; label?: LabelInput }
  | { any: ConditionInput[]; label?: LabelInput }
  | { not: ConditionInput; label?: LabelInput }
  | { condition: string; label?: LabelInput };

/**
 * A declarative condition over the participant's facts: a fact test, `all`, `any`, `not`, or a named
 * condition of the programme (`{ condition: onSickLeave }`). Data only: no expressions, no code.
 */
export const ConditionSchema: z.ZodType<Condition, ConditionInput> = z.union([
  FactTestSchema,
  z.strictObject({
    get all() {
      return z.array(ConditionSchema).min(1);
    },
    label: LabelSchema.optional(),
  }),
  z.strictObject({
    get any() {
      return z.array(ConditionSchema).min(1);
    },
    label: LabelSchema.optional(),
  }),
  z.strictObject({
    get not() {
      return ConditionSchema;
    },
    label: LabelSchema.optional(),
  }),
  z.strictObject({ condition: IdSchema, label: LabelSchema.optional() }),
]);

/** A named, labelled condition the programme declares once and refers to by id. */
export const NamedConditionSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  when: ConditionSchema,
});
export type NamedCondition = z.output<typeof NamedConditionSchema>;
