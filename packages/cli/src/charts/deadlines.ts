import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { LINE, el, linear, linesEl, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

const fills = { onTime: '#0072B2', late: '#E69F00', missed: '#D55E00' } as const;

/** For each kind of deadline, the share met on time, met late and missed. */
export function deadlinesChart(report: Report, lang: Lang, f: Formatters): string | undefined {
  const t = say(lang);
  const kinds = report.deadlines.filter((d) => d.total > 0).map((d) => ({ ...d, lines: wrap(d.label, 22) }));
  if (kinds.length === 0) return undefined;
  const W = 760;
  const left = Math.min(220, Math.max(100, widest(kinds.flatMap((k) => k.lines)) + 16));
  const right = 30;
  const heights = kinds.map((k) => Math.max(30, k.lines.length * LINE + 10));
  const top = 30;
  const H = top + heights.reduce((a, c) => a + c, 0) + 30;
  const x = linear([0, 1], [left, W - right]);
  const series = [
    { key: 'metOnTime', label: t('i tid', 'on time'), fill: fills.onTime },
    { key: 'metLate', label: t('sent', 'late'), fill: fills.late },
    { key: 'missed', label: t('missad', 'missed'), fill: fills.missed },
  ] as const;
  let lx = left;
  const parts: string[] = series.map((s) => {
    const g = el('rect', { x: lx, y: 6, width: 12, height: 12, fill: s.fill }) + textEl(lx + 18, 16, s.label, { class: 'legend' });
    lx += 18 + textWidth(s.label) + 24;
    return g;
  });
  for (const v of ticks(0, 1, 4)) parts.push(textEl(x(v), H - 10, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }));
  let y = top;
  kinds.forEach((d, i) => {
    const h = heights[i]!;
    let acc = 0;
    const segs = series.map((s) => {
      const c = d[s.key];
      const x0 = x(acc / d.total);
      acc += c;
      return c === 0 ? '' : el('rect', { x: x0, y: y + 5, width: x(acc / d.total) - x0, height: h - 10, fill: s.fill, stroke: '#fff', 'data-value': c }, el('title', {}, `${s.label}: ${f.pct(c / d.total)}`));
    });
    parts.push(el('g', { class: 'row', 'data-kind': d.kind }, linesEl(left - 8, y + h / 2, d.lines, { 'text-anchor': 'end', class: 'label' }), ...segs));
    y += h;
  });
  const desc = kinds.map((d) => `${d.label}: ${d.shareOnTime === null ? '–' : f.pct(d.shareOnTime)} ${t('i tid', 'on time')}`).join('; ');
  return svg('deadlines', W, H, t('Tidsfrister som hölls', 'Deadlines kept'), desc, parts);
}
