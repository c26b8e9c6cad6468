import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateProgrammeYaml } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';
import { IndicatorSchema } from '../src/indicators/schema.js';
import { buildReport } from '../src/report/build.js';
import { parseIndicatorsYaml, shippedIndicators } from '../src/indicators/load.js';
import { resolveIndicators } from '../src/report/indicators.js';
import { trajectoriesFromRows } from '../src/report/from-rows.js';
import type { IndicatorInput } from '../src/indicators/schema.js';
import type { TrajectoryRow } from '../src/report/from-rows.js';

const example = (name: string) => new URL(`../../../examples/${name}/programme.yaml`, import.meta.url);
const ljusnarsberg = loadProgramme(example('ljusnarsberg'));
const nacka = loadProgramme(example('nacka'));
const programmes = ['ljusnarsberg', 'nacka', 'timra', 'enkoping', 'kungsbacka'].map((p) => loadProgramme(example(p)));
const frame = { startDate: '2026-01-01', horizonDays: 730 };

describe('the shipped indicator definitions', () => {
  const definitions = shippedIndicators();

  it('parse, with the ids a report shows', () => {
    expect(definitions.map((d) => d.id)).toEqual([
      'programmeTarget',
      'koladaWorkOrStudiesAtExit',
      'esfJobSearchingOnLeaving',
      'esfInEducationOnLeaving',
      'esfQualificationOnLeaving',
      'esfEmployedOnLeaving',
      'esfEmployedSixMonthsAfterLeaving',
    ]);
  });

  it('map onto every example without a reference the programme lacks', () => {
    for (const p of programmes) for (const r of resolveIndicators(definitions, p)) expect(r.warnings, `${p.id} ${r.indicator.id}`).toEqual([]);
  });

  it("read the seed's own targets from the ladder steps (Ljusnarsberg: 75/60/35/10/10 % at 3/6/9/12/12 months)", () => {
    const targets = resolveIndicators(definitions, ljusnarsberg).filter((r) => r.indicator.id.startsWith('programmeTarget.'));
    expect(targets.map((r) => [r.indicator.id, r.indicator.window, r.indicator.target])).toEqual([
      ['programmeTarget.step1', { type: 'byMonth', months: 3 }, 0.75],
      ['programmeTarget.step2', { type: 'byMonth', months: 6 }, 0.6],
      ['programmeTarget.step3', { type: 'byMonth', months: 9 }, 0.35],
      ['programmeTarget.step4', { type: 'byMonth', months: 12 }, 0.1],
      ['programmeTarget.step5', { type: 'byMonth', months: 12 }, 0.1],
    ]);
    expect(resolveIndicators(definitions, nacka).filter((r) => r.indicator.id.startsWith('programmeTarget.'))).toEqual([]);
  });

  it('count for Kolada only the work and CSN studies each programme maps (Nacka: not OSA)', () => {
    const kolada = (p: (typeof programmes)[number]) => {
      const r = resolveIndicators(definitions, p).find((x) => x.indicator.id === 'koladaWorkOrStudiesAtExit')!;
      const outcomes = p.outcomes;
      return [...r.outcomes].map((k) => outcomes[k]!.id).sort();
    };
    expect(kolada(nacka)).toEqual(['regularEmployment', 'wageSubsidy']);
    expect(kolada(programmes[2]!)).toEqual(['partTimeWork', 'regularEmployment', 'studiesCsn', 'subsidisedEmploymentElsewhere']);
    expect(kolada(ljusnarsberg)).not.toContain('partTimeStudies');
    expect(kolada(ljusnarsberg)).toContain('studiesCsn');
  });
});

const nackaRows: TrajectoryRow[] = [
  { referredDay: 0, admittedDay: 0, exitDay: 40, outcome: 'regularEmployment', facts: { gender: 'woman' } },
  { referredDay: 0, admittedDay: 0, exitDay: 50, outcome: 'wageSubsidy', facts: { gender: 'man' } },
  { referredDay: 0, admittedDay: 0, exitDay: 60, outcome: 'osa', facts: { gender: 'man' } },
  { referredDay: 0, admittedDay: 0, exitDay: 70, outcome: 'pension', facts: { gender: 'woman' } },
  { referredDay: 0, admittedDay: 0 },
];

