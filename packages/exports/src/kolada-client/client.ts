import type { Lang, Path } from '@stegvis/core';
import type { z } from 'zod';
import { type KoladaIssue, type KoladaResult, failed, koladaIssue } from './issues.js';
import { COUNTRY, type DataRow, DataPageSchema, type KpiMeta, KpiPageSchema, type PublishedFigures, parsePage, pickKpi, publishedFigures } from './shape.js';

/** Kolada's public API, version 3. */
export const KOLADA_API = 'https://api.kolada.se/v3';

export interface KoladaClientOptions {
  /** The API's root, `https://api.kolada.se/v3` (a test's local server, a mirror). */
  readonly baseUrl?: string;
  /** The `fetch` to use (default the global one). */
  readonly fetch?: typeof fetch;
  /** How long one request may take, answer read included (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** How many pages one query may follow through `next_url` before giving up (default 20). */
  readonly maxPages?: number;
  /** The most bytes one answer may have (default 5 MB): a larger one is refused, not read. */
  readonly maxBytes?: number;
  /** The language of the issues' messages (default English). */
  readonly lang?: Lang;
}

export interface KoladaQuery {
  /** The KPI: its id, or (when it has none) its exact title to find it by. */
  readonly kpi: { readonly id?: string | undefined; readonly title: string };
  /** The municipality's code (SCB's four digits, as Kolada uses them). */
  readonly municipality: string;
  readonly year: number;
}

/** Kolada's published figures for a KPI and year: the municipality's and the country's, by gender. */
export interface KoladaPublished {
  readonly kpi: { readonly id: string; readonly title: string };
  readonly year: number;
  readonly municipality: { readonly code: string; readonly figures: PublishedFigures };
  readonly country: { readonly code: typeof COUNTRY; readonly figures: PublishedFigures };
  /** Where the figures came from: the API's root, or a saved answer's name. */
  readonly source: string;
}

const defaults = { baseUrl: KOLADA_API, timeoutMs: 10_000, maxPages: 20, maxBytes: 5_000_000 } as const;

type Settings = Required<Omit<KoladaClientOptions, 'fetch'>> & { readonly fetch: typeof fetch; readonly base: URL };

function settings(options: KoladaClientOptions): KoladaResult<Settings> {
  const lang = options.lang ?? 'en';
  const s = { ...defaults, lang, ...options, fetch: options.fetch ?? globalThis.fetch };
  const bad = (field: string, sv: string, en: string) =>
    failed(koladaIssue(lang, 'kolada.invalid_option', [field], { sv, en }, { sv: 'rätta inställningen', en: 'correct the option' }));
  let base: URL;
  try {
    base = new URL(s.baseUrl.endsWith('/') ? s.baseUrl : `${s.baseUrl}/`);
  } catch {
    return bad('baseUrl', 'Koladas adress är ingen URL', "Kolada's address is not a URL");
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') return bad('baseUrl', 'Koladas adress ska börja med https:// eller http://', "Kolada's address must start with https:// or http://");
  for (const k of ['timeoutMs', 'maxPages', 'maxBytes'] as const)
    if (!Number.isInteger(s[k]) || s[k] < 1) return bad(k, `${k} ska vara ett heltal större än 0`, `${k} must be a whole number above 0`);
  return { ok: true, value: { ...s, base } };
}

const checkUrl = { sv: 'kontrollera --kolada-url och nätverket, eller använd ett sparat svar med --kolada-file', en: 'check --kolada-url and the network, or use a saved answer with --kolada-file' };

/** The answer's text, read up to the limit; the limit is checked on the declared length first, then on the bytes. */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a request failed, as an issue: the status alone, never the answer's body. */
function requestFailed(s: Settings, path: Path, what: { sv: string; en: string }, e: unknown): KoladaIssue {
  const err = e as { name?: string; cause?: { code?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError')
    return koladaIssue(s.lang, 'kolada.timeout', path, { sv: `${what.sv} svarade inte inom ${s.timeoutMs} ms`, en: `${what.en} did not answer within ${s.timeoutMs} ms` }, checkUrl);
  const code = typeof err?.cause?.code === 'string' ? ` (${err.cause.code})` : '';
  return koladaIssue(s.lang, 'kolada.unreachable', path, { sv: `${what.sv} gick inte att nå${code}`, en: `${what.en} could not be reached${code}` }, checkUrl);
}

/** GET one page as JSON: every failure an issue. */
async function getJson(s: Settings, url: URL, path: Path, what: { sv: string; en: string }): Promise<KoladaResult<unknown>> {
  let text: string | null;
  let status: number;
  try {
    const response = await s.fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(s.timeoutMs), redirect: 'manual' });
    status = response.status;
    if (!response.ok) {
      await response.body?.cancel();
      // A redirect is not followed (it could lead anywhere): it is an answer like any other not 2xx.
      const fix =
        status >= 300 && status < 400
          ? { sv: 'ange adressen som svaret hänvisar till med --kolada-url', en: 'give the address the answer redirects to with --kolada-url' }
          : status === 404
          ? { sv: 'kontrollera nyckeltalets id och kommunkoden, och att --kolada-url slutar på /v3', en: "check the KPI's id and the municipality code, and that --kolada-url ends in /v3" }
          : { sv: 'försök igen senare, eller använd ett sparat svar med --kolada-file', en: 'try again later, or use a saved answer with --kolada-file' };
      return failed(koladaIssue(s.lang, 'kolada.http_status', path, { sv: `${what.sv} svarade med HTTP ${status}`, en: `${what.en} answered HTTP ${status}` }, fix));
    }
    text = await readCapped(response, s.maxBytes);
  } catch (e) {
    return failed(requestFailed(s, path, what, e));
  }
  if (text === null)
    return failed(
      koladaIssue(s.lang, 'kolada.too_large', path, { sv: `${what.sv} svarade med mer än ${s.maxBytes} byte`, en: `${what.en} answered with more than ${s.maxBytes} bytes` }, { sv: 'kontrollera --kolada-url', en: 'check --kolada-url' }),
    );
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return failed(
      koladaIssue(s.lang, 'kolada.invalid_json', path, { sv: `${what.sv} svarade inte med JSON`, en: `${what.en} did not answer with JSON` }, { sv: 'kontrollera att --kolada-url pekar på Koladas API v3', en: "check that --kolada-url points at Kolada's API v3" }),
    );
  }
}

