import type { Lang } from '@stegvis/core';
import { type Variant, compareChart, comparedTargets } from '../charts/compare.js';
import { fundingChart } from '../charts/cost.js';
import { deadlinesChart } from '../charts/deadlines.js';
import { funnelChart, funnelTable } from '../charts/funnel.js';
import { incomeChart } from '../charts/income.js';
import { observedChart } from '../charts/observed.js';
import { occupancyChart } from '../charts/occupancy.js';
import { cohortCount, outcomesByGroupChart, outcomesChart } from '../charts/outcomes.js';
import { esc } from '../charts/svg.js';
import { timeChart } from '../charts/time.js';
import { type Formatters, say } from '../i18n.js';
import type { Breakdown, Estimate, PerRun, Report } from '../report-types.js';
import { incomeWords, word } from '../words.js';
import { cards, section, table } from './blocks.js';

export interface Context {
  readonly report: Report;
  readonly lang: Lang;
  readonly f: Formatters;
  readonly t: (sv: string, en: string) => string;
}

export const context = (report: Report, lang: Lang, f: Formatters): Context => ({ report, lang, f, t: say(lang) });

const DAYS_PER_MONTH = 365.25 / 12;

/** "95 %: 188–212", "every run alike", or "one run". */
export function perRunNote(p: PerRun, c: Context): string {
  if (p.ci === null) return c.t('en körning: inget intervall', 'one run: no interval');
  if (p.min === p.max) return c.t('lika i alla körningar', 'the same in every run');
  return `95 %: ${cohortCount(p.ci[0], c.f)}–${cohortCount(p.ci[1], c.f)}`;
}

const share = (e: Estimate | null | undefined, c: Context) => (e ? c.f.pct1(e.share) : '–');
const interval = (e: Estimate | null | undefined, c: Context) => (e ? `${c.f.pct1(e.ci[0])}–${c.f.pct1(e.ci[1])}` : '–');

/** The per-cohort cards: what one cohort looks like, with only the figures that apply to the programme. */
export function cohortCards(c: Context): string {
  const { report, t, f } = c;
  const sim = report.simulation;
  const o = report.outcomes;
  const median = report.timeInProgramme.medianDays;
  const card = (id: string, label: string, p: PerRun) => ({ id, label, value: cohortCount(p.mean, f), note: perRunNote(p, c) });
  return cards([
    card('referred', t('Anvisade', 'Referred'), sim.perRun.referred),
    card('admitted', t('Antagna', 'Admitted'), sim.perRun.admitted),
    ...(sim.applies.declines ? [card('declined', t('Avböjda', 'Declined'), sim.perRun.declined)] : []),
    ...(sim.applies.waitingList ? [card('waiting', t('Väntar på plats vid slutet', 'Waiting for a place at the end'), sim.perRun.waitingAtHorizon)] : []),
    card('exited', t('Avslutade', 'Exited'), o.perRun.exited),
    card('stillIn', t('Kvar vid slutet', 'Still in at the end'), o.perRun.stillIn),
    {
      id: 'median',
      label: t('Mediantid i programmet', 'Median stay'),
      value: median === null ? '–' : `${f.dec(median / DAYS_PER_MONTH)} ${t('mån', 'months')}`,
      note: median === null ? t('fler än hälften kvar vid slutet', 'more than half still in at the end') : `${f.int(median)} ${t('dagar (Kaplan–Meier)', 'days (Kaplan–Meier)')}`,
    },
  ]);
}

