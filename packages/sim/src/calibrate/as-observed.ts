import type { Lang, Programme } from '@stegvis/core';
import type { SimulateOptions } from '../internal/simulate/options.js';
import type { Trajectories } from '../trajectories.js';
import { addMonthsIso, daysBetween } from '../report/calendar.js';
import { perRunOf } from '../report/per-run.js';
import type { ObservedComparison } from '../report/schema.js';
import { roundEstimate } from '../report/sections.js';
import { chiSquareUpperTail, shareEstimate, wilson } from '../report/stats.js';
import { type ObservedOutcomes, categoryMembers, steadyState } from './aggregate.js';

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;


/**
 * How to simulate an observed period the way it was observed: a steady inflow (the arrivals a week of
 * `steadyState`, rounded to a whole number; the shares compared do not depend on it) starting early
 * enough that the unit is running when the period begins — five mean stays, and at least two years —
 * and ending with the period. Pass the result to `simulate` with a seed and replications.
 */
export function asObservedSimulation(observed: ObservedOutcomes): Omit<SimulateOptions, 'seed'> {
  if (!observed.period) throw new RangeError('the observed table states no period: add period: { from, to }');
  const { meanStayWeeks, arrivalsPerWeek } = steadyState(observed);
  const warmUp = Math.max(24, Math.ceil((5 * meanStayWeeks * 7) / 30.44));
  const startDate = addMonthsIso(observed.period.from, -warmUp);
  let months = warmUp;
  while (daysBetween(startDate, addMonthsIso(startDate, months)) <= daysBetween(startDate, observed.period.to)) months++;
  const perWeek = Math.max(1, Math.round(arrivalsPerWeek));
  return { startDate, months, cohort: perWeek * Math.ceil(daysBetween(startDate, addMonthsIso(startDate, months)) / 7), intake: { type: 'spread', perWeek } };
}

/**
 * Simulated against observed, observed the way the table was: the participants of the period are those
 * admitted by its last day and not gone before its first; each is counted in the category of an exit
 * recorded in the period, and anyone still enrolled on its last day (or leaving to an outcome the table
 * does not count) in the `rest` category, as "no recorded outcome" was. Per run, shares of that run's
 * participants; the mean over runs with its interval, against the observed share with its Wilson
 * interval (n = the table's participants). z = (simulated − observed) / √(se_obs² + se_sim²), and
 * Pearson's chi-square of the observed counts against the simulated shares.
 */
