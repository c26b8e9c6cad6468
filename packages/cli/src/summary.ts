import type { Lang } from '@stegvis/core';
import { deadlineKindLabel } from './charts/deadlines.js';
import { funnelRows } from './charts/funnel.js';
import { formatters, say } from './i18n.js';
import type { Report } from './report-types.js';
import { textTable } from './table.js';
import { withCategoryLabels } from './report-view.js';

export interface RunInfo {
  readonly cohort: number;
  readonly months: number;
  readonly seed: number;
  readonly replications: number;
  readonly behaviour: string;
}

/** `stegvis simulate`'s table: steps against targets, outcomes by category, occupancy against places, deadlines. */
export function summaryText(raw: Report, run: RunInfo, lang: Lang): string {
  const report = withCategoryLabels(raw, lang);
  const t = say(lang);
  const f = formatters(lang);
  const sim = report.simulation;
  const o = report.outcomes;
  const out: string[] = [];
  out.push(
    `${report.programme.name} (${report.programme.id} v${report.programme.version})`,
    t(
      `${f.int(run.cohort)} anvisade under ${run.months} månader från ${sim.startDate}; frö ${run.seed}, ${run.replications} ${run.replications === 1 ? 'körning' : 'körningar'}; beteende: ${run.behaviour}`,
      `${f.int(run.cohort)} referred over ${run.months} months from ${sim.startDate}; seed ${run.seed}, ${run.replications} ${run.replications === 1 ? 'run' : 'runs'}; behaviour: ${run.behaviour}`,
    ),
    (run.replications > 1 ? t(`sammanlagt i de ${run.replications} körningarna: `, `summed over the ${run.replications} runs: `) : '') +
    t(
      `anvisade ${f.int(sim.referred)} · antagna ${f.int(sim.admitted)} · avböjda ${f.int(sim.declined)} · väntar ${f.int(sim.waitingAtHorizon)} · avslutade ${f.int(o.exited)} · kvar ${f.int(o.stillIn)}`,
      `referred ${f.int(sim.referred)} · admitted ${f.int(sim.admitted)} · declined ${f.int(sim.declined)} · waiting ${f.int(sim.waitingAtHorizon)} · exited ${f.int(o.exited)} · still in ${f.int(o.stillIn)}`,
    ),
    '',
    t('Stegen mot målen', 'Steps against their targets'),
  );
  const rows = funnelRows(report);
  out.push(
    textTable(
      [t('steg', 'step'), t('månad', 'month'), t('genom', 'through'), t('95 % intervall', '95% interval'), t('mål', 'target'), ''],
      rows.map((r) => [
        r.label,
        String(r.month),
        r.share === null ? '–' : f.pct1(r.share),
        r.ci ? `${f.pct1(r.ci[0])}–${f.pct1(r.ci[1])}` : '–',
        r.target === null ? '–' : f.pct(r.target),
        r.met === null ? '' : r.met ? t('✓ nått', '✓ met') : t('✗ ej nått', '✗ not met'),
      ]),
      [1, 2, 4],
    ),
  );
  const others = report.targets.filter((x) => x.stepId === null);
  if (others.length > 0) {
    out.push('', t('Indikatorer', 'Indicators'));
    out.push(
      textTable(
        [t('indikator', 'indicator'), t('värde', 'value'), t('mål', 'target'), ''],
        others.map((x) => [x.label, x.estimate ? f.pct1(x.estimate.share) : '–', f.pct(x.target), x.met === null ? '' : x.met ? t('✓ nått', '✓ met') : t('✗ ej nått', '✗ not met')]),
        [1, 2],
      ),
    );
  }
  out.push('', t('Avslut per kategori', 'Outcomes by category'));
  out.push(
    textTable(
      [t('kategori', 'category'), t('antal', 'exits'), t('andel av avsluten', 'share of exits')],
      [...o.byCategory.map((c) => [c.label, f.int(c.count), c.ofExits ? f.pct1(c.ofExits.share) : '–']), [t('kvar vid slutet', 'still in at the end'), f.int(o.stillIn), '']],
      [1, 2],
    ),
  );
  const occ = report.occupancy;
  const s = occ.summary;
  out.push('', t('Beläggning', 'Occupancy'));
  const over = occ.places === null ? '' : s.maxOccupancy > occ.places ? t(` ✗ över platserna ${s.weeksOverPlaces} veckor`, ` ✗ over the places in ${s.weeksOverPlaces} weeks`) : t(' ✓ inom platserna', ' ✓ within the places');
  out.push(
    `  ${t('högst', 'peak')} ${f.int(s.maxOccupancy)}${occ.places === null ? t(' (inget antal platser angivet)', ' (no number of places stated)') : ` ${t('mot', 'against')} ${f.int(occ.places)} ${t('platser', 'places')}${over}`}`,
    `  ${t('medel', 'mean')} ${f.dec(s.meanOccupancy)}${s.meanShareOfPlaces === null ? '' : ` (${f.pct(s.meanShareOfPlaces)} ${t('av platserna', 'of the places')})`}; ${t('väntande medel', 'waiting mean')} ${f.dec(s.meanWaiting)}, ${t('högst', 'most')} ${f.int(s.maxWaiting)}`,
  );
  const kinds = report.deadlines.filter((d) => d.total > 0);
  if (kinds.length > 0) {
    out.push('', t('Tidsfrister', 'Deadline compliance'));
    out.push(
      textTable(
        [t('tidsfrist', 'deadline'), t('i tid', 'on time'), t('sent', 'late'), t('missad', 'missed'), t('antal', 'total')],
        kinds.map((d) => [deadlineKindLabel(d.kind, lang), d.shareOnTime === null ? '–' : f.pct(d.shareOnTime), d.shareLate === null ? '–' : f.pct(d.shareLate), d.shareMissed === null ? '–' : f.pct(d.shareMissed), f.int(d.total)]),
        [1, 2, 3, 4],
      ),
    );
  }
  return out.join('\n');
}
