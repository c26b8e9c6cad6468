/**
 * The HTML report in a real browser: headless Chromium opens the Ljusnarsberg report from a file with every
 * non-file request blocked (and counted), waits for the diagram, checks that every chart drew its data and
 * that nothing was logged as an error, and saves a screenshot (the README's with STEGVIS_UPDATE_SCREENSHOT=1).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../../test/setup/environment.js';
import { fixture, repoRoot, run } from './run.js';

// Without Chromium this is skipped; test/setup/browser.ts says so once (and fails the run in CI).
const hasChromium = existsSync(CHROMIUM);

const charts = ['funnel', 'occupancy', 'outcomes', 'outcomes-by-group', 'time', 'deadlines'] as const;

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-report-'));
  const out = join(dir, 'report.html');
  // Every run saves its screenshot under out/ (ignored by git); STEGVIS_UPDATE_SCREENSHOT=1 refreshes the
  // one the README shows, so a test run does not leave the work tree changed.
  const screenshot = join(repoRoot, process.env.STEGVIS_UPDATE_SCREENSHOT === '1' ? 'docs/report-screenshot.png' : 'out/report-screenshot.png');
  const attempted: string[] = [];
  const errors: string[] = [];
  let page: import('playwright-core').Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // The example's own behaviour model when the simulator ships one, else the tests' copy.
    const shipped = 'examples/ljusnarsberg/behaviour.yaml';
    const behaviour = existsSync(join(repoRoot, shipped)) ? shipped : fixture('ljusnarsberg-behaviour.yaml');
    const r = await run('report', 'examples/ljusnarsberg/programme.yaml', '--behaviour', behaviour, '--out', out, '--cohort', '200', '--months', '24', '--seed', '1', '--replications', '20');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    const { chromium } = await import('playwright-core');
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
    });
    close = () => context.close();
    // Everything but the file itself is refused, and remembered: the report must need nothing else.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      attempted.push(url);
      return route.abort();
    });
    context.on('request', (req) => {
      if (!req.url().startsWith('file:') && !req.url().startsWith('data:') && !attempted.includes(req.url())) attempted.push(req.url());
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(out).href);
    await page.waitForSelector('#diagram[data-rendered]', { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the Mermaid diagram rendered to an SVG with every step', async () => {
    expect(await page.getAttribute('#diagram', 'data-rendered')).toBe('true');
    const text = await page.locator('#diagram svg').textContent();
    for (const label of ['Assessment', 'Individual action plan', 'Step 1', 'Step 2', 'Step 3', 'Step 4', 'Step 5', 'Exit']) expect(text).toContain(label);
    const box = await page.locator('#diagram svg').boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(200);
  });

  it.each(charts)('chart %s is drawn with its data', async (id) => {
    const chart = page.locator(`svg[data-chart="${id}"]`);
    expect(await chart.count()).toBe(1);
    const box = await chart.boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(80);
    const data = id === 'occupancy' ? chart.locator('path[data-series="occupancy"]') : chart.locator('[data-value]');
    expect(await data.count()).toBeGreaterThan(0);
    expect(await chart.locator('title').first().textContent()).not.toBe('');
  });

  it('the funnel shows every step with its target', async () => {
    const rows = page.locator('svg[data-chart="funnel"] g.row');
    expect(await rows.count()).toBe(7);
    expect(await page.locator('svg[data-chart="funnel"] line.target').count()).toBe(5);
  });

  it('asked the network for nothing, and logged no error', () => {
    expect(attempted).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('saves a screenshot of the whole report', async () => {
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);
  });
});
