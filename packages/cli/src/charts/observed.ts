import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { ObservedComparison } from '../report-types.js';
import { LINE, colours, el, linear, linesEl, niceMax, palette, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

/** Per category: the observed share with its Wilson interval (black) and the simulated share with its interval (blue). */
export function observedChart(c: ObservedComparison, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const rows = c.categories.map((r) => ({
    ...r,
    lines: wrap(r.label, 26),
    said: `${t('obs.', 'obs.')} ${f.pct1(r.observed.share)} · ${t('sim.', 'sim.')} ${r.simulated ? f.pct1(r.simulated.share) : '–'}`,
  }));
  const W = 760;
  const left = Math.min(260, Math.max(110, widest(rows.flatMap((r) => r.lines)) + 16));
  const right = Math.max(...rows.map((r) => textWidth(r.said))) + 20;
  const heights = rows.map((r) => Math.max(40, r.lines.length * LINE + 14));
  const top = 30;
  const H = top + heights.reduce((a, b) => a + b, 0) + 34;
  const hi = Math.min(1, niceMax(Math.max(...rows.flatMap((r) => [r.observed.ci[1], r.simulated?.ci[1] ?? 0])) * 1.05));
  const x = linear([0, hi], [left, W - right]);
  const parts = ticks(0, hi, 5).map((v) => el('line', { x1: x(v), x2: x(v), y1: top - 6, y2: H - 28, stroke: colours.grid }) + textEl(x(v), H - 12, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }));
  const mark = (cx: number, cy: number, lo: number, hi2: number, stroke: string, cls: string, value: number) =>
    el(
      'g',
      { class: cls, 'data-value': value },
      el('line', { x1: x(lo), x2: x(hi2), y1: cy, y2: cy, stroke, 'stroke-width': 2 }),
      el('line', { x1: x(lo), x2: x(lo), y1: cy - 5, y2: cy + 5, stroke, 'stroke-width': 2 }),
      el('line', { x1: x(hi2), x2: x(hi2), y1: cy - 5, y2: cy + 5, stroke, 'stroke-width': 2 }),
      el('circle', { cx, cy, r: 5, fill: stroke }),
    );
  let y = top;
  rows.forEach((r, i) => {
    const h = heights[i]!;
    const mid = y + h / 2;
    const g = [linesEl(left - 8, mid, r.lines, { 'text-anchor': 'end', class: 'label' }), mark(x(r.observed.share), mid - 7, r.observed.ci[0], r.observed.ci[1], colours.ink, 'observed', r.observed.share)];
    if (r.simulated) g.push(mark(x(r.simulated.share), mid + 7, r.simulated.ci[0], r.simulated.ci[1], palette[0], 'simulated', r.simulated.share));
    g.push(textEl(W - right + 10, mid + 4, r.said, { class: 'value' }));
    parts.push(el('g', { class: 'row', 'data-category': r.id }, ...g));
    y += h;
  });
  const legend = el(
    'g',
    { class: 'legend' },
    el('circle', { cx: left + 6, cy: 12, r: 5, fill: colours.ink }),
    textEl(left + 16, 16, t('observerat (Wilsonintervall)', 'observed (Wilson interval)')),
    el('circle', { cx: left + 286, cy: 12, r: 5, fill: palette[0] }),
    textEl(left + 296, 16, t('simulerat (95 % intervall)', 'simulated (95% interval)')),
  );
  const desc = rows.map((r) => `${r.label}: ${r.said}`).join('; ');
  return svg('observed', W, H, t('Simulerat mot observerat', 'Simulated against observed'), desc, [...parts, legend]);
}