/**
 * Every page of a query, from `url` on through `next_url`: at most `maxPages`, and only on the API's own
 * origin (an answer cannot send the client elsewhere).
 */
async function allValues<T>(s: Settings, schema: z.ZodType<{ values: T[]; next_url?: string | null | undefined }>, first: URL, path: Path, what: { sv: string; en: string }): Promise<KoladaResult<T[]>> {
  const values: T[] = [];
  let url: URL | null = first;
  for (let page = 1; url !== null; page++) {
    if (page > s.maxPages)
      return failed(
        koladaIssue(
          s.lang,
          'kolada.too_many_pages',
          path,
          { sv: `${what.sv} har fler än ${s.maxPages} sidor`, en: `${what.en} has more than ${s.maxPages} pages` },
          { sv: 'höj gränsen (maxPages) eller fråga efter färre värden', en: 'raise the limit (maxPages) or ask for fewer values' },
        ),
      );
    const json = await getJson(s, url, path, what);
    if (!json.ok) return json;
    const parsed = parsePage(schema, json.value, path, s.lang);
    if (!parsed.ok) return parsed;
    values.push(...parsed.value.values);
    const next: string | null | undefined = parsed.value.next_url;
    url = next ? new URL(next, url) : null;
    if (url && url.origin !== s.base.origin)
      return failed(
        koladaIssue(s.lang, 'kolada.foreign_next_url', [...path, 'next_url'], { sv: `${what.sv} hänvisar nästa sida till en annan server`, en: `${what.en} sends the next page to another server` }, { sv: 'kontrollera --kolada-url', en: 'check --kolada-url' }),
      );
  }
  return { ok: true, value: values };
}

const segment = (s: string) => encodeURIComponent(s);

/** The KPI to fetch: as given when it has an id, else found by its exact title at `/kpi?title=…`. */
async function resolveKpi(s: Settings, kpi: KoladaQuery['kpi']): Promise<KoladaResult<KpiMeta>> {
  if (kpi.id) return { ok: true, value: { id: kpi.id, title: kpi.title } };
  const url = new URL('kpi', s.base);
  url.searchParams.set('title', kpi.title);
  const found = await allValues(s, KpiPageSchema, url, ['kpiSearch'], { sv: 'Koladas sökning på nyckeltalets titel', en: "Kolada's search for the KPI's title" });
  return found.ok ? pickKpi(found.value, kpi.title, s.lang) : found;
}

