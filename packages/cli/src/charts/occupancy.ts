import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { colours, el, linear, niceMax, palette, svg, textEl, textWidth, ticks } from './svg.js';

const path = (pts: readonly (readonly [number, number])[]) => pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

const DAY_MS = 86_400_000;
const isoPlus = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The first day of each calendar month in the simulated period, as simulation days: the time axis reads
 * "jan. 2026, feb., mars …" from the intake start, not "week 0 … week 100". With many months, every
 * second, third or sixth is labelled; a year's first month always says its year.
 */
export function monthTicks(startDate: string, days: number): { day: number; iso: string }[] {
  const out: { day: number; iso: string }[] = [];
  const start = new Date(`${startDate}T00:00:00Z`);
  for (let k = 0; ; k++) {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + k, 1));
    const day = Math.round((d.getTime() - start.getTime()) / DAY_MS);
    if (day >= days) break;
    if (day >= 0) out.push({ day, iso: d.toISOString().slice(0, 10) });
  }
  return out;
}

/** Participants in the programme week by week (mean, and the highest day), the waiting list, and the places. */
export function occupancyChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const o = report.occupancy;
  const weeks = o.weekly;
  const W = 760;
  const H = 320;
  const hlines = [
    ...(o.places !== null ? [{ v: o.places, label: `${t('platser', 'places')}: ${f.int(o.places)}`, dash: '8 4', cls: 'capacity' }] : []),
    ...(o.plannedMin !== null ? [{ v: o.plannedMin, label: `${t('planerat minst', 'planned min.')}: ${f.int(o.plannedMin)}`, dash: '2 3', cls: 'planned' }] : []),
  ];
  const m = { left: 56, right: Math.max(40, ...hlines.map((h) => textWidth(h.label) + 14)), top: 34, bottom: 48 };
  const showWaiting = report.simulation.applies.waitingList && weeks.some((w) => w.waitingMax > 0);
  const lastDay = Math.max(1, report.simulation.horizonDays - 1);
  const highest = Math.max(1, o.places ?? 0, o.plannedMin ?? 0, ...weeks.map((w) => Math.max(w.max, showWaiting ? w.waitingMax : 0)));
  const yMax = niceMax(highest * 1.05);
  const x = linear([0, lastDay], [m.left, W - m.right]);
  const y = linear([0, yMax], [H - m.bottom, m.top]);
  const mid = (w: (typeof weeks)[number]) => x(Math.min(lastDay, w.startDay + 3));
  const parts: string[] = [];
  for (const v of ticks(0, yMax, 5)) {
    parts.push(el('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: colours.grid }));
    parts.push(textEl(m.left - 8, y(v) + 4, f.int(v), { 'text-anchor': 'end', class: 'axis' }));
  }
  // Label every k-th month (January, April, July, October for k = 3), k as small as the labels allow;
  // January and the first label carry the year.
  const months = monthTicks(report.simulation.startDate, report.simulation.horizonDays);
  const perMonth = (W - m.left - m.right) / Math.max(1, months.length);
  const every = [1, 2, 3, 6, 12].find((k) => k * perMonth >= (textWidth(f.monthYear('2026-09-01')) + textWidth(f.month('2026-09-01'))) / 2 + 10) ?? 12;
  let labelled = 0;
  for (const mt of months) {
    parts.push(el('line', { x1: x(mt.day), x2: x(mt.day), y1: H - m.bottom, y2: H - m.bottom + 5, stroke: colours.muted }));
    const monthNumber = Number(mt.iso.slice(5, 7));
    if ((monthNumber - 1) % every !== 0) continue;
    const text = labelled === 0 || monthNumber === 1 ? f.monthYear(mt.iso) : f.month(mt.iso);
    parts.push(textEl(x(mt.day), H - m.bottom + 18, text, { 'text-anchor': 'middle', class: 'axis', 'data-month': mt.iso.slice(0, 7) }));
    labelled++;
  }
  parts.push(textEl(m.left, H - 8, t(`kalendermånader från ${report.simulation.startDate}`, `calendar months from ${report.simulation.startDate}`), { class: 'axis' }));
  if (weeks.length > 0) {
    const top = weeks.map((w) => [mid(w), y(w.max)] as const);
    const bottom = weeks.map((w) => [mid(w), y(w.mean)] as const).reverse();
    parts.push(el('path', { d: `${path(top)}${path(bottom).replace(/^M/, 'L')}Z`, fill: colours.band, stroke: 'none', class: 'band' }));
    parts.push(el('path', { d: path(weeks.map((w) => [mid(w), y(w.mean)])), fill: 'none', stroke: palette[0], 'stroke-width': 2.5, class: 'series', 'data-series': 'occupancy', 'data-points': weeks.length }));
    if (showWaiting)
      parts.push(el('path', { d: path(weeks.map((w) => [mid(w), y(w.waitingMean)])), fill: 'none', stroke: palette[1], 'stroke-width': 2, 'stroke-dasharray': '6 3', class: 'series', 'data-series': 'waiting', 'data-points': weeks.length }));
  }
  for (const h of hlines) {
    parts.push(el('line', { x1: m.left, x2: W - m.right, y1: y(h.v), y2: y(h.v), stroke: colours.ink, 'stroke-width': 1.5, 'stroke-dasharray': h.dash, class: h.cls }));
    parts.push(textEl(W - m.right + 6, y(h.v) + 4, h.label, { class: 'label' }));
  }
  const legendItems = [
    { mark: (x0: number) => el('line', { x1: x0, x2: x0 + 22, y1: 12, y2: 12, stroke: palette[0], 'stroke-width': 2.5 }), text: t('i programmet (medel)', 'in the programme (mean)') },
    { mark: (x0: number) => el('rect', { x: x0, y: 6, width: 22, height: 12, fill: colours.band }), text: t('upp till högsta dag', 'up to the highest day') },
    ...(showWaiting ? [{ mark: (x0: number) => el('line', { x1: x0, x2: x0 + 22, y1: 12, y2: 12, stroke: palette[1], 'stroke-width': 2, 'stroke-dasharray': '6 3' }), text: t('väntelista (medel)', 'waiting list (mean)') }] : []),
  ];
  let lx = m.left;
  const legend = el(
    'g',
    { class: 'legend' },
    ...legendItems.map((it) => {
      const g = it.mark(lx) + textEl(lx + 28, 16, it.text);
      lx += 28 + textWidth(it.text) + 18;
      return g;
    }),
  );
  const s = o.summary;
  const desc = `${t('Högst', 'Peak')} ${f.int(s.maxOccupancy)}${o.places !== null ? ` ${t('mot', 'against')} ${f.int(o.places)} ${t('platser', 'places')}` : ''}; ${t('medel', 'mean')} ${f.dec(s.meanOccupancy)}${o.places !== null ? `; ${t('veckor över antalet platser', 'weeks over the places')}: ${s.weeksOverPlaces}` : ''}; ${t('från', 'from')} ${report.simulation.startDate} ${t('till', 'to')} ${isoPlus(report.simulation.startDate, lastDay)}.`;
  return svg('occupancy', W, H, o.places !== null ? t('Beläggning över tid mot platserna', 'Occupancy over time against the places') : t('Beläggning över tid', 'Occupancy over time'), desc, [...parts, legend]);
}
