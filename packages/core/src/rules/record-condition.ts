import { z } from 'zod';
import { LabelSchema } from '../i18n/label.js';

/**
 * A condition over the participant's record (what has been recorded, not who they are): what completes a
 * step and what fulfils a deadline, as data. The engine evaluates it, the simulation kernel compiles it,
 * migration rewrites its step ids, lint and the diagram read it — all from one table
 * (`recordConditionRules`), so a new variant is one entry there.
 */
const leaves = [
  z.strictObject({ type: z.literal('assessmentCompleted') }),
  z.strictObject({ type: z.literal('planEstablished') }),
  /** The participant took part in writing a revision of their action plan. */
  z.strictObject({ type: z.literal('tookPartInPlan') }),
  z.strictObject({ type: z.literal('stepCompleted'), stepId: z.string() }),
  /** The participant is no longer at the step (moved on, moved back, or exited). */
  z.strictObject({ type: z.literal('stepLeft'), stepId: z.string() }),
  /**
   * A follow-up recorded after the deadline opened (or ever, for a step's completion); with `evaluationOf`,
   * an evaluation of that step; with `jointWith`, attended by every one of those roles.
   */
  z.strictObject({ type: z.literal('followUp'), evaluationOf: z.string().optional(), jointWith: z.array(z.string()).optional() }),
  /** The requirement is satisfied: marked met or waived, waived by its condition, or met by the record. */
  z.strictObject({ type: z.literal('requirementMet'), stepId: z.string(), requirementId: z.string() }),
  /** The proposal recorded as event `proposalSeq` is approved or rejected: what meets its decision deadline. */
  z.strictObject({ type: z.literal('proposalDecided'), proposalSeq: z.number().int().min(1) }),
  /** What the follow-up after exit `followUpId` (one of the programme's `followUpAfterExit`) found is recorded. */
  z.strictObject({ type: z.literal('exitFollowUpRecorded'), followUpId: z.string() }),
] as const;

export const RecordConditionSchema = z.discriminatedUnion('type', [
  ...leaves,
  z.strictObject({
    type: z.literal('all'),
    get of() {
      return z.array(RecordConditionSchema);
    },
    label: LabelSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('any'),
    get of() {
      return z.array(RecordConditionSchema);
    },
    label: LabelSchema.optional(),
  }),
  /** At least `n` of the parts hold: how a ladder step's requirements combine ("all", "any", "at least 3"). */
  z.strictObject({
    type: z.literal('atLeast'),
    n: z.number().int().min(0),
    get of() {
      return z.array(RecordConditionSchema);
    },
    label: LabelSchema.optional(),
  }),
]);

export type RecordCondition = z.output<typeof RecordConditionSchema>;
export type RecordConditionType = RecordCondition['type'];
export type RecordConditionOf<T extends RecordConditionType> = Extract<RecordCondition, { type: T }>;