describe('indicator values in the report', () => {
  const report = buildReport(nacka, trajectoriesFromRows(nacka, frame, nackaRows), { indicators: shippedIndicators() });
  const value = (id: string) => report.indicators.find((v) => v.id === id)!;

  it('Kolada at exit: 2 of 4 exits (regular employment and wage subsidy; OSA and pension do not count)', () => {
    const v = value('koladaWorkOrStudiesAtExit');
    expect(v).toMatchObject({ denominator: 'exited', measurement: 'outcomes', mapping: 'programme', qualifyingOutcomes: ['regularEmployment', 'wageSubsidy'] });
    expect(v.estimate).toMatchObject({ k: 2, n: 4, share: 0.5 });
    expect(v.note).toMatch(/OSA/);
    expect(v.caveats.length).toBeGreaterThan(0);
  });

  it('ESF+ employment on leaving counts OSA: 3 of 4', () => {
    expect(value('esfEmployedOnLeaving').estimate).toMatchObject({ k: 3, n: 4 });
  });

  it('ESF+ measures that need follow-up data have no value; the six-month one has a labelled proxy', () => {
    expect(value('esfQualificationOnLeaving')).toMatchObject({ measurement: 'followUp', estimate: null, proxy: null });
    const six = value('esfEmployedSixMonthsAfterLeaving');
    expect(six.estimate).toBeNull();
    expect(six.proxy!.estimate).toMatchObject({ k: 3, n: 4 });
    expect(six.proxy!.assumption).toMatch(/Proxy/);
  });

  it('an indicator no outcome of the programme maps to has no value, and says why', () => {
    const v = value('esfJobSearchingOnLeaving');
    expect(v.estimate).toBeNull();
    expect(v.warnings.join(' ')).toMatch(/cannot be measured from outcomes/);
    expect(value('esfInEducationOnLeaving').estimate).toBeNull();
  });

  it('takes a mapping from the options over the definition', () => {
    const r = buildReport(nacka, trajectoriesFromRows(nacka, frame, nackaRows), {
      indicators: shippedIndicators(),
      indicatorMappings: { koladaWorkOrStudiesAtExit: { qualifies: { categories: ['employment'] }, note: { sv: 'Alla anställningar', en: 'Every employment' } } },
    });
    const v = r.indicators.find((x) => x.id === 'koladaWorkOrStudiesAtExit')!;
    expect(v).toMatchObject({ mapping: 'option', note: 'Every employment' });
    expect(v.estimate).toMatchObject({ k: 3, n: 4 });
  });

  it('uses the defaults for a programme the definition has no entry for', () => {
    const text = readFileSync(example('ljusnarsberg'), 'utf8').replace(/^id: ljusnarsberg$/m, 'id: anotherTown');
    const result = validateProgrammeYaml(text);
    if (!result.ok) throw new Error('invalid');
    const [kolada] = resolveIndicators(shippedIndicators().filter((d) => d.id === 'koladaWorkOrStudiesAtExit'), result.value);
    expect(kolada!.mapping).toBe('default');
    expect(kolada!.outcomes.size).toBe(9);
  });

  it('warns about ids a mapping names that the programme lacks', () => {
    const [r] = resolveIndicators(shippedIndicators().filter((d) => d.id === 'koladaWorkOrStudiesAtExit'), nacka, {
      koladaWorkOrStudiesAtExit: { qualifies: { outcomes: ['regularEmployment', 'nystartsjobb'], stepsCompleted: ['step9'] } },
    });
    expect(r!.warnings).toEqual(['koladaWorkOrStudiesAtExit: the programme has no outcome "nystartsjobb"', 'koladaWorkOrStudiesAtExit: the programme has no step "step9"']);
  });

  it('by month N: a step completed or a qualifying exit on or before intake + N months', () => {
    const byYear: IndicatorInput = {
      id: 'workByMonth12',
      label: { sv: 'Arbete inom 12 månader', en: 'Work within 12 months' },
      window: { type: 'byMonth', months: 12 },
      denominator: { population: 'admitted', excludeOutcomes: ['movedAway'] },
      qualifies: { categories: ['employment'], stepsCompleted: ['step5'] },
      target: 0.1,
    };
    const rows: TrajectoryRow[] = [
      { referredDay: 0, admittedDay: 0, exitDay: 300, outcome: 'permanentPost', completed: { step5: 300 } },
      { referredDay: 0, admittedDay: 0, exitDay: 400, outcome: 'temporaryPost' },
      { referredDay: 0, admittedDay: 0, exitDay: 100, outcome: 'movedAway' },
      { referredDay: 0, admittedDay: 0, completed: { step5: 200 } },
      { referredDay: 0, admittedDay: 0 },
      { referredDay: 0, admittedDay: 500 },
    ];
    const r = buildReport(ljusnarsberg, trajectoriesFromRows(ljusnarsberg, frame, rows), { indicators: [IndicatorSchema.parse(byYear)] });
    // Denominator: rows 1, 2, 4, 5 (row 3 moved away, row 6 not followed 12 months). Numerator: rows 1 and 4.
    expect(r.indicators[0]!.estimate).toMatchObject({ k: 2, n: 4, share: 0.5 });
    expect(r.indicators[0]!.met).toBe(true);
    expect(r.targets.find((t) => t.id === 'workByMonth12')).toMatchObject({ met: true, target: 0.1, byMonth: 12 });
  });
});

describe('indicator files are validated', () => {
  it('refuses a byMonth window over those who exited', () => {
    const result = IndicatorSchema.safeParse({ id: 'x', label: 'x', window: { type: 'byMonth', months: 3 }, denominator: 'exited' });
    expect(result.success).toBe(false);
  });

  it('points at the line of a mistake', () => {
    const text = ['indicators:', '  - id: x', '    label: X', '    window: { type: atExit, withinWeeks: 4 }', '    denominator: exited', '    qualifies: { outcome: [work] }'].join('\n');
    const result = parseIndicatorsYaml(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]).toMatchObject({ code: 'config.unknown_field', path: ['indicators', 0, 'qualifies', 'outcome'] });
      expect(result.issues[0]!.location?.line).toBe(6);
    }
  });
});
