import type { Lang, Programme } from '@stegvis/core';
import type { Variant } from '../charts/compare.js';
import type { KoladaOnPage } from '../kolada.js';
import { esc } from '../charts/svg.js';
import { formatters } from '../i18n.js';
import type { Report } from '../report-types.js';
import type { RunInfo } from '../summary.js';
import { koladaSection } from './kolada.js';
import { renderDiagramScript } from './mermaid.js';
import {
  assumptionsSection,
  breakdownSection,
  cohortCards,
  compareSection,
  context,
  costSection,
  deadlinesSection,
  incomeSection,
  intakeSection,
  observedSection,
  occupancySection,
  outcomesSection,
  stepsSection,
  timeSection,
} from './sections.js';
import { css } from './style.js';

export interface ReportPageInput {
  readonly programme: Programme;
  readonly report: Report;
  /** The programme as Mermaid text. */
  readonly diagram: string;
  /** Mermaid's browser build, made safe to inline. */
  readonly mermaidJs: string;
  readonly lang: Lang;
  /** How the cohort was simulated, as the user asked for it. */
  readonly run: RunInfo;
  /** A second variant (another programme version or behaviour model) simulated the same way, and the names of both. */
  readonly compare?: { readonly a: string; readonly b: Variant };
  /** Kolada's KPI: the programme's simulated figure beside the municipality's and the country's published ones. */
  readonly kolada?: KoladaOnPage;
}

/** "200 referred a week…" / "all on the first day": how referrals arrived. */
function inflowText(report: Report, lang: Lang): string {
  const f = formatters(lang);
  const inflow = report.simulation.inflow;
  const t = (sv: string, en: string) => (lang === 'sv' ? sv : en);
  if (!inflow) return t('ingen anvisad', 'nobody referred');
  if (inflow.lastDay === inflow.firstDay) return t('alla samma dag', 'all on the same day');
  const day = (d: number) => new Date(Date.parse(`${report.simulation.startDate}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
  return t(`ett jämnt inflöde på ${f.dec(inflow.perWeek)} i veckan från ${day(inflow.firstDay)} till ${day(inflow.lastDay)}`, `a steady inflow of ${f.dec(inflow.perWeek)} a week from ${day(inflow.firstDay)} to ${day(inflow.lastDay)}`);
}

/** The whole report: one HTML file with its styles, charts and diagram renderer inline; it fetches nothing. */
export function reportPage(input: ReportPageInput): string {
  const { programme, lang, report } = input;
  const f = formatters(lang);
  const c = context(report, lang, f);
  const { t } = c;
  const name = programme.name[lang];
  const sim = report.simulation;
  const numbers = t('Visa siffrorna', 'Show the numbers');
  const runs = sim.replications;

  const sections = [
    assumptionsSection(c),
    [
      `<section id="section-diagram" aria-labelledby="h-diagram">`,
      `<h2 id="h-diagram">${esc(t('Programmet', 'The programme'))}</h2>`,
      `<p>${esc(t('Deltagarens väg genom programmet: stegen i ordning, deras mål och tidsfrister, och avsluten. Ritad från programmets konfiguration.', "The participant's path through the programme: the steps in order, their targets and deadlines, and the exits. Drawn from the programme's configuration."))}</p>`,
      `<div id="diagram" class="diagram" role="img" aria-label="${esc(t('Flödesschema över programmet', 'Flowchart of the programme'))}">${esc(t('Ritar diagrammet…', 'Drawing the diagram…'))}</div>`,
      `<details><summary>${esc(t('Diagrammets källtext (Mermaid)', 'The diagram as text (Mermaid)'))}</summary><pre class="quoted">${esc(input.diagram)}</pre></details>`,
      '</section>',
    ].join('\n'),
    stepsSection(c, numbers),
    incomeSection(c, numbers),
    outcomesSection(c, numbers),
    input.kolada ? koladaSection(c, input.kolada) : '',
    costSection(c),
    occupancySection(c, numbers),
    intakeSection(c),
    ...report.breakdowns.map((b) => breakdownSection(c, b, numbers)),
    timeSection(c, numbers),
    deadlinesSection(c, numbers),
    observedSection(c, numbers),
    input.compare ? compareSection(c, { name: input.compare.a, report }, input.compare.b) : '',
  ].filter(Boolean);

  const title = `${name} — ${t('simulerad kohort', 'a simulated cohort')}`;
  const toc = [...sections.join('\n').matchAll(/<section id="section-([\w-]+)"[^>]*>\n<h2 id="h-[\w-]+">([^<]*)<\/h2>/g)].map((m) => `<li><a href="#section-${m[1]}">${m[2]}</a></li>`).join('');
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
      `En simulerad kohort: ${f.int(input.run.cohort)} anvisade (${inflowText(report, lang)}), följda i ${input.run.months} månader från ${sim.startDate}; ${runs} ${runs === 1 ? 'körning' : 'körningar'} med frö ${input.run.seed}.`,
      `A simulated cohort: ${f.int(input.run.cohort)} referred (${inflowText(report, lang)}), followed for ${input.run.months} months from ${sim.startDate}; ${runs} ${runs === 1 ? 'run' : 'runs'} with seed ${input.run.seed}.`,
    ),
  )}</p>
<p class="per-cohort">${esc(
    runs > 1
      ? t(`Varje siffra gäller en kohort: medelvärdet över de ${runs} körningarna, med 95 % intervall för medelvärdet.`, `Every figure is for one cohort: the mean over the ${runs} runs, with the 95% interval of that mean.`)
      : t('Siffrorna gäller en enda körning; kör fler (--replications) för att få intervall.', 'The figures are for a single run; run more (--replications) to get intervals.'),
  )}</p>
${cohortCards(c)}
<nav aria-label="${esc(t('Innehåll', 'Contents'))}"><ol class="toc">${toc}</ol></nav>
</header>
${sections.join('\n')}
${report.notes.length > 0 ? `<section id="section-notes" aria-labelledby="h-notes"><h2 id="h-notes">${esc(t('Att tänka på', 'Notes'))}</h2><ul>${report.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>` : ''}
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
