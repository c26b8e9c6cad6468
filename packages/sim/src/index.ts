// @stegvis/sim: seeded Monte-Carlo simulation of cohorts through a stegvis programme.

// ---- The contract between the simulator and the report -------------------------------------------
export type { Trajectories } from './trajectories.js';

// ---- Randomness ---------------------------------------------------------------------------------
export { Rng, mix32, streamKey, threshold } from './prng.js';

// ---- Behaviour models ---------------------------------------------------------------------------
export { BehaviourSchema, WeeklySchema, FactDistributionSchema } from './behaviour/schema.js';
export type { Behaviour, BehaviourInput, Weekly } from './behaviour/schema.js';
export { checkBehaviour, validateBehaviour, validateBehaviourYaml } from './behaviour/check.js';
export { compileBehaviour } from './behaviour/compile.js';
export type { CompiledBehaviour } from './behaviour/compile.js';

// ---- The compiled kernel ------------------------------------------------------------------------
export {
  compileKernel, KernelParticipant, FastRoster, ProfileSpace, ProfileTable, encodeFacts, decodeFacts,
  addMonths, dayFromCivil, dayNumber, isoDate, phaseNames, statusNames, incomeNames,
} from './kernel/index.js';
export type { CompiledKernel, KernelDeadline, KernelView, PhaseName, StatusName, EncodedFacts } from './kernel/index.js';

// ---- Simulation ---------------------------------------------------------------------------------
export { simulateSync, simulateSyncWithStats } from './simulate/simulate.js';
export { simulate, simulateWithStats, PARALLEL_FROM_ROWS } from './workers/pool.js';
export type { RunStats } from './workers/pool.js';
export type { SimulateOptions, Intake } from './simulate/options.js';
export { simulateWithEngine } from './simulate/reference.js';
/** Internal: the entry a simulation worker thread runs (the bundle must export it for workers to find). */
export { workerMain } from './workers/pool.js';

// ---- Report, indicators and calibration (maintained separately) ----------------------------------
// >>> report/indicators/calibrate exports: keep this block for the report code (packages/sim/src/report/,
// indicators/, calibrate/); add exports below this line.
// <<< end of report/indicators/calibrate exports

// ---- report, indicators, calibration (issue 4 items 2, 3, 6) — begin ----
export { buildReport } from './report/build.js';
export type { ReportOptions } from './report/build.js';
export { trajectoriesFromRows } from './report/from-rows.js';
export type { TrajectoryRow } from './report/from-rows.js';
export { ReportSchema, EstimateSchema, TargetResultSchema, IndicatorValueSchema } from './report/schema.js';
export type { Report, Estimate, TargetResult, StepSection, OutcomesSection, OccupancySection, TimeInProgramme, Breakdown, CostSection, IndicatorValue } from './report/schema.js';
export { wilson, shareEstimate, kaplanMeier, kmQuantile, studentTQuantile } from './report/stats.js';
export type { ShareEstimate, KaplanMeierStep } from './report/stats.js';
export { IndicatorSchema, IndicatorFileSchema, IndicatorDefinitionSchema, ProgrammeIndicatorsSchema, QualifiesSchema, WindowSchema, DenominatorSchema, ProgrammeMappingSchema } from './indicators/schema.js';
export type { Indicator, IndicatorInput, IndicatorDefinition, IndicatorFile, ProgrammeMapping, ProgrammeMappingInput, Qualifies, Window, Denominator } from './indicators/schema.js';
export { parseIndicatorsYaml, loadIndicatorFile, shippedIndicators, shippedIndicatorFiles } from './indicators/load.js';
export { resolveIndicators, expandDefinitions } from './indicators/evaluate.js';
export type { ResolvedIndicator } from './indicators/evaluate.js';
export { ObservedLogSchema, ObservedRecordSchema, logFromEvents, pathOf } from './calibrate/log.js';
export type { ObservedLog, ObservedLogInput, ObservedRecord, ObservedRecordInput, Spell, Cause, State } from './calibrate/log.js';
export { nelsonAalen, cumulativeAt, weeklyIncrements, weeklyProbabilities, pooledIncrement, weekOf } from './calibrate/nelson-aalen.js';
export type { NelsonAalen, WeekHazard } from './calibrate/nelson-aalen.js';
export { aalenJohansen, summariseOccupation, stateKey, DAYS_PER_MONTH } from './calibrate/aalen-johansen.js';
export type { StateOccupation, OccupationSummary } from './calibrate/aalen-johansen.js';
export { calibrateFromLog } from './calibrate/from-log.js';
export type { LogCalibration, LogCalibrationOptions, StepHazards } from './calibrate/from-log.js';
export { ObservedOutcomesSchema, parseObservedOutcomesYaml, calibrateFromOutcomeCounts, compareShares } from './calibrate/aggregate.js';
export type { ObservedOutcomes, ObservedOutcomesInput, AggregateCalibration, ShareComparison, CategoryShare } from './calibrate/aggregate.js';
// ---- report, indicators, calibration — end ----
export { behaviourConditions } from './behaviour/reads.js';
