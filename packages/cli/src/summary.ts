import type { Lang } from '@stegvis/core';
import { funnelRows, measureText, verdictText } from './charts/funnel.js';
import { cohortCount } from './charts/outcomes.js';
import { formatters, say } from './i18n.js';
import type { PerRun, Report } from './report-types.js';
import { textTable } from './table.js';

export interface RunInfo {
  readonly cohort: number;
  readonly months: number;
  readonly seed: number;
  readonly replications: number;
  readonly behaviour: string;
}

/**
 * `stegvis simulate`'s table: one cohort's counts (the mean over runs, with the interval), steps against
 * their targets and deadlines, exits by income against the targets, outcomes by category, occupancy,
 * deadlines, cost, and simulated against observed where the report has it. Every word in `lang`.
 */
export function summaryText(report: Report, run: RunInfo, lang: Lang): string {
  const t = say(lang);
  const f = formatters(lang);
  const sim = report.simulation;
  const o = report.outcomes;
  const out: string[] = [];
  const n = (p: PerRun) => `${cohortCount(p.mean, f)}${p.ci && p.min !== p.max ? ` (${cohortCount(p.ci[0], f)}–${cohortCount(p.ci[1], f)})` : ''}`;
  out.push(
    `${report.programme.name} (${report.programme.id} v${report.programme.version})`,
    t(
      `${f.int(run.cohort)} anvisade under ${run.months} månader från ${sim.startDate}; frö ${run.seed}, ${run.replications} ${run.replications === 1 ? 'körning' : 'körningar'}; beteende: ${run.behaviour}`,
      `${f.int(run.cohort)} referred over ${run.months} months from ${sim.startDate}; seed ${run.seed}, ${run.replications} ${run.replications === 1 ? 'run' : 'runs'}; behaviour: ${run.behaviour}`,
    ),
    (run.replications > 1 ? t(`per kohort (medel över ${run.replications} körningar, 95 % intervall): `, `per cohort (mean over ${run.replications} runs, 95% interval): `) : t('en körning: ', 'one run: ')) +
      [
        `${t('anvisade', 'referred')} ${n(sim.perRun.referred)}`,
        `${t('antagna', 'admitted')} ${n(sim.perRun.admitted)}`,
        ...(sim.applies.declines ? [`${t('avböjda', 'declined')} ${n(sim.perRun.declined)}`] : []),
        ...(sim.applies.waitingList ? [`${t('väntar', 'waiting')} ${n(sim.perRun.waitingAtHorizon)}`] : []),
        `${t('avslutade', 'exited')} ${n(o.perRun.exited)}`,
        `${t('kvar', 'still in')} ${n(o.perRun.stillIn)}`,
      ].join(' · '),
    '',
    t('Stegen mot mål och tidsfrister', 'Steps against their targets and deadlines'),
  );
  out.push(
    textTable(
      [t('steg', 'step'), t('mätt', 'measured'), t('andel', 'share'), t('95 % intervall', '95% interval'), ''],
      funnelRows(report).map((r) => [
        r.label,
        measureText(r.measure, lang),
        r.share === null ? '–' : f.pct1(r.share),
        r.ci ? `${f.pct1(r.ci[0])}–${f.pct1(r.ci[1])}` : '–',
        r.mark === null ? '' : verdictText(r, lang, f),
      ]),
      [2],
    ),
  );
  const incomeTargets = o.byIncome.filter((l) => l.target);
  if (incomeTargets.length > 0) {
    out.push('', t('Avslut efter försörjning mot målen', 'Exits by income against the targets'));
    out.push(
      textTable(
        [t('försörjning', 'income'), t('månad', 'month'), t('andel', 'share'), t('mål', 'target'), ''],
        incomeTargets.map((l) => [l.label, String(l.target!.byMonth), l.target!.estimate ? f.pct1(l.target!.estimate.share) : '–', f.pct(l.target!.target), l.target!.met === null ? '' : l.target!.met ? t('✓ nått', '✓ met') : t('✗ ej nått', '✗ not met')]),
        [1, 2, 3],
      ),
    );
  }
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
  out.push('', t('Avslut per kategori, per kohort', 'Outcomes by category, per cohort'));
  out.push(
    textTable(
      [t('kategori', 'category'), t('antal', 'exits'), t('andel av avsluten', 'share of exits')],
      [...o.byCategory.map((c) => [c.label, cohortCount(c.perRun.mean, f), c.ofExits ? f.pct1(c.ofExits.share) : '–']), [t('kvar vid slutet', 'still in at the end'), cohortCount(o.perRun.stillIn.mean, f), '']],
      [1, 2],
    ),
  );
  const occ = report.occupancy;
  const s = occ.summary;
  out.push('', t('Beläggning', 'Occupancy'));
  const over = occ.places === null ? '' : s.maxOccupancy > occ.places ? t(` ✗ över platserna ${s.weeksOverPlaces} veckor`, ` ✗ over the places in ${s.weeksOverPlaces} weeks`) : t(' ✓ inom platserna', ' ✓ within the places');
  out.push(
    `  ${t('högst', 'peak')} ${f.int(s.maxOccupancy)}${occ.places === null ? t(' (inget antal platser angivet)', ' (no number of places stated)') : ` ${t('mot', 'against')} ${f.int(occ.places)} ${t('platser', 'places')}${over}`}`,
    `  ${t('medel', 'mean')} ${f.dec(s.meanOccupancy)}${s.meanShareOfPlaces === null ? '' : ` (${f.pct(s.meanShareOfPlaces)} ${t('av platserna', 'of the places')})`}${sim.applies.waitingList ? `; ${t('väntande medel', 'waiting mean')} ${f.dec(s.meanWaiting)}, ${t('högst', 'most')} ${f.int(s.maxWaiting)}` : ''}`,
  );
  if (s.meanFullTimeEquivalents !== undefined)
    out.push(`  ${t('heltidsekvivalenter medel', 'full-time equivalents mean')} ${f.dec(s.meanFullTimeEquivalents)} (${f.dec(s.meanPercentOfFullTime!)} % ${t('av heltid i snitt', 'of full time on average')})`);
  const kinds = report.deadlines.filter((d) => d.total > 0);
  if (kinds.length > 0) {
    out.push('', t('Tidsfrister', 'Deadline compliance'));
    out.push(
      textTable(
        [t('tidsfrist', 'deadline'), t('i tid', 'on time'), t('sent', 'late'), t('missad', 'missed'), t('antal', 'total')],
        kinds.map((d) => [d.label, d.shareOnTime === null ? '–' : f.pct(d.shareOnTime), d.shareLate === null ? '–' : f.pct(d.shareLate), d.shareMissed === null ? '–' : f.pct(d.shareMissed), f.int(d.total)]),
        [1, 2, 3, 4],
      ),
    );
  }
  if (report.cost) {
    const c = report.cost;
    const money = (v: number | null) => (v === null ? '–' : f.money(v, c.currency));
    out.push('', t('Kostnad (nettokostnad för den simulerade perioden)', 'Cost (net cost of the simulated period)'));
    out.push(
      `  ${t('per deltagare', 'per participant')} ${money(c.costPerParticipant)} · ${t('per avslut med egen försörjning', 'per exit with an income of their own')} ${money(c.costPerQualifyingOutcome)} · ${t('per platsdag', 'per place-day')} ${money(c.costPerPlaceDay)}`,
      `  ${t('betalas av', 'paid by')}: ${c.funding.map((s) => `${s.label} ${money(s.amount)}`).join(' · ')}`,
    );
  }
  if (report.observed) {
    const ob = report.observed;
    out.push('', t(`Simulerat mot observerat (${ob.period.from}–${ob.period.to})`, `Simulated against observed (${ob.period.from}–${ob.period.to})`));
    out.push(
      textTable(
        [t('kategori', 'category'), t('observerat', 'observed'), t('wilsonintervall', 'Wilson interval'), t('simulerat', 'simulated'), 'z'],
        ob.categories.map((r) => [r.label, f.pct1(r.observed.share), `${f.pct1(r.observed.ci[0])}–${f.pct1(r.observed.ci[1])}`, r.simulated ? f.pct1(r.simulated.share) : '–', r.z === null ? '–' : f.dec(Math.abs(r.z) < 0.05 ? 0 : r.z)]),
        [1, 3, 4],
      ),
    );
    if (ob.fit) out.push(`  ${t('chi-två', 'chi-square')} ${f.dec(ob.fit.chiSquare)}, ${ob.fit.df} ${t('frihetsgrader', 'degrees of freedom')}, p = ${f.sig(ob.fit.pValue)}: ${ob.fit.consistent ? t('stämmer med tabellen', 'agrees with the table') : t('stämmer inte med tabellen', 'does not agree with the table')}`);
  }
  return out.join('\n');
}
