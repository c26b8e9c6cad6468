// @stegvis/sim: seeded Monte-Carlo simulation of cohorts through a stegvis programme.

// The contract between the simulator and the report
export type { Trajectories } from './trajectories.js';

// Behaviour models
export { BehaviourSchema, WeeklySchema, FactDistributionSchema } from './behaviour/schema.js';
export type { Behaviour, BehaviourInput, Weekly } from './behaviour/schema.js';
export { checkBehaviour, validateBehaviour, validateBehaviourYaml } from './behaviour/check.js';

// Simulation
export { simulateSync, simulateSyncWithStats, prepareSimulation } from './internal/simulate/simulate.js';
export { simulate, simulateWithStats, PARALLEL_FROM_ROWS } from './internal/workers/pool.js';
export type { RunStats } from './internal/workers/pool.js';
export type { SimulateOptions, Intake } from './internal/simulate/options.js';
/** Internal: the entry a simulation worker thread runs (the bundle must export it for workers to find). */
export { workerMain } from './internal/workers/pool.js';

// Report
export { buildReport } from './report/build.js';
export type { ReportOptions } from './report/build.js';
export { trajectoriesFromRows } from './report/from-rows.js';
export type { TrajectoryRow } from './report/from-rows.js';
export { ReportSchema, EstimateSchema, TargetResultSchema, IndicatorValueSchema } from './report/schema.js';
export type { Report, Estimate, TargetResult, StepSection, OutcomesSection, OccupancySection, TimeInProgramme, Breakdown, CostSection, IndicatorValue } from './report/schema.js';
export { PerRunSchema, ObservedComparisonSchema, AssumptionsSchema, IncomeLevelSchema } from './report/schema.js';
export type { PerRun, ObservedComparison, Assumptions, IncomeLevel } from './report/schema.js';
export { wilson, shareEstimate, kaplanMeier, kmQuantile, survivalAt, studentTQuantile, chiSquareUpperTail } from './report/stats.js';
export { behaviourAssumptions } from './report/assumptions.js';
export type { ShareEstimate, KaplanMeierStep } from './report/stats.js';

// Indicators
export { IndicatorSchema, IndicatorFileSchema, IndicatorDefinitionSchema, ProgrammeIndicatorsSchema, QualifiesSchema, WindowSchema, DenominatorSchema, ProgrammeMappingSchema } from './indicators/schema.js';
export type { Indicator, IndicatorInput, IndicatorDefinition, IndicatorFile, ProgrammeMapping, ProgrammeMappingInput, Qualifies, Window, Denominator } from './indicators/schema.js';
export { parseIndicatorsYaml, loadIndicatorFile, shippedIndicators, shippedIndicatorFiles } from './indicators/load.js';
export { resolveIndicators, expandDefinitions } from './report/indicators.js';
export type { ResolvedIndicator } from './report/indicators.js';

// Calibration
export { ObservedLogSchema, ObservedRecordSchema, logFromEvents, pathOf, validateObservedLog } from './calibrate/log.js';
export type { ObservedLog, ObservedLogInput, ObservedRecord, ObservedRecordInput, Spell, Cause, State } from './calibrate/log.js';
export { nelsonAalen, cumulativeAt, weeklyIncrements, weeklyProbabilities, pooledIncrement, weekOf } from './calibrate/nelson-aalen.js';
export type { NelsonAalen, WeekHazard } from './calibrate/nelson-aalen.js';
export { aalenJohansen, summariseOccupation, stateKey, DAYS_PER_MONTH } from './calibrate/aalen-johansen.js';
export type { StateOccupation, OccupationSummary } from './calibrate/aalen-johansen.js';
export { calibrateFromLog } from './calibrate/from-log.js';
export type { LogCalibration, LogCalibrationOptions, StepHazards } from './calibrate/from-log.js';
export { ObservedOutcomesSchema, parseObservedOutcomesYaml, calibrateFromOutcomeCounts, steadyState } from './calibrate/aggregate.js';
export type { ObservedOutcomes, ObservedOutcomesInput, AggregateCalibration, CategoryShare } from './calibrate/aggregate.js';
export { asObservedSimulation, compareAsObserved } from './calibrate/as-observed.js';
export { notSimulated } from './report/participation.js';
export { behaviourConditions } from './behaviour/reads.js';
