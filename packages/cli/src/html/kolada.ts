import { esc } from '../charts/svg.js';
import type { KoladaOnPage } from '../kolada.js';
import { table } from './blocks.js';
import type { Context } from './sections.js';

/**
 * Kolada's KPI side by side: the programme's simulated figure, the municipality's and the country's
 * published ones, by gender (T, K, M), with the source and year named. When Kolada's figures could not be
 * had, the section says why instead of showing them.
 */
export function koladaSection(c: Context, k: KoladaOnPage): string {
  const { t, f } = c;
  // Kolada publishes percentages; the report's shares are fractions.
  const pct = (v: number | null) => (v === null ? '–' : f.pct1(v / 100));
  const head = [t('Vem', 'Whose'), t('Totalt (T)', 'Total (T)'), t('Kvinnor (K)', 'Women (K)'), t('Män (M)', 'Men (M)')];
  const sim = k.simulated.estimate;
  const fu = k.simulated.followUps;
  const share = (x: { participants: number; qualified: number }) => (x.participants === 0 ? '–' : f.pct1(x.qualified / x.participants));
  const rows: string[][] = [
    ...(fu ? [[t('Programmet, simulerat: uppföljning efter avslut', 'The programme, simulated: follow-up after exit'), share(fu.T), share(fu.K), share(fu.M)]] : []),
    [t('Programmet, simulerat: utfall vid avslut', 'The programme, simulated: outcome at exit'), sim ? `${f.pct1(sim.share)} (${t('95 %', '95%')}: ${f.pct1(sim.ci[0])}–${f.pct1(sim.ci[1])})` : '–', '–', '–'],
  ];
  if (k.observed) {
    const cell = (g: 'T' | 'K' | 'M') => {
      const x = k.observed!.figures.find((o) => o.gender === g);
      const below = k.observed!.smallCellsBelow;
      return !x || x.suppressed ? t(`färre än ${below}`, `fewer than ${below}`) : x.share === null ? '–' : f.pct1(x.share / 100);
    };
    rows.push([t(`Programmet, registrerat ${k.year} (händelselagret)`, `The programme, recorded in ${k.year} (the event store)`), cell('T'), cell('K'), cell('M')]);
  }
  const p = k.published;
  if (p.ok) {
    const m = p.value.municipality.figures;
    const r = p.value.country.figures;
    rows.push([`${k.municipality.name} (${k.municipality.code}), ${t('publicerat', 'published')}`, pct(m.T), pct(m.K), pct(m.M)]);
    rows.push([`${t('Riket', 'Sweden')} (0000), ${t('publicerat', 'published')}`, pct(r.T), pct(r.K), pct(r.M)]);
  }
  const source = p.ok
    ? t(
        `Källa: Kolada (RKA), nyckeltal ${p.value.kpi.id} ”${k.kpiTitle}”, år ${k.year}; ${k.from === 'api' ? 'hämtat från' : 'läst ur ett sparat svar,'} ${p.value.source}.`,
        `Source: Kolada (RKA), KPI ${p.value.kpi.id} “${k.kpiTitle}”, year ${k.year}; ${k.from === 'api' ? 'fetched from' : 'read from a saved answer,'} ${p.value.source}.`,
      )
    : t(`Koladas publicerade siffror för ${k.year} saknas: ${p.issues.map((i) => i.message).join('; ')}.`, `Kolada's published figures for ${k.year} are missing: ${p.issues.map((i) => i.message).join('; ')}.`);
  const fuNote = fu
    ? t(
        `Uppföljning efter avslut: av de ${f.int(fu.T.participants)} simulerade avslut som följdes upp inom den simulerade perioden, andelen som någon uppföljning fann i arbete (inte kommunens arbetsmarknadsanställningar) minst en sammanhängande månad, eller i studier med studiemedel – nyckeltalets definition, räknad som exporten räknar den, på vad beteendemodellens uppföljningar efter avslut fann. Arbete antas ha börjat vid avslutet och pågå. Icke-binära deltagare ingår bara i totalen.`,
        `Follow-up after exit: of the ${f.int(fu.T.participants)} simulated exits followed up within the simulated period, the share that some follow-up found in work (not the municipality's labour-market jobs) for at least one continuous month, or in studies with student finance — the KPI's definition, counted as the export counts it, on what the behaviour model's follow-ups after exit found. Work is taken to have begun at the exit and to go on. Non-binary participants are in the total only.`,
      )
    : t(
        'Beteendemodellen anger inte vad uppföljningarna efter avslut finner (followUpAfterExit), så programmets siffra finns bara som utfall vid avslut.',
        "The behaviour model does not say what the follow-ups after exit find (followUpAfterExit), so the programme's figure is there only as the outcome at exit.",
      );
  const simNote = sim
    ? t(
        `Utfall vid avslut: den simulerade kohortens andel av de avslutade (${f.int(sim.n)} avslut i simuleringen, inget kalenderår) vars utfall räknas som arbete eller studier, för alla kön tillsammans.`,
        `Outcome at exit: the simulated cohort's share of those who exited (${f.int(sim.n)} exits simulated, not a calendar year) whose outcome counts as work or studies, all genders together.`,
      )
    : t('Utfall vid avslut kan inte beräknas: ingen avslutades i simuleringen.', 'The outcome at exit cannot be computed: nobody exited in the simulation.');
  return [
    `<section id="section-kolada" aria-labelledby="h-kolada">`,
    `<h2 id="h-kolada">${esc(t('Kolada: resultat vid avslut', 'Kolada: result at exit'))}</h2>`,
    `<p>${esc(t(`Nyckeltalet ”${k.kpiTitle}” för programmet, kommunen och riket, efter kön.`, `The KPI “${k.kpiTitle}” for the programme, the municipality and the country, by gender.`))}</p>`,
    table({ head, rows, num: [1, 2, 3], caption: t(`Andel som började arbeta eller studera: simulerat, och publicerat för år ${k.year}`, `Share who started work or studies: simulated, and published for the year ${k.year}`) }),
    `<p class="kolada-source">${esc(source)}</p>`,
    `<p>${esc(fuNote)}</p>`,
    `<p>${esc(simNote)}</p>`,
    k.simulated.caveats.length > 0 ? `<ul>${k.simulated.caveats.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}
