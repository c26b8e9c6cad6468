import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type KoladaIssue, fetchKoladaPublished, koladaPack, koladaPublishedFromJson, pickKpi, publishedFigures } from '../src/index.js';
import { type Answer, koladaServers, recorded } from './kolada-server.js';

/**
 * The Kolada client against a local server that answers in Kolada's API v3 shape (issue 14: "Tests run
 * against a local HTTP server that serves recorded responses in Kolada's documented shape (no network in
 * CI); paging, HTTP errors and timeouts get clear messages").
 */

const title = koladaPack().kpi.title;
const query = { kpi: { title }, municipality: '0182', year: 2025 };
const serve = koladaServers();

/** Kolada as documented: the title search, then the data in two pages joined by `next_url`. */
const kolada = (url: URL, origin: string): Answer => {
  if (url.pathname === '/v3/kpi' && url.searchParams.get('title') === title) return { body: recorded('kpi-search.json', origin) };
  if (url.pathname === '/v3/data/kpi/N00000/municipality/0182,0000/year/2025') return { body: recorded(url.searchParams.get('page') === '2' ? 'data-page-2.json' : 'data-page-1.json', origin) };
  return { status: 404, body: '{"error":"not found"}' };
};

const only = (r: { ok: boolean; issues?: readonly KoladaIssue[] }): KoladaIssue => {
  expect(r.ok).toBe(false);
  expect(r.issues).toHaveLength(1);
  return r.issues![0]!;
};

