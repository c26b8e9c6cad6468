import { type Issue, type Lang, type Programme, StegvisError, issue } from '@stegvis/core';
import { type Behaviour, type BehaviourInput, type Report, ReportSchema, buildReport, simulate, validateBehaviour, validateBehaviourYaml } from '@stegvis/sim';
import { mermaidOf } from './diagram.js';
import { mermaidBrowserBuild } from './html/mermaid.js';
import { reportPage } from './html/page.js';
import { simulateOptions } from './simulation.js';
import type { RunInfo } from './summary.js';

export type { RunInfo } from './summary.js';

/** A second variant to show side by side: the names of both, and the other's report (another version, or another behaviour model). */
export interface ReportComparison {
  readonly a: string;
  readonly b: { readonly name: string; readonly report: Report };
}

/** A built report as the page needs it: valid `ReportSchema` data, of this programme (of this version, unless it is the one compared with); otherwise the issues. */
function reportIssues(programme: Programme, report: unknown, path: string): { report?: Report; issues: Issue[] } {
  const parsed = ReportSchema.safeParse(report);
  if (!parsed.success)
    return { issues: parsed.error.issues.map((i) => issue('config.invalid_value', [path, ...(i.path as (string | number)[])], i.message, 'render a report as buildReport returns it')) };
  const of = parsed.data.programme;
  if (of.id !== programme.id || (path === 'report' && of.version !== programme.version))
    return { issues: [issue('config.invalid_value', [path, 'programme'], `the report is of ${of.id} v${of.version}, not of ${programme.id} v${programme.version}`, 'render it with the programme it was built from')] };
  return { report: parsed.data, issues: [] };
}

/**
 * Renders a built report (`ReportSchema` data: what `buildReport` of `@stegvis/sim` returns, or what
 * `stegvis simulate --json` prints) as the report page: one self-contained HTML file with the programme's
 * diagram and every chart, in the report's language, that fetches nothing — the page `stegvis report`
 * writes. `run` says how the cohort was simulated, for the page's heading and footer; `compare` adds a
 * second variant side by side. A report that does not fit the schema, or is of another programme, throws
 * a `StegvisError` with the issues.
 *
 * @example
 * const report = buildReport(programme, simulateSync(programme, behaviour, { cohort: 200, months: 24, seed: 1 }), { lang: 'sv' });
 * const html = await renderReportHtml(programme, report, { cohort: 200, months: 24, seed: 1, replications: 1, behaviour: 'behaviour.yaml' });
 * await writeFile('rapport.html', html);
 */
export async function renderReportHtml(programme: Programme, report: Report, run: RunInfo, compare?: ReportComparison): Promise<string> {
  const main = reportIssues(programme, report, 'report');
  const other = compare ? reportIssues(programme, compare.b.report, 'compare') : undefined;
  const issues = [...main.issues, ...(other?.issues ?? [])];
  if (issues.length > 0) throw new StegvisError('config.invalid_value', issues);
  const lang: Lang = main.report!.lang;
  return reportPage({
    programme,
    report: main.report!,
    diagram: mermaidOf(programme, lang),
    mermaidJs: await mermaidBrowserBuild(),
    lang,
    run,
    ...(compare ? { compare: { a: compare.a, b: { name: compare.b.name, report: other!.report! } } } : {}),
  });
}

export interface ReportHtmlOptions {
  readonly cohort: number;
  readonly months: number;
  readonly seed: number;
  /** Independent runs, pooled (default 1). */
  readonly replications?: number;
  /** Worker threads (default: one, or every core from 50,000 rows). */
  readonly workers?: number;
  /** Referrals a week (default: the cohort spread evenly over the simulated period). */
  readonly perWeek?: number;
  /** The language of the page (default English). */
  readonly lang?: Lang;
  /** How the page names the behaviour model, such as its file name (default `behaviour model`). */
  readonly behaviourName?: string;
}

/**
 * Builds the report page from a programme and a behaviour model: simulates the cohort (on worker threads
 * from 50,000 rows), builds the report and renders it with `renderReportHtml`. Given the behaviour model's
 * YAML text, the page lists its numbers and notes as the assumptions, as `stegvis report` does; given it
 * as data, it has no such list. A behaviour model that does not fit the programme, or a programme the
 * simulation cannot model, throws a `StegvisError` with the issues.
 *
 * @example
 * const result = validateProgrammeYaml(await readFile('programme.yaml', 'utf8'));
 * if (!result.ok) throw new Error(formatIssues(result.issues));
 * const html = await buildReportHtml(result.value, await readFile('behaviour.yaml', 'utf8'), { cohort: 200, months: 24, seed: 1, lang: 'sv', behaviourName: 'behaviour.yaml' });
 * await writeFile('rapport.html', html);
 */
export async function buildReportHtml(programme: Programme, behaviour: string | Behaviour | BehaviourInput, options: ReportHtmlOptions): Promise<string> {
  const checked = typeof behaviour === 'string' ? validateBehaviourYaml(programme, behaviour) : validateBehaviour(programme, behaviour);
  if (!checked.ok) throw new StegvisError(checked.issues[0]!.code, checked.issues);
  const lang = options.lang ?? 'en';
  const source = options.behaviourName ?? 'behaviour model';
  const trajectories = await simulate(programme, checked.value, simulateOptions(options));
  const report = buildReport(programme, trajectories, { lang, ...(typeof behaviour === 'string' ? { behaviour: { text: behaviour, source } } : {}) });
  const run = { cohort: options.cohort, months: options.months, seed: options.seed, replications: options.replications ?? 1, behaviour: source };
  return renderReportHtml(programme, report, run);
}
