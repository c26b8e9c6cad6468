import { type Programme, StegvisError } from '@stegvis/core';
import { kaplanMeier, kmQuantile } from '../report/stats.js';
import { type Behaviour, BehaviourSchema, type Weekly } from '../behaviour/schema.js';
import { DAYS_PER_MONTH, type OccupationSummary, aalenJohansen, summariseOccupation } from './aalen-johansen.js';
import { type Cause, type ObservedLog, type ObservedLogInput, type Path, pathOf, validateObservedLog } from './log.js';
import { type WeekHazard, pooledIncrement, weeklyIncrements, weeklyProbabilities } from './nelson-aalen.js';

const causeKey = (c: Cause): string | null => (c.type === 'censored' ? null : c.type === 'exit' ? `exit:${c.outcome}` : c.type);

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export interface StepHazards {
  readonly step: string;
  /** Stays in the step, events among them, and those right-censored. */
  readonly stays: number;
  readonly events: number;
  readonly censored: number;
  /** Nelson–Aalen increments week by week, with the weekly probabilities they give. */
  readonly weeks: readonly (WeekHazard & { readonly probabilities: Readonly<Record<string, number>> })[];
  /** The time-homogeneous weekly probabilities written into the behaviour (null: no stays observed). */
  readonly weekly: Weekly | null;
}

export interface LogCalibration {
  readonly behaviour: Behaviour;
  readonly steps: readonly StepHazards[];
  readonly paused: { readonly stays: number; readonly resume: number; readonly exit: Readonly<Record<string, number>> } | null;
  /** Aalen–Johansen state occupation, month 0 (intake) to `months`. */
  readonly occupation: readonly OccupationSummary[];
  /**
   * Time in the programme, admission to exit, by Kaplan–Meier: those still in censored at their last
   * observed day, late entries at risk only from when they were first observed.
   */
  readonly timeInProgramme: { readonly n: number; readonly exited: number; readonly censored: number; readonly q1Days: number | null; readonly medianDays: number | null; readonly q3Days: number | null };
  readonly notes: readonly string[];
}

function toWeekly(probabilities: Readonly<Record<string, number>>): Weekly {
  const exit: Record<string, number> = {};
  for (const [k, v] of Object.entries(probabilities)) if (k.startsWith('exit:') && v > 0) exit[k.slice(5)] = r6(v);
  // Rounding to six decimals may not push the sum above 1: trim the largest if it does.
  const w = { advance: r6(probabilities.advance ?? 0), pause: r6(probabilities.pause ?? 0), regress: r6(probabilities.regress ?? 0), exit };
  const sum = w.advance + w.pause + w.regress + Object.values(exit).reduce((a, b) => a + b, 0);
  if (sum > 1) w.advance = Math.max(0, r6(w.advance - (sum - 1)));
  return w;
}

function fitFacts(programme: Programme, log: ObservedLog): Behaviour['facts'] {
  const out: Behaviour['facts'] = {};
  for (const fact of programme.factsById.values()) {
    const values = log.records.map((r) => r.facts[fact.id]).filter((v) => v !== undefined);
    if (values.length === 0) continue;
    if (fact.type === 'number') {
      const nums = values.filter((v): v is number => typeof v === 'number');
      if (nums.length > 0) out[fact.id] = { uniform: [Math.min(...nums), Math.max(...nums)] };
    } else {
      const counts: Record<string, number> = {};
      for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
      out[fact.id] = counts;
    }
  }
  return out;
}

/**
 * A behaviour model from an observed log. Per step: the stays in it (from entering to leaving, a
 * resumed stay counting anew), ending in advance, regress, pause or an exit to an outcome, or
 * right-censored (still there at the observation's end — kept in the risk sets, not dropped).
 * Nelson–Aalen gives cause-specific cumulative hazards; their weekly increments are pooled over weeks
 * (weighted by those at risk at each week's start, because the behaviour has one weekly value per step),
 * then turned into weekly probabilities: P(any) = 1 − exp(−Σ ΔH), split by cause-specific hazards.
 * Stays in a pause give the pause's resume and exit probabilities. Facts are distributed as observed.
 * State occupation month by month comes from the Aalen–Johansen estimator.
 */