export function assumptionsSection(c: Context): string {
  const a = c.report.assumptions;
  const { t, f } = c;
  if (!a) return '';
  const rows = a.items
    .map((i) => `<tr><td>${esc(i.label)}</td><td class="num">${esc(f.sig(i.value))}</td><td>${i.note === null ? `<em>${esc(t('ingen anteckning', 'no note'))}</em>` : `<q class="quoted">${esc(i.note)}</q>`}</td></tr>`)
    .join('\n');
  return [
    `<section id="section-assumptions" aria-labelledby="h-assumptions">`,
    `<h2 id="h-assumptions">${esc(t('Vad siffrorna bygger på', 'What the figures rest on'))}</h2>`,
    `<p class="statement">${esc(a.statement)}</p>`,
    `<p>${esc(
      a.source
        ? t(`Beteendemodellen är ${a.source}: ${a.items.length} tal, vart och ett med anteckningen som står bredvid det i filen (ordagrant).`, `The behaviour model is ${a.source}: ${a.items.length} numbers, each with the note beside it in the file (as written).`)
        : t(`Beteendemodellen har ${a.items.length} tal, vart och ett med sin anteckning (ordagrant).`, `The behaviour model has ${a.items.length} numbers, each with its note (as written).`),
    )}</p>`,
    `<details><summary>${esc(t('Talen och deras anteckningar', 'The numbers and their notes'))}</summary>`,
    `<div class="table-wrap"><table class="assumptions"><thead><tr><th scope="col">${esc(t('Vad', 'What'))}</th><th scope="col" class="num">${esc(t('Värde', 'Value'))}</th><th scope="col">${esc(t('Anteckning i filen', 'Note in the file'))}</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`,
    '</details>',
    '</section>',
  ].join('\n');
}

export function stepsSection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const judged = [...report.targets.filter((x) => x.stepId !== null && x.estimate !== null)];
  const met = judged.filter((x) => x.met).length;
  return section({
    id: 'funnel',
    title: t('Stegen mot mål och tidsfrister', 'The steps against their targets and deadlines'),
    explanation: t(
      `Andelen av de antagna som gått igenom varje steg vid den månad då stegets mål gäller. Ett steg med en tidsfrist från antagningen (till exempel en kartläggning inom två veckor) visas som andelen som blev klar inom tidsfristen, mot kravet att alla ska hinnas. Den svarta markeringen är målet eller tidsfristen; strecket över stapeln är 95 % intervall. ${judged.length > 0 ? `${met} av ${judged.length} stegmål nås.` : 'Programmet har inga stegmål.'}`,
      `The share of those admitted who got through each step by the month its target names. A step with a deadline from admission (an assessment within two weeks, say) is shown as the share done within the deadline, against the rule that everyone is owed it. The black mark is the target or the deadline; the line across the bar is the 95% interval. ${judged.length > 0 ? `${met} of ${judged.length} step targets are met.` : 'The programme sets no step targets.'}`,
    ),
    body: funnelChart(report, lang, f),
    numbers: funnelTable(report, lang, f),
    numbersLabel,
  });
}

export function incomeSection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const chart = incomeChart(report.outcomes.byIncome, lang, f);
  if (!chart) return '';
  const targets = report.outcomes.byIncome.filter((l) => l.target);
  return section({
    id: 'income',
    title: t('Avslut efter försörjning', 'Exits by income'),
    explanation:
      t(
        'Andelen av de antagna som lämnat programmet till arbete eller studier som täcker hela försörjningen, en del av den, eller ingen, månad för månad efter antagningen (det ljusa fältet är 95 % intervall). ',
        'The share of those admitted who have left for work or studies covering their whole income, part of it, or none, month by month after admission (the pale band is the 95% interval). ',
      ) +
      (targets.length > 0
        ? t(
            `Programmets mål står vid sin månad: ${targets.map((l) => `${l.label.toLowerCase()} ${f.pct(l.target!.target)} vid månad ${l.target!.byMonth}`).join(', ')}.`,
            `The programme's targets stand at their month: ${targets.map((l) => `${l.label.toLowerCase()} ${f.pct(l.target!.target)} by month ${l.target!.byMonth}`).join(', ')}.`,
          )
        : t('Programmet har inget mål för försörjningen.', 'The programme has no target for income.')),
    body: chart,
    numbers: {
      head: [t('Försörjning', 'Income'), t('Månad', 'Month'), t('Andel', 'Share'), t('95 % intervall', '95% interval'), t('Mål', 'Target'), t('Nått', 'Met')],
      num: [1, 2, 3, 4],
      rows: report.outcomes.byIncome.map((l) => {
        const m = l.target?.byMonth ?? report.simulation.months;
        const e = l.byMonth[m - 1]?.estimate;
        return [l.label, String(m), share(e, c), interval(e, c), l.target ? f.pct(l.target.target) : '–', l.target?.met === null || !l.target ? '–' : l.target.met ? t('ja ✓', 'yes ✓') : t('nej ✗', 'no ✗')];
      }),
    },
    numbersLabel,
  });
}

