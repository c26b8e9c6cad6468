import type { Lang, Programme } from '@stegvis/core';
import { funnelChart, funnelTable } from '../charts/funnel.js';
import { deadlineKindLabel, deadlinesChart } from '../charts/deadlines.js';
import { occupancyChart } from '../charts/occupancy.js';
import { genderBreakdown, outcomesByGroupChart, outcomesChart } from '../charts/outcomes.js';
import { esc } from '../charts/svg.js';
import { timeChart } from '../charts/time.js';
import { formatters, say } from '../i18n.js';
import type { Report } from '../report-types.js';
import { renderDiagramScript } from './mermaid.js';
import { css } from './style.js';
import { withCategoryLabels } from '../report-view.js';

export interface ReportPageInput {
  readonly programme: Programme;
  readonly report: Report;
  /** The programme as Mermaid text. */
  readonly diagram: string;
  /** Mermaid's browser build, made safe to inline. */
  readonly mermaidJs: string;
  readonly lang: Lang;
  /** How the cohort was simulated, as the user asked for it. */
  readonly run: { readonly cohort: number; readonly months: number; readonly seed: number; readonly replications: number; readonly behaviour: string };
}

type Table = { head: readonly string[]; rows: readonly (readonly string[])[]; num?: readonly number[] };

function table(t: Table): string {
  const cls = (i: number) => (t.num?.includes(i) ? ' class="num"' : '');
  const head = t.head.map((h, i) => `<th${cls(i)} scope="col">${esc(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function section(id: string, title: string, explanation: string, body: string, numbers?: Table, numbersLabel = ''): string {
  return [
    `<section id="section-${id}" aria-labelledby="h-${id}">`,
    `<h2 id="h-${id}">${esc(title)}</h2>`,
    `<p>${esc(explanation)}</p>`,
    `<figure>${body}</figure>`,
    numbers ? `<details><summary>${esc(numbersLabel)}</summary>${table(numbers)}</details>` : '',
    '</section>',
  ].join('\n');
}

/** The whole report: one HTML file with its styles, charts and diagram renderer inline; it fetches nothing. */
export function reportPage(input: ReportPageInput): string {
  const { programme, lang } = input;
  const report = withCategoryLabels(input.report, lang);
  const t = say(lang);
  const f = formatters(lang);
  const name = programme.name[lang];
  const sim = report.simulation;
  const o = report.outcomes;
  const occ = report.occupancy;
  const numbers = t('Visa siffrorna', 'Show the numbers');
  const income = (i: 'full' | 'partial' | 'none') => ({ full: t('hel', 'full'), partial: t('delvis', 'partial'), none: t('ingen', 'none') })[i];
  const median = report.timeInProgramme.medianDays;
  const runs = input.run.replications > 1 ? t(` (${input.run.replications} körningar)`, ` (${input.run.replications} runs)`) : '';
  const facts: [string, string][] = [
    [t('Anvisade', 'Referred') + runs, f.int(sim.referred)],
    [t('Antagna', 'Admitted') + runs, f.int(sim.admitted)],
    [t('Avböjda', 'Declined') + runs, f.int(sim.declined)],
    [t('Avslutade', 'Exited') + runs, f.int(o.exited)],
    [t('Kvar vid slutet', 'Still in at the end') + runs, f.int(o.stillIn)],
    [t('Mediantid', 'Median stay'), median === null ? '–' : `${f.dec(median / (365.25 / 12))} ${t('mån', 'months')}`],
  ];
  const targets = report.targets.filter((x) => x.estimate !== null);
  const metCount = targets.filter((x) => x.met).length;

  const byGroup = outcomesByGroupChart(report, lang, f);
  const breakdown = genderBreakdown(report);
  const deadlines = deadlinesChart(report, lang, f);

  const sections = [
    [
      `<section id="section-diagram" aria-labelledby="h-diagram">`,
      `<h2 id="h-diagram">${esc(t('Programmet', 'The programme'))}</h2>`,
      `<p>${esc(t('Deltagarens väg genom programmet: stegen i ordning, deras mål och tidsfrister, och avsluten. Ritad från programmets konfiguration.', "The participant's path through the programme: the steps in order, their targets and deadlines, and the exits. Drawn from the programme's configuration."))}</p>`,
      `<div id="diagram" class="diagram" role="img" aria-label="${esc(t('Flödesschema över programmet', 'Flowchart of the programme'))}">${esc(t('Ritar diagrammet…', 'Drawing the diagram…'))}</div>`,
      `<details><summary>${esc(t('Diagrammets källtext (Mermaid)', 'The diagram as text (Mermaid)'))}</summary><pre>${esc(input.diagram)}</pre></details>`,
      '</section>',
    ].join('\n'),
    section(
      'funnel',
      t('Stegen mot målen', 'The steps against their targets'),
      t(
        `Andelen av de antagna som gått igenom varje steg, vid den månad då steget har sitt mål (annars vid simuleringens slut). Den svarta markeringen är målet; strecket över stapeln är 95 % osäkerhetsintervall. ${metCount} av ${targets.length} mål nås.`,
        `The share of those admitted who got through each step, by the month the step's target names (otherwise by the end of the simulation). The black mark is the target; the line across the bar is the 95% interval. ${metCount} of ${targets.length} targets are met.`,
      ),
      funnelChart(report, lang, f),
      funnelTable(report, lang, f),
      numbers,
    ),
    section(
      'occupancy',
      t('Beläggning över tid', 'Occupancy over time'),
      occ.places !== null
        ? t(
            `Hur många som är i programmet vecka för vecka (medel över dagar och körningar; det ljusa fältet når upp till den fullaste dagen) mot programmets ${f.int(occ.places)} platser. Högst ${f.int(occ.summary.maxOccupancy)}; ${occ.summary.weeksOverPlaces} veckor över antalet platser.`,
            `How many are in the programme week by week (the mean over days and runs; the pale band reaches up to the fullest day) against the programme's ${f.int(occ.places)} places. Peak ${f.int(occ.summary.maxOccupancy)}; ${occ.summary.weeksOverPlaces} weeks over the places.`,
          )
        : t(
            `Hur många som är i programmet vecka för vecka (medel; det ljusa fältet når upp till den fullaste dagen). Programmet anger inget antal platser. Högst ${f.int(occ.summary.maxOccupancy)}.`,
            `How many are in the programme week by week (the mean; the pale band reaches up to the fullest day). The programme states no number of places. Peak ${f.int(occ.summary.maxOccupancy)}.`,
          ),
      occupancyChart(report, lang, f),
      {
        head: [t('Mått', 'Measure'), t('Värde', 'Value')],
        num: [1],
        rows: [
          [t('Platser', 'Places'), occ.places === null ? '–' : f.int(occ.places)],
          [t('Medelbeläggning', 'Mean occupancy'), f.dec(occ.summary.meanOccupancy)],
          [t('Högsta beläggning', 'Peak occupancy'), f.int(occ.summary.maxOccupancy)],
          [t('Andel av platserna (medel)', 'Share of the places (mean)'), occ.summary.meanShareOfPlaces === null ? '–' : f.pct(occ.summary.meanShareOfPlaces)],
          [t('Veckor över antalet platser', 'Weeks over the places'), f.int(occ.summary.weeksOverPlaces)],
          [t('Väntande (medel / högst)', 'Waiting (mean / most)'), `${f.dec(occ.summary.meanWaiting)} / ${f.int(occ.summary.maxWaiting)}`],
        ],
      },
      numbers,
    ),
    section(
      'outcomes',
      t('Avslut per kategori', 'Exits by category'),
      t(
        `Vart de ${f.int(o.exited)} som lämnade programmet gick, grupperat efter avslutets kategori, och hur många som fortfarande var kvar när simuleringen slutade.`,
        `Where the ${f.int(o.exited)} who left the programme went, grouped by the category of their exit, and how many were still in when the simulation ended.`,
      ),
      outcomesChart(report, lang, f),
      {
        head: [t('Avslut', 'Exit'), t('Kategori', 'Category'), t('Försörjning', 'Income'), t('Antal', 'Count'), t('Andel av avsluten', 'Share of exits')],
        num: [3, 4],
        rows: o.byOutcome.map((x) => [x.label, o.byCategory.find((c) => c.id === x.category)?.label ?? x.category, income(x.income), f.int(x.count), x.ofExits ? f.pct1(x.ofExits.share) : '–']),
      },
      numbers,
    ),
    byGroup && breakdown
      ? section(
          'by-group',
          `${t('Avslut per', 'Exits by')} ${breakdown.label.toLowerCase()}`,
          t(
            `För varje grupp (antal antagna inom parentes): hur de antagna fördelar sig på avslutens kategorier och på dem som fortfarande är kvar. Jämför staplarna för att se om programmet fungerar lika för alla.`,
            `For each group (the number admitted in brackets): how those admitted divide between the categories of exit and those still in. Compare the bars to see whether the programme works alike for everyone.`,
          ),
          byGroup,
          {
            head: [breakdown.label, t('Antagna', 'Admitted'), ...o.byCategory.map((c) => c.label), t('Kvar', 'Still in')],
            num: [1, ...o.byCategory.map((_, i) => i + 2), o.byCategory.length + 2],
            rows: breakdown.groups.map((g) => [g.label, f.int(g.admitted), ...o.byCategory.map((c) => f.int(g.outcomes.byCategory.find((x) => x.id === c.id)?.count ?? 0)), f.int(g.outcomes.stillIn)]),
          },
          numbers,
        )
      : '',
    section(
      'time',
      t('Tid i programmet', 'Time in the programme'),
      t(
        'Hur länge deltagarna stannar, från antagning till avslut. Lådan spänner över den mittersta hälften av vistelserna och strecket är medianen; de som fortfarande är kvar räknas med så långt de följts (Kaplan–Meier).',
        'How long participants stay, from admission to exit. The box spans the middle half of the stays and the bar is the median; those still in count for as long as they were followed (Kaplan–Meier).',
      ),
      timeChart(report, lang, f),
      {
        head: [t('Grupp', 'Group'), t('Antal', 'Count'), t('Kvartil 1 (dagar)', 'Quartile 1 (days)'), t('Median (dagar)', 'Median (days)'), t('Kvartil 3 (dagar)', 'Quartile 3 (days)')],
        num: [1, 2, 3, 4],
        rows: [
          [t('Alla', 'Everyone'), report.timeInProgramme],
          ...(breakdown?.groups ?? []).map((g) => [g.label, g.timeInProgramme] as const),
        ].map(([label, x]) => {
          const tip = x as Report['timeInProgramme'];
          const d = (v: number | null) => (v === null ? '–' : f.int(v));
          return [label as string, f.int(tip.n), d(tip.q1Days), d(tip.medianDays), d(tip.q3Days)];
        }),
      },
      numbers,
    ),
    deadlines
      ? section(
          'deadlines',
          t('Tidsfrister', 'Deadlines'),
          t(
            'Hur stor del av varje slags tidsfrist som hölls i tid, hölls sent eller missades: kartläggning och handlingsplan, uppföljningar, stegmål och utvärderingar.',
            'How much of each kind of deadline was kept on time, kept late or missed: assessment and action plan, follow-ups, step targets and evaluations.',
          ),
          deadlines,
          {
            head: [t('Tidsfrist', 'Deadline'), t('I tid', 'On time'), t('Sent', 'Late'), t('Missad', 'Missed'), t('Andel i tid', 'Share on time')],
            num: [1, 2, 3, 4],
            rows: report.deadlines.map((d) => [deadlineKindLabel(d.kind, lang), f.int(d.metOnTime), f.int(d.metLate), f.int(d.missed), d.shareOnTime === null ? '–' : f.pct(d.shareOnTime)]),
          },
          numbers,
        )
      : '',
  ];

  const title = `${name} — ${t('simulerad kohort', 'a simulated cohort')}`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
