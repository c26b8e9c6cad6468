import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Breakdown, Report } from '../report-types.js';
import { LINE, colour, colours, el, linear, linesEl, niceMax, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

/** A count a manager reads for one cohort: the mean over runs, whole when it is whole. */
export const cohortCount = (mean: number, f: Formatters) => (Number.isInteger(mean) ? f.int(mean) : f.dec(mean));

/**
 * Where one cohort went: each category as the programme names it, with its outcomes beneath when it has
 * more than one (so "moved away" and "discontinued" are not hidden in a sum), and those still in at the
 * end. Counts are per cohort (the mean over runs); shares are of the exits.
 */
export function outcomesChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const o = report.outcomes;
  type Row = { id: string; lines: string[]; count: number; share: number | null; fill: string; sub: boolean };
  const rows: Row[] = [];
  o.byCategory.forEach((c, i) => {
    rows.push({ id: c.id, lines: wrap(c.label, 30), count: c.perRun.mean, share: c.ofExits?.share ?? null, fill: colour(i), sub: false });
    if (c.outcomes.length > 1)
      for (const id of c.outcomes) {
        const x = o.byOutcome.find((b) => b.id === id)!;
        rows.push({ id, lines: wrap(x.label, 30), count: x.perRun.mean, share: x.ofExits?.share ?? null, fill: colour(i), sub: true });
      }
  });
  rows.push({ id: 'stillIn', lines: wrap(t('Kvar vid slutet', 'Still in at the end'), 30), count: o.perRun.stillIn.mean, share: null, fill: colours.grid, sub: false });
  const value = (r: Row) => `${cohortCount(r.count, f)}${r.share !== null ? ` (${f.pct(r.share)})` : ''}`;
  const W = 760;
  const left = Math.min(300, Math.max(120, widest(rows.flatMap((r) => r.lines)) + 30));
  const right = Math.max(...rows.map((r) => textWidth(value(r)))) + 16;
  const heights = rows.map((r) => Math.max(r.sub ? 24 : 30, r.lines.length * LINE + 10));
  const top = 12;
  const H = top + heights.reduce((a, b) => a + b, 0) + 34;
  const x = linear([0, niceMax(Math.max(1, ...rows.map((r) => r.count)))], [left, W - right]);
  const parts = ticks(0, x.domain[1], 5).map((v) => el('line', { x1: x(v), x2: x(v), y1: top - 4, y2: H - 28, stroke: colours.grid }) + textEl(x(v), H - 12, f.int(v), { 'text-anchor': 'middle', class: 'axis' }));
  let y = top;
  rows.forEach((r, i) => {
    const h = heights[i]!;
    const mid = y + h / 2;
    parts.push(
      el(
        'g',
        { class: r.sub ? 'row sub' : 'row', [r.sub ? 'data-outcome' : 'data-category']: r.id },
        linesEl(r.sub ? left - 8 : left - 8, mid, r.lines, { 'text-anchor': 'end', class: r.sub ? 'label sub' : 'label', fill: r.sub ? colours.muted : undefined }),
        el('rect', { x: x(0), y: mid - (r.sub ? 6 : 10), width: Math.max(0.5, x(r.count) - x(0)), height: r.sub ? 12 : 20, fill: r.fill, 'fill-opacity': r.sub ? 0.55 : 1, 'data-value': r.count }),
        textEl(x(r.count) + 6, mid + 4, value(r), { class: 'value' }),
      ),
    );
    y += h;
  });
  const desc = rows.filter((r) => !r.sub).map((r) => `${r.lines.join(' ')}: ${value(r)}`).join('; ');
  return svg('outcomes', W, H, t('Avslut per kategori, per kohort', 'Exits by category, per cohort'), desc, parts);
}

/** For each group of a breakdown, its admitted participants split by how they left (or that they were still in), as 100 % bars. */
export function outcomesByGroupChart(report: Report, b: Breakdown, lang: Lang, f: Formatters): string | undefined {
  const t = say(lang);
  const groups = b.groups.filter((g) => g.admitted > 0);
  if (groups.length === 0) return undefined;
  const cats = report.outcomes.byCategory.map((c, i) => ({ id: c.id, label: c.label, fill: colour(i) }));
  const series = [...cats, { id: 'stillIn', label: t('kvar vid slutet', 'still in at the end'), fill: colours.grid }];
  const W = 760;
  const groupLines = groups.map((g) => wrap(`${g.label} (${cohortCount(g.outcomes.perRun.admitted.mean, f)})`, 24));
  const left = Math.min(260, Math.max(110, widest(groupLines.flat()) + 16));
  const right = 40;
  // The legend: as many columns as fit, each as wide as its widest label.
  const legendW = Math.max(...series.map((s) => textWidth(s.label))) + 26;
  const perRow = Math.max(1, Math.floor((W - 20) / legendW));
  const legendRows = Math.ceil(series.length / perRow);
  const top = 14 + legendRows * 20;
  const heights = groupLines.map((l) => Math.max(36, l.length * LINE + 12));
  const H = top + heights.reduce((a, c) => a + c, 0) + 34;
  const x = linear([0, 1], [left, W - right]);
  const parts: string[] = series.map((s, i) => {
    const lx = 10 + (i % perRow) * legendW;
    const ly = 6 + Math.floor(i / perRow) * 20;
    return el('rect', { x: lx, y: ly, width: 12, height: 12, fill: s.fill }) + textEl(lx + 18, ly + 11, s.label, { class: 'legend' });
  });
  for (const v of ticks(0, 1, 4)) parts.push(textEl(x(v), H - 12, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }));
  let y = top;
  groups.forEach((g, gi) => {
    const h = heights[gi]!;
    const counts = series.map((s) => (s.id === 'stillIn' ? g.outcomes.stillIn : (g.outcomes.byCategory.find((c) => c.id === s.id)?.count ?? 0)));
    const total = counts.reduce((a, c) => a + c, 0) || 1;
    let acc = 0;
    const segs = counts.map((c, i) => {
      const x0 = x(acc / total);
      acc += c;
      return c === 0 ? '' : el('rect', { x: x0, y: y + 6, width: x(acc / total) - x0, height: h - 12, fill: series[i]!.fill, stroke: '#fff', 'stroke-width': 1, 'data-value': c }, el('title', {}, `${series[i]!.label}: ${f.pct(c / total)}`));
    });
    parts.push(el('g', { class: 'row', 'data-group': g.value }, linesEl(left - 8, y + h / 2, groupLines[gi]!, { 'text-anchor': 'end', class: 'label' }), ...segs));
    y += h;
  });
  const desc = groups.map((g) => `${g.label}: ${g.outcomes.byCategory.map((c) => `${c.label} ${c.ofExits ? f.pct(c.ofExits.share) : '–'}`).join(', ')}`).join('; ');
  return svg('outcomes-by-group', W, H, `${t('Avslut per', 'Exits by')} ${b.label.toLowerCase()}`, desc, parts, `outcomes-by-${b.fact}`);
}