export function outcomesSection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const o = report.outcomes;
  return section({
    id: 'outcomes',
    title: t('Avslut per kategori', 'Exits by category'),
    explanation: t(
      `Vart en kohort gick: i medel ${cohortCount(o.perRun.exited.mean, f)} avslut och ${cohortCount(o.perRun.stillIn.mean, f)} kvar vid slutet, per kategori som programmet benämner dem, med avsluten i varje kategori under den. Andelarna är av avsluten.`,
      `Where one cohort went: on average ${cohortCount(o.perRun.exited.mean, f)} exits and ${cohortCount(o.perRun.stillIn.mean, f)} still in at the end, by category as the programme names them, with the outcomes of each category beneath it. The shares are of the exits.`,
    ),
    body: outcomesChart(report, lang, f),
    numbers: {
      head: [t('Avslut', 'Exit'), t('Kategori', 'Category'), t('Försörjning', 'Income'), t('Per kohort', 'Per cohort'), t('Andel av avsluten', 'Share of exits')],
      num: [3, 4],
      rows: o.byOutcome.map((x) => [x.label, o.byCategory.find((k) => k.id === x.category)?.label ?? x.category, word(incomeWords, x.income, lang), cohortCount(x.perRun.mean, f), share(x.ofExits, c)]),
    },
    numbersLabel,
  });
}

export function costSection(c: Context): string {
  const { report, t, lang, f } = c;
  const cost = report.cost;
  if (!cost) return '';
  const money = (v: number | null) => (v === null ? '–' : f.money(v, cost.currency));
  const period = t(`${f.int(cost.simulatedDays)} simulerade dagar, ${f.pct(cost.scale)} av budgetperiodens ${f.int(cost.fundingPeriodDays)} dagar`, `${f.int(cost.simulatedDays)} simulated days, ${f.pct(cost.scale)} of the funding period's ${f.int(cost.fundingPeriodDays)} days`);
  const body = [
    cards([
      { id: 'costPerParticipant', label: t('Per deltagare', 'Per participant'), value: money(cost.costPerParticipant), note: t(`${cohortCount(cost.participants, f)} antagna per kohort`, `${cohortCount(cost.participants, f)} admitted per cohort`) },
      { id: 'costPerOutcome', label: t('Per avslut med egen försörjning', 'Per exit with an income of their own'), value: money(cost.costPerQualifyingOutcome), note: t(`${f.dec(cost.qualifyingOutcomes)} avslut med hel eller delvis försörjning per kohort`, `${f.dec(cost.qualifyingOutcomes)} exits covering all or part of the income, per cohort`) },
      { id: 'costPerPlaceDay', label: t('Per platsdag', 'Per place-day'), value: money(cost.costPerPlaceDay), note: t(`${f.int(cost.placeDays)} dagar i programmet per kohort`, `${f.int(cost.placeDays)} days in the programme per cohort`) },
      { id: 'netCost', label: t('Nettokostnad för perioden', 'Net cost of the period'), value: money(cost.netCost), note: period },
    ]),
    fundingChart(cost, lang, f),
  ].join('\n');
  const lines: string[][] = [
    ...cost.budgetLines.map((l) => [t('Budget', 'Budget'), l.label, money(l.amount)]),
    [t('Budget', 'Budget'), t('Summa för perioden', 'Total for the period'), money(cost.grossCost)],
    ...cost.funding.map((s) => [t('Betalas av', 'Paid by'), s.label, money(s.amount)]),
    ...cost.otherIncomeLines.map((l) => [t('Övriga intäkter (dras inte av)', 'Other income (not subtracted)'), l.label, money(l.amount)]),
  ];
  return section({
    id: 'cost',
    title: t('Kostnad', 'Cost'),
    explanation: t(
      `Budgeten räknad om till den simulerade perioden (${period}), med ersättningar per deltagardag och bidrag från andra: vad en deltagare, ett avslut med egen försörjning (hel eller delvis, som programmet anger utfallen) och en dag i programmet kostar. En simulering som börjar tom har färre deltagare de första månaderna än en verksamhet som redan är igång, så kostnaden per deltagare blir för hög över en kort period.`,
      `The budget scaled to the simulated period (${period}), with payments per participant-day and grants from others: what a participant, an exit with an income of their own (whole or part, as the programme marks its outcomes) and a day in the programme cost. A simulation that starts empty has fewer participants in its first months than a unit already running, so over a short period the cost per participant is too high.`,
    ),
    body,
    numbers: { head: [t('Post', 'Item'), t('Vad', 'What'), t('Belopp', 'Amount')], num: [2], rows: lines },
    numbersLabel: t('Visa budget och finansiering', 'Show the budget and the funding'),
  });
}