describe('fetchKoladaPublished', () => {
  it('finds the KPI by its exact title, follows next_url to the second page, and picks the figures by gender', async () => {
    const s = await serve(kolada);
    const r = await fetchKoladaPublished(query, { baseUrl: s.base });
    expect(r).toEqual({
      ok: true,
      value: {
        kpi: { id: 'N00000', title },
        year: 2025,
        municipality: { code: '0182', figures: { T: 38.7, K: 41.5, M: 36 } },
        // M is published as null; the deleted T (99.9) is left out
        country: { code: '0000', figures: { T: 42.9, K: 44.2, M: null } },
        source: `${s.base}/`,
      },
    });
    expect(s.seen.map((u) => [u.pathname, u.searchParams.get('title') ?? u.search])).toEqual([
      ['/v3/kpi', title],
      ['/v3/data/kpi/N00000/municipality/0182,0000/year/2025', ''],
      ['/v3/data/kpi/N00000/municipality/0182,0000/year/2025', '?page=2&per_page=1'],
    ]);
  });

  it('asks for the data directly when the KPI has an id', async () => {
    const s = await serve(kolada);
    const r = await fetchKoladaPublished({ ...query, kpi: { id: 'N00000', title } }, { baseUrl: s.base });
    expect(r.ok && r.value.municipality.figures.T).toBe(38.7);
    expect(s.seen.some((u) => u.pathname === '/v3/kpi')).toBe(false);
  });

  it('a 404 is kolada.http_status naming the status, with a fix, in Swedish and English, and the body is not quoted', async () => {
    const s = await serve(() => ({ status: 404, body: '{"secret":"do-not-echo"}' }));
    const en = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(en).toMatchObject({ code: 'kolada.http_status', path: ['kpiSearch'], message: "Kolada's search for the KPI's title answered HTTP 404" });
    expect(en.fix).toMatch(/KPI's id/);
    const sv = only(await fetchKoladaPublished(query, { baseUrl: s.base, lang: 'sv' }));
    expect(sv.message).toBe('Koladas sökning på nyckeltalets titel svarade med HTTP 404');
    expect(JSON.stringify([en, sv])).not.toContain('do-not-echo');
  });

  it('a 500 on the data is kolada.http_status on the data request', async () => {
    const s = await serve((url, origin) => (url.pathname.startsWith('/v3/data') ? { status: 500, body: 'Internal Server Error' } : kolada(url, origin)));
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(i).toMatchObject({ code: 'kolada.http_status', path: ['data'], message: "Kolada's values of N00000 for 2025 answered HTTP 500" });
    expect(i.fix).toMatch(/try again later/);
  });

  it('a redirect is not followed: kolada.http_status with its status', async () => {
    const s = await serve((url, origin) => (url.pathname === '/v3/kpi' ? { status: 302, body: '', headers: { location: `${origin}/elsewhere` } } : { status: 404, body: '' }));
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(i).toMatchObject({ code: 'kolada.http_status', message: "Kolada's search for the KPI's title answered HTTP 302" });
    expect(i.fix).toMatch(/redirects to/);
    expect(s.seen).toHaveLength(1);
  });

  it('an answer that is not JSON is kolada.invalid_json, and the text is not quoted', async () => {
    const s = await serve(() => ({ body: '<html>maintenance window</html>' }));
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(i).toMatchObject({ code: 'kolada.invalid_json', path: ['kpiSearch'] });
    expect(JSON.stringify(i)).not.toContain('maintenance');
  });

  it('JSON of the wrong shape is kolada.unexpected_shape at the path of what is wrong, without the value found', async () => {
    const wrong = { values: [{ kpi: 'N00000', municipality: '0182', period: 'twenty-twenty-five', values: [] }] };
    const s = await serve((url, origin) => (url.pathname.startsWith('/v3/data') ? { body: JSON.stringify(wrong) } : kolada(url, origin)));
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(i).toMatchObject({ code: 'kolada.unexpected_shape', path: ['data', 'values', 0, 'period'], message: "Kolada's answer does not have its documented shape at data.values.0.period (expected number)" });
    expect(JSON.stringify(i)).not.toContain('twenty');
  });

  it('a server that never answers is kolada.timeout after timeoutMs', async () => {
    const s = await serve(() => 'hang');
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base, timeoutMs: 200 }));
    expect(i).toMatchObject({ code: 'kolada.timeout', path: ['kpiSearch'], message: "Kolada's search for the KPI's title did not answer within 200 ms" });
  });

  it('a server that is not there is kolada.unreachable', async () => {
    const s = await serve(kolada);
    await s.close();
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(i).toMatchObject({ code: 'kolada.unreachable', message: "Kolada's search for the KPI's title could not be reached (ECONNREFUSED)" });
  });

  it('an injected fetch is used: a name that does not resolve is kolada.unreachable naming the system code', async () => {
    const seen: string[] = [];
    const fetch = (async (url: URL) => {
      seen.push(String(url));
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    }) as unknown as typeof globalThis.fetch;
    const i = only(await fetchKoladaPublished(query, { fetch, lang: 'sv' }));
    expect(i).toMatchObject({ code: 'kolada.unreachable', message: 'Koladas sökning på nyckeltalets titel gick inte att nå (ENOTFOUND)' });
    expect(seen).toEqual([`https://api.kolada.se/v3/kpi?title=${new URLSearchParams({ title }).toString().slice('title='.length)}`]);
  });

  it('paging that never ends stops at maxPages: kolada.too_many_pages', async () => {
    let n = 0;
    const s = await serve((url, origin) =>
      url.pathname.startsWith('/v3/data') ? { body: JSON.stringify({ values: [], next_url: `${origin}/v3/data/kpi/N00000/municipality/0182,0000/year/2025?page=${++n + 1}` }) } : kolada(url, origin),
    );
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base, maxPages: 3 }));
    expect(i).toMatchObject({ code: 'kolada.too_many_pages', path: ['data'], message: "Kolada's values of N00000 for 2025 has more than 3 pages" });
    expect(s.seen.filter((u) => u.pathname.startsWith('/v3/data'))).toHaveLength(3);
  });

  it('a next_url on another server is not followed: kolada.foreign_next_url', async () => {
    const s = await serve((url, origin) => (url.pathname.startsWith('/v3/data') ? { body: JSON.stringify({ values: [], next_url: 'http://elsewhere.invalid/v3/data?page=2' }) } : kolada(url, origin)));
    expect(only(await fetchKoladaPublished(query, { baseUrl: s.base }))).toMatchObject({ code: 'kolada.foreign_next_url', path: ['data', 'next_url'] });
  });

  it('an answer larger than maxBytes is refused unread: kolada.too_large', async () => {
    const s = await serve((url, origin) => (url.pathname === '/v3/kpi' ? { body: `${recorded('kpi-search.json', origin)}${' '.repeat(5000)}` } : kolada(url, origin)));
    expect(only(await fetchKoladaPublished(query, { baseUrl: s.base, maxBytes: 1000 }))).toMatchObject({ code: 'kolada.too_large', message: "Kolada's search for the KPI's title answered with more than 1000 bytes" });
  });

  it('a title the search does not find exactly is kolada.kpi_not_found, with the fix of naming the id', async () => {
    const s = await serve(() => ({ body: JSON.stringify({ count: 1, values: [{ id: 'N00001', title: `${title}, med tillägg` }] }) }));
    const i = only(await fetchKoladaPublished(query, { baseUrl: s.base }));
    expect(i).toMatchObject({ code: 'kolada.kpi_not_found', path: ['kpiSearch'] });
    expect(i.fix).toMatch(/--kolada-kpi/);
  });

  it('bad options are kolada.invalid_option before any request', async () => {
    expect(only(await fetchKoladaPublished(query, { baseUrl: 'not a url' }))).toMatchObject({ code: 'kolada.invalid_option', path: ['baseUrl'] });
    expect(only(await fetchKoladaPublished(query, { baseUrl: 'file:///etc' }))).toMatchObject({ code: 'kolada.invalid_option', path: ['baseUrl'] });
    expect(only(await fetchKoladaPublished(query, { timeoutMs: 0 }))).toMatchObject({ code: 'kolada.invalid_option', path: ['timeoutMs'] });
  });
});

