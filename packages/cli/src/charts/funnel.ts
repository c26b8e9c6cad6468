import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report, StepSection } from '../report-types.js';
import { clip, colours, el, linear, svg, textEl, ticks } from './svg.js';

export interface FunnelRow {
  readonly id: string;
  readonly label: string;
  /** Share through the step by `month`; `null` when nobody was followed that long. */
  readonly share: number | null;
  readonly ci: readonly [number, number] | null;
  readonly month: number;
  readonly target: number | null;
  readonly met: boolean | null;
}

/** Each step's share through: by its target's month when it has a target, else by the last month simulated. */
export function funnelRows(report: Report): FunnelRow[] {
  return report.steps.map((s: StepSection) => {
    if (s.target && s.target.byMonth !== null) {
      const e = s.target.estimate;
      return { id: s.id, label: s.label, share: e?.share ?? null, ci: e ? e.ci : null, month: s.target.byMonth, target: s.target.target, met: s.target.met };
    }
    const last = [...s.byMonth].reverse().find((p) => p.estimate !== null);
    return { id: s.id, label: s.label, share: last?.estimate?.share ?? null, ci: last?.estimate?.ci ?? null, month: last?.month ?? report.simulation.months, target: null, met: null };
  });
}

/** Horizontal bars: the share through each step, its 95 % interval, and the target as a black tick. */
export function funnelChart(report: Report, lang: Lang, f: Formatters): string {
  const t = say(lang);
  const rows = funnelRows(report);
  const W = 760;
  const left = 170;
  const right = 210;
  const rowH = 34;
  const top = 28;
  const H = top + rows.length * rowH + 36;
  const x = linear([0, 1], [left, W - right]);
  const grid = ticks(0, 1, 5).map((v) => [
    el('line', { x1: x(v), x2: x(v), y1: top - 6, y2: H - 30, stroke: colours.grid }),
    textEl(x(v), H - 14, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }),
  ].join(''));
  const bars = rows.map((r, i) => {
    const y = top + i * rowH;
    const mid = y + rowH / 2;
    const fill = r.target === null ? colours.pale : colours.bar;
    const parts = [textEl(left - 8, mid + 4, clip(r.label, 24), { 'text-anchor': 'end', class: 'label' })];
    if (r.share !== null) {
      parts.push(el('rect', { x: x(0), y: y + 7, width: Math.max(0.5, x(r.share) - x(0)), height: rowH - 14, fill, 'data-value': r.share.toFixed(4) }));
      if (r.ci) parts.push(el('line', { x1: x(r.ci[0]), x2: x(r.ci[1]), y1: mid, y2: mid, stroke: colours.ink, 'stroke-width': 1.5, class: 'ci' }));
    }
    if (r.target !== null) parts.push(el('line', { x1: x(r.target), x2: x(r.target), y1: y + 3, y2: y + rowH - 3, stroke: colours.target, 'stroke-width': 3, class: 'target' }));
    const value = r.share === null ? t('ingen följd så länge', 'nobody followed that long') : f.pct(r.share);
    const verdict =
      r.target === null
        ? t(`mån ${r.month}`, `month ${r.month}`)
        : `${r.met ? '✓' : '✗'} ${t('mål', 'target')} ${f.pct(r.target)} ${t('mån', 'm.')} ${r.month}`;
    parts.push(textEl(W - right + 10, mid + 4, value, { class: 'value' }));
    parts.push(
      textEl(W - right + 58, mid + 4, verdict, {
        class: r.met === null ? 'note' : r.met ? 'pass' : 'fail',
        fill: r.met === null ? colours.muted : r.met ? colours.pass : colours.fail,
      }),
    );
    return el('g', { class: 'row', 'data-step': r.id }, ...parts);
  });
  const legend = el(
    'g',
    { class: 'legend' },
    el('rect', { x: left, y: 6, width: 12, height: 12, fill: colours.bar }),
    textEl(left + 18, 16, t('andel genom steget (95 % intervall)', 'share through the step (95% interval)')),
    el('line', { x1: left + 300, x2: left + 300, y1: 4, y2: 20, stroke: colours.target, 'stroke-width': 3 }),
    textEl(left + 308, 16, t('målet', 'the target')),
  );
  const desc = rows.map((r) => `${r.label}: ${r.share === null ? '–' : f.pct(r.share)}${r.target !== null ? ` (${t('mål', 'target')} ${f.pct(r.target)}, ${r.met ? t('nått', 'met') : t('ej nått', 'not met')})` : ''}`).join('; ');
  return svg('funnel', W, H, t('Stegen mot målen', 'The steps against their targets'), desc, ...grid, legend, ...bars);
}

export const funnelTable = (report: Report, lang: Lang, f: Formatters) => {
  const t = say(lang);
  return {
    head: [t('Steg', 'Step'), t('Månad', 'Month'), t('Andel genom', 'Share through'), t('95 % intervall', '95% interval'), t('Mål', 'Target'), t('Nått', 'Met')],
    rows: funnelRows(report).map((r) => [
      r.label,
      String(r.month),
      r.share === null ? '–' : f.pct1(r.share),
      r.ci ? `${f.pct1(r.ci[0])}–${f.pct1(r.ci[1])}` : '–',
      r.target === null ? '–' : f.pct(r.target),
      r.met === null ? '–' : r.met ? t('ja ✓', 'yes ✓') : t('nej ✗', 'no ✗'),
    ]),
  };
};

