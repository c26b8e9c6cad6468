import { z } from 'zod';
import { LabelSchema } from '../i18n/label.js';
import { RecordConditionSchema } from '../rules/record-condition.js';
import { IsoDateSchema, PeriodSchema, type IsoDate } from '../time/calendar.js';

export const deadlineStatuses = ['upcoming', 'due', 'overdue', 'met', 'cancelled'] as const;
export type DeadlineStatus = (typeof deadlineStatuses)[number];

const MissedDutySchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  label: LabelSchema,
  within: PeriodSchema,
  metWhen: RecordConditionSchema,
});

/**
 * A deadline as data in the participant's state. Dates are Stockholm calendar dates, inclusive:
 * `upcoming` before `opensOn`, `due` from `opensOn` to `dueOn`, `overdue` after `dueOn`. What meets it is
 * data too (`metWhen`), checked after every event, so a replay closes the same deadlines on the same days
 * without any code from a step kind.
 */
export const DeadlineSchema = z.strictObject({
  id: z.string(),
  kind: z.string(),
  label: LabelSchema,
  stepId: z.string().optional(),
  opensOn: IsoDateSchema,
  dueOn: IsoDateSchema,
  metWhen: RecordConditionSchema,
  /** Follow-ups recorded when it opened: a follow-up condition counts only those recorded after. */
  followUpsBefore: z.number().int().min(0),
  /** A duty that opens when this deadline is missed (an evaluation after a missed step target). */
  onMissed: MissedDutySchema.optional(),
  /** A flag the participant carries while this deadline is overdue (lock-in after a time-limited employment). */
  flag: z.strictObject({ id: z.string(), label: LabelSchema }).optional(),
  /** Whether an explicit decision may move it, and by how much in all. */
  extendable: z.strictObject({ maxTotal: PeriodSchema.optional() }).optional(),
  /** The due date before any extension, so the total extension can be checked. */
  originalDueOn: IsoDateSchema.optional(),
  status: z.enum(deadlineStatuses),
  metOn: IsoDateSchema.optional(),
  late: z.boolean().optional(),
});
export type Deadline = z.output<typeof DeadlineSchema>;

/** The status a time-driven deadline has on `today`; met and cancelled deadlines keep theirs. */
export function statusOn(d: Pick<Deadline, 'opensOn' | 'dueOn' | 'status'>, today: IsoDate): DeadlineStatus {
  if (d.status === 'met' || d.status === 'cancelled') return d.status;
  if (today > d.dueOn) return 'overdue';
  if (today >= d.opensOn) return 'due';
  return 'upcoming';
}

export const isOpen = (d: Deadline): boolean => d.status !== 'met' && d.status !== 'cancelled';