export interface LogCalibrationOptions {
  /** Months of state occupation to give (default 12). */
  readonly months?: number;
  /**
   * `continuous` (default): events happen on any day; weekly probabilities are 1 − exp(−ΔH).
   * `weekly`: the log records time in whole weeks (a weekly simulation's output); p = ΔH.
   */
  readonly timing?: 'continuous' | 'weekly';
}

export function calibrateFromLog(programme: Programme, input: ObservedLogInput, options: LogCalibrationOptions = {}): LogCalibration {
  const valid = validateObservedLog(input);
  if (!valid.ok) throw new StegvisError('config.invalid_value', valid.issues);
  const log = valid.value;
  const notes: string[] = [];
  if (log.programme !== programme.id) notes.push(`the log is for "${log.programme}", the programme is "${programme.id}"`);
  const paths: Path[] = log.records.map((r) => pathOf(programme, r, log.end));
  const spells = paths.flatMap((p) => p.spells);

  const steps: StepHazards[] = programme.steps.map((step, k) => {
    const own = spells.filter((s) => s.step === k && !s.paused);
    const duration = own.map((s) => s.end - s.start);
    const cause = own.map((s) => causeKey(s.cause));
    const timing = options.timing ?? 'continuous';
    const weeks = weeklyIncrements(duration, cause, own.map((s) => s.entry)).map((w) => ({ ...w, probabilities: weeklyProbabilities(w.dH, timing) }));
    const events = cause.filter((c) => c !== null).length;
    if (own.length === 0) notes.push(`no stays observed at step "${step.id}": the behaviour gives it nothing`);
    return {
      step: step.id,
      stays: own.length,
      events,
      censored: own.length - events,
      weeks,
      weekly: own.length > 0 ? toWeekly(weeklyProbabilities(pooledIncrement(weeks), timing)) : null,
    };
  });

  const pauses = spells.filter((s) => s.paused);
  let paused: LogCalibration['paused'] = null;
  if (pauses.length > 0) {
    const weeks = weeklyIncrements(
      pauses.map((s) => s.end - s.start),
      pauses.map((s) => causeKey(s.cause)),
      pauses.map((s) => s.entry),
    );
    const pr = weeklyProbabilities(pooledIncrement(weeks), options.timing ?? 'continuous');
    const exit: Record<string, number> = {};
    for (const [k, v] of Object.entries(pr)) if (k.startsWith('exit:') && v > 0) exit[k.slice(5)] = r6(v);
    paused = { stays: pauses.length, resume: r6(pr.resume ?? 0), exit };
  }

  const months = options.months ?? 12;
  const occupation = aalenJohansen(
    paths,
    Array.from({ length: months + 1 }, (_, m) => Math.round(m * DAYS_PER_MONTH)),
  );
  const completes = (outcomeId: string) => {
    const o = programme.outcomesById.get(outcomeId);
    return o?.completesStep ? programme.steps.findIndex((s) => s.id === o.completesStep) : -1;
  };

  const stay = paths.map((p) => {
    const admitted = p.changes[0]![0];
    return { duration: p.lastDay - admitted, event: p.exited, entry: p.observedFrom > admitted ? p.observedFrom - 1 - admitted : -1 };
  });
  const km = kaplanMeier(
    stay.map((x) => x.duration),
    stay.map((x) => x.event),
    stay.map((x) => x.entry),
  );
  const exited = stay.filter((x) => x.event).length;

  const behaviour = BehaviourSchema.parse({
    programme: programme.id,
    steps: Object.fromEntries(steps.flatMap((s) => (s.weekly ? [[s.step, s.weekly]] : []))),
    ...(paused ? { paused: { resume: paused.resume, exit: paused.exit } } : {}),
    facts: fitFacts(programme, log),
  });
  return {
    behaviour,
    steps,
    paused,
    occupation: summariseOccupation(
      occupation,
      programme.steps.map((s) => s.id),
      completes,
    ),
    timeInProgramme: { n: stay.length, exited, censored: stay.length - exited, q1Days: kmQuantile(km, 0.25), medianDays: kmQuantile(km, 0.5), q3Days: kmQuantile(km, 0.75) },
    notes,
  };
}
