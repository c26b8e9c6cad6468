import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Breakdown, Report } from '../report-types.js';
import { clip, colour, colours, el, linear, niceMax, svg, textEl, ticks } from './svg.js';

/** How many left to each category of outcome, and how many were still in at the end. */
export function outcomesChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const o = report.outcomes;
  const rows = [
    ...o.byCategory.map((c, i) => ({ id: c.id, label: c.label, count: c.count, share: c.ofExits?.share ?? null, fill: colour(i) })),
    { id: 'stillIn', label: t('Kvar vid slutet', 'Still in at the end'), count: o.stillIn, share: null, fill: colours.grid },
  ];
  const W = 760;
  const left = 190;
  const right = 150;
  const rowH = 30;
  const top = 12;
  const H = top + rows.length * rowH + 34;
  const x = linear([0, niceMax(Math.max(1, ...rows.map((r) => r.count)))], [left, W - right]);
  const parts = ticks(0, x.domain[1], 5).map((v) =>
    el('line', { x1: x(v), x2: x(v), y1: top - 4, y2: H - 28, stroke: colours.grid }) + textEl(x(v), H - 12, f.int(v), { 'text-anchor': 'middle', class: 'axis' }),
  );
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(
      el(
        'g',
        { class: 'row', 'data-category': r.id },
        textEl(left - 8, y + rowH / 2 + 4, clip(r.label, 28), { 'text-anchor': 'end', class: 'label' }),
        el('rect', { x: x(0), y: y + 5, width: Math.max(0.5, x(r.count) - x(0)), height: rowH - 10, fill: r.fill, 'data-value': r.count }),
        textEl(x(r.count) + 6, y + rowH / 2 + 4, `${f.int(r.count)}${r.share !== null ? ` (${f.pct(r.share)})` : ''}`, { class: 'value' }),
      ),
    );
  });
  const desc = rows.map((r) => `${r.label}: ${f.int(r.count)}`).join('; ');
  return svg('outcomes', W, H, t('Avslut per kategori', 'Exits by category'), desc, ...parts);
}

/** The breakdown by gender when the programme declares one, else the first breakdown it has. */
export const genderBreakdown = (report: Report): Breakdown | undefined =>
  report.breakdowns.find((b) => /gender|kön|kon|sex/i.test(b.fact)) ?? report.breakdowns[0];

/** For each group, its admitted participants split by how they left (or that they were still in), as 100 % bars. */
export function outcomesByGroupChart(report: Report, lang: Lang, f: Formatters): string | undefined {
  const t = say(lang);
  const b = genderBreakdown(report);
  if (!b) return undefined;
  const groups = b.groups.filter((g) => g.admitted > 0);
  const cats = report.outcomes.byCategory.map((c, i) => ({ id: c.id, label: c.label, fill: colour(i) }));
  const series = [...cats, { id: 'stillIn', label: t('kvar vid slutet', 'still in at the end'), fill: colours.grid }];
  const W = 760;
  const left = 150;
  const right = 70;
  const rowH = 36;
  const legendRows = Math.ceil(series.length / 3);
  const top = 12 + legendRows * 20;
  const H = top + groups.length * rowH + 34;
  const x = linear([0, 1], [left, W - right]);
  const parts: string[] = series.map((s, i) => {
    const lx = left + (i % 3) * 190;
    const ly = 6 + Math.floor(i / 3) * 20;
    return el('rect', { x: lx, y: ly, width: 12, height: 12, fill: s.fill }) + textEl(lx + 18, ly + 11, clip(s.label, 26), { class: 'legend' });
  });
  for (const v of ticks(0, 1, 4)) parts.push(textEl(x(v), H - 12, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }));
  groups.forEach((g, gi) => {
    const y = top + gi * rowH;
    const counts = series.map((s) => (s.id === 'stillIn' ? g.outcomes.stillIn : (g.outcomes.byCategory.find((c) => c.id === s.id)?.count ?? 0)));
    const total = counts.reduce((a, c) => a + c, 0) || 1;
    let acc = 0;
    const segs = counts.map((c, i) => {
      const x0 = x(acc / total);
      acc += c;
      const w = x(acc / total) - x0;
      return c === 0 ? '' : el('rect', { x: x0, y: y + 6, width: w, height: rowH - 12, fill: series[i]!.fill, stroke: '#fff', 'stroke-width': 1, 'data-value': c }, el('title', {}, `${series[i]!.label}: ${f.int(c)} (${f.pct(c / total)})`));
    });
    parts.push(
      el(
        'g',
        { class: 'row', 'data-group': g.value },
        textEl(left - 8, y + rowH / 2 + 4, `${clip(g.label, 16)} (${f.int(g.admitted)})`, { 'text-anchor': 'end', class: 'label' }),
        ...segs,
      ),
    );
  });
  const desc = groups
    .map((g) => `${g.label}: ${g.outcomes.byCategory.map((c) => `${c.label} ${f.int(c.count)}`).join(', ')}, ${t('kvar', 'still in')} ${f.int(g.outcomes.stillIn)}`)
    .join('; ');
  return svg('outcomes-by-group', W, H, `${t('Avslut per', 'Exits by')} ${b.label.toLowerCase()}`, desc, ...parts);
}
