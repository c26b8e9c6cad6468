import type { Lang } from '@stegvis/core';
import { type Formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { clip, el, linear, svg, textEl, ticks } from './svg.js';

const kindLabels: Record<string, { sv: string; en: string }> = {
  assessment: { sv: 'Kartläggning', en: 'Assessment' },
  actionPlan: { sv: 'Handlingsplan', en: 'Action plan' },
  followUp: { sv: 'Uppföljningar', en: 'Follow-ups' },
  stepTarget: { sv: 'Stegmål', en: 'Step targets' },
  evaluation: { sv: 'Utvärderingar', en: 'Evaluations' },
  requirement: { sv: 'Krav', en: 'Requirements' },
  employmentEnd: { sv: 'Anställningens slut', en: 'End of employment' },
};

export const deadlineKindLabel = (kind: string, lang: Lang) => kindLabels[kind]?.[lang] ?? kind;

const fills = { onTime: '#0072B2', late: '#E69F00', missed: '#D55E00' } as const;

/** For each kind of deadline, the share met on time, met late and missed. */
export function deadlinesChart(report: Report, lang: Lang, f: Formatters): string | undefined {
  const t = say(lang);
  const kinds = report.deadlines.filter((d) => d.total > 0);
  if (kinds.length === 0) return undefined;
  const W = 760;
  const left = 170;
  const right = 70;
  const rowH = 30;
  const top = 30;
  const H = top + kinds.length * rowH + 30;
  const x = linear([0, 1], [left, W - right]);
  const series = [
    { key: 'metOnTime', label: t('i tid', 'on time'), fill: fills.onTime },
    { key: 'metLate', label: t('sent', 'late'), fill: fills.late },
    { key: 'missed', label: t('missad', 'missed'), fill: fills.missed },
  ] as const;
  const parts: string[] = series.map((s, i) => el('rect', { x: left + i * 130, y: 6, width: 12, height: 12, fill: s.fill }) + textEl(left + i * 130 + 18, 16, s.label, { class: 'legend' }));
  for (const v of ticks(0, 1, 4)) parts.push(textEl(x(v), H - 10, f.pct(v), { 'text-anchor': 'middle', class: 'axis' }));
  kinds.forEach((d, i) => {
    const y = top + i * rowH;
    let acc = 0;
    const segs = series.map((s) => {
      const c = d[s.key];
      const x0 = x(acc / d.total);
      acc += c;
      return c === 0 ? '' : el('rect', { x: x0, y: y + 5, width: x(acc / d.total) - x0, height: rowH - 10, fill: s.fill, stroke: '#fff', 'data-value': c }, el('title', {}, `${s.label}: ${f.int(c)} (${f.pct(c / d.total)})`));
    });
    parts.push(el('g', { class: 'row', 'data-kind': d.kind }, textEl(left - 8, y + rowH / 2 + 4, clip(deadlineKindLabel(d.kind, lang), 24), { 'text-anchor': 'end', class: 'label' }), ...segs));
  });
  const desc = kinds.map((d) => `${deadlineKindLabel(d.kind, lang)}: ${d.shareOnTime === null ? '–' : f.pct(d.shareOnTime)} ${t('i tid', 'on time')}`).join('; ');
  return svg('deadlines', W, H, t('Tidsfrister som hölls', 'Deadlines kept'), desc, ...parts);
}
