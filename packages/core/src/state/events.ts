import { z } from 'zod';
import { LabelSchema } from '../i18n/label.js';
import { FactValueSchema } from '../facts/facts.js';
import { IsoDateSchema, IsoInstantSchema } from '../time/calendar.js';
import { ExplanationSchema, IntensitySchema } from './participation.js';
import { ActorSchema, ParticipantContextSchema, ProposedChangeSchema, SubGoalStatusSchema } from './context.js';
import { voidReasons } from './command-types.js';
import { exitStatuses } from './exit-status.js';

const ContentValuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const payloads = {
  'participant.referred': z.strictObject({
    facts: z.record(z.string(), FactValueSchema),
    area: z.string().optional(),
    responsible: z.string().optional(),
    /** The referral rule that accepted or waitlisted it, when the programme has rules. */
    ruleId: z.string().optional(),
  }),
  'referral.declined': z.strictObject({ ruleId: z.string().optional(), reason: LabelSchema }),
  'participant.waitlisted': z.strictObject({ because: z.enum(['rule', 'noPlace']), ruleId: z.string().optional() }),
  'participant.admitted': z.strictObject({}),
  'area.assigned': z.strictObject({ areaId: z.string(), supervisor: z.string() }),
  'responsibility.handedOver': z.strictObject({ from: z.string().nullable(), to: z.string().nullable(), reason: z.string() }),
  'deadline.extended': z.strictObject({ deadlineId: z.string(), dueOn: IsoDateSchema, reason: z.string() }),
  'facts.updated': z.strictObject({ facts: z.record(z.string(), FactValueSchema) }),
  'assessment.completed': z.strictObject({ contents: ContentValuesSchema }),
  'plan.established': z.strictObject({
    contents: ContentValuesSchema,
    subGoals: z.array(z.string()),
    followUpEveryWeeks: z.number().int(),
    participantTookPart: z.boolean(),
  }),
  'plan.revised': z.strictObject({
    reason: z.string(),
    contents: ContentValuesSchema.optional(),
    addSubGoals: z.array(z.string()),
    subGoals: z.record(z.string(), SubGoalStatusSchema),
    followUpEveryWeeks: z.number().int().optional(),
    participantTookPart: z.boolean(),
  }),
  'followUp.recorded': z.strictObject({
    kind: z.enum(['followUp', 'evaluation']),
    stepId: z.string().optional(),
    participantTookPart: z.boolean(),
    attendedBy: z.array(z.string()),
  }),
  'attendance.recorded': z.strictObject({ date: IsoDateSchema, hours: z.number(), notify: z.string() }),
  /** `notify` names who must act on the deviation: the referring caseworker. */
  'absence.recorded': z.strictObject({ date: IsoDateSchema, reported: z.boolean(), reason: z.string().optional(), notify: z.string() }),
  'deviation.recorded': z.strictObject({ date: IsoDateSchema, kind: z.string(), notify: z.string() }),
  'requirement.marked': z.strictObject({
    stepId: z.string(),
    requirementId: z.string(),
    status: z.enum(['met', 'waived']),
    reason: z.string().optional(),
    evidence: z.record(z.string(), z.string()).optional(),
  }),
  /** How each requirement was satisfied is kept, so the log explains the step later. */
  'step.advanced': z.strictObject({
    from: z.string(),
    to: z.string(),
    satisfied: z.array(z.strictObject({ requirementId: z.string(), by: z.enum(['met', 'waived', 'waivedByCondition', 'record']) })),
  }),
  'step.regressed': z.strictObject({ from: z.string(), to: z.string(), reason: z.string() }),
  'participant.paused': z.strictObject({ reason: z.string() }),
  'participant.resumed': z.strictObject({}),
  'participant.exited': z.strictObject({ outcomeId: z.string(), income: z.enum(['full', 'partial', 'none']), fromStepId: z.string().nullable() }),
  'clock.ticked': z.strictObject({}),
  /**
   * Moved to a newer version of the programme (the envelope's `programme`): the step mapping used, and the
   * state it gave, so the stream replays under the new version without the old one (see `migration/`).
   */
  'participant.migrated': z.strictObject({
    from: z.strictObject({ id: z.string(), version: z.number().int() }),
    steps: z.record(z.string(), z.string()),
    state: ParticipantContextSchema,
  }),
  'intensity.set': IntensitySchema.extend({ validFrom: IsoDateSchema }),
  /** A compliance rule holds over its window (from `from` to the event's day): `notify` is to act on it. */
  'compliance.flagged': z.strictObject({ ruleId: z.string(), label: LabelSchema, count: z.number().int(), from: IsoDateSchema, notify: z.string() }),
  /** The rule no longer holds (its window moved on); it had held since `since`. */
  'compliance.cleared': z.strictObject({ ruleId: z.string(), since: IsoDateSchema, notify: z.string() }),
  /** After a change of facts the referral rules would decline the participant: a notice, never an unenrolment. */
  'eligibility.lost': z.strictObject({ ruleId: z.string().optional(), reason: LabelSchema.optional(), explanation: ExplanationSchema, notify: z.string() }),
  'eligibility.regained': z.strictObject({ ruleId: z.string().optional(), notify: z.string() }),
  /** Event `eventSeq` was recorded by mistake: the state is the fold of the stream without it (see `effectiveEvents`). */
  'event.voided': z.strictObject({ eventSeq: z.number().int().min(1), reason: z.enum(voidReasons) }),
  /** A change proposed for a caseworker to decide; `change` is a command body of `proposableTypes`, without its envelope. */
  'proposal.made': z.strictObject({ change: ProposedChangeSchema }),
  /** The proposal recorded as `proposalSeq` is approved; the change's own events follow in the same command. */
  'proposal.approved': z.strictObject({ proposalSeq: z.number().int().min(1) }),
  'proposal.rejected': z.strictObject({ proposalSeq: z.number().int().min(1), reason: z.string() }),
  'exitFollowUp.recorded': z.strictObject({
    followUpId: z.string(),
    status: z.enum(exitStatuses),
    work: z.strictObject({ since: IsoDateSchema, until: IsoDateSchema.optional() }).optional(),
  }),
} as const;

