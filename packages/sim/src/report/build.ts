import type { Lang, Programme } from '@stegvis/core';
import type { Trajectories } from '../trajectories.js';
import { evaluateIndicator, resolveIndicators } from './indicators.js';
import type { IndicatorDefinition, ProgrammeMappingInput } from '../indicators/schema.js';
import { behaviourAssumptions } from './assumptions.js';
import { breakdownFacts, breakdowns } from './breakdowns.js';
import { isAdmitted, makeCohort, perReplication } from './cohort.js';
import { type CostOptions, costSection } from './cost.js';
import { intakeMonths } from './intake.js';
import { perRunOf } from './per-run.js';
import { notSimulated, withFullTimeEquivalents } from './participation.js';
import type { Behaviour } from '../behaviour/schema.js';
import type { ObservedComparison, Report, TargetResult } from './schema.js';
import { deadlinesSection, occupancySection, outcomesSection, stepSections, targetResult, timeInProgrammeSection } from './sections.js';

export interface ReportOptions extends CostOptions {
  /** Indicator definitions to evaluate (for example `shippedIndicators()`); none by default. */
  readonly indicators?: readonly IndicatorDefinition[];
  /** Per-indicator mappings for this programme, keyed by indicator id: override the definitions' own. */
  readonly indicatorMappings?: Readonly<Record<string, ProgrammeMappingInput>>;
  /** The language of labels and texts in the report (default English). */
  readonly lang?: Lang;
  /** Facts to break every section down by (default: those the programme marks `breakdown: true`). */
  readonly breakdownBy?: readonly string[];
  /** Months in the `byMonth` series (default: the whole calendar months in the horizon). */
  readonly months?: number;
  /** The behaviour model's YAML text (and the name to show for it): its numbers and notes become the assumptions panel. */
  readonly behaviour?: { readonly text: string; readonly source?: string };
  /** Simulated against observed, made by `compareAsObserved` from its own simulation of the observed period. */
  readonly observed?: ObservedComparison;
  /** The behaviour model's intensity distribution: occupancy is then also given in full-time equivalents (programmes with `intensity`). */
  readonly intensity?: Behaviour['intensity'];
}

/**
 * The report of a simulated cohort: pure (no clock, no I/O), and plain JSON (`ReportSchema`).
 *
 * @example
 * const report = buildReport(programme, simulate(programme, behaviour, { ... }), { indicators: shippedIndicators(), lang: 'sv' });
 */
