import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { colour, el, linear, svg, textEl, textWidth } from './svg.js';

/** Who pays the gross cost of the simulated period: each grant, each per-participant-day payment, and the municipality, as one 100 % bar. */
export function fundingChart(cost: NonNullable<Report['cost']>, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const total = cost.funding.reduce((a, s) => a + Math.max(0, s.amount), 0) || 1;
  const W = 760;
  const legend = cost.funding.map((s, i) => ({ ...s, fill: colour(i), text: `${s.label}: ${f.money(s.amount, cost.currency)} (${f.pct(Math.max(0, s.amount) / total)})` }));
  const H = 56 + legend.length * 22;
  const x = linear([0, 1], [10, W - 10]);
  let acc = 0;
  const segs = legend.map((s) => {
    const x0 = x(acc / total);
    acc += Math.max(0, s.amount);
    return el('rect', { x: x0, y: 10, width: Math.max(0, x(acc / total) - x0), height: 26, fill: s.fill, stroke: '#fff', 'data-value': s.amount }, el('title', {}, s.text));
  });
  const rows = legend.map((s, i) => el('g', { class: 'row', 'data-source': s.id }, el('rect', { x: 10, y: 50 + i * 22, width: 12, height: 12, fill: s.fill }), textEl(28, 61 + i * 22, s.text, { class: 'legend' })));
  const width = Math.max(W, 40 + Math.max(...legend.map((s) => textWidth(s.text))));
  return svg('funding', width, H, t('Vem som betalar', 'Who pays'), legend.map((s) => s.text).join('; '), [...segs, ...rows]);
}
