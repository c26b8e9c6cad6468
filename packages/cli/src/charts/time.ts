import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Breakdown, Report } from '../report-types.js';
import { LINE, colours, el, linear, linesEl, niceMax, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

const DAYS_PER_MONTH = 365.25 / 12;

/** Time in the programme (Kaplan–Meier quartiles, in months): everyone, then each group of a breakdown. */
export function timeChart(report: Report, b: Breakdown | undefined, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const months = (d: number | null) => (d === null ? null : d / DAYS_PER_MONTH);
  const horizon = report.simulation.horizonDays / DAYS_PER_MONTH;
  const rows = [
    { label: t('Alla', 'Everyone'), tip: report.timeInProgramme },
    ...(b?.groups ?? []).filter((g) => g.timeInProgramme.n > 0).map((g) => ({ label: g.label, tip: g.timeInProgramme })),
  ].map((r) => {
    const median = months(r.tip.medianDays);
    return {
      lines: wrap(r.label, 22),
      q1: months(r.tip.q1Days),
      median,
      q3: months(r.tip.q3Days),
      said: median === null ? t(`median över ${f.int(horizon)} mån`, `median over ${f.int(horizon)} months`) : `${t('median', 'median')} ${f.dec(median)} ${t('mån', 'months')}`,
    };
  });
  const W = 760;
  const left = Math.min(240, Math.max(110, widest(rows.flatMap((r) => r.lines)) + 16));
  const right = Math.max(...rows.map((r) => textWidth(r.said))) + 20;
  const heights = rows.map((r) => Math.max(34, r.lines.length * LINE + 12));
  const top = 28;
  const H = top + heights.reduce((a, c) => a + c, 0) + 40;
  const x = linear([0, niceMax(horizon, 6)], [left, W - right]);
  const parts: string[] = [];
  for (const v of ticks(0, x.domain[1], 6)) {
    parts.push(el('line', { x1: x(v), x2: x(v), y1: top - 4, y2: H - 34, stroke: colours.grid }));
    parts.push(textEl(x(v), H - 18, f.int(v), { 'text-anchor': 'middle', class: 'axis' }));
  }
  parts.push(textEl(W - right, H - 4, t('månader i programmet', 'months in the programme'), { 'text-anchor': 'end', class: 'axis' }));
  parts.push(
    el(
      'g',
      { class: 'legend' },
      el('rect', { x: left, y: 6, width: 22, height: 12, fill: colours.pale, stroke: colours.bar }),
      textEl(left + 28, 16, t('hälften av vistelserna (kvartil 1–3)', 'the middle half of stays (quartiles 1–3)')),
      el('line', { x1: left + 320, x2: left + 320, y1: 4, y2: 20, stroke: colours.ink, 'stroke-width': 3 }),
      textEl(left + 328, 16, t('median', 'median')),
    ),
  );
  let y = top;
  rows.forEach((r, i) => {
    const h = heights[i]!;
    const mid = y + h / 2;
    const lo = r.q1 ?? 0;
    const hi = r.q3 ?? horizon;
    const g: string[] = [linesEl(left - 8, mid, r.lines, { 'text-anchor': 'end', class: 'label' })];
    g.push(el('rect', { x: x(lo), y: mid - 10, width: Math.max(1, x(hi) - x(lo)), height: 20, fill: colours.pale, stroke: colours.bar, 'data-value': (r.median ?? horizon).toFixed(2), 'stroke-dasharray': r.q3 === null ? '4 3' : undefined }));
    if (r.median !== null) g.push(el('line', { x1: x(r.median), x2: x(r.median), y1: mid - 13, y2: mid + 13, stroke: colours.ink, 'stroke-width': 3 }));
    g.push(textEl(W - right + 10, mid + 4, r.said, { class: 'value' }));
    parts.push(el('g', { class: 'row' }, ...g));
    y += h;
  });
  const desc = rows.map((r) => `${r.lines.join(' ')}: ${r.said}`).join('; ');
  return svg('time', W, H, t('Tid i programmet', 'Time in the programme'), desc, parts);
}