type Payloads = typeof payloads;
export type EventType = keyof Payloads;
export const eventTypes = Object.keys(payloads) as EventType[];

const envelope = {
  /** `participantId:seq`: unique, and the same on every replay. */
  id: z.string(),
  /** Position in the participant's stream, from 1, without gaps. */
  seq: z.number().int().min(1),
  participantId: z.string(),
  at: IsoInstantSchema,
  actor: ActorSchema,
  programme: z.strictObject({ id: z.string(), version: z.number().int() }),
  commandId: z.string().optional(),
};

const eventSchema = <T extends EventType>(type: T) =>
  z.strictObject({ type: z.literal(type), ...envelope, payload: payloads[type] as Payloads[T] });

/** A domain event: what happened to one participant, when, by whom, under which programme version. */
export const DomainEventSchema = z.discriminatedUnion('type', [
  eventSchema('participant.referred'),
  eventSchema('referral.declined'),
  eventSchema('participant.waitlisted'),
  eventSchema('participant.admitted'),
  eventSchema('area.assigned'),
  eventSchema('responsibility.handedOver'),
  eventSchema('deadline.extended'),
  eventSchema('facts.updated'),
  eventSchema('assessment.completed'),
  eventSchema('plan.established'),
  eventSchema('plan.revised'),
  eventSchema('followUp.recorded'),
  eventSchema('attendance.recorded'),
  eventSchema('absence.recorded'),
  eventSchema('deviation.recorded'),
  eventSchema('requirement.marked'),
  eventSchema('step.advanced'),
  eventSchema('step.regressed'),
  eventSchema('participant.paused'),
  eventSchema('participant.resumed'),
  eventSchema('participant.exited'),
  eventSchema('clock.ticked'),
  eventSchema('participant.migrated'),
  eventSchema('intensity.set'),
  eventSchema('compliance.flagged'),
  eventSchema('compliance.cleared'),
  eventSchema('eligibility.lost'),
  eventSchema('eligibility.regained'),
  eventSchema('event.voided'),
  eventSchema('proposal.made'),
  eventSchema('proposal.approved'),
  eventSchema('proposal.rejected'),
  eventSchema('exitFollowUp.recorded'),
]);

export type DomainEvent = z.output<typeof DomainEventSchema>;
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
export type PayloadOf<T extends EventType> = z.output<Payloads[T]>;
