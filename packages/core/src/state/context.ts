import { z } from 'zod';
import { FactValueSchema } from '../facts/facts.js';
import { IsoDateSchema } from '../time/calendar.js';
import { DeadlineSchema } from './deadline.js';
import { ParticipationSchema } from './participation.js';
import { proposableTypes } from './command-types.js';
import { exitStatuses } from './exit-status.js';

export const ActorSchema = z.strictObject({
  /** An opaque id from the host system: never a personal identity number. */
  id: z.string().min(1).max(200),
  role: z.string().min(1).max(100),
});
export type Actor = z.output<typeof ActorSchema>;

const ContentValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const RequirementMarkSchema = z.strictObject({
  status: z.enum(['met', 'waived']),
  on: IsoDateSchema,
  by: z.string(),
  reason: z.string().optional(),
  evidence: z.record(z.string(), z.string()).optional(),
});

export type RequirementMark = z.output<typeof RequirementMarkSchema>;

export const StepRecordSchema = z.strictObject({
  status: z.enum(['notStarted', 'active', 'completed']),
  enteredOn: IsoDateSchema.optional(),
  completedOn: IsoDateSchema.optional(),
  completedBy: z.enum(['advance', 'exit']).optional(),
  requirements: z.record(z.string(), RequirementMarkSchema),
});
export type StepRecord = z.output<typeof StepRecordSchema>;

export const SubGoalStatusSchema = z.enum(['open', 'attained', 'notAttained', 'cancelled']);
export type SubGoalStatus = z.output<typeof SubGoalStatusSchema>;

export const PlanRevisionSchema = z.strictObject({
  revision: z.number().int().min(1),
  on: IsoDateSchema,
  by: z.string(),
  participantTookPart: z.boolean(),
  reason: z.string().optional(),
  contents: ContentValues,
  followUpEveryWeeks: z.number().int(),
  subGoals: z.record(z.string(), SubGoalStatusSchema),
});
export type PlanRevision = z.output<typeof PlanRevisionSchema>;

export const FollowUpSchema = z.strictObject({
  on: IsoDateSchema,
  by: z.string(),
  kind: z.enum(['followUp', 'evaluation']),
  stepId: z.string().optional(),
  participantTookPart: z.boolean(),
  attendedBy: z.array(z.string()),
});

/** A proposed change as recorded: a command body of `proposableTypes`, without its envelope. */
export const ProposedChangeSchema = z.looseObject({ type: z.enum(proposableTypes) });
export type ProposedChange = z.output<typeof ProposedChangeSchema>;

/** A proposal and what became of it; `seq` (the `proposal.made` event's) is its id. */
export const ProposalSchema = z.strictObject({
  seq: z.number().int().min(1),
  on: IsoDateSchema,
  by: ActorSchema,
  change: ProposedChangeSchema,
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedOn: IsoDateSchema.optional(),
  decidedBy: z.string().optional(),
  reason: z.string().optional(),
});
export type Proposal = z.output<typeof ProposalSchema>;

/**
 * Everything the engine knows of one participant, as plain JSON data: it is the XState context,
 * it is what a persisted snapshot holds, and replaying the events rebuilds it exactly.
 * Facts are the programme's declared facts only; no names, no identity numbers.
 */
export const ParticipantContextSchema = z.strictObject({
  participantId: z.string(),
  programme: z.strictObject({ id: z.string(), version: z.number().int() }),
  /** Number of events applied; the next event gets `seq = version + 1`. */
  version: z.number().int().min(0),
  /** The last calendar day the participant's clock has seen (from commands and ticks). */
  today: IsoDateSchema.nullable(),
  lastEventAt: z.string().nullable(),
  referredOn: IsoDateSchema.nullable(),
  /** The day the participant got a place and the path began; deadlines count from it. */
  intakeOn: IsoDateSchema.nullable(),
  referral: z
    .strictObject({ caseworkerId: z.string(), status: z.enum(['waiting', 'admitted', 'declined']), ruleId: z.string().optional() })
    .nullable(),
  area: z.string().nullable(),
  /** The administration responsible for the participant; null is flagged. */
  responsible: z.string().nullable(),
  facts: z.record(z.string(), FactValueSchema),
  currentStepId: z.string().nullable(),
  pausedOn: IsoDateSchema.nullable(),
  steps: z.record(z.string(), StepRecordSchema),
  assessment: z.strictObject({ on: IsoDateSchema, by: z.string(), contents: ContentValues }).nullable(),
  plan: z.array(PlanRevisionSchema),
  followUps: z.array(FollowUpSchema),
  attendance: z.strictObject({
    hours: z.number(),
    days: z.number().int(),
    absences: z.number().int(),
    unreportedAbsences: z.number().int(),
    deviations: z.number().int(),
  }),
  deadlines: z.array(DeadlineSchema),
  exit: z.strictObject({ outcomeId: z.string(), income: z.enum(['full', 'partial', 'none']), on: IsoDateSchema, fromStepId: z.string().nullable() }).nullable(),
  /** Intensity, compliance and eligibility (see `participation.ts`); absent until one of them is recorded. */
  participation: ParticipationSchema.optional(),
  /** Changes proposed for a caseworker to decide (states stored before proposals existed read as none). */
  proposals: z.array(ProposalSchema).default([]),
  /** What the follow-ups after exit found, in the order recorded; absent until the first. */
  exitFollowUps: z
    .array(z.strictObject({
      followUpId: z.string(),
      on: IsoDateSchema,
      status: z.enum(exitStatuses),
      work: z.strictObject({ since: IsoDateSchema, until: IsoDateSchema.optional() }).optional(),
    }))
    .optional(),
});
export type ParticipantContext = z.output<typeof ParticipantContextSchema>;

export function emptyContext(participantId: string, programme: { id: string; version: number }): ParticipantContext {
  return {
    participantId,
    programme,
    version: 0,
    today: null,
    lastEventAt: null,
    referredOn: null,
    intakeOn: null,
    referral: null,
    area: null,
    responsible: null,
    facts: {},
    currentStepId: null,
    pausedOn: null,
    steps: {},
    assessment: null,
    plan: [],
    followUps: [],
    attendance: { hours: 0, days: 0, absences: 0, unreportedAbsences: 0, deviations: 0 },
    deadlines: [],
    exit: null,
    proposals: [],
  };
}
