import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProgramme } from '@stegvis/testing';
import { ReportSchema } from '../src/report/schema.js';
import { buildReport } from '../src/report/build.js';
import { simulateSync } from '../src/internal/simulate/simulate.js';
import { validateBehaviourYaml } from '../src/behaviour/check.js';

const nacka = loadProgramme(new URL('../../../examples/nacka/programme.yaml', import.meta.url));
const ljusnarsberg = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));
const nackaBehaviour = readFileSync(new URL('../../../examples/nacka/behaviour.yaml', import.meta.url), 'utf8');

describe('participation in the simulation and the report', () => {
  // Nacka (seed 004): "Under 2001 var det i snitt 50 deltagare inskrivna per vecka. Ett fåtal av dessa deltog i verksamheten på heltid."
  it('weights occupancy by the behaviour model\'s intensity distribution: full-time equivalents beside the head count', () => {
    const b = validateBehaviourYaml(nacka, nackaBehaviour);
    if (!b.ok) throw new Error('behaviour');
    const t = simulateSync(nacka, b.value, { cohort: 200, months: 6, seed: 3 });
    const report = ReportSchema.parse(buildReport(nacka, t, { intensity: b.value.intensity }));
    // 0.15 × 100 + 0.55 × 60 + 0.3 × 40 = 60 % of full time on average.
    expect(report.occupancy.summary.meanPercentOfFullTime).toBeCloseTo(60, 9);
    expect(report.occupancy.summary.meanFullTimeEquivalents).toBeCloseTo(report.occupancy.summary.meanOccupancy * 0.6, 5);
    for (const w of report.occupancy.weekly) expect(w.fullTimeEquivalents).toBeCloseTo(w.mean * 0.6, 5);
    // Without a distribution, or for a programme without intensity, only head counts.
    const plain = buildReport(nacka, t);
    expect(plain.occupancy.summary.meanFullTimeEquivalents).toBeUndefined();
    expect(plain.occupancy.weekly[0]).not.toHaveProperty('fullTimeEquivalents');
  });

  it('says on the report that compliance rules are not simulated, and nothing of it for a programme without them', () => {
    const b = validateBehaviourYaml(nacka, nackaBehaviour);
    if (!b.ok) throw new Error('behaviour');
    const t = simulateSync(nacka, b.value, { cohort: 50, months: 3, seed: 1 });
    expect(buildReport(nacka, t, { lang: 'sv' }).notes).toContainEqual(expect.stringContaining('Följsamhetsreglerna (missedAgreedAttendance) simuleras inte'));
    const lb = validateBehaviourYaml(ljusnarsberg, readFileSync(new URL('../../../examples/ljusnarsberg/behaviour.yaml', import.meta.url), 'utf8'));
    if (!lb.ok) throw new Error('behaviour');
    const lt = simulateSync(ljusnarsberg, lb.value, { cohort: 50, months: 3, seed: 1 });
    expect(buildReport(ljusnarsberg, lt).notes.join(' ')).not.toContain('compliance');
  });

  it('refuses an intensity distribution the programme cannot take, with the path', () => {
    const forLjusnarsberg = `programme: ljusnarsberg\nintensity:\n  - { percent: 100, daysPerWeek: 5, share: 1 }\n`;
    const r = validateBehaviourYaml(ljusnarsberg, forLjusnarsberg);
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual([['intensity']]);
    const shares = validateBehaviourYaml(nacka, `programme: nacka\nintensity:\n  - { percent: 100, daysPerWeek: 5, share: 0.5 }\n`);
    expect(!shares.ok && shares.issues[0]).toMatchObject({ path: ['intensity'], message: expect.stringContaining('add up to 1') });
    const days = validateBehaviourYaml(nacka, `programme: nacka\nintensity:\n  - { percent: 100, daysPerWeek: 6, share: 1 }\n`);
    expect(!days.ok && days.issues[0]).toMatchObject({ path: ['intensity', 0, 'daysPerWeek'] });
  });
});