export function occupancySection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const occ = report.occupancy;
  const sim = report.simulation;
  return section({
    id: 'occupancy',
    title: t('Beläggning över tid', 'Occupancy over time'),
    explanation:
      occ.places !== null
        ? t(
            `Hur många som är i programmet vecka för vecka, per kalendermånad från ${sim.startDate} (medel över dagar och körningar; det ljusa fältet når upp till den fullaste dagen), mot programmets ${f.int(occ.places)} platser. Högst ${f.int(occ.summary.maxOccupancy)}; ${occ.summary.weeksOverPlaces} veckor över antalet platser.`,
            `How many are in the programme week by week, by calendar month from ${sim.startDate} (the mean over days and runs; the pale band reaches up to the fullest day), against the programme's ${f.int(occ.places)} places. Peak ${f.int(occ.summary.maxOccupancy)}; ${occ.summary.weeksOverPlaces} weeks over the places.`,
          )
        : t(
            `Hur många som är i programmet vecka för vecka, per kalendermånad från ${sim.startDate} (medel; det ljusa fältet når upp till den fullaste dagen). Programmet anger inget antal platser. Högst ${f.int(occ.summary.maxOccupancy)}.`,
            `How many are in the programme week by week, by calendar month from ${sim.startDate} (the mean; the pale band reaches up to the fullest day). The programme states no number of places. Peak ${f.int(occ.summary.maxOccupancy)}.`,
          ),
    body: occupancyChart(report, lang, f),
    numbers: {
      head: [t('Mått', 'Measure'), t('Värde', 'Value')],
      num: [1],
      rows: [
        ...(occ.places !== null ? [[t('Platser', 'Places'), f.int(occ.places)]] : []),
        [t('Medelbeläggning', 'Mean occupancy'), f.dec(occ.summary.meanOccupancy)],
        ...(occ.summary.meanFullTimeEquivalents === undefined ? [] : [[t('Medelbeläggning i heltidsekvivalenter', 'Mean occupancy in full-time equivalents'), `${f.dec(occ.summary.meanFullTimeEquivalents)} (${f.dec(occ.summary.meanPercentOfFullTime!)} % ${t('av heltid i snitt', 'of full time on average')})`] as [string, string]]),
        [t('Högsta beläggning', 'Peak occupancy'), f.int(occ.summary.maxOccupancy)],
        ...(occ.places !== null
          ? [
              [t('Andel av platserna (medel)', 'Share of the places (mean)'), occ.summary.meanShareOfPlaces === null ? '–' : f.pct(occ.summary.meanShareOfPlaces)],
              [t('Veckor över antalet platser', 'Weeks over the places'), f.int(occ.summary.weeksOverPlaces)],
            ]
          : []),
        ...(sim.applies.waitingList ? [[t('Väntande (medel / högst)', 'Waiting (mean / most)'), `${f.dec(occ.summary.meanWaiting)} / ${f.int(occ.summary.maxWaiting)}`]] : []),
      ],
    },
    numbersLabel,
  });
}