describe('the pure part', () => {
  it('pickKpi: two KPIs with the same title are kolada.kpi_ambiguous, naming both ids', () => {
    const r = pickKpi([{ id: 'N1', title }, { id: 'N2', title: ` ${title.toUpperCase()} ` }], title, 'en');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'kolada.kpi_ambiguous', message: 'Kolada has 2 KPIs with the same title: N1, N2' });
  });

  it('publishedFigures: only the KPI, area and year asked for; a gender not published is null', () => {
    const rows = [
      { kpi: 'N1', municipality: '0182', period: 2024, values: [{ gender: 'T', value: 10 }] },
      { kpi: 'N1', municipality: '0182', period: 2025, values: [{ gender: 'T', value: 20 }, { gender: 'X', value: 5 }] },
      { kpi: 'N1', municipality: '0182', period: 2025, isdeleted: true, values: [{ gender: 'K', value: 30 }] },
    ];
    expect(publishedFigures(rows, 'N1', '0182', 2025)).toEqual({ T: 20, K: null, M: null });
  });

  it('koladaPublishedFromJson reads a saved data answer offline; not JSON is kolada.invalid_json', () => {
    const text = JSON.stringify({ values: [...JSON.parse(recorded('data-page-1.json', '')).values, ...JSON.parse(recorded('data-page-2.json', '')).values] });
    const r = koladaPublishedFromJson(text, { municipality: '0182', year: 2025, title }, 'kolada.json');
    expect(r.ok && r.value).toMatchObject({ kpi: { id: 'N00000' }, municipality: { figures: { T: 38.7 } }, country: { figures: { T: 42.9 } }, source: 'kolada.json' });
    const bad = koladaPublishedFromJson('{', { municipality: '0182', year: 2025, title }, 'kolada.json', 'sv');
    expect(!bad.ok && bad.issues[0]).toMatchObject({ code: 'kolada.invalid_json', message: 'det sparade svaret är inte JSON' });
  });
});

describe('properties', () => {
  it('for any number of pages up to maxPages the client reads to the last one; one page more is kolada.too_many_pages', async () => {
    const s = await serve((url, origin) => {
      // /v3/data/kpi/N1/municipality/<n>,0000/year/2001?page=i: page i of n; only the last has the year asked for
      const page = Number(url.searchParams.get('page') ?? 1);
      const of = Number.parseInt(url.pathname.split('/')[6]!, 10);
      const next = page < of ? `${origin}${url.pathname}?page=${page + 1}` : null;
      const row = { kpi: 'N1', municipality: String(of), period: page === of ? 2001 : 1990 + page, values: [{ gender: 'T', value: of }] };
      return { body: JSON.stringify({ values: [row], next_url: next }) };
    });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), async (pages, maxPages) => {
        // the municipality segment carries the number of pages, so each run asks for its own
        const r = await fetchKoladaPublished({ kpi: { id: 'N1', title }, municipality: String(pages), year: 2001 }, { baseUrl: s.base, maxPages });
        if (pages > maxPages) expect(!r.ok && r.issues[0]!.code).toBe('kolada.too_many_pages');
        else expect(r.ok && r.value.municipality.figures.T).toBe(pages);
      }),
      { numRuns: 40 },
    );
  });

  it('pickKpi finds the title whatever its case and spacing, among any other titles', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 6 }), fc.nat(6), fc.boolean(), (others, at, upper) => {
        const distractors = others.filter((o) => o.trim().toLowerCase().replace(/\s+/g, ' ') !== title.toLowerCase()).map((o, i) => ({ id: `X${i}`, title: o }));
        const found = [...distractors];
        found.splice(Math.min(at, found.length), 0, { id: 'N00000', title: `  ${upper ? title.toUpperCase() : title.replace(/ /g, '  ')} ` });
        const r = pickKpi(found, title, 'en');
        expect(r.ok && r.value.id).toBe('N00000');
      }),
    );
  });
});