export function compareAsObserved(programme: Programme, t: Trajectories, observed: ObservedOutcomes, lang: Lang = 'en'): ObservedComparison {
  if (!observed.period) throw new RangeError('the observed table states no period: add period: { from, to }');
  const from = daysBetween(t.startDate, observed.period.from);
  const to = daysBetween(t.startDate, observed.period.to);
  if (from < 0 || to > t.horizonDays - 1)
    throw new RangeError(`the simulation (${t.startDate}, ${t.horizonDays} days) does not cover the observed period; simulate it with asObservedSimulation`);
  const outcomes = programme.outcomes;
  const declared = programme.categories;
  const label = (id: string) => declared.find((c) => c.id === id)?.label[lang] ?? programme.outcomesById.get(id)?.label[lang] ?? id;

  const counted = Object.values(observed.counts).reduce((a, b) => a + b, 0);
  const rest = observed.rest;
  const rows: { id: string; count: number; outcomes: string[] }[] = Object.entries(observed.counts).map(([id, count]) => ({ id, count, outcomes: categoryMembers(programme, id) }));
  if (rest !== undefined && !rows.some((r) => r.id === rest)) rows.push({ id: rest, count: 0, outcomes: categoryMembers(programme, rest) });
  const restRow = rows.findIndex((r) => r.id === rest);
  if (restRow >= 0) rows[restRow]!.count += observed.participants - counted;
  const rowOf = new Int32Array(outcomes.length).fill(restRow);
  outcomes.forEach((o, k) => {
    const r = rows.findIndex((x) => x.outcomes.includes(o.id));
    if (r >= 0) rowOf[k] = r;
  });

  let R = 1;
  for (let i = 0; i < t.n; i++) R = Math.max(R, t.replication[i]! + 1);
  const participants = new Array<number>(R).fill(0);
  const enrolled = new Array<number>(R).fill(0);
  const byRow = rows.map(() => new Array<number>(R).fill(0));
  for (let i = 0; i < t.n; i++) {
    const a = t.admittedDay[i]!;
    const e = t.exitDay[i]!;
    if (a < 0 || a > to || (e >= 0 && e < from)) continue;
    const r = t.replication[i]!;
    participants[r]!++;
    const row = e >= 0 && e <= to ? rowOf[t.outcome[i]!]! : restRow;
    if (!(e >= 0 && e <= to)) enrolled[r]!++;
    if (row >= 0) byRow[row]![r]!++;
  }

  const N = observed.participants;
  const categories = rows.map((row, k) => {
    const p = row.count / N;
    const sim = shareEstimate(byRow[k]!, participants);
    const shares = byRow[k]!.flatMap((x, r) => (participants[r]! > 0 ? [x / participants[r]!] : []));
    const mean = shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length);
    const seSim = shares.length > 1 ? Math.sqrt(shares.reduce((a, x) => a + (x - mean) ** 2, 0) / (shares.length - 1) / shares.length) : 0;
    const se = Math.sqrt((p * (1 - p)) / N + seSim * seSim);
    const ci = wilson(row.count, N)!;
    return {
      id: row.id,
      label: label(row.id),
      observed: { count: row.count, share: r6(p), ci: [r6(ci[0]), r6(ci[1])] as [number, number] },
      simulated: roundEstimate(sim),
      z: sim && se > 0 ? r6((sim.share - p) / se) : null,
      withinObservedInterval: sim ? sim.share >= ci[0] && sim.share <= ci[1] : null,
    };
  });

  const expected = categories.map((c) => (c.simulated?.share ?? 0) * N);
  const impossible = categories.some((c, k) => expected[k] === 0 && c.observed.count > 0);
  const used = categories.filter((_, k) => expected[k]! > 0);
  const chiSquare = categories.reduce((a, c, k) => (expected[k]! > 0 ? a + (c.observed.count - expected[k]!) ** 2 / expected[k]! : a), 0);
  const fit =
    impossible || used.length < 2
      ? null
      : (() => {
          const df = used.length - 1;
          const pValue = chiSquareUpperTail(chiSquare, df);
          return { chiSquare: r6(chiSquare), df, pValue: r6(pValue), consistent: pValue >= 0.05 };
        })();
  const sv = lang === 'sv';
  const notes = [
    sv
      ? `Simulerat som tabellen gjordes: de som var inskrivna någon dag ${observed.period.from}–${observed.period.to}, med de avslut som registrerades under perioden; de som fortfarande var inskrivna den sista dagen räknas, som i tabellen, bland "${label(rest ?? '')}". Simuleringen börjar ${t.startDate} med ett jämnt inflöde, så att verksamheten är igång när perioden börjar.`
      : `Simulated the way the table was made: those enrolled on any day of ${observed.period.from}–${observed.period.to}, with the exits recorded in the period; those still enrolled on its last day are counted, as in the table, under "${label(rest ?? '')}". The simulation starts on ${t.startDate} with a steady inflow, so that the unit is running when the period begins.`,
    sv
      ? `De observerade andelarnas osäkerhet är Wilsonintervallet för ${N} deltagare; de simulerade andelarnas är intervallet för medelvärdet över ${R} körningar.`
      : `The observed shares' uncertainty is the Wilson interval for ${N} participants; the simulated shares' is the interval of the mean over ${R} runs.`,
    ...(impossible
      ? [sv ? 'Modellen ger aldrig någon av kategorierna som observerades: den stämmer inte med tabellen.' : 'The model never produces a category that was observed: it does not fit the table.']
      : []),
  ];
  return {
    source: observed.source ?? null,
    period: { from: observed.period.from, to: observed.period.to },
    participants: N,
    simulatedParticipants: perRunOf(participants),
    categories,
    stillEnrolledAtEnd: { observed: { count: observed.stillEnrolledAtEnd, share: r6(observed.stillEnrolledAtEnd / N) }, simulated: roundEstimate(shareEstimate(enrolled, participants)) },
    fit,
    notes,
  };
}
