import type { Programme, RecordCondition, RecordConditionType } from '@stegvis/core';

/** What the unit does to meet a deadline, in the simulation: nothing, hold a follow-up, hold an evaluation, mark a requirement. */
export const WORK_NONE = 0;
export const WORK_FOLLOW_UP = 1;
export const WORK_EVALUATION = 2;
export const WORK_REQUIREMENT = 3;

/** `[what, step, requirement]`. */
export type Work = readonly [number, number, number];
const none: Work = [WORK_NONE, -1, -1];

type Of<T extends RecordConditionType> = Extract<RecordCondition, { type: T }>;

/**
 * The simulated unit's part in each kind of record condition: the follow-ups and evaluations it holds and
 * the requirements it marks when their deadline comes. What the participant's own progress meets (an
 * assessment, a plan, a step) asks nothing of the unit. One entry per variant: a new one must say.
 */
const workRules = {
  assessmentCompleted: () => none,
  planEstablished: () => none,
  tookPartInPlan: () => none,
  stepCompleted: () => none,
  stepLeft: () => none,
  followUp: (c, p) => {
    if (c.evaluationOf === undefined) return [WORK_FOLLOW_UP, -1, -1];
    const s = p.env.stepIndex(c.evaluationOf);
    return s < 0 ? none : [WORK_EVALUATION, s, -1];
  },
  requirementMet: (c, p) => {
    const s = p.env.stepIndex(c.stepId);
    const q = s < 0 ? -1 : p.steps[s]!.blueprint.requirements.findIndex((r) => r.id === c.requirementId);
    return q < 0 ? none : [WORK_REQUIREMENT, s, q];
  },
  // A proposal's decision is the caseworker's, and a behaviour model makes no proposals.
  proposalDecided: () => none,
  // The unit's follow-up after exit is drawn by the behaviour model, not worked as a deadline.
  exitFollowUpRecorded: () => none,
  all: () => none,
  any: () => none,
  atLeast: () => none,
} satisfies { [T in RecordConditionType]: (c: Of<T>, p: Programme) => Work };

export const workOf = (c: RecordCondition, p: Programme): Work => (workRules[c.type] as (c: RecordCondition, p: Programme) => Work)(c, p);
