import type { Fact } from '@stegvis/core';
import { type Cohort, isAdmitted } from './cohort.js';
import type { Breakdown } from './schema.js';
import { deadlinesSection, outcomesSection, stepSections, timeInProgrammeSection, weeklyMeanOccupancy } from './sections.js';

type Split = Extract<Fact, { type: 'enum' | 'boolean' }>;

/** The facts the programme marks `breakdown: true`: every report gets a section for each (ESF+ asks for gender). */
export const breakdownFacts = (c: Cohort): string[] => [...c.programme.factsById.values()].filter((f) => f.type !== 'number' && f.breakdown).map((f) => f.id);

/** A fact's groups: its values in order (no, yes for a yes/no fact), then `unknown` when some rows lack it. */
function groupsOf(c: Cohort, fact: Split): { value: string; label: string; code: number }[] {
  const values = c.t.facts[fact.id]!;
  const size = fact.type === 'enum' ? fact.values.length : 2;
  let anyUnknown = false;
  for (let i = 0; i < c.t.n && !anyUnknown; i++) if (values[i]! < 0 || values[i]! >= size) anyUnknown = true;
  const known =
    fact.type === 'enum'
      ? fact.values.map((v, k) => ({ value: v.id, label: v.label[c.lang], code: k }))
      : [
          { value: 'true', label: c.lang === 'sv' ? 'Ja' : 'Yes', code: 1 },
          { value: 'false', label: c.lang === 'sv' ? 'Nej' : 'No', code: 0 },
        ];
  return [...known, ...(anyUnknown ? [{ value: 'unknown', label: c.lang === 'sv' ? 'Okänt' : 'Unknown', code: -1 }] : [])];
}

/** Rows whose fact has the value coded `code` (−1: unknown). */
function rowsWhere(c: Cohort, fact: Split, code: number): Int32Array {
  const values = c.t.facts[fact.id]!;
  const size = fact.type === 'enum' ? fact.values.length : 2;
  const out: number[] = [];
  for (let i = 0; i < c.t.n; i++) if ((values[i]! < 0 || values[i]! >= size ? -1 : values[i]!) === code) out.push(i);
  return Int32Array.from(out);
}

/** Every section of the report (steps, outcomes, weekly occupancy, time, deadlines) for each group of each fact. */
export function breakdowns(c: Cohort, facts: readonly string[]): Breakdown[] {
  return facts.flatMap((id): Breakdown[] => {
    const fact = c.programme.factsById.get(id);
    if (!fact || fact.type === 'number' || !c.t.facts[id]) return [];
    return [
      {
        fact: id,
        label: fact.label[c.lang],
        groups: groupsOf(c, fact).map((g) => {
          const rows = rowsWhere(c, fact, g.code);
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
