/**
 * Every command type, written once: the command schema is checked against this list at compile time, and
 * a programme's policy names command types from it.
 */
export const commandTypes = [
  'refer', 'admit', 'assignArea', 'handOver', 'extendDeadline', 'updateFacts', 'completeAssessment', 'establishPlan',
  'revisePlan', 'recordFollowUp', 'recordAttendance', 'recordAbsence', 'recordDeviation', 'markRequirement',
  'advance', 'regress', 'pause', 'resume', 'exit', 'tick',
  'recordExitFollowUp',
] as const;
export type CommandTypeName = (typeof commandTypes)[number];
