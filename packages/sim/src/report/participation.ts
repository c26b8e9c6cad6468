import type { Lang, Programme } from '@stegvis/core';
import type { Behaviour } from '../behaviour/schema.js';
import type { OccupancySection } from './schema.js';

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Occupancy weighted by participation intensity: full-time equivalents beside the head count, where the programme
 * records intensity and the behaviour model gives its distribution. Intensity does not change the simulated path,
 * so each week's full-time equivalents are its mean head count times the distribution's mean share of full time.
 */
export function withFullTimeEquivalents(programme: Programme, occupancy: OccupancySection, intensity: Behaviour['intensity'] | undefined): OccupancySection {
  if (!programme.config.intensity || !intensity || intensity.length === 0) return occupancy;
  const percent = intensity.reduce((a, x) => a + x.percent * x.share, 0);
  return {
    ...occupancy,
    weekly: occupancy.weekly.map((w) => ({ ...w, fullTimeEquivalents: r6((w.mean * percent) / 100) })),
    summary: { ...occupancy.summary, meanFullTimeEquivalents: r6((occupancy.summary.meanOccupancy * percent) / 100), meanPercentOfFullTime: r6(percent) },
  };
}

/** What the simulation does not model of the programme, said on the report (and by the CLI before it runs). */
export function notSimulated(programme: Programme, lang: Lang): string[] {
  return programme.config.compliance.length > 0
    ? [
        lang === 'sv'
          ? `Följsamhetsreglerna (${programme.config.compliance.map((r) => r.id).join(', ')}) simuleras inte: simuleringen modellerar ingen närvaro, frånvaro eller avvikelse, så ingen simulerad deltagare flaggas. Följsamheten läses ur motorns händelser (notCompliant), inte ur simuleringen.`
          : `The compliance rules (${programme.config.compliance.map((r) => r.id).join(', ')}) are not simulated: the simulation models no attendance, absence or deviation, so no simulated participant is flagged. Read compliance from the engine's events (notCompliant), not from the simulation.`,
      ]
    : [];
}
