import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { koladaPack } from '@stegvis/exports';
import { afterAll, describe, expect, it } from 'vitest';
import { type Answer, koladaServers, recorded } from '../../exports/test/kolada-server.js';
import { english, hasStack, run } from './run.js';

/**
 * `stegvis report --kolada <year>` (issue 14: "so the report shows the programme's simulated or observed
 * result beside the municipality's and the country's published figures"), against a local Kolada that
 * answers in the API v3's documented shape.
 */

const dir = mkdtempSync(join(tmpdir(), 'stegvis-report-kolada-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const serve = koladaServers();
const title = koladaPack().kpi.title;
const kolada = (url: URL, origin: string): Answer => {
  if (url.pathname === '/v3/kpi' && url.searchParams.get('title') === title) return { body: recorded('kpi-search.json', origin) };
  if (/^\/v3\/data\/kpi\/N00000\/municipality\/\d{4},0000\/year\/2025$/.test(url.pathname)) return { body: recorded(url.searchParams.get('page') === '2' ? 'data-page-2.json' : 'data-page-1.json', origin) };
  return { status: 404, body: '{}' };
};
const small = ['--cohort', '60', '--months', '12'];

/** The Kolada section's table as rows of cells. */
const koladaRows = (html: string): string[][] => {
  const section = /<section id="section-kolada"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1]!));
};

describe('stegvis report --kolada', { timeout: 120_000 }, () => {
  it("shows the programme's simulated figure beside Nacka's and the country's published ones, by gender, with the source and year", async () => {
    const s = await serve(kolada);
    const out = join(dir, 'nacka.html');
    const r = await run('report', 'examples/nacka/programme.yaml', ...small, '--kolada', '2025', '--kolada-url', s.base, '--out', out);
    expect([r.code, r.stderr.includes('Kolada')]).toEqual([0, false]);
    const html = readFileSync(out, 'utf8');
    const [head, followUps, atExit, municipality, country] = koladaRows(html);
    expect(head).toEqual(['Whose', 'Total (T)', 'Women (K)', 'Men (M)']);
    // Nacka's behaviour model holds its follow-ups after exit: the KPI by gender from what they found
    expect(followUps![0]).toBe('The programme, simulated: follow-up after exit');
    for (const cell of followUps!.slice(1)) expect(cell).toMatch(/^\d+(\.\d)?%$/);
    expect(atExit![0]).toBe('The programme, simulated: outcome at exit');
    expect(atExit![1]).toMatch(/^\d+(\.\d)?% \(95%: /);
    expect(municipality).toEqual(['Nacka (0182), published', '38.7%', '41.5%', '36%']);
    expect(country).toEqual(['Sweden (0000), published', '42.9%', '44.2%', '–']);
    expect(html).toContain(`Source: Kolada (RKA), KPI N00000 “${title}”, year 2025; fetched from ${s.base}/.`);
    expect(html).toMatch(/<li><a href="#section-kolada">Kolada: result at exit<\/a><\/li>/);
  });

  it('when Kolada fails, the report is still written, says why on the page, and the command warns and exits 0', async () => {
    const s = await serve(() => ({ status: 500, body: 'body-must-not-appear-7f3a' }));
    const out = join(dir, 'failed.html');
    const r = await run('report', 'examples/nacka/programme.yaml', ...small, '--kolada', '2025', '--kolada-url', s.base, '--out', out, '--lang', 'sv');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('stegvis: varning: Koladas publicerade siffror saknas i rapporten: Koladas sökning på nyckeltalets titel svarade med HTTP 500. Åtgärd: ');
    expect(r.stderr).toContain('(kolada.http_status)');
    expect(hasStack(r.stderr)).toBe(false);
    const html = readFileSync(out, 'utf8');
    expect(koladaRows(html).map((row) => row[0])).toEqual(['Vem', 'Programmet, simulerat: uppföljning efter avslut', 'Programmet, simulerat: utfall vid avslut']);
    expect(html).toContain('Koladas publicerade siffror för 2025 saknas: Koladas sökning på nyckeltalets titel svarade med HTTP 500.');
    expect(html).not.toContain('body-must-not-appear-7f3a');
    const section = /<section id="section-kolada"[\s\S]*?<\/section>/.exec(html)![0].replace(/<[^>]+>/g, ' ');
    expect(section).not.toMatch(english);
  });

  it('--kolada-file reads a saved answer offline, and the page says so', async () => {
    const file = join(dir, 'kolada.json');
    writeFileSync(file, JSON.stringify({ values: [...JSON.parse(recorded('data-page-1.json', '')).values, ...JSON.parse(recorded('data-page-2.json', '')).values] }));
    const out = join(dir, 'offline.html');
    const r = await run('report', 'examples/nacka/programme.yaml', ...small, '--kolada', '2025', '--kolada-file', file, '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(koladaRows(html)[3]).toEqual(['Nacka (0182), published', '38.7%', '41.5%', '36%']);
    expect(html).toContain('year 2025; read from a saved answer,');
  });

  it('Kolada flags without --kolada, or --kolada-file with --kolada-url, are refused before anything runs; a directory without a store writes nothing', async () => {
    const a = await run('report', 'examples/nacka/programme.yaml', '--kolada-url', 'http://127.0.0.1:9/v3');
    expect([a.code, a.stderr]).toEqual([1, 'stegvis: --kolada-url goes with --kolada <year>: give the year too\n']);
    const b = await run('report', 'examples/nacka/programme.yaml', '--kolada', '2025', '--kolada-file', 'x.json', '--kolada-url', 'http://127.0.0.1:9/v3');
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/--kolada-file reads a saved answer/);
    const d = await run('report', 'examples/nacka/programme.yaml', ...small, '--kolada', '2025', '--kolada-file', 'x.json', '--kolada-store', dir, '--out', join(dir, 'never.html'));
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/is not an event store/);
    expect(existsSync(join(dir, 'never.html'))).toBe(false);
    const c = await run('report', 'examples/nacka/programme.yaml', '--kolada', 'last year');
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/Expected a whole number, from 1990 to 2100/);
  });
});
