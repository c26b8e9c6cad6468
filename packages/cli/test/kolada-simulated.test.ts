import { readFileSync } from 'node:fs';
import { validateProgrammeYaml } from '@stegvis/core';
import { koladaPack } from '@stegvis/exports';
import { trajectoriesFromRows } from '@stegvis/sim';
import { describe, expect, it } from 'vitest';
import { simulatedKolada, simulatedRecords } from '../src/kolada-simulated.js';
import { repoRoot } from './run.js';

/**
 * The programme's Kolada figure from a simulated cohort's follow-ups after exit, counted as the export
 * counts recorded ones (issue 14: "work on the regular labour market, subsidised or not, for at least one
 * continuous month (jobs in the municipality's own labour-market activity excluded), or studies that give
 * student finance ... non-binary participants appear only in the total").
 */

const r = validateProgrammeYaml(readFileSync(`${repoRoot}/examples/nacka/programme.yaml`, 'utf8'));
if (!r.ok) throw new Error('examples/nacka/programme.yaml is not valid');
const nacka = r.value;
const pack = koladaPack();
const frame = { startDate: '2026-01-05', horizonDays: 400 };
const exited = (exitDay: number, gender: string, afterExit: Record<string, 'regularWork' | 'subsidisedWork' | 'municipalLabourMarketJob' | 'studiesWithStudentFinance' | 'studiesWithoutStudentFinance' | 'jobSeeking' | 'notReached'>) =>
  ({ referredDay: 0, admittedDay: 0, exitDay, outcome: 'regularEmployment', facts: { gender }, afterExit }) as const;

describe('simulatedKolada', () => {
  it('counts work found at a follow-up a month or more after exit, and studies with student finance; by gender, non-binary in T only', () => {
    const t = trajectoriesFromRows(nacka, frame, [
      exited(30, 'woman', { oneMonth: 'regularWork' }),
      exited(30, 'woman', { oneMonth: 'municipalLabourMarketJob', sixMonths: 'municipalLabourMarketJob' }),
      exited(30, 'woman', { oneMonth: 'studiesWithoutStudentFinance' }),
      exited(30, 'man', { oneMonth: 'jobSeeking', sixMonths: 'subsidisedWork' }),
      exited(30, 'man', { oneMonth: 'notReached' }),
      exited(30, 'nonBinary', { oneMonth: 'studiesWithStudentFinance' }),
      // exited, but no follow-up held within the horizon: left out, not counted as never followed up
      exited(390, 'man', {}),
      // never exited
      { referredDay: 0, admittedDay: 0, facts: { gender: 'man' } },
    ]);
    expect(simulatedRecords(nacka, t, 'gender').map((x) => x.afterExit.map((f) => [f.followUpId, f.on, f.work?.since ?? null]))[0]).toEqual([['oneMonth', '2026-03-04', '2026-02-04']]);
    expect(simulatedKolada(nacka, t, pack)).toEqual({ T: { participants: 6, qualified: 3 }, K: { participants: 3, qualified: 1 }, M: { participants: 2, qualified: 1 } });
  });

  it('null when the behaviour model held no follow-up after exit', () => {
    expect(simulatedKolada(nacka, trajectoriesFromRows(nacka, frame, [exited(30, 'woman', {})]), pack)).toBeNull();
  });
});
