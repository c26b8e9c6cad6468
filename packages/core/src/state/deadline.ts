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

/**
 * A deadline copied field by field, in the order the engine writes them, for a rule to change before it
 * shares it. A spread (`{ ...d, status }`) meets deadlines of a dozen shapes (with or without a step, a duty,
 * a flag, an extension) and took a microsecond a copy; this takes a fraction. Optional fields stay absent.
 */
export function copyDeadline(d: Deadline): Deadline {
  const o = { id: d.id, kind: d.kind, label: d.label } as Deadline;
  if (d.stepId !== undefined) o.stepId = d.stepId;
  o.opensOn = d.opensOn;
  o.dueOn = d.dueOn;
  o.metWhen = d.metWhen;
  o.followUpsBefore = d.followUpsBefore;
  if (d.onMissed !== undefined) o.onMissed = d.onMissed;
  if (d.flag !== undefined) o.flag = d.flag;
  if (d.extendable !== undefined) o.extendable = d.extendable;
  o.status = d.status;
  if (d.originalDueOn !== undefined) o.originalDueOn = d.originalDueOn;
  if (d.metOn !== undefined) o.metOn = d.metOn;
  if (d.late !== undefined) o.late = d.late;
  return o;
}

// Every field is copied above: a new one is a type error here until it is.
const copiedFields = {
  id: true, kind: true, label: true, stepId: true, opensOn: true, dueOn: true, metWhen: true, followUpsBefore: true,
  onMissed: true, flag: true, extendable: true, status: true, originalDueOn: true, metOn: true, late: true,
} as const satisfies { [K in keyof Deadline]-?: true };
void copiedFields;

/** The deadline with another status (a spread's result, faster: see `copyDeadline`). */
export function withStatus(d: Deadline, status: DeadlineStatus): Deadline {
  const o = copyDeadline(d);
  o.status = status;
  return o;
}