/** Every target judged for each month's intake, as a table: where a steady inflow keeps its targets, and where the horizon stops following. */
export function intakeSection(c: Context): string {
  const { report, t, f } = c;
  const months = report.intakeMonths;
  if (months.length === 0) return '';
  const targets = [...report.targets.filter((x) => x.stepId !== null), ...report.outcomes.byIncome.flatMap((l) => (l.target ? [l.target] : []))];
  const inflow = report.simulation.inflow;
  const steady = inflow !== null && inflow.lastDay > inflow.firstDay;
  return section({
    id: 'intake',
    title: t('Resultat per intagsmånad', 'Results by intake month'),
    explanation: steady
      ? t(
          `Med ett jämnt inflöde (${f.dec(inflow!.perWeek)} anvisade i veckan per kohort) visar tabellen, för dem som antogs varje kalendermånad, hur många de var per kohort och hur de klarade varje mål vid dess månad. "–": de antogs för sent för att följas så länge inom simuleringen.`,
          `With a steady inflow (${f.dec(inflow!.perWeek)} referred a week per cohort) the table shows, for those admitted in each calendar month, how many they were per cohort and how they did against each target by its month. "–": admitted too late to be followed that long within the simulation.`,
        )
      : t(
          'Alla anvisades samma dag, så det finns bara en intagsmånad. Ange --per-week för ett jämnt inflöde.',
          'Everyone was referred on the same day, so there is only one intake month. Use --per-week for a steady inflow.',
        ),
    body: table({
      head: [t('Intagsmånad', 'Intake month'), t('Antagna per kohort', 'Admitted per cohort'), ...targets.map((x) => `${x.label} (${t('mål', 'target')} ${f.pct(x.target)}, ${t('mån', 'm.')} ${x.byMonth})`)],
      num: [1, ...targets.map((_, i) => i + 2)],
      rows: months.map((m) => [f.monthYear(`${m.month}-01`), cohortCount(m.admitted.mean, f), ...targets.map((x) => share(m.targets.find((y) => y.id === x.id)?.estimate, c))]),
    }),
  });
}

export function breakdownSection(c: Context, b: Breakdown, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const chart = outcomesByGroupChart(report, b, lang, f);
  const targetIds = report.targets.filter((x) => x.stepId !== null).map((x) => x.id);
  const targetLabel = (id: string) => report.targets.find((x) => x.id === id)!.label;
  return section({
    id: `breakdown-${b.fact}`,
    title: `${t('Per', 'By')} ${b.label.toLowerCase()}`,
    explanation: t(
      `Varje grupp för sig (antagna per kohort inom parentes): hur de antagna fördelar sig på avslutens kategorier och på dem som fortfarande är kvar, och i tabellen varje stegmål och tiden i programmet. Jämför grupperna för att se om programmet fungerar lika för alla.`,
      `Each group on its own (admitted per cohort in brackets): how those admitted divide between the categories of exit and those still in, and in the table each step target and the time in the programme. Compare the groups to see whether the programme works alike for everyone.`,
    ),
    ...(chart ? { body: chart } : {}),
    numbers: {
      head: [b.label, t('Antagna per kohort', 'Admitted per cohort'), ...targetIds.map(targetLabel), t('Median (dagar)', 'Median (days)'), ...report.outcomes.byCategory.map((k) => k.label)],
      num: Array.from({ length: 2 + targetIds.length + report.outcomes.byCategory.length }, (_, i) => i + 1),
      rows: b.groups.map((g) => [
        g.label,
        cohortCount(g.outcomes.perRun.admitted.mean, f),
        ...targetIds.map((id) => share(g.steps.find((s) => s.target?.id === id)?.target?.estimate, c)),
        g.timeInProgramme.medianDays === null ? '–' : f.int(g.timeInProgramme.medianDays),
        ...report.outcomes.byCategory.map((k) => cohortCount(g.outcomes.byCategory.find((x) => x.id === k.id)?.perRun.mean ?? 0, f)),
      ]),
    },
    numbersLabel,
  });
}

export function timeSection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const first = report.breakdowns[0];
  const d = (v: number | null) => (v === null ? '–' : f.int(v));
  return section({
    id: 'time',
    title: t('Tid i programmet', 'Time in the programme'),
    explanation: t(
      'Hur länge deltagarna stannar, från antagning till avslut. Lådan spänner över den mittersta hälften av vistelserna och strecket är medianen; de som fortfarande är kvar räknas med så länge de följts, till simuleringens sista dag (Kaplan–Meier).',
      'How long participants stay, from admission to exit. The box spans the middle half of the stays and the bar is the median; those still in count for as long as they were followed, to the last simulated day (Kaplan–Meier).',
    ),
    body: timeChart(report, first, lang, f),
    numbers: {
      head: [t('Grupp', 'Group'), t('Antal', 'Count'), t('Kvartil 1 (dagar)', 'Quartile 1 (days)'), t('Median (dagar)', 'Median (days)'), t('Kvartil 3 (dagar)', 'Quartile 3 (days)')],
      num: [1, 2, 3, 4],
      rows: [{ label: t('Alla', 'Everyone'), tip: report.timeInProgramme }, ...report.breakdowns.flatMap((b) => b.groups.map((g) => ({ label: `${b.label}: ${g.label}`, tip: g.timeInProgramme })))].map((r) => [
        r.label,
        f.int(r.tip.n),
        d(r.tip.q1Days),
        d(r.tip.medianDays),
        d(r.tip.q3Days),
      ]),
    },
    numbersLabel,
  });
}