<header>
<h1>${esc(name)}</h1>
<p class="lede">${esc(
    t(
      `Ett programflöde och en simulerad kohort: ${f.int(input.run.cohort)} anvisade under ${input.run.months} månader från ${sim.startDate}, ${input.run.replications} ${input.run.replications === 1 ? 'körning' : 'körningar'}, frö ${input.run.seed}.`,
      `The programme's flow and a simulated cohort: ${f.int(input.run.cohort)} referred over ${input.run.months} months from ${sim.startDate}, ${input.run.replications} ${input.run.replications === 1 ? 'run' : 'runs'}, seed ${input.run.seed}.`,
    ),
  )}</p>
<dl class="facts">
${facts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('\n')}
</dl>
</header>
${sections.filter(Boolean).join('\n')}
${report.notes.length > 0 ? `<section id="section-notes"><h2>${esc(t('Att tänka på', 'Notes'))}</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>` : ''}
<footer>
<p>${esc(
    t(
      `Alla siffror gäller en simulerad kohort och är sammanräknade: rapporten innehåller inga personuppgifter. Programmet ${programme.id} version ${programme.version}; beteendemodellen ${input.run.behaviour}. Skapad av stegvis.`,
      `Every figure is about a simulated cohort and aggregated: the report holds no personal data. Programme ${programme.id} version ${programme.version}; behaviour model ${input.run.behaviour}. Made by stegvis.`,
    ),
  )}</p>
</footer>
</main>
<script>${input.mermaidJs}</script>
<script>${renderDiagramScript(input.diagram)}</script>
</body>
</html>
`;
}
