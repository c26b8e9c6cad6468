import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { colours, el, linear, niceMax, palette, svg, textEl, ticks } from './svg.js';

const path = (pts: readonly (readonly [number, number])[]) => pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

/** Participants in the programme week by week (mean, and the highest day), the waiting list, and the places. */
export function occupancyChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const o = report.occupancy;
  const weeks = o.weekly;
  const W = 760;
  const H = 320;
  const m = { left: 56, right: 130, top: 34, bottom: 44 };
  const lastWeek = Math.max(1, weeks.length - 1);
  const highest = Math.max(1, o.places ?? 0, o.plannedMin ?? 0, ...weeks.map((w) => Math.max(w.max, w.waitingMax)));
  const yMax = niceMax(highest * 1.05);
  const x = linear([0, lastWeek], [m.left, W - m.right]);
  const y = linear([0, yMax], [H - m.bottom, m.top]);
  const parts: string[] = [];
  for (const v of ticks(0, yMax, 5)) {
    parts.push(el('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: colours.grid }));
    parts.push(textEl(m.left - 8, y(v) + 4, f.int(v), { 'text-anchor': 'end', class: 'axis' }));
  }
  for (const w of ticks(0, lastWeek, 8)) parts.push(textEl(x(w), H - m.bottom + 18, `${t('v.', 'wk')} ${w}`, { 'text-anchor': 'middle', class: 'axis' }));
  parts.push(textEl(m.left, H - 6, t('veckor från simuleringens start', 'weeks from the start of the simulation'), { class: 'axis' }));
  if (weeks.length > 0) {
    const top = weeks.map((w) => [x(w.week), y(w.max)] as const);
    const bottom = weeks.map((w) => [x(w.week), y(w.mean)] as const).reverse();
    parts.push(el('path', { d: `${path(top)}${path(bottom).replace(/^M/, 'L')}Z`, fill: colours.band, stroke: 'none', class: 'band' }));
    parts.push(el('path', { d: path(weeks.map((w) => [x(w.week), y(w.mean)])), fill: 'none', stroke: palette[0], 'stroke-width': 2.5, class: 'series', 'data-series': 'occupancy', 'data-points': weeks.length }));
    if (weeks.some((w) => w.waitingMax > 0))
      parts.push(el('path', { d: path(weeks.map((w) => [x(w.week), y(w.waitingMean)])), fill: 'none', stroke: palette[1], 'stroke-width': 2, 'stroke-dasharray': '6 3', class: 'series', 'data-series': 'waiting', 'data-points': weeks.length }));
  }
  const hline = (v: number, label: string, dash: string, cls: string) => {
    parts.push(el('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: colours.ink, 'stroke-width': 1.5, 'stroke-dasharray': dash, class: cls }));
    parts.push(textEl(W - m.right + 6, y(v) + 4, label, { class: 'label' }));
  };
  if (o.places !== null) hline(o.places, `${t('platser', 'places')}: ${f.int(o.places)}`, '8 4', 'capacity');
  if (o.plannedMin !== null) hline(o.plannedMin, `${t('planerat minst', 'planned min.')}: ${f.int(o.plannedMin)}`, '2 3', 'planned');
  const legend = el(
    'g',
    { class: 'legend' },
    el('line', { x1: m.left, x2: m.left + 22, y1: 12, y2: 12, stroke: palette[0], 'stroke-width': 2.5 }),
    textEl(m.left + 28, 16, t('i programmet (medel)', 'in the programme (mean)')),
    el('rect', { x: m.left + 200, y: 6, width: 22, height: 12, fill: colours.band }),
    textEl(m.left + 228, 16, t('upp till högsta dag', 'up to the highest day')),
    weeks.some((w) => w.waitingMax > 0) ? el('line', { x1: m.left + 390, x2: m.left + 412, y1: 12, y2: 12, stroke: palette[1], 'stroke-width': 2, 'stroke-dasharray': '6 3' }) : '',
    weeks.some((w) => w.waitingMax > 0) ? textEl(m.left + 418, 16, t('väntelista (medel)', 'waiting list (mean)')) : '',
  );
  const s = o.summary;
  const desc = `${t('Högst', 'Peak')} ${f.int(s.maxOccupancy)}${o.places !== null ? ` ${t('mot', 'against')} ${f.int(o.places)} ${t('platser', 'places')}` : ''}; ${t('medel', 'mean')} ${f.dec(s.meanOccupancy)}; ${t('veckor över antalet platser', 'weeks over the places')}: ${s.weeksOverPlaces}.`;
  return svg('occupancy', W, H, t('Beläggning över tid mot platserna', 'Occupancy over time against the places'), desc, ...parts, legend);
}