export function buildReport(programme: Programme, trajectories: Trajectories, options: ReportOptions = {}): Report {
  const lang = options.lang ?? 'en';
  if (trajectories.steps !== programme.steps.length)
    throw new RangeError(`the trajectories have ${trajectories.steps} steps, the programme "${programme.id}" has ${programme.steps.length}`);
  const c = makeCohort(programme, trajectories, lang, options.months);
  const t = trajectories;
  const rows = c.allRows;

  const referred = perReplication(c);
  const declined = perReplication(c);
  const admitted = perReplication(c);
  const waiting = perReplication(c);
  let firstReferral = Number.POSITIVE_INFINITY;
  let lastReferral = -1;
  for (let i = 0; i < t.n; i++) {
    const r = t.replication[i]!;
    const inHorizon = t.referredDay[i]! >= 0 && t.referredDay[i]! < t.horizonDays;
    if (inHorizon) {
      referred[r]!++;
      firstReferral = Math.min(firstReferral, t.referredDay[i]!);
      lastReferral = Math.max(lastReferral, t.referredDay[i]!);
    }
    if (t.declined[i]) declined[r]!++;
    else if (isAdmitted(c, i)) admitted[r]!++;
    else if (inHorizon) waiting[r]!++;
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  const steps = stepSections(c, rows);
  const outcomes = outcomesSection(c, rows);
  const occupancy = withFullTimeEquivalents(programme, occupancySection(c, rows), options.intensity);
  const resolved = resolveIndicators(options.indicators ?? [], programme, options.indicatorMappings);
  const evaluations = resolved.map((ri) => evaluateIndicator(c, rows, ri));
  const indicators = evaluations.map((e) => e.value);
  const stepTargets = steps.flatMap((s) => (s.target ? [s.target] : []));
  // An indicator that only restates a step's own target (the `stepTargets` family) is not listed twice.
  const restatesStepTarget = (v: (typeof indicators)[number]) =>
    v.qualifyingOutcomes.length === 0 &&
    v.qualifyingSteps.length === 1 &&
    v.window.type === 'byMonth' &&
    stepTargets.some((s) => s.stepId === v.qualifyingSteps[0] && s.byMonth === (v.window as { months: number }).months && s.target === v.target);
  const indicatorTargets: TargetResult[] = indicators.flatMap((v) =>
    v.target === null || restatesStepTarget(v) ? [] : [targetResult(v.id, null, v.label, v.window.type === 'byMonth' ? v.window.months : null, v.target, v.estimate)],
  );
  const incomeTargets = outcomes.byIncome.flatMap((l) => (l.target ? [l.target] : []));
  const notes: string[] = [];
  for (const s of [...stepTargets, ...incomeTargets])
    if (s.estimate === null)
      notes.push(
        lang === 'sv'
          ? `Målet för ${s.label} (månad ${s.byMonth}) kan inte bedömas: ingen följdes så länge inom horisonten (${c.M} hela månader).`
          : `The target of ${s.label} (month ${s.byMonth}) cannot be judged: nobody was followed that long within the horizon (${c.M} whole months).`,
      );
  for (const v of indicators) for (const w of v.warnings) notes.push(w);
  notes.push(...notSimulated(programme, lang));

  const referral = programme.config.referral;
  const waitlistRule = referral !== undefined && [...referral.rules, referral.otherwise].some((r) => r.decision === 'waitlist');
  const places = programme.config.capacity !== undefined || programme.config.areas.some((a) => a.places !== undefined);

  return {
    schemaVersion: 2,
    lang,
    programme: { id: programme.id, version: programme.version, name: programme.name[lang] },
    simulation: {
      startDate: t.startDate,
      horizonDays: t.horizonDays,
      replications: c.R,
      rows: t.n,
      referred: sum(referred),
      declined: sum(declined),
      admitted: sum(admitted),
      waitingAtHorizon: sum(waiting),
      months: c.M,
      weeks: Math.ceil(t.horizonDays / 7),
      perRun: { referred: perRunOf(referred), admitted: perRunOf(admitted), declined: perRunOf(declined), waitingAtHorizon: perRunOf(waiting) },
      inflow: lastReferral < 0 ? null : { firstDay: firstReferral, lastDay: lastReferral, perWeek: Math.round((sum(referred) / c.R / ((lastReferral - firstReferral) / 7 + 1)) * 100) / 100 },
      applies: {
        declines: referral !== undefined || sum(declined) > 0,
        waitingList: places || waitlistRule || occupancy.summary.maxWaiting > 0,
        places,
      },
    },
    steps,
    targets: [...stepTargets, ...indicatorTargets],
    outcomes,
    occupancy,
    timeInProgramme: timeInProgrammeSection(c, rows),
    deadlines: deadlinesSection(c, rows),
    breakdowns: breakdowns(c, options.breakdownBy ?? breakdownFacts(c)),
    cost: costSection(
      c,
      outcomes,
      evaluations.map((e) => ({ id: e.value.id, qualifying: e.qualifyingPerReplication })),
      options,
    ),
    indicators,
    intakeMonths: intakeMonths(c, [...stepTargets, ...incomeTargets]),
    assumptions: options.behaviour ? behaviourAssumptions(programme, options.behaviour.text, options.behaviour.source ?? null, lang) : null,
    observed: options.observed ?? null,
    notes,
  };
}
