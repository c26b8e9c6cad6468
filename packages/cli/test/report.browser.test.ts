/**
 * The HTML report in a real browser, as a manager would read it: headless Chromium opens reports of the
 * example programmes from files, every non-file request blocked (and counted). For each page: the diagram
 * draws; the cards are one cohort's figures (the mean over the runs, not their sum); every section the
 * programme needs is there and nothing that does not apply; no text is clipped (every SVG text inside its
 * chart and clear of the others, no element or table wider than its box); the time axis reads calendar
 * months; and a Swedish page has no English words of the page's own. A screenshot is saved (the README's
 * with STEGVIS_UPDATE_SCREENSHOT=1).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Report, ReportSchema } from '@stegvis/sim';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../../test/setup/environment.js';
import { english, repoRoot, run } from './run.js';

// The functions given to page.evaluate run in the browser; this repository compiles without the DOM library.
declare const document: any;
declare const window: any;

// Without Chromium this is skipped; test/setup/browser.ts says so once (and fails the run in CI).
const hasChromium = existsSync(CHROMIUM);

// Twelve runs: enough for an interval, and for the sum of the runs to be unmistakably more than ten cohorts.
const flags = ['--cohort', '200', '--months', '24', '--seed', '1', '--replications', '12'];

interface Case {
  readonly name: string;
  readonly programme: string;
  readonly lang: 'sv' | 'en';
  readonly extra?: readonly string[];
  /** Section ids the page must have; `absent` those it must not. */
  readonly sections: readonly string[];
  readonly absent: readonly string[];
  readonly cards: readonly string[];
}

