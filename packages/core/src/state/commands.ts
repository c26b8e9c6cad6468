import { z } from 'zod';
import { IdSchema } from '../facts/ids.js';
import { FactValueSchema } from '../facts/facts.js';
import { IsoDateSchema, IsoInstantSchema, PeriodSchema } from '../time/calendar.js';
import { ActorSchema, ProposedChangeSchema, SubGoalStatusSchema } from './context.js';
import { type CommandTypeName, commandTypes, voidReasons } from './command-types.js';
import { IntensitySchema } from './participation.js';
import { exitStatuses } from './exit-status.js';

const ContentValuesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
/** Reasons are short codes (`sickLeave`, `movedAway`), not free text: case notes belong in the case system. */
const ReasonSchema = IdSchema;

const envelope = {
  /** The host's id of this command, so a repeated command can be recognised (an idempotency key). */
  commandId: z.string().min(1).max(200).optional(),
  participantId: z.string().min(1).max(200),
  /** When it happened, with its offset: the engine never reads a clock. */
  at: IsoInstantSchema,
  actor: ActorSchema,
};

const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...envelope, ...shape });

export const CommandSchema = z.discriminatedUnion('type', [
  /**
   * A referral: the actor is the referring caseworker, who is told of deviations later. The programme's
   * referral rules accept, decline or waitlist it; where places are limited, `place` says whether the
   * host's roster (see `admit` in capacity) granted one.
   */
  cmd('refer', {
    facts: z.record(z.string(), FactValueSchema).default({}),
    area: IdSchema.optional(),
    responsible: IdSchema.optional(),
    place: z.enum(['granted', 'none']).optional(),
  }),
  /** A place is given to a participant on the waiting list. */
  cmd('admit', {}),
  cmd('assignArea', { areaId: IdSchema }),
  /** Responsibility moves to another administration (or to none, which is flagged). */
  cmd('handOver', { to: IdSchema.nullable(), reason: ReasonSchema }),
  /** An explicit decision to move a deadline that the programme allows to be extended. */
  cmd('extendDeadline', { deadlineId: z.string().min(1), by: PeriodSchema, reason: ReasonSchema }),
  cmd('updateFacts', { facts: z.record(z.string(), FactValueSchema) }),
  cmd('completeAssessment', { contents: ContentValuesSchema }),
  cmd('establishPlan', {
    contents: ContentValuesSchema,
    subGoals: z.array(IdSchema).default([]),
    followUpEveryWeeks: z.number().int().min(1).optional(),
    participantTookPart: z.boolean(),
    /** The first participation intensity, valid from the plan's day (programmes with `intensity`). */
    intensity: IntensitySchema.optional(),
  }),
  cmd('revisePlan', {
    reason: ReasonSchema,
    contents: ContentValuesSchema.optional(),
    /** New sub-goals, and the outcome of existing ones: attained, not attained or cancelled. */
    addSubGoals: z.array(IdSchema).default([]),
    subGoals: z.record(z.string(), SubGoalStatusSchema).default({}),
    followUpEveryWeeks: z.number().int().min(1).optional(),
    participantTookPart: z.boolean(),
  }),
  cmd('recordFollowUp', {
    kind: z.enum(['followUp', 'evaluation']).default('followUp'),
    /** For an evaluation: the step whose target the participant missed. */
    stepId: IdSchema.optional(),
    participantTookPart: z.boolean(),
    /** Roles present besides the participant, for programmes whose follow-ups are joint. */
    attendedBy: z.array(IdSchema).default([]),
  }),
  cmd('recordAttendance', { date: IsoDateSchema, hours: z.number().min(0).max(24) }),
  cmd('recordAbsence', { date: IsoDateSchema, reported: z.boolean(), reason: ReasonSchema.optional() }),
  /** A deviation from the agreement (late, left early, refused a task): the referring caseworker acts on it. */
  cmd('recordDeviation', { date: IsoDateSchema, kind: ReasonSchema }),
  cmd('markRequirement', {
    stepId: IdSchema,
    requirementId: IdSchema,
    status: z.enum(['met', 'waived']),
    reason: ReasonSchema.optional(),
    evidence: z.record(z.string(), z.string().min(1)).optional(),
  }),
  cmd('advance', {}),
  cmd('regress', { toStepId: IdSchema, reason: ReasonSchema }),
  cmd('pause', { reason: ReasonSchema }),
  cmd('resume', {}),
  cmd('exit', { outcomeId: IdSchema }),
  /** The host's clock: deadlines that fall due or are missed by `at` change status. */
  cmd('tick', {}),
  /** Participation intensity from a date on: percent of full time and days a week (programmes with `intensity`). */
  cmd('setIntensity', { ...IntensitySchema.shape, validFrom: IsoDateSchema }),
  /** A correction: the event `eventSeq` of this participant was recorded by mistake; the log keeps both. */
  cmd('voidEvent', { eventSeq: z.number().int().min(1), reason: z.enum(voidReasons) }),
  /**
   * A proposed change, decided later by a caseworker: `change` is one of `proposableTypes` without the
   * envelope (no participant, time or actor: the proposal's and the decision's own are used). Its fields are
   * checked by this schema when it is proposed and again when it is approved.
   */
  cmd('proposeChange', { change: ProposedChangeSchema }),
  /** The pending proposal recorded as event `proposalSeq` is approved: its change is decided as the approver's command. */
  cmd('approveProposal', { proposalSeq: z.number().int().min(1) }),
  cmd('rejectProposal', { proposalSeq: z.number().int().min(1), reason: ReasonSchema }),
  /**
   * What a follow-up after exit found (`followUpId` names one of the programme's `followUpAfterExit`); for
   * work, since when it has lasted and, if it has ended, until when (inclusive), so "at least one
   * continuous month" can be computed.
   */
  cmd('recordExitFollowUp', {
    followUpId: IdSchema,
    status: z.enum(exitStatuses),
    work: z.strictObject({ since: IsoDateSchema, until: IsoDateSchema.optional() }).optional(),
  }),
]);

export type Command = z.output<typeof CommandSchema>;
export type CommandInput = z.input<typeof CommandSchema>;
export type CommandType = Command['type'];
export { commandTypes };

// The list and the schema must name the same commands: a command added to one only fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameCommands: Same<CommandType, CommandTypeName> = true;
void sameCommands;
