import type { Label, Lang, Programme } from '@stegvis/core';
import { type Cohort, completedDay, isAdmitted, lastObservedMonth, plusMonths } from './cohort.js';
import type { IndicatorValue } from './schema.js';
import { roundEstimate } from './sections.js';
import { shareEstimate } from './stats.js';
import {
  type Indicator,
  type IndicatorDefinition,
  IndicatorSchema,
  type ProgrammeMapping,
  type ProgrammeMappingInput,
  ProgrammeMappingSchema,
  type Qualifies,
  type Window,
  isProgrammeIndicators,
} from '../indicators/schema.js';

/** An indicator made concrete for one programme: which outcome indices and step indices qualify. */
export interface ResolvedIndicator {
  readonly indicator: Indicator;
  readonly mapping: 'option' | 'programme' | 'default';
  readonly outcomes: ReadonlySet<number>;
  readonly steps: readonly number[];
  readonly proxyOutcomes: ReadonlySet<number> | null;
  readonly proxySteps: readonly number[];
  readonly excluded: ReadonlySet<number>;
  readonly note: Label | null;
  readonly warnings: readonly string[];
}

/** Expands programme-read families (`fromProgramme: stepTargets`) into one indicator per step target. */
export function expandDefinitions(definitions: readonly IndicatorDefinition[], programme: Programme): Indicator[] {
  return definitions.flatMap((d): Indicator[] => {
    if (!isProgrammeIndicators(d)) return [d];
    return programme.steps.flatMap((step) => {
      const target = step.blueprint.target;
      if (!target) return [];
      return [
        IndicatorSchema.parse({
          id: `${d.id}.${step.id}`,
          label: { sv: `${d.label.sv}: ${step.label.sv}`, en: `${d.label.en}: ${step.label.en}` },
          ...(d.description ? { description: d.description } : {}),
          ...(d.source ? { source: d.source } : {}),
          window: { type: 'byMonth', months: target.byMonth },
          denominator: 'admitted',
          qualifies: { stepsCompleted: [step.id] },
          target: target.share,
          caveats: d.caveats,
        }),
      ];
    });
  });
}

function resolveQualifies(q: Qualifies, programme: Programme, where: string, warnings: string[] | null): { outcomes: Set<number>; steps: number[] } {
  const outcomes = programme.outcomes;
  const known = new Set(outcomes.map((o) => o.id));
  const knownCategories = new Set(outcomes.map((o) => o.category).filter((x): x is string => x !== undefined));
  for (const id of q.outcomes) if (!known.has(id)) warnings?.push(`${where}: the programme has no outcome "${id}"`);
  for (const id of q.categories) if (!knownCategories.has(id)) warnings?.push(`${where}: no outcome of the programme has category "${id}"`);
  const set = new Set<number>();
  outcomes.forEach((o, k) => {
    if (q.outcomes.includes(o.id) || (o.category !== undefined && q.categories.includes(o.category)) || q.income.includes(o.income)) set.add(k);
  });
  const steps: number[] = [];
  for (const id of q.stepsCompleted) {
    const k = programme.steps.findIndex((s) => s.id === id);
    if (k < 0) warnings?.push(`${where}: the programme has no step "${id}"`);
    else steps.push(k);
  }
  return { outcomes: set, steps };
}

/**
 * Resolves indicator definitions for a programme. The numerator comes from, in order: `overrides`
 * (the report's options, keyed by indicator id), the definition's entry under `programmes` for this
 * programme's id, the definition's default `qualifies`. References the programme lacks become warnings.
 */
export function resolveIndicators(
  definitions: readonly IndicatorDefinition[],
  programme: Programme,
  overrides: Readonly<Record<string, ProgrammeMappingInput>> = {},
): ResolvedIndicator[] {
  return expandDefinitions(definitions, programme).map((indicator) => {
    const warnings: string[] = [];
    const override = overrides[indicator.id];
    const fromProgramme = indicator.programmes[programme.id];
    const mapping: ProgrammeMapping | undefined = override ? ProgrammeMappingSchema.parse(override) : fromProgramme;
    const source = override ? 'option' : fromProgramme ? 'programme' : 'default';
    const qualifies = mapping?.qualifies ?? indicator.qualifies;
    // The defaults are written for many programmes: a category one programme lacks is no mistake.
    const { outcomes, steps } = resolveQualifies(qualifies, programme, `${indicator.id}`, mapping?.qualifies ? warnings : null);
    const proxyQ = mapping?.proxy ?? indicator.proxy?.qualifies ?? (indicator.proxy ? qualifies : undefined);
    const proxy = proxyQ ? resolveQualifies(proxyQ, programme, `${indicator.id} (proxy)`, mapping?.proxy ? warnings : null) : null;
    const excludeOutcomes = mapping?.excludeOutcomes ?? indicator.denominator.excludeOutcomes;
    const excludeCategories = mapping?.excludeCategories ?? indicator.denominator.excludeCategories;
    const excluded = resolveQualifies({ outcomes: excludeOutcomes, categories: excludeCategories, income: [], stepsCompleted: [] }, programme, `${indicator.id} (excluded)`, mapping?.excludeOutcomes || mapping?.excludeCategories ? warnings : null).outcomes;
    return {
      indicator,
      mapping: source,
      outcomes,
      steps,
      proxyOutcomes: proxy?.outcomes ?? null,
      proxySteps: proxy?.steps ?? [],
      excluded,
      note: mapping?.note ?? null,
      warnings,
    };
  });
}

