import { type FactValue, type IsoDate, type Programme, addPeriod, dayNumber, exitStatusRules, exitStatuses, isoDate } from '@stegvis/core';
import { type KoladaPack, type ParticipantRecord, koladaTally } from '@stegvis/exports';
import type { Trajectories } from '@stegvis/sim';
import type { KoladaGender } from '@stegvis/exports';

/** Kolada's KPI for a simulated cohort, from the follow-ups after exit the behaviour model held, by gender. */
export type SimulatedKolada = Readonly<Record<KoladaGender, { readonly participants: number; readonly qualified: number }>>;

/**
 * The simulated participants as the exports read the recorded ones: those who exited and had at least one
 * follow-up after exit held within the simulated period (an exit too near the horizon to be followed up is
 * left out, not counted as never followed up), their gender, and what each follow-up found. Work found is
 * taken to have begun at the exit and to go on (the simulation keeps no work dates), so found at a month
 * it has lasted a continuous month.
 */
export function simulatedRecords(programme: Programme, t: Trajectories, genderFact: string): ParticipantRecord[] {
  const followUps = programme.config.followUpAfterExit;
  const fact = programme.factsById.get(genderFact);
  const values = fact?.type === 'enum' ? fact.values.map((v) => v.id) : [];
  const genders = t.facts[genderFact];
  const start = dayNumber(t.startDate as IsoDate);
  const out: ParticipantRecord[] = [];
  for (let i = 0; i < t.n; i++) {
    if (t.exitDay[i]! < 0 || t.admittedDay[i]! < 0) continue;
    const leftOn = isoDate(start + t.exitDay[i]!);
    const afterExit = followUps.flatMap((f, j) => {
      const s = t.afterExitStatus[i * followUps.length + j]!;
      if (s < 0) return [];
      const status = exitStatuses[s]!;
      return [{ followUpId: f.id, reportsAs: f.reportsAs, on: addPeriod(leftOn, f.after), status, ...(exitStatusRules[status].work ? { work: { since: leftOn } } : {}) }];
    });
    if (afterExit.length === 0) continue;
    const g = genders?.[i] ?? -1;
    const facts: Record<string, FactValue> = g >= 0 && values[g] !== undefined ? { [genderFact]: values[g]! } : {};
    out.push({ id: `sim-${i}`, enteredOn: isoDate(start + t.admittedDay[i]!), leftOn, factsAtEntry: facts, afterExit });
  }
  return out;
}

/** The KPI's counts over the simulated cohort, or null when the behaviour model held no follow-up after exit. */
export function simulatedKolada(programme: Programme, t: Trajectories, pack: KoladaPack): SimulatedKolada | null {
  const records = simulatedRecords(programme, t, pack.gender.fact);
  return records.length === 0 ? null : koladaTally(records, pack);
}
