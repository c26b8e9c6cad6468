import { z } from 'zod';
import { ConditionSchema } from '../conditions/schema.js';
import { LabelSchema } from '../i18n/label.js';
import { IsoDateSchema } from '../time/calendar.js';
import { IdSchema } from '../facts/ids.js';

const Amount = z.number().min(0);
/** One line of a list of amounts; a new schema per list, so that the JSON Schema can say what each list's ids are. */
const line = () => z.strictObject({ id: IdSchema, label: LabelSchema, amount: Amount });

/**
 * The money a report can use: a budget by line, grants towards it, payments per participant-day
 * (Arbetsförmedlingen's 150 SEK at Nacka), other income, and the period it covers.
 */
export const FundingSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/, 'a currency code like SEK').default('SEK'),
    period: z.strictObject({ from: IsoDateSchema, to: IsoDateSchema }).optional(),
    budget: z.array(line()).default([]),
    /** The total when the source states one; checked against the lines when both are given. */
    totalBudget: Amount.optional(),
    grants: z.array(line()).default([]),
    perParticipantDay: z.array(z.strictObject({ id: IdSchema, label: LabelSchema, amount: Amount, when: ConditionSchema })).default([]),
    otherIncome: z.array(line()).default([]),
  })
  .refine((f) => !f.period || f.period.from <= f.period.to, { message: 'the period ends before it starts', path: ['period'] })
  .refine((f) => f.totalBudget === undefined || f.budget.length === 0 || f.budget.reduce((n, l) => n + l.amount, 0) === f.totalBudget, {
    message: 'the budget lines do not add up to totalBudget',
    path: ['totalBudget'],
  });
export type Funding = z.output<typeof FundingSchema>;