export function deadlinesSection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const chart = deadlinesChart(report, lang, f);
  if (!chart) return '';
  return section({
    id: 'deadlines',
    title: t('Tidsfrister', 'Deadlines'),
    explanation: t(
      'Hur stor del av varje slags tidsfrist som hölls i tid, hölls sent eller missades: kartläggning och handlingsplan, uppföljningar, stegmål och utvärderingar.',
      'How much of each kind of deadline was kept on time, kept late or missed: assessment and action plan, follow-ups, step targets and evaluations.',
    ),
    body: chart,
    numbers: {
      head: [t('Tidsfrist', 'Deadline'), t('I tid', 'On time'), t('Sent', 'Late'), t('Missad', 'Missed'), t('Andel i tid', 'Share on time')],
      num: [1, 2, 3, 4],
      rows: report.deadlines.map((d) => [d.label, f.int(d.metOnTime), f.int(d.metLate), f.int(d.missed), d.shareOnTime === null ? '–' : f.pct(d.shareOnTime)]),
    },
    numbersLabel,
  });
}

export function observedSection(c: Context, numbersLabel: string): string {
  const { report, t, lang, f } = c;
  const o = report.observed;
  if (!o) return '';
  const fit = o.fit
    ? o.fit.consistent
      ? t(
          `Modellen stämmer med tabellen: chi-två ${f.dec(o.fit.chiSquare)} med ${o.fit.df} frihetsgrader, p = ${f.sig(o.fit.pValue)} (tabellen förkastar den inte på 5 %-nivån). Med ${o.participants} deltagare är tabellen dock grov: intervallen är breda.`,
          `The model agrees with the table: chi-square ${f.dec(o.fit.chiSquare)} on ${o.fit.df} degrees of freedom, p = ${f.sig(o.fit.pValue)} (the table does not reject it at the 5% level). With ${o.participants} participants the table is coarse, though: the intervals are wide.`,
        )
      : t(
          `Modellen stämmer inte med tabellen: chi-två ${f.dec(o.fit.chiSquare)} med ${o.fit.df} frihetsgrader, p = ${f.sig(o.fit.pValue)}.`,
          `The model does not agree with the table: chi-square ${f.dec(o.fit.chiSquare)} on ${o.fit.df} degrees of freedom, p = ${f.sig(o.fit.pValue)}.`,
        )
    : t('Passformen kan inte beräknas (se anteckningarna).', 'The fit cannot be computed (see the notes).');
  const outside = o.categories.filter((r) => r.withinObservedInterval === false).map((r) => r.label);
  const enrolled = o.stillEnrolledAtEnd;
  return [
    section({
      id: 'observed',
      title: t(`Simulerat mot observerat (${o.period.from}–${o.period.to})`, `Simulated against observed (${o.period.from}–${o.period.to})`),
      explanation:
        `${fit} ` +
        (outside.length > 0
          ? t(`Utanför det observerade intervallet: ${outside.join(', ')}.`, `Outside the observed interval: ${outside.join(', ')}.`)
          : t('Varje simulerad andel ligger inom den observerade andelens intervall.', "Every simulated share lies within the observed share's interval.")) +
        ' ' +
        t(
          `Inskrivna vid periodens slut: ${f.int(enrolled.observed.count)} av ${o.participants} enligt den observerade filen (${f.pct1(enrolled.observed.share)}), ${share(enrolled.simulated, c)} i simuleringen.`,
          `Enrolled at the period's end: ${f.int(enrolled.observed.count)} of ${o.participants} in the observed file (${f.pct1(enrolled.observed.share)}), ${share(enrolled.simulated, c)} simulated.`,
        ),
      body: observedChart(o, lang, f),
      numbers: {
        head: [t('Kategori', 'Category'), t('Observerat antal', 'Observed count'), t('Observerad andel', 'Observed share'), t('Wilsonintervall', 'Wilson interval'), t('Simulerad andel', 'Simulated share'), t('95 % intervall', '95% interval'), 'z'],
        num: [1, 2, 3, 4, 5, 6],
        rows: o.categories.map((r) => [r.label, f.int(r.observed.count), f.pct1(r.observed.share), `${f.pct1(r.observed.ci[0])}–${f.pct1(r.observed.ci[1])}`, share(r.simulated, c), interval(r.simulated, c), r.z === null ? '–' : f.dec(Math.abs(r.z) < 0.05 ? 0 : r.z)]),
      },
      numbersLabel,
    }).replace('</section>', `<ul class="notes">${o.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>\n</section>`),
  ].join('\n');
}

