import type { Lang, Programme } from '@stegvis/core';
import type { Trajectories } from '../trajectories.js';
import { evaluateIndicator, resolveIndicators } from './indicators.js';
import type { IndicatorDefinition, ProgrammeMappingInput } from '../indicators/schema.js';
import { type Cohort, isAdmitted, makeCohort } from './cohort.js';
import { type CostOptions, costSection } from './cost.js';
import type { Breakdown, Report, TargetResult } from './schema.js';
import { deadlinesSection, occupancySection, outcomesSection, stepSections, targetResult, timeInProgrammeSection, weeklyMeanOccupancy } from './sections.js';

export interface ReportOptions extends CostOptions {
  /** Indicator definitions to evaluate (for example `shippedIndicators()`); none by default. */
  readonly indicators?: readonly IndicatorDefinition[];
  /** Per-indicator mappings for this programme, keyed by indicator id: override the definitions' own. */
  readonly indicatorMappings?: Readonly<Record<string, ProgrammeMappingInput>>;
  /** The language of labels and texts in the report (default English). */
  readonly lang?: Lang;
  /** Enum facts to break every section down by (default `gender` and `referrer`, those the programme declares). */
  readonly breakdownBy?: readonly string[];
  /** Months in the `byMonth` series (default: the whole calendar months in the horizon). */
  readonly months?: number;
}

/** Rows whose enum fact `factId` has value index `v` (-1: unknown). */
function rowsWhere(c: Cohort, factId: string, v: number): Int32Array {
  const values = c.t.facts[factId]!;
  const out: number[] = [];
  const size = c.programme.factsById.get(factId)?.type === 'enum' ? (c.programme.factsById.get(factId) as { values: unknown[] }).values.length : 0;
  for (let i = 0; i < c.t.n; i++) if ((values[i]! < 0 || values[i]! >= size ? -1 : values[i]!) === v) out.push(i);
  return Int32Array.from(out);
}

function breakdowns(c: Cohort, facts: readonly string[]): Breakdown[] {
  return facts.flatMap((id): Breakdown[] => {
    const fact = c.programme.factsById.get(id);
    if (!fact || fact.type !== 'enum' || !c.t.facts[id]) return [];
    const values = c.t.facts[id]!;
    let anyUnknown = false;
    for (let i = 0; i < c.t.n && !anyUnknown; i++) if (values[i]! < 0 || values[i]! >= fact.values.length) anyUnknown = true;
    const groups = [...fact.values.map((v, k) => ({ value: v.id, label: v.label[c.lang], k })), ...(anyUnknown ? [{ value: 'unknown', label: c.lang === 'sv' ? 'Okänt' : 'Unknown', k: -1 }] : [])];
    return [
      {
        fact: id,
        label: fact.label[c.lang],
        groups: groups.map((g) => {
          const rows = rowsWhere(c, id, g.k);
          let admitted = 0;
          for (const i of rows) if (isAdmitted(c, i)) admitted++;
          return {
            value: g.value,
            label: g.label,
            admitted,
            steps: stepSections(c, rows),
            outcomes: outcomesSection(c, rows),
            occupancy: { weeklyMean: weeklyMeanOccupancy(c, rows) },
            timeInProgramme: timeInProgrammeSection(c, rows),
            deadlines: deadlinesSection(c, rows),
          };
        }),
      },
    ];
  });
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

  let referred = 0;
  let declined = 0;
  let admitted = 0;
  let waiting = 0;
  for (let i = 0; i < t.n; i++) {
    const inHorizon = t.referredDay[i]! >= 0 && t.referredDay[i]! < t.horizonDays;
    if (inHorizon) referred++;
    if (t.declined[i]) declined++;
    else if (isAdmitted(c, i)) admitted++;
    else if (inHorizon) waiting++;
  }

  const steps = stepSections(c, rows);
  const outcomes = outcomesSection(c, rows);
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
  const notes: string[] = [];
  for (const s of stepTargets)
    if (s.estimate === null)
      notes.push(
        lang === 'sv'
          ? `Målet för ${s.label} (månad ${s.byMonth}) kan inte bedömas: ingen följdes så länge inom horisonten (${c.M} hela månader).`
          : `The target of ${s.label} (month ${s.byMonth}) cannot be judged: nobody was followed that long within the horizon (${c.M} whole months).`,
      );
  for (const v of indicators) for (const w of v.warnings) notes.push(w);

  return {
    schemaVersion: 1,
    lang,
    programme: { id: programme.id, version: programme.version, name: programme.name[lang] },
    simulation: {
      startDate: t.startDate,
      horizonDays: t.horizonDays,
      replications: c.R,
      rows: t.n,
      referred,
      declined,
      admitted,
      waitingAtHorizon: waiting,
      months: c.M,
      weeks: Math.ceil(t.horizonDays / 7),
    },
    steps,
    targets: [...stepTargets, ...indicatorTargets],
    outcomes,
    occupancy: occupancySection(c, rows),
    timeInProgramme: timeInProgrammeSection(c, rows),
    deadlines: deadlinesSection(c, rows),
    breakdowns: breakdowns(c, options.breakdownBy ?? ['gender', 'referrer']),
    cost: costSection(
      c,
      outcomes,
      evaluations.map((e) => ({ id: e.value.id, qualifying: e.qualifyingPerReplication })),
      options,
    ),
    indicators,
    notes,
  };
}
