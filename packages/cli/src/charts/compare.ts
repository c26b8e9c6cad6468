import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { LINE, colours, el, linear, linesEl, palette, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

export interface Variant {
  readonly name: string;
  readonly report: Report;
}

/** Every target either variant has: its label, target share and month, and each variant's estimate. */
export function comparedTargets(a: Report, b: Report) {
  const all = (r: Report) => [...r.targets, ...r.outcomes.byIncome.flatMap((l) => (l.target ? [l.target] : []))];
  const ids = [...new Set([...all(a), ...all(b)].map((x) => x.id))];
  return ids.map((id) => {
    const ta = all(a).find((x) => x.id === id);
    const tb = all(b).find((x) => x.id === id);
    const any = (ta ?? tb)!;
    return { id, label: any.label, target: any.target, byMonth: any.byMonth, a: ta ?? null, b: tb ?? null };
  });
}

/** Two variants side by side: for each target, both shares with their intervals, and the target. */
export function compareChart(a: Variant, b: Variant, lang: Lang, f: Formatters): string | undefined {
  const t = say(lang);
  const rows = comparedTargets(a.report, b.report).map((r) => ({
    ...r,
    lines: wrap(r.label, 24),
    said: `${r.a?.estimate ? f.pct(r.a.estimate.share) : '–'} · ${r.b?.estimate ? f.pct(r.b.estimate.share) : '–'} (${t('mål', 'target')} ${f.pct(r.target)})`,
  }));
  if (rows.length === 0) return undefined;
  const W = 760;
  const left = Math.min(260, Math.max(110, widest(rows.flatMap((r) => r.lines)) + 16));
  const right = Math.max(...rows.map((r) => textWidth(r.said))) + 20;
  const heights = rows.map((r) => Math.max(44, r.lines.length * LINE + 14));
  const top = 48;
  const H = top + heights.reduce((x, c) => x + c, 0) + 34;
  const x = linear([0, 1], [left, W - right]);
  const parts = ticks(0, 1, 5).map((v) => el('line', { x1: x(v), x2: x(v), y1: top - 6, y2: H - 28, stroke: colours.grid }) + textEl(x(v), H - 12, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }));
  const names = [a.name, b.name];
  names.forEach((n, i) => parts.push(el('rect', { x: 10, y: 6 + i * 20, width: 12, height: 12, fill: palette[i === 0 ? 0 : 1] }), textEl(28, 16 + i * 20, `${i === 0 ? 'A' : 'B'}: ${n}`, { class: 'legend' })));
  let y = top;
  rows.forEach((r, i) => {
    const h = heights[i]!;
    const mid = y + h / 2;
    const g = [linesEl(left - 8, mid, r.lines, { 'text-anchor': 'end', class: 'label' })];
    [r.a, r.b].forEach((v, k) => {
      const e = v?.estimate;
      if (!e) return;
      const cy = mid + (k === 0 ? -8 : 8);
      g.push(el('rect', { x: x(0), y: cy - 6, width: Math.max(0.5, x(e.share) - x(0)), height: 12, fill: palette[k === 0 ? 0 : 1], 'data-value': e.share.toFixed(4), 'data-variant': k === 0 ? 'a' : 'b' }));
      g.push(el('line', { x1: x(e.ci[0]), x2: x(e.ci[1]), y1: cy, y2: cy, stroke: colours.ink, 'stroke-width': 1.2 }));
    });
    g.push(el('line', { x1: x(r.target), x2: x(r.target), y1: mid - 16, y2: mid + 16, stroke: colours.target, 'stroke-width': 3, class: 'target' }));
    g.push(textEl(W - right + 10, mid + 4, r.said, { class: 'value' }));
    parts.push(el('g', { class: 'row', 'data-target': r.id }, ...g));
    y += h;
  });
  const width = Math.max(W, 40 + Math.max(...names.map((n) => textWidth(`A: ${n}`))));
  return svg('compare', width, H, t('Två varianter mot målen', 'Two variants against the targets'), rows.map((r) => `${r.label}: ${r.said}`).join('; '), parts);
}
