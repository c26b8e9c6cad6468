import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { genderBreakdown } from './outcomes.js';
import { clip, colours, el, linear, niceMax, svg, textEl, ticks } from './svg.js';

const DAYS_PER_MONTH = 365.25 / 12;

interface Row {
  readonly label: string;
  readonly n: number;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
}

/** Time in the programme (Kaplan–Meier quartiles, in months): everyone, then each group of the breakdown. */
export function timeChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const b = genderBreakdown(report);
  const months = (d: number | null) => (d === null ? null : d / DAYS_PER_MONTH);
  const rows: Row[] = [
    { label: t('Alla', 'Everyone'), n: report.timeInProgramme.n, q1: months(report.timeInProgramme.q1Days), median: months(report.timeInProgramme.medianDays), q3: months(report.timeInProgramme.q3Days) },
    ...(b?.groups ?? [])
      .filter((g) => g.timeInProgramme.n > 0)
      .map((g) => ({ label: g.label, n: g.timeInProgramme.n, q1: months(g.timeInProgramme.q1Days), median: months(g.timeInProgramme.medianDays), q3: months(g.timeInProgramme.q3Days) })),
  ];
  const horizon = report.simulation.horizonDays / DAYS_PER_MONTH;
  const W = 760;
  const left = 150;
  const right = 180;
  const rowH = 34;
  const top = 28;
  const H = top + rows.length * rowH + 40;
  const x = linear([0, niceMax(horizon, 6)], [left, W - right]);
  const parts: string[] = [];
  for (const v of ticks(0, x.domain[1], 6)) {
    parts.push(el('line', { x1: x(v), x2: x(v), y1: top - 4, y2: H - 34, stroke: colours.grid }));
    parts.push(textEl(x(v), H - 18, f.int(v), { 'text-anchor': 'middle', class: 'axis' }));
  }
  parts.push(textEl(W - right, H - 4, t('månader i programmet', 'months in the programme'), { 'text-anchor': 'end', class: 'axis' }));
  parts.push(
    el('g', { class: 'legend' },
      el('rect', { x: left, y: 6, width: 22, height: 12, fill: colours.pale, stroke: colours.bar }),
      textEl(left + 28, 16, t('hälften av vistelserna (kvartil 1–3)', 'the middle half of stays (quartiles 1–3)')),
      el('line', { x1: left + 320, x2: left + 320, y1: 4, y2: 20, stroke: colours.ink, 'stroke-width': 3 }),
      textEl(left + 328, 16, t('median', 'median'))),
  );
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const mid = y + rowH / 2;
    const g: string[] = [textEl(left - 8, mid + 4, `${clip(r.label, 16)} (${f.int(r.n)})`, { 'text-anchor': 'end', class: 'label' })];
    const lo = r.q1 ?? 0;
    const hi = r.q3 ?? horizon;
    g.push(el('rect', { x: x(lo), y: y + 7, width: Math.max(1, x(hi) - x(lo)), height: rowH - 14, fill: colours.pale, stroke: colours.bar, 'data-value': (r.median ?? horizon).toFixed(2), 'stroke-dasharray': r.q3 === null ? '4 3' : undefined }));
    if (r.median !== null) g.push(el('line', { x1: x(r.median), x2: x(r.median), y1: y + 4, y2: y + rowH - 4, stroke: colours.ink, 'stroke-width': 3 }));
    const said = r.median === null ? t(`median över ${f.int(horizon)} mån`, `median over ${f.int(horizon)} months`) : `${t('median', 'median')} ${f.dec(r.median)} ${t('mån', 'months')}`;
    g.push(textEl(W - right + 10, mid + 4, said, { class: 'value' }));
    parts.push(el('g', { class: 'row' }, ...g));
  });
  const desc = rows.map((r) => `${r.label}: ${r.median === null ? '–' : f.dec(r.median)}`).join('; ');
  return svg('time', W, H, t('Tid i programmet', 'Time in the programme'), desc, ...parts);
}
