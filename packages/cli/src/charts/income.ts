import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { IncomeLevel } from '../report-types.js';
import { LINE, colour, colours, el, linear, linesEl, niceMax, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

const path = (pts: readonly (readonly [number, number])[]) => pts.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');

/**
 * Those who left with work or studies covering the whole income, part of it, or none, month by month
 * after intake (shares of those admitted and followed that long, with a 95 % band), and each target at
 * its month: "10 % with their whole income by month 12".
 */
export function incomeChart(levels: readonly IncomeLevel[], lang: Lang, f: Formatters, key = 'income'): string | undefined {
  const t = say(lang);
  const shown = levels.filter((l) => l.byMonth.some((p) => p.estimate !== null));
  if (shown.length === 0) return undefined;
  const months = Math.max(...shown.map((l) => l.byMonth.length));
  const labels = shown.map((l) => wrap(l.label, 20));
  const right = Math.max(120, widest(labels.flat()) + 20);
  const W = 760;
  const H = 320;
  const m = { left: 56, right, top: 30, bottom: 46 };
  const highest = Math.max(0.05, ...shown.flatMap((l) => [...l.byMonth.map((p) => p.estimate?.ci[1] ?? 0), l.target?.target ?? 0]));
  const yMax = Math.min(1, niceMax(highest * 1.1));
  const x = linear([1, Math.max(2, months)], [m.left, W - m.right]);
  const y = linear([0, yMax], [H - m.bottom, m.top]);
  const parts: string[] = [];
  for (const v of ticks(0, yMax, 5)) {
    parts.push(el('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: colours.grid }));
    parts.push(textEl(m.left - 8, y(v) + 4, f.pct(v), { 'text-anchor': 'end', class: 'axis' }));
  }
  for (const v of ticks(1, Math.max(2, months), 8).filter((v) => v >= 1 && Number.isInteger(v))) parts.push(textEl(x(v), H - m.bottom + 18, String(v), { 'text-anchor': 'middle', class: 'axis' }));
  parts.push(textEl(m.left, H - 6, t('månader efter antagningen', 'months after admission'), { class: 'axis' }));
  // Line-end labels, moved apart where two lines end close together.
  const ends = shown
    .map((l, i) => {
      const pts = l.byMonth.filter((p) => p.estimate !== null);
      const last = pts[pts.length - 1];
      return { i, y: last ? y(last.estimate!.share) : y(0), h: labels[i]!.length * LINE };
    })
    .sort((a, b) => a.y - b.y);
  for (let k = 1; k < ends.length; k++) ends[k]!.y = Math.max(ends[k]!.y, ends[k - 1]!.y + (ends[k - 1]!.h + ends[k]!.h) / 2 + 2);
  const over = ends.length > 0 ? ends[ends.length - 1]!.y + ends[ends.length - 1]!.h / 2 - (H - m.bottom) : 0;
  if (over > 0) for (const e of ends) e.y -= over;
  const endY = new Map(ends.map((e) => [e.i, e.y]));
  // Targets at the same month and share are written one above the other.
  const stacked = new Map<string, number>();
  shown.forEach((l, i) => {
    const pts = l.byMonth.filter((p) => p.estimate !== null);
    const c = colour(i);
    const band = [...pts.map((p) => [x(p.month), y(p.estimate!.ci[1])] as const), ...[...pts].reverse().map((p) => [x(p.month), y(p.estimate!.ci[0])] as const)];
    parts.push(el('path', { d: `${path(band)}Z`, fill: c, 'fill-opacity': 0.12, stroke: 'none' }));
    parts.push(el('path', { d: path(pts.map((p) => [x(p.month), y(p.estimate!.share)])), fill: 'none', stroke: c, 'stroke-width': 2.5, class: 'series', 'data-series': l.income, 'data-points': pts.length }));
    if (pts.length > 0) parts.push(linesEl(W - m.right + 8, endY.get(i)!, labels[i]!, { class: 'label', fill: c }));
    if (l.target && l.target.byMonth !== null && l.target.byMonth <= months) {
      const tx = x(l.target.byMonth);
      const ty = y(l.target.target);
      const at = `${l.target.byMonth}:${l.target.target}`;
      const k = stacked.get(at) ?? 0;
      stacked.set(at, k + 1);
      const verdict = l.target.met === null ? '' : l.target.met ? '✓ ' : '✗ ';
      const text = `${verdict}${t('mål', 'target')} ${f.pct(l.target.target)}: ${l.label.toLowerCase()}`;
      const cls = l.target.met ? 'pass' : 'fail';
      const ly = ty - 8 - k * LINE;
      parts.push(
        el(
          'g',
          { class: 'target', 'data-target': l.target.id, 'data-value': l.target.target },
          el('line', { x1: tx - 9, x2: tx + 9, y1: ty, y2: ty, stroke: colours.target, 'stroke-width': 3 }),
          el('circle', { cx: tx - 14 - textWidth(text) - 8 >= 0 ? tx - 14 : tx + 14, cy: ly - 4, r: 4, fill: c }),
          // Left of the mark, unless that would run past the chart's edge.
          tx - 22 - textWidth(text) >= 0
            ? textEl(tx - 22, ly, text, { 'text-anchor': 'end', class: cls, fill: l.target.met ? colours.pass : colours.fail })
            : textEl(tx + 22, ly, text, { class: cls, fill: l.target.met ? colours.pass : colours.fail }),
        ),
      );
    }
  });
  const desc = shown
    .map((l) => {
      const at = l.target?.byMonth ?? months;
      const e = l.byMonth[at - 1]?.estimate;
      return `${l.label}: ${e ? f.pct1(e.share) : '–'} ${t(`vid månad ${at}`, `by month ${at}`)}${l.target ? ` (${t('mål', 'target')} ${f.pct(l.target.target)})` : ''}`;
    })
    .join('; ');
  return svg('income', W, H, t('Avslut efter försörjning', 'Exits by income'), desc, parts, key);
}
