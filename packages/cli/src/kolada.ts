import type { Issue, Lang, Programme } from '@stegvis/core';
import { KOLADA_API, type KoladaFigure, type KoladaIssue, type KoladaPack, type KoladaPublished, fetchKoladaPublished, koladaFigures, koladaPack, koladaPublishedFromJson, municipalityOf } from '@stegvis/exports';
import { type Estimate, type IndicatorDefinition, type Report, type Trajectories, shippedIndicators } from '@stegvis/sim';
import { say } from './i18n.js';
import { recordsFromStore } from './commands/export.js';
import { CliError, type Io } from './io.js';
import { issueLine } from './words.js';
import { type SimulatedKolada, simulatedKolada } from './kolada-simulated.js';
import { displayPath, readUserFile } from './load-programme.js';

/** `stegvis report`'s Kolada flags. */
export interface KoladaFlags {
  /** The year whose published figures to show beside the programme's. */
  readonly kolada?: number;
  /** Kolada's API root (default the public API v3). */
  readonly koladaUrl?: string;
  /** A saved answer of Kolada's data endpoint, instead of asking the API. */
  readonly koladaFile?: string;
  /** The KPI's id, when the pack has none (else it is found by its title). */
  readonly koladaKpi?: string;
  /** How long one request may take, in milliseconds. */
  readonly koladaTimeout?: number;
  /** The event store whose recorded participants give the programme's observed figures for the year. */
  readonly koladaStore?: string;
  readonly lang: Lang;
}

/** The simulated figure by the outcome at exit: the report's indicator for Kolada's KPI (packages/sim/indicators/kolada.yaml). */
export const KOLADA_INDICATOR = 'koladaWorkOrStudiesAtExit';

/** What the report page shows in its Kolada section. */
export interface KoladaOnPage {
  readonly year: number;
  readonly municipality: { readonly code: string; readonly name: string };
  readonly kpiTitle: string;
  /** Whether the published figures were asked of the API or read from a saved answer. */
  readonly from: 'api' | 'file';
  /**
   * The programme's figures as simulated: by the follow-ups after exit the behaviour model holds, by gender
   * (null when it holds none); and by the outcome at exit (the report's indicator, all genders together), with its caveats.
   */
  readonly simulated: { readonly followUps: SimulatedKolada | null; readonly estimate: Estimate | null; readonly caveats: readonly string[] };
  /** The programme's figures for the year as `stegvis export kolada` computes them from the event store (`--kolada-store`), small cells suppressed. */
  readonly observed: { readonly figures: readonly KoladaFigure[]; readonly smallCellsBelow: number } | null;
  /** Kolada's published figures, or why they are missing. */
  readonly published: { readonly ok: true; readonly value: KoladaPublished } | { readonly ok: false; readonly issues: readonly KoladaIssue[] };
}

/** The indicator definitions to evaluate when the page is to show Kolada's figures: Kolada's KPI only. */
export const koladaIndicators = (): IndicatorDefinition[] => shippedIndicators().filter((d) => d.id === KOLADA_INDICATOR);

/**
 * The municipality to compare with, checked before anything is simulated: none without `--kolada`; a
 * `CliError` for Kolada flags that do not go together, or a programme that declares no municipality.
 */
export function koladaMunicipality(programme: Programme, file: string, flags: KoladaFlags): { code: string; name: string } | undefined {
  const t = say(flags.lang);
  const others = (['koladaUrl', 'koladaFile', 'koladaKpi', 'koladaTimeout', 'koladaStore'] as const).filter((k) => flags[k] !== undefined);
  const flag = (k: string) => `--${k.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`;
  if (flags.kolada === undefined) {
    if (others.length === 0) return undefined;
    throw new CliError(t(`${flag(others[0]!)} hör till --kolada <år>: ange året också`, `${flag(others[0]!)} goes with --kolada <year>: give the year too`));
  }
  if (flags.koladaFile !== undefined && (flags.koladaUrl !== undefined || flags.koladaTimeout !== undefined))
    throw new CliError(t('--kolada-file läser ett sparat svar: ange inte --kolada-url eller --kolada-timeout med den', '--kolada-file reads a saved answer: do not give --kolada-url or --kolada-timeout with it'));
  const m = municipalityOf(programme);
  if (m.ok) return m.value;
  throw new CliError(t(`${file}: programmet anger ingen kommun, så --kolada har inget att jämföra med; lägg till municipality: { code: '1864', name: Ljusnarsberg } (SCB:s kommunkod)`, `${file}: the programme declares no municipality, so --kolada has nothing to compare with; add municipality: { code: '1864', name: Ljusnarsberg } (its SCB code)`));
}

/**
 * Kolada's published figures for the page: from the API (or a saved answer with `--kolada-file`). A failure
 * does not stop the report: it is said on stderr as a warning and on the page, and the command still exits 0.
 */
export async function koladaOnPage(programme: Programme, report: Report, trajectories: Trajectories, municipality: { code: string; name: string }, flags: KoladaFlags & { readonly kolada: number }, io: Io, cwd: string): Promise<KoladaOnPage> {
  const t = say(flags.lang);
  const pack = koladaPack();
  const kpiId = flags.koladaKpi ?? pack.kpi.id;
  const query = { municipality: municipality.code, year: flags.kolada };
  // The store first: a store that cannot be read stops the command before anything is asked of Kolada.
  const observed = flags.koladaStore === undefined ? null : { figures: await observedFigures(programme, flags.koladaStore, flags.kolada, pack, flags.lang, cwd), smallCellsBelow: pack.smallCells.below };
  let published: KoladaOnPage['published'];
  if (flags.koladaFile !== undefined) {
    const { text, path } = await readUserFile(flags.koladaFile, cwd, 'saved Kolada answer', 20_000_000);
    published = koladaPublishedFromJson(text, { ...query, kpiId, title: pack.kpi.title }, displayPath(cwd, path), flags.lang);
  } else {
    published = await fetchKoladaPublished(
      { ...query, kpi: { id: kpiId, title: pack.kpi.title } },
      { baseUrl: flags.koladaUrl ?? KOLADA_API, lang: flags.lang, ...(flags.koladaTimeout !== undefined ? { timeoutMs: flags.koladaTimeout } : {}) },
    );
  }
  if (!published.ok)
    for (const i of published.issues) io.stderr(`stegvis: ${t('varning', 'warning')}: ${t('Koladas publicerade siffror saknas i rapporten', "Kolada's published figures are missing from the report")}: ${i.message}. ${t('Åtgärd', 'Fix')}: ${i.fix} (${i.code})\n`);
  const indicator = report.indicators.find((i) => i.id === KOLADA_INDICATOR);
  return {
    year: flags.kolada,
    municipality,
    kpiTitle: pack.kpi.title,
    from: flags.koladaFile !== undefined ? 'file' : 'api',
    simulated: { followUps: simulatedKolada(programme, trajectories, pack), estimate: indicator?.estimate ?? null, caveats: indicator?.caveats ?? [] },
    published,
    observed,
  };
}

/** The year's figures from the event store, as `stegvis export kolada` gives them; a store that cannot be read is a `CliError`. */
async function observedFigures(programme: Programme, store: string, year: number, pack: KoladaPack, lang: Lang, cwd: string): Promise<KoladaFigure[]> {
  const records = await recordsFromStore(programme, store, cwd);
  const figures = records.ok ? koladaFigures(programme, records.value, year, pack) : records;
  if (figures.ok) return figures.value;
  throw new CliError(figures.issues.map((i) => issueLine(i as Issue, lang)).join('\n'));
}