const common = ['assumptions', 'diagram', 'funnel', 'income', 'outcomes', 'occupancy', 'intake', 'time'];
const cases: Case[] = [
  {
    name: 'ljusnarsberg-en',
    programme: 'ljusnarsberg',
    lang: 'en',
    sections: [...common, 'breakdown-referrer', 'breakdown-gender', 'deadlines'],
    absent: ['cost', 'observed', 'compare'],
    cards: ['referred', 'admitted', 'exited', 'stillIn', 'median'],
  },
  {
    name: 'ljusnarsberg-sv',
    programme: 'ljusnarsberg',
    lang: 'sv',
    sections: [...common, 'breakdown-referrer', 'breakdown-gender', 'deadlines'],
    absent: ['cost', 'observed'],
    cards: ['referred', 'admitted', 'exited', 'stillIn', 'median'],
  },
  {
    name: 'nacka-en',
    programme: 'nacka',
    lang: 'en',
    sections: [...common, 'cost', 'observed', 'breakdown-referrer', 'breakdown-gender'],
    absent: ['compare'],
    cards: ['referred', 'admitted', 'declined', 'waiting', 'exited', 'stillIn', 'median'],
  },
  {
    name: 'nacka-sv',
    programme: 'nacka',
    lang: 'sv',
    sections: [...common, 'cost', 'observed', 'breakdown-referrer', 'breakdown-gender'],
    absent: [],
    cards: ['referred', 'admitted', 'declined', 'waiting', 'exited', 'stillIn', 'median'],
  },
  { name: 'kungsbacka-sv', programme: 'kungsbacka', lang: 'sv', sections: [...common, 'cost', 'breakdown-gender'], absent: ['observed'], cards: ['referred', 'admitted', 'exited', 'stillIn', 'median'] },
  {
    name: 'enkoping-en',
    programme: 'enkoping',
    lang: 'en',
    sections: [...common, 'breakdown-referrer', 'breakdown-livesInSupportedHousing', 'breakdown-gender', 'deadlines'],
    absent: ['cost', 'observed'],
    cards: ['referred', 'admitted', 'declined', 'waiting', 'exited', 'stillIn', 'median'],
  },
  { name: 'timra-sv', programme: 'timra', lang: 'sv', sections: [...common, 'breakdown-gender'], absent: ['cost', 'observed'], cards: ['referred', 'admitted', 'declined', 'exited', 'stillIn', 'median'] },
  {
    name: 'ljusnarsberg-compare-sv',
    programme: 'ljusnarsberg',
    lang: 'sv',
    extra: ['--compare', 'packages/cli/test/fixtures/ljusnarsberg-faster.yaml'],
    sections: [...common, 'compare'],
    absent: ['cost'],
    cards: ['referred', 'admitted', 'exited', 'stillIn', 'median'],
  },
];

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-report-'));
  const screenshot = join(repoRoot, process.env.STEGVIS_UPDATE_SCREENSHOT === '1' ? 'docs/report-screenshot.png' : 'out/report-screenshot.png');
  const attempted: string[] = [];
  const errors: string[] = [];
  const reports = new Map<string, Report>();
  const simulated = new Map<string, Report>();
  let context: BrowserContext;

  beforeAll(async () => {
    for (const c of cases) {
      const args = [`examples/${c.programme}/programme.yaml`, ...flags, '--lang', c.lang, ...(c.extra ?? [])];
      const r = await run('report', ...args, '--out', join(dir, `${c.name}.html`));
      // Nacka's compliance rule is not simulated, and the CLI says so before it runs (docs/simulation.md); nothing else on stderr.
      const warned = r.stderr.split('\n').filter((l) => l !== '');
      expect(warned).toEqual(c.programme === 'nacka' ? [expect.stringMatching(/^examples\/nacka\/programme\.yaml: (warning|varning): .*(are not simulated|simuleras inte)/)] : []);
      expect(r.code).toBe(0);
      // The same run as JSON, to check the page's figures against the report's. The language changes no figure,
      // so the pages of one programme (and a comparison's first variant) share one simulation.
      const same = [`examples/${c.programme}/programme.yaml`, ...flags];
      const key = same.join(' ');
      if (!simulated.has(key)) simulated.set(key, ReportSchema.parse(JSON.parse((await run('simulate', ...same, '--json')).stdout)));
      reports.set(c.name, simulated.get(key)!);
    }
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
    });
    // Everything but the file itself is refused, and remembered: the report must need nothing else.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      attempted.push(url);
      return route.abort();
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (name: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${name}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    await page.goto(pathToFileURL(join(dir, `${name}.html`)).href);
    await page.waitForSelector('#diagram[data-rendered]', { timeout: 30_000 });
    return page;
  };
  // Each page is opened (and its diagram drawn) once, for all the tests that read it; closing the context closes them.
  const pages = new Map<string, Promise<Page>>();
  const pageOf = (name: string): Promise<Page> => {
    if (!pages.has(name)) pages.set(name, open(name));
    return pages.get(name)!;
  };

  describe.each(cases)('$name', (c) => {
    let page: Page;
    beforeAll(async () => {
      page = await pageOf(c.name);
    }, 60_000);

    it('draws the diagram', async () => {
      expect(await page.getAttribute('#diagram', 'data-rendered')).toBe('true');
      const box = await page.locator('#diagram svg').boundingBox();
      expect(box!.width).toBeGreaterThan(200);
    });

    it('has every section it needs, and none that does not apply', async () => {
      const ids = await page.locator('main > section').evaluateAll((els) => els.map((e) => e.id.replace(/^section-/, '')));
      for (const s of c.sections) expect(ids, s).toContain(s);
      for (const s of c.absent) expect(ids, s).not.toContain(s);
    });

    it('shows one cohort in its cards: the mean over the runs with its interval, not the sum', async () => {
      const cards = await page.locator('header [data-card]').evaluateAll((els) => els.map((e) => e.getAttribute('data-card')));
      expect(cards).toEqual(c.cards);
      const report = reports.get(c.name)!;
      const shown = (await page.locator('[data-card="admitted"] dd').first().textContent())!.replace(/[\s\u00a0]/g, '');
      const admitted = Number(c.lang === 'sv' ? shown.replace(',', '.') : shown.replace(/,/g, ''));
      expect(admitted).toBeCloseTo(report.simulation.perRun.admitted.mean, 0);
      expect(report.simulation.admitted).toBeGreaterThan(10 * report.simulation.perRun.admitted.mean);
      expect(await page.locator('[data-card="exited"] dd.ci').textContent()).toMatch(/95 %|95%|lika|same/);
    });

    it('clips no text: every chart text inside its chart and clear of the others', async () => {
      const problems = await page.locator('svg.chart').evaluateAll((charts) =>
        charts.flatMap((svg) => {
          const [, , W, H] = svg.getAttribute('viewBox')!.split(' ').map(Number);
          const key = svg.getAttribute('data-key');
          const boxes = [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', b: (t as any).getBBox() }));
          const out: string[] = [];
          for (const { text, b } of boxes) if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > W! + 0.5 || b.y + b.height > H! + 0.5) out.push(`${key}: "${text}" outside the chart`);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]!.b;
              const b = boxes[j]!.b;
              const overlap = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1;
              if (overlap) out.push(`${key}: "${boxes[i]!.text}" overlaps "${boxes[j]!.text}"`);
            }
          return out;
        }),
      );
      expect(problems).toEqual([]);
    });

    it('clips no text: no element, table or card wider than its box', async () => {
      const problems = await page.evaluate(() => {
        const out: string[] = [];
        if (document.documentElement.scrollWidth > window.innerWidth) out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
        for (const e of document.querySelectorAll('main h1, main h2, main p, main li, main dt, main dd, main th, main td, main summary, .table-wrap')) {
          const el = e as any;
          if (el.closest('details:not([open])')) continue;
          if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').slice(0, 40)}" overflows by ${el.scrollWidth - el.clientWidth}px`);
        }
        return out;
      });
      expect(problems).toEqual([]);
    });

    it('reads time in calendar months', async () => {
      const labels = await page.locator('svg[data-chart="occupancy"] [data-month]').allTextContents();
      expect(labels.length).toBeGreaterThan(4);
      expect(labels[0]).toMatch(/20\d\d/);
      expect(labels.join(' ')).not.toMatch(/\bwk\b|\bv\. \d/);
    });

    it(c.lang === 'sv' ? 'has no English words of its own on a Swedish page' : 'the check for English words finds them on an English page (it has teeth)', async () => {
      const text: string = await page.evaluate(() => {
        const copy = document.body.cloneNode(true);
        for (const e of copy.querySelectorAll('script, style, .quoted, pre, [lang="en"]')) e.remove();
        document.body.appendChild(copy);
        copy.style.position = 'absolute';
        const t = copy.innerText;
        copy.remove();
        return t;
      });
      const hits = text.split('\n').filter((l) => english.test(l));
      if (c.lang === 'sv') expect(hits).toEqual([]);
      else expect(hits.length).toBeGreaterThan(50);
    });
  });

  it('Ljusnarsberg: each step against its target at the target’s month, the assessment and plan against their deadline', async () => {
    const page = await pageOf('ljusnarsberg-en');
    const rows = await page.locator('svg[data-chart="funnel"] g.row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-step'), e.getAttribute('data-measure')]));
    expect(rows).toEqual([
      ['assessment', 'deadline'],
      ['actionPlan', 'deadline'],
      ['step1', 'target'],
      ['step2', 'target'],
      ['step3', 'target'],
      ['step4', 'target'],
      ['step5', 'target'],
    ]);
    // "10 % ... HELA försörjningen" and "... DELAR av försörjningen" by month 12: both marked on the income chart.
    expect(await page.locator('svg[data-chart="income"] g.target').evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))).toEqual(['income:full', 'income:partial']);
    // Moved away and discontinued are shown, not hidden in a sum.
    expect(await page.locator('svg[data-chart="outcomes"] [data-outcome="movedAway"]').count()).toBe(1);
    expect(await page.locator('svg[data-chart="outcomes"] [data-outcome="discontinued"]').count()).toBe(1);
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(existsSync(screenshot)).toBe(true);
  });

  it('Nacka: simulated against the 2001 table, both with their intervals', async () => {
    const page = await pageOf('nacka-en');
    const rows = page.locator('svg[data-chart="observed"] g.row');
    expect(await rows.count()).toBe(5);
    expect(await page.locator('svg[data-chart="observed"] g.observed').count()).toBe(5);
    expect(await page.locator('svg[data-chart="observed"] g.simulated').count()).toBe(5);
    expect(await page.locator('#section-observed p').first().textContent()).toMatch(/chi-square .* p = /);
    expect(await page.locator('[data-card="costPerPlaceDay"] dd').first().textContent()).toMatch(/SEK/);
  });

  it('the comparison: both variants against each target', async () => {
    const page = await pageOf('ljusnarsberg-compare-sv');
    expect(await page.locator('svg[data-chart="compare"] [data-variant="a"]').count()).toBeGreaterThan(4);
    expect(await page.locator('svg[data-chart="compare"] [data-variant="b"]').count()).toBeGreaterThan(4);
  });

  it('asked the network for nothing, and logged no error', () => {
    expect(attempted).toEqual([]);
    expect(errors).toEqual([]);
  });
});
