import { z } from 'zod';
import type { Explanation } from '../conditions/explanation.js';
import { LabelSchema } from '../i18n/label.js';
import { IsoDateSchema } from '../time/calendar.js';

/** Percent of full time and days a week: what a participant is expected to attend. */
export const IntensitySchema = z.strictObject({
  percent: z.number().int().min(1).max(100),
  daysPerWeek: z.number().int().min(1).max(7),
});

/** A recorded attendance, absence or deviation, by the day it is about: what compliance rules count. */
export const ParticipationRecordSchema = z.strictObject({
  date: IsoDateSchema,
  type: z.enum(['attended', 'absent', 'deviation']),
  /** An absence: whether it was reported. */
  reported: z.boolean().optional(),
  /** An absence's reason or a deviation's kind. */
  code: z.string().optional(),
});
export type ParticipationRecord = z.output<typeof ParticipationRecordSchema>;

/**
 * What the participant's participation is: the intensity history, the records compliance rules still count
 * (only in programmes with rules, and only those a window can still reach), the pauses (for expected days),
 * the compliance flags raised and whether the referral rules still accept the participant's facts.
 * Absent from the context until something is recorded, so programmes without these keep their state as it was.
 */
export const ParticipationSchema = z.strictObject({
  intensity: z.array(IntensitySchema.extend({ validFrom: IsoDateSchema, on: IsoDateSchema, by: z.string() })),
  records: z.array(ParticipationRecordSchema),
  pauses: z.array(z.strictObject({ from: IsoDateSchema, to: IsoDateSchema.nullable() })),
  /** The compliance rules that hold, by id: since when, and the count that raised the flag. */
  flags: z.record(z.string(), z.strictObject({ since: IsoDateSchema, count: z.number().int() })),
  /** Set while the participant's facts no longer meet the referral rules (`eligibility.lost`). */
  eligibilityLost: z.strictObject({ on: IsoDateSchema, ruleId: z.string().optional() }).nullable(),
});
export type Participation = z.output<typeof ParticipationSchema>;

export const emptyParticipation = (): Participation => ({ intensity: [], records: [], pauses: [], flags: {}, eligibilityLost: null });

/** An explanation tree as stored in an event (`eligibility.lost`): each node a sentence in Swedish and English. */
export const ExplanationSchema: z.ZodType<Explanation> = z.lazy(() =>
  z.strictObject({ ok: z.boolean(), text: LabelSchema, detail: LabelSchema.optional(), children: z.array(ExplanationSchema).optional() }),
) as unknown as z.ZodType<Explanation>;
