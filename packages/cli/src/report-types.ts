// The report's shape, from the simulator package.
import type { Report } from '@stegvis/sim';
export type { Report, Estimate, StepSection, Breakdown, IncomeLevel, PerRun, ObservedComparison, Assumptions } from '@stegvis/sim';
export type Group = Report['breakdowns'][number]['groups'][number];
export type DeadlineKind = Report['deadlines'][number];
