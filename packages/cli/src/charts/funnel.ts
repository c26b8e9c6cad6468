import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report, StepSection } from '../report-types.js';
import { LINE, colours, el, linear, linesEl, svg, textEl, textWidth, ticks, widest, wrap } from './svg.js';

/** How a step is judged: against its target by the target's month, against its deadline, or not at all (by the last month). */
export type Measure = { readonly type: 'target'; readonly month: number } | { readonly type: 'deadline'; readonly within: string } | { readonly type: 'lastMonth'; readonly month: number };

export interface FunnelRow {
  readonly id: string;
  readonly label: string;
  readonly measure: Measure;
  /** The share through (or done within the deadline); `null` when nobody was followed that long. */
  readonly share: number | null;
  readonly ci: readonly [number, number] | null;
  /** What the share is held against: the target, or 100 % for a deadline every participant is owed. */
  readonly mark: number | null;
  readonly met: boolean | null;
}

/**
 * Each step against what the programme asks of it: its target at the target's month; a step bound by a
 * deadline from intake (an assessment within two weeks) by the share done within it, held against
 * everyone; any other step by the last month simulated.
 */
export function funnelRows(report: Report): FunnelRow[] {
  return report.steps.map((s: StepSection): FunnelRow => {
    if (s.target && s.target.byMonth !== null) {
      const e = s.target.estimate;
      return { id: s.id, label: s.label, measure: { type: 'target', month: s.target.byMonth }, share: e?.share ?? null, ci: e ? e.ci : null, mark: s.target.target, met: s.target.met };
    }
    if (s.deadline) {
      const e = s.deadline.estimate;
      return { id: s.id, label: s.label, measure: { type: 'deadline', within: s.deadline.withinText }, share: e?.share ?? null, ci: e ? e.ci : null, mark: 1, met: e ? e.share >= 1 - 1e-9 : null };
    }
    const last = [...s.byMonth].reverse().find((p) => p.estimate !== null);
    return { id: s.id, label: s.label, measure: { type: 'lastMonth', month: last?.month ?? report.simulation.months }, share: last?.estimate?.share ?? null, ci: last?.estimate?.ci ?? null, mark: null, met: null };
  });
}

/** "by month 3" / "within 2 weeks" / "by month 23 (no target)". */
export function measureText(m: Measure, lang: Lang): string {
  const t = say(lang);
  switch (m.type) {
    case 'target':
      return t(`vid månad ${m.month}`, `by month ${m.month}`);
    case 'deadline':
      return t(`inom ${m.within} (tidsfrist)`, `within ${m.within} (deadline)`);
    case 'lastMonth':
      return t(`vid månad ${m.month} (inget mål)`, `by month ${m.month} (no target)`);
  }
}

export function verdictText(r: FunnelRow, lang: Lang, f: Formatters): string {
  const t = say(lang);
  if (r.mark === null) return measureText(r.measure, lang);
  const mark = r.met === null ? '' : r.met ? '✓ ' : '✗ ';
  return r.measure.type === 'deadline'
    ? `${mark}${t(`alla inom ${r.measure.within}`, `all within ${r.measure.within}`)}`
    : `${mark}${t('mål', 'target')} ${f.pct(r.mark)} ${measureText(r.measure, lang)}`;
}

