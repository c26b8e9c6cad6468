/**
 * The port every record condition is written against: what a participant's record answers. Core's engine
 * implements it over the participant's context (`path/context-reader.ts`), the simulation kernel over its
 * typed arrays; a rule is written once, here, and both run it.
 *
 * Steps are positions in the path (0-based, the exit step not counted), requirements positions in their
 * step, roles bits of the programme's `attendanceRoles`: the kernel reads them without a lookup.
 */
export interface RecordReader {
  assessmentCompleted(): boolean;
  planEstablished(): boolean;
  /** Some revision of the action plan was written with the participant taking part. */
  tookPartInPlan(): boolean;
  /** The step's status: `NOT_STARTED`, `ACTIVE` or `COMPLETED`. */
  stepStatus(step: number): StepStatusCode;
  /** The step the participant is at, −1 before admission. */
  currentStep(): number;
  exited(): boolean;
  /** How a caseworker marked the requirement since the participant last entered the step: `UNMARKED`, `MARKED_MET` or `MARKED_WAIVED`. */
  requirementMark(step: number, requirement: number): MarkCode;
  /** The requirement's `waivedWhen` condition holds on the participant's facts now. */
  requirementWaived(step: number, requirement: number): boolean;
  /**
   * A follow-up among those recorded after the first `since`: an evaluation of `evaluationOf` when that is
   * a step (≥ 0), attended by every role whose bit is set in `roles`.
   */
  followUpSince(since: number, evaluationOf: number, roles: number): boolean;
  /** The proposal recorded as event `seq` is no longer pending (approved or rejected). */
  proposalDecided(seq: number): boolean;
  /** What the follow-up after exit with this id found has been recorded. */
  exitFollowUpRecorded(followUpId: string): boolean;
}

export const NOT_STARTED = 0;
export const ACTIVE = 1;
export const COMPLETED = 2;
export type StepStatusCode = typeof NOT_STARTED | typeof ACTIVE | typeof COMPLETED;
export const stepStatusNames = ['notStarted', 'active', 'completed'] as const;

export const UNMARKED = 0;
export const MARKED_MET = 1;
export const MARKED_WAIVED = 2;
export type MarkCode = typeof UNMARKED | typeof MARKED_MET | typeof MARKED_WAIVED;