/** The published figures of a data answer's rows: the municipality's and the country's. */
export function publishedOf(rows: readonly DataRow[], kpi: KpiMeta, query: Pick<KoladaQuery, 'municipality' | 'year'>, source: string): KoladaPublished {
  return {
    kpi: { id: kpi.id, title: kpi.title },
    year: query.year,
    municipality: { code: query.municipality, figures: publishedFigures(rows, kpi.id, query.municipality, query.year) },
    country: { code: COUNTRY, figures: publishedFigures(rows, kpi.id, COUNTRY, query.year) },
    source,
  };
}

/**
 * Fetches a KPI's published values for a municipality and the country (`0000`) for one year from Kolada's
 * API v3 — the KPI found by its exact title when no id is given — following `next_url` to the last page.
 * Never throws for what the network or the server does: an unreachable server, a timeout, an HTTP error,
 * an answer too large, not JSON or not of Kolada's shape, too many pages are each an issue with a code.
 *
 * @example
 * const r = await fetchKoladaPublished({ kpi: { title: koladaPack().kpi.title }, municipality: '0182', year: 2025 }, { lang: 'sv' });
 * if (r.ok) console.log(r.value.municipality.figures.T, r.value.country.figures.T);
 */
export async function fetchKoladaPublished(query: KoladaQuery, options: KoladaClientOptions = {}): Promise<KoladaResult<KoladaPublished>> {
  const s = settings(options);
  if (!s.ok) return s;
  const kpi = await resolveKpi(s.value, query.kpi);
  if (!kpi.ok) return kpi;
  const url = new URL(`data/kpi/${segment(kpi.value.id)}/municipality/${segment(query.municipality)},${COUNTRY}/year/${query.year}`, s.value.base);
  const rows = await allValues(s.value, DataPageSchema, url, ['data'], { sv: `Koladas värden för ${kpi.value.id} år ${query.year}`, en: `Kolada's values of ${kpi.value.id} for ${query.year}` });
  if (!rows.ok) return rows;
  // The origin and path only: never credentials or a query the caller put in the address.
  return { ok: true, value: publishedOf(rows.value, kpi.value, query, `${s.value.base.origin}${s.value.base.pathname}`) };
}

/**
 * The published figures from a saved answer of `/v3/data/kpi/{kpi}/municipality/{code},0000/year/{year}`
 * (its JSON text, one page): for offline use. The KPI is the one the answer is about, unless `kpiId` names it.
 */
export function koladaPublishedFromJson(text: string, query: Pick<KoladaQuery, 'municipality' | 'year'> & { readonly kpiId?: string | undefined; readonly title: string }, source: string, lang: Lang = 'en'): KoladaResult<KoladaPublished> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return failed(koladaIssue(lang, 'kolada.invalid_json', ['file'], { sv: 'det sparade svaret är inte JSON', en: 'the saved answer is not JSON' }, { sv: 'spara Koladas svar som det kom', en: "save Kolada's answer as it came" }));
  }
  const page = parsePage(DataPageSchema, json, ['file'], lang);
  if (!page.ok) return page;
  const ids = [...new Set(page.value.values.map((r) => r.kpi))];
  const id = query.kpiId ?? (ids.length === 1 ? ids[0]! : undefined);
  if (id === undefined)
    return failed(
      koladaIssue(
        lang,
        ids.length === 0 ? 'kolada.kpi_not_found' : 'kolada.kpi_ambiguous',
        ['file', 'values'],
        { sv: ids.length === 0 ? 'det sparade svaret har inga värden' : `det sparade svaret gäller ${ids.length} nyckeltal: ${ids.join(', ')}`, en: ids.length === 0 ? 'the saved answer has no values' : `the saved answer is about ${ids.length} KPIs: ${ids.join(', ')}` },
        { sv: 'spara svaret för ett nyckeltal, kommunen och riket (0000), eller välj nyckeltalet med --kolada-kpi', en: 'save the answer for one KPI, the municipality and the country (0000), or choose the KPI with --kolada-kpi' },
      ),
    );
  return { ok: true, value: publishedOf(page.value.values, { id, title: query.title }, query, source) };
}