/** Horizontal bars: the share through each step, its 95 % interval, and what it is held against as a black tick. */
export function funnelChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const rows = funnelRows(report).map((r) => ({
    ...r,
    lines: wrap(r.label, 24),
    value: r.share === null ? t('ingen följd så länge', 'nobody followed that long') : f.pct(r.share),
    verdict: verdictText(r, lang, f),
  }));
  const W = 760;
  const left = Math.min(260, Math.max(110, widest(rows.flatMap((r) => r.lines)) + 16));
  const valueW = Math.max(...rows.map((r) => textWidth(r.value))) + 12;
  const right = valueW + Math.max(...rows.map((r) => textWidth(r.verdict))) + 16;
  const heights = rows.map((r) => Math.max(34, r.lines.length * LINE + 12));
  const top = 30;
  const H = top + heights.reduce((a, b) => a + b, 0) + 36;
  const x = linear([0, 1], [left, Math.max(left + 160, W - right)]);
  const width = Math.max(W, x(1) + right);
  const grid = ticks(0, 1, 5).map((v) => [el('line', { x1: x(v), x2: x(v), y1: top - 6, y2: H - 30, stroke: colours.grid }), textEl(x(v), H - 14, f.pct(v), { 'text-anchor': 'middle', class: 'axis' })].join(''));
  let y = top;
  const bars = rows.map((r, i) => {
    const h = heights[i]!;
    const mid = y + h / 2;
    const fill = r.mark === null ? colours.pale : colours.bar;
    const parts = [linesEl(left - 8, mid, r.lines, { 'text-anchor': 'end', class: 'label' })];
    if (r.share !== null) {
      parts.push(el('rect', { x: x(0), y: mid - 10, width: Math.max(0.5, x(r.share) - x(0)), height: 20, fill, 'data-value': r.share.toFixed(4) }));
      if (r.ci) parts.push(el('line', { x1: x(r.ci[0]), x2: x(r.ci[1]), y1: mid, y2: mid, stroke: colours.ink, 'stroke-width': 1.5, class: 'ci' }));
    }
    if (r.mark !== null) parts.push(el('line', { x1: x(r.mark), x2: x(r.mark), y1: mid - 14, y2: mid + 14, stroke: colours.target, 'stroke-width': 3, class: r.measure.type === 'deadline' ? 'deadline' : 'target' }));
    parts.push(textEl(x(1) + 10, mid + 4, r.value, { class: 'value' }));
    parts.push(textEl(x(1) + valueW + 10, mid + 4, r.verdict, { class: r.met === null ? 'note' : r.met ? 'pass' : 'fail', fill: r.met === null ? colours.muted : r.met ? colours.pass : colours.fail }));
    y += h;
    return el('g', { class: 'row', 'data-step': r.id, 'data-measure': r.measure.type }, ...parts);
  });
  const legend = el(
    'g',
    { class: 'legend' },
    el('rect', { x: left, y: 6, width: 12, height: 12, fill: colours.bar }),
    textEl(left + 18, 16, t('andel genom steget (95 % intervall)', 'share through the step (95% interval)')),
    el('line', { x1: left + 300, x2: left + 300, y1: 4, y2: 20, stroke: colours.target, 'stroke-width': 3 }),
    textEl(left + 308, 16, t('målet eller tidsfristen', 'the target or the deadline')),
  );
  const desc = rows.map((r) => `${r.label}: ${r.share === null ? '–' : f.pct(r.share)} ${measureText(r.measure, lang)}${r.mark !== null ? ` (${r.verdict})` : ''}`).join('; ');
  return svg('funnel', width, H, t('Stegen mot mål och tidsfrister', 'The steps against their targets and deadlines'), desc, [...grid, legend, ...bars]);
}

export const funnelTable = (report: Report, lang: Lang, f: Formatters) => {
  const t = say(lang);
  return {
    head: [t('Steg', 'Step'), t('Mätt', 'Measured'), t('Andel', 'Share'), t('95 % intervall', '95% interval'), t('Mål', 'Target'), t('Nått', 'Met')],
    num: [2, 3, 4],
    rows: funnelRows(report).map((r) => [
      r.label,
      measureText(r.measure, lang),
      r.share === null ? '–' : f.pct1(r.share),
      r.ci ? `${f.pct1(r.ci[0])}–${f.pct1(r.ci[1])}` : '–',
      r.mark === null ? '–' : f.pct(r.mark),
      r.met === null ? '–' : r.met ? t('ja ✓', 'yes ✓') : t('nej ✗', 'no ✗'),
    ]),
  };
};