export function windowText(w: Window, lang: Lang): string {
  switch (w.type) {
    case 'byMonth':
      return lang === 'sv' ? `vid månad ${w.months} efter inskrivning` : `by month ${w.months} after intake`;
    case 'atExit':
      return w.withinWeeks > 0
        ? lang === 'sv'
          ? `inom ${w.withinWeeks} veckor efter avslut`
          : `within ${w.withinWeeks} weeks of exit`
        : lang === 'sv'
          ? 'vid avslut'
          : 'at exit';
    case 'afterExit':
      return lang === 'sv' ? `${w.months} månader efter avslut` : `${w.months} months after exit`;
  }
}

interface Counts {
  ks: number[];
  ns: number[];
}

/**
 * Counts numerator and denominator per replication for one resolved numerator.
 * byMonth N: admitted rows followed N months; qualifies by a step completed or an exit to a qualifying
 * outcome on or before intake + N months. atExit/afterExit: rows that exited; qualifies by the exit's
 * outcome or a qualifying step completed before exit.
 */
function count(c: Cohort, rows: Int32Array, window: Window, outcomes: ReadonlySet<number>, steps: readonly number[], excluded: ReadonlySet<number>): Counts {
  const { t, R } = c;
  const ks = new Array<number>(R).fill(0);
  const ns = new Array<number>(R).fill(0);
  for (const i of rows) {
    if (!isAdmitted(c, i)) continue;
    const r = t.replication[i]!;
    const e = t.exitDay[i]!;
    const o = t.outcome[i]!;
    let until: number;
    if (window.type === 'byMonth') {
      if (window.months > c.M) continue;
      const a = t.admittedDay[i]!;
      if (lastObservedMonth(c, a) < window.months) continue;
      until = plusMonths(c, a, window.months);
      if (e >= 0 && e <= until && o >= 0 && excluded.has(o)) continue;
    } else {
      if (e < 0 || o < 0) continue;
      if (excluded.has(o)) continue;
      until = e;
    }
    ns[r]!++;
    let ok = e >= 0 && e <= until && o >= 0 && outcomes.has(o);
    for (let k = 0; !ok && k < steps.length; k++) {
      const d = completedDay(c, i, steps[k]!);
      ok = d >= 0 && d <= until;
    }
    if (ok) ks[r]!++;
  }
  return { ks, ns };
}

export interface IndicatorEvaluation {
  readonly value: IndicatorValue;
  /** Qualifying participants per replication (the proxy's when the indicator needs follow-up). */
  readonly qualifyingPerReplication: number;
}

export function evaluateIndicator(c: Cohort, rows: Int32Array, ri: ResolvedIndicator): IndicatorEvaluation {
  const ind = ri.indicator;
  const lang = c.lang;
  const warnings = [...ri.warnings];
  const outcomeIds = (set: ReadonlySet<number> | null) => (set ? [...set].sort((a, b) => a - b).map((k) => c.outcomes[k]!.id) : []);
  const measurable = ind.measurement === 'outcomes' && ind.window.type !== 'afterExit';
  if (ind.measurement === 'outcomes' && ind.window.type === 'afterExit')
    warnings.push(`${ind.id}: a status months after exit needs follow-up data; the simulator records only the exit outcome`);
  if (ind.window.type === 'byMonth' && ind.window.months > c.M) warnings.push(`${ind.id}: the horizon has ${c.M} whole months, the window needs ${ind.window.months}`);
  const mapped = ri.outcomes.size > 0 || ri.steps.length > 0;
  if (measurable && !mapped)
    warnings.push(`${ind.id}: no outcome or step of "${c.programme.id}" qualifies, so it cannot be measured from outcomes (needs follow-up data, or such an outcome in the programme)`);
  const main = measurable && mapped ? count(c, rows, ind.window, ri.outcomes, ri.steps, ri.excluded) : null;
  const estimate = main ? roundEstimate(shareEstimate(main.ks, main.ns)) : null;
  const proxyWindow: Window = ind.window.type === 'afterExit' ? { type: 'atExit', withinWeeks: 0 } : ind.window;
  const proxyCounts = !measurable && ind.proxy && ri.proxyOutcomes ? count(c, rows, proxyWindow, ri.proxyOutcomes, ri.proxySteps, ri.excluded) : null;
  const proxy = ind.proxy ? { estimate: proxyCounts ? roundEstimate(shareEstimate(proxyCounts.ks, proxyCounts.ns)) : null, assumption: ind.proxy.assumption[lang] } : null;
  const target = ind.target ?? null;
  const used = main ?? proxyCounts;
  const qualifyingPerReplication = used ? used.ks.reduce((a, b) => a + b, 0) / c.R : 0;
  return {
    qualifyingPerReplication,
    value: {
      id: ind.id,
      label: ind.label[lang],
      description: ind.description?.[lang] ?? null,
      source: ind.source ?? null,
      window: ind.window,
      windowText: windowText(ind.window, lang),
      denominator: ind.denominator.population,
      measurement: ind.measurement,
      mapping: ri.mapping,
      qualifyingOutcomes: outcomeIds(ri.outcomes),
      qualifyingSteps: ri.steps.map((k) => c.programme.steps[k]!.id),
      excludedOutcomes: outcomeIds(ri.excluded),
      estimate,
      proxy,
      target,
      met: target !== null && estimate ? estimate.share >= target - 1e-12 : null,
      note: ri.note?.[lang] ?? null,
      caveats: ind.caveats.map((l) => l[lang]),
      warnings,
    },
  };
}
