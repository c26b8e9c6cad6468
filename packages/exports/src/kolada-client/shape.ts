import type { Lang, Path } from '@stegvis/core';
import { z } from 'zod';
import type { KoladaGender } from '../kolada.js';
import { type KoladaResult, failed, koladaIssue } from './issues.js';

/*
 * Kolada's API v3 as its public clients use it (see docs/reporting.md, "Kolada's API"): every answer is
 * `{ values: [...], count?, next_url? }`; a further page, when there is one, is at `next_url`. Objects are
 * read loosely — Kolada may add fields — but what stegvis reads must be there with its type.
 */

const Page = <T extends z.ZodType>(value: T) =>
  z.looseObject({
    values: z.array(value),
    count: z.number().int().nonnegative().optional(),
    next_url: z.string().nullable().optional(),
  });

/** A KPI as `/v3/kpi?title=…` lists it. */
const KpiMeta = z.looseObject({ id: z.string().min(1), title: z.string() });
export const KpiPageSchema = Page(KpiMeta);
export type KpiMeta = z.output<typeof KpiMeta>;

/** One published value: by gender (T total, K women, M men); `value` null where Kolada has none to show. */
const Value = z.looseObject({
  gender: z.string(),
  value: z.number().nullable(),
  status: z.string().nullable().optional(),
  isdeleted: z.boolean().optional(),
});

/** A row of `/v3/data/kpi/{kpi}/municipality/{ids}/year/{years}`: one KPI, municipality and year. */
const DataRow = z.looseObject({
  kpi: z.string(),
  municipality: z.string(),
  period: z.number().int(),
  values: z.array(Value),
  isdeleted: z.boolean().optional(),
});
export const DataPageSchema = Page(DataRow);
export type DataRow = z.output<typeof DataRow>;

export const koladaGenders = ['T', 'K', 'M'] as const satisfies readonly KoladaGender[];

/** Kolada's published value of one KPI for one area and year, by gender; null where none is published. */
export type PublishedFigures = Readonly<Record<KoladaGender, number | null>>;

/** The country as Kolada names it in the municipality dimension. */
export const COUNTRY = '0000';

/** A page of JSON as Kolada's documented shape, or an issue that names where it is not (never the value found). */
export function parsePage<S extends z.ZodType>(schema: S, json: unknown, path: Path, lang: Lang): KoladaResult<z.output<S>> {
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const first = r.error.issues[0]!;
  const where = [...path, ...(first.path as (string | number)[])];
  const expected = 'expected' in first && typeof first.expected === 'string' ? first.expected : null;
  const what = { sv: expected ? ` (väntade ${expected})` : '', en: expected ? ` (expected ${expected})` : '' };
  return failed(
    koladaIssue(
      lang,
      'kolada.unexpected_shape',
      where,
      { sv: `Koladas svar har inte den dokumenterade formen vid ${where.join('.')}${what.sv}`, en: `Kolada's answer does not have its documented shape at ${where.join('.')}${what.en}` },
      { sv: 'kontrollera att --kolada-url pekar på Koladas API v3 (https://api.kolada.se/v3)', en: "check that --kolada-url points at Kolada's API v3 (https://api.kolada.se/v3)" },
    ),
  );
}

const normalise = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The KPI whose title is exactly `title` (ignoring case and spacing) among those a title search found: the
 * search matches parts of titles, so "…, andel (%)" may come back beside longer titles that contain it.
 */
export function pickKpi(found: readonly KpiMeta[], title: string, lang: Lang): KoladaResult<KpiMeta> {
  const exact = found.filter((k) => normalise(k.title) === normalise(title));
  const ids = [...new Set(exact.map((k) => k.id))];
  if (ids.length === 1) return { ok: true, value: exact[0]! };
  if (ids.length === 0)
    return failed(
      koladaIssue(
        lang,
        'kolada.kpi_not_found',
        ['kpiSearch'],
        { sv: `Kolada har inget nyckeltal med exakt titeln i indikatorpaketet (sökningen gav ${found.length} med andra titlar)`, en: `Kolada has no KPI with exactly the title in the indicator pack (the search found ${found.length} with other titles)` },
        { sv: 'ange nyckeltalets id (kpi.id i packages/exports/packs/kolada.yaml, eller --kolada-kpi)', en: "give the KPI's id (kpi.id in packages/exports/packs/kolada.yaml, or --kolada-kpi)" },
      ),
    );
  return failed(
    koladaIssue(
      lang,
      'kolada.kpi_ambiguous',
      ['kpiSearch'],
      { sv: `Kolada har ${ids.length} nyckeltal med samma titel: ${ids.join(', ')}`, en: `Kolada has ${ids.length} KPIs with the same title: ${ids.join(', ')}` },
      { sv: 'välj ett av dem med --kolada-kpi, eller kpi.id i indikatorpaketet', en: 'choose one of them with --kolada-kpi, or kpi.id in the indicator pack' },
    ),
  );
}

/**
 * The published figures of one area and year from the rows of a data answer, by gender: rows or values
 * Kolada marks deleted are left out; a gender it does not publish is null.
 */
export function publishedFigures(rows: readonly DataRow[], kpi: string, area: string, year: number): PublishedFigures {
  const out: Record<KoladaGender, number | null> = { T: null, K: null, M: null };
  for (const row of rows) {
    if (row.isdeleted || row.kpi !== kpi || row.municipality !== area || row.period !== year) continue;
    for (const v of row.values) if (!v.isdeleted && (koladaGenders as readonly string[]).includes(v.gender)) out[v.gender as KoladaGender] = v.value;
  }
  return out;
}

