export { ParticipantDriver, recordCommands } from './driver.js';
export { loadProgramme } from './load.js';
export { factValue, facts, admissibleFacts, invalidFacts, participant, cohort, actors, actorFor, deadlineIds, contents, commandBodies, commandBody, completeStepBodies, stepWalk, commandSequence, UNKNOWN_ID } from './arbitraries.js';
export type { CommandBody, BodyOf, FactsOptions, Participant, SequenceOptions } from './arbitraries.js';
export { setupMatchers, stegvisMatchers, meetsTargets, missesTarget, occupancyWithinCapacity, describeTarget } from './matchers.js';
export type { ReportLike, TargetLike, TargetOptions, MatcherResult, StegvisMatchers } from './matchers.js';
export { programmeArbitrary } from './programmes.js';
export type { GeneratedProgramme, PluginKindArbitrary, ProgrammeArbitraryOptions } from './programmes.js';
