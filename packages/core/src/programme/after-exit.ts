import { z } from 'zod';
import { IdSchema } from '../facts/ids.js';
import { type Label, LabelSchema } from '../i18n/label.js';
import { PeriodSchema } from '../time/calendar.js';

/**
 * A follow-up after exit: some time after the participant left, the unit finds out where they are (work,
 * studies, job-seeking …). It is a deadline on the exited participant, due from `after` the exit day
 * until `within` later, met by `recordExitFollowUp` naming its id.
 */
export const ExitFollowUpSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema.optional(),
  after: PeriodSchema,
  /** How long after it falls due the follow-up may be made before it is overdue (default two weeks). */
  within: PeriodSchema.default({ weeks: 2 }),
  /**
   * Which ESF+ result indicators read it: `onLeaving` (the immediate ones, "upon leaving", within four
   * weeks) or `sixMonthsAfterLeaving` (the longer-term ones). Kolada reads every follow-up after exit.
   */
  reportsAs: z.enum(['onLeaving', 'sixMonthsAfterLeaving']).optional(),
});
export type ExitFollowUp = z.output<typeof ExitFollowUpSchema>;

export const ExitFollowUpsSchema = z.array(ExitFollowUpSchema).superRefine((list, ctx) => {
  list.forEach((f, i) => {
    if (list.findIndex((g) => g.id === f.id) !== i)
      ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `the follow-up after exit "${f.id}" is declared twice`, params: { fix: 'give each follow-up after exit its own id' } });
  });
});

/** The municipality the programme reports for (Kolada, SCB): its four-digit SCB municipality code. */
export const MunicipalitySchema = z.strictObject({
  code: z.string().regex(/^\d{4}$/, 'an SCB municipality code is four digits, like "1864" (Ljusnarsberg) or "0182" (Nacka)'),
  name: z.string().min(1).max(100),
});
export type Municipality = z.output<typeof MunicipalitySchema>;

/** The deadline kind of a follow-up after exit, and the label reports group it under. */
export const exitFollowUpKind = 'exitFollowUp';
export const exitFollowUpKindLabel: Label = { sv: 'Uppföljning efter avslut', en: 'Follow-up after exit' };

/** The id of the deadline a follow-up after exit is: `exit.<its id>`. */
export const exitFollowUpDeadlineId = (followUpId: string): string => `exit.${followUpId}`;
