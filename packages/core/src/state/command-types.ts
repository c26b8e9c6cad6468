/**
 * Every command type, written once: the command schema is checked against this list at compile time, and
 * a programme's policy names command types from it.
 */
export const commandTypes = [
  'refer', 'admit', 'assignArea', 'handOver', 'extendDeadline', 'updateFacts', 'completeAssessment', 'establishPlan',
  'revisePlan', 'recordFollowUp', 'recordAttendance', 'recordAbsence', 'recordDeviation', 'markRequirement',
  'advance', 'regress', 'pause', 'resume', 'exit', 'tick',
  'setIntensity',
  // corrections and proposals (docs/engine.md, "Corrections and proposals")
  'voidEvent', 'proposeChange', 'approveProposal', 'rejectProposal',
  'recordExitFollowUp',
] as const;
export type CommandTypeName = (typeof commandTypes)[number];

/** Why an event is voided: a short list of codes, never free text (the reason is kept in the log). */
export const voidReasons = ['wrongParticipant', 'wrongDate', 'duplicate', 'enteredInError'] as const;
export type VoidReason = (typeof voidReasons)[number];

/**
 * The commands a proposal may wrap: what a work supervisor or an external provider sees happen and a
 * caseworker decides. The programme's `proposals.allow` says which of them each role may propose.
 */
export const proposableTypes = ['markRequirement', 'advance', 'extendDeadline', 'recordDeviation', 'recordAbsence', 'recordAttendance', 'exit'] as const;
export type ProposableType = (typeof proposableTypes)[number];