/** Two variants side by side: the targets, and the key figures per cohort, with the difference. */
export function compareSection(c: Context, a: Variant, b: Variant): string {
  const { t, lang, f } = c;
  const chart = compareChart(a, b, lang, f);
  const fig = (r: Report) => ({
    admitted: r.simulation.perRun.admitted.mean,
    exited: r.outcomes.perRun.exited.mean,
    stillIn: r.outcomes.perRun.stillIn.mean,
    median: r.timeInProgramme.medianDays,
    occupancy: r.occupancy.summary.meanOccupancy,
    costPerOutcome: r.cost?.costPerQualifyingOutcome ?? null,
  });
  const fa = fig(a.report);
  const fb = fig(b.report);
  const num = (v: number | null) => (v === null ? '–' : cohortCount(Math.round(v * 10) / 10, f));
  const diff = (x: number | null, y: number | null) => (x === null || y === null ? '–' : `${y - x >= 0 ? '+' : '−'}${cohortCount(Math.round(Math.abs(y - x) * 10) / 10, f)}`);
  const pp = (x: Estimate | null | undefined, y: Estimate | null | undefined) => (x && y ? `${y.share - x.share >= 0 ? '+' : '−'}${f.dec(Math.abs(100 * (y.share - x.share)))} ${t('procentenheter', 'points')}` : '–');
  const rows: string[][] = [
    [t('Antagna per kohort', 'Admitted per cohort'), num(fa.admitted), num(fb.admitted), diff(fa.admitted, fb.admitted)],
    [t('Avslutade per kohort', 'Exited per cohort'), num(fa.exited), num(fb.exited), diff(fa.exited, fb.exited)],
    [t('Kvar vid slutet per kohort', 'Still in at the end per cohort'), num(fa.stillIn), num(fb.stillIn), diff(fa.stillIn, fb.stillIn)],
    [t('Mediantid (dagar)', 'Median stay (days)'), num(fa.median), num(fb.median), diff(fa.median, fb.median)],
    [t('Medelbeläggning', 'Mean occupancy'), num(fa.occupancy), num(fb.occupancy), diff(fa.occupancy, fb.occupancy)],
    ...(fa.costPerOutcome !== null || fb.costPerOutcome !== null ? [[t('Kostnad per avslut med egen försörjning', 'Cost per exit with an income of their own'), num(fa.costPerOutcome), num(fb.costPerOutcome), diff(fa.costPerOutcome, fb.costPerOutcome)]] : []),
    ...comparedTargets(a.report, b.report).map((x) => [`${x.label} (${t('mål', 'target')} ${f.pct(x.target)})`, share(x.a?.estimate, c), share(x.b?.estimate, c), pp(x.a?.estimate, x.b?.estimate)]),
  ];
  return section({
    id: 'compare',
    title: t('Två varianter sida vid sida', 'Two variants side by side'),
    explanation: t(
      `A är ${a.name}, B är ${b.name}: samma simulering (kohort, månader, körningar, frö) för båda, så skillnaden är vad ändringen gör. Staplarna är andelen som når varje mål, med 95 % intervall; den svarta markeringen är målet.`,
      `A is ${a.name}, B is ${b.name}: the same simulation (cohort, months, runs, seed) for both, so the difference is what the change does. The bars are the share reaching each target, with the 95% interval; the black mark is the target.`,
    ),
    ...(chart ? { body: chart + table({ head: [t('Mått', 'Measure'), 'A', 'B', t('B − A', 'B − A')], num: [1, 2, 3], rows }) } : { body: table({ head: [t('Mått', 'Measure'), 'A', 'B', 'B − A'], num: [1, 2, 3], rows }) }),
  });
}
