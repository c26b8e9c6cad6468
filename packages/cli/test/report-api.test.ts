import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { StegvisError } from '@stegvis/core';
import { buildReportHtml, renderReportHtml, requireProgramme } from '@stegvis/cli';
import { fixture, repoRoot, run } from './run.js';

// The report page from code, through the package's entry: the same page `stegvis report` writes.
const file = 'examples/ljusnarsberg/programme.yaml';
const behaviourFile = fixture('ljusnarsberg-behaviour.yaml');
const flags = ['--behaviour', behaviourFile, '--cohort', '300', '--months', '12', '--seed', '5', '--lang', 'sv'];
const runInfo = { cohort: 300, months: 12, seed: 5, replications: 1, behaviour: behaviourFile };
const dir = mkdtempSync(join(tmpdir(), 'stegvis-report-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cliReport(): Promise<string> {
  const out = join(dir, 'report.html');
  const r = await run('report', file, ...flags, '--out', out);
  expect(r.code).toBe(0);
  return readFileSync(out, 'utf8');
}

describe('renderReportHtml and buildReportHtml', () => {
  it('renderReportHtml turns the report JSON of `stegvis simulate --json` into the page `stegvis report` writes', async () => {
    const { programme } = await requireProgramme(file, repoRoot);
    const json = JSON.parse((await run('simulate', file, ...flags, '--json')).stdout);
    expect(await renderReportHtml(programme, json, runInfo)).toBe(await cliReport());
  });

  it('buildReportHtml simulates and renders it from a programme and a behaviour model (its YAML text, or data)', async () => {
    const { programme } = await requireProgramme(file, repoRoot);
    const text = readFileSync(join(repoRoot, behaviourFile), 'utf8');
    const html = await buildReportHtml(programme, text, { cohort: 300, months: 12, seed: 5, lang: 'sv', behaviourName: behaviourFile });
    expect(html).toBe(await cliReport());
    // Given as data, the model has no text to quote: the same page without the assumptions the YAML's notes give.
    const fromData = await buildReportHtml(programme, parse(text), { cohort: 300, months: 12, seed: 5, lang: 'sv', behaviourName: behaviourFile });
    expect(fromData).toContain('<!doctype html>\n<html lang="sv">');
    expect(fromData).not.toBe(html);
  });

  it('a report of another programme, or one that is not a report, is refused with issues', async () => {
    const { programme } = await requireProgramme(file, repoRoot);
    const json = JSON.parse((await run('simulate', file, ...flags, '--json')).stdout);
    const { programme: other } = await requireProgramme('examples/timra/programme.yaml', repoRoot);
    await expect(renderReportHtml(other, json, runInfo)).rejects.toThrow(new StegvisError('config.invalid_value', [
      { code: 'config.invalid_value', path: ['report', 'programme'], message: 'the report is of ljusnarsberg v1, not of timra v1', fix: 'render it with the programme it was built from' },
    ]));
    const { simulation: _, ...cut } = json;
    const refused = await renderReportHtml(programme, cut, runInfo).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StegvisError);
    expect((refused as StegvisError).issues.map((i) => i.path.join('.'))).toEqual(['report.simulation']);
  });

  it('a behaviour model of another programme is refused with issues before anything is simulated', async () => {
    const { programme } = await requireProgramme(file, repoRoot);
    const refused = await buildReportHtml(programme, { programme: 'timra' }, { cohort: 10, months: 1, seed: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StegvisError);
    expect((refused as StegvisError).message).toContain('programme: the behaviour is for "timra", not "ljusnarsberg"');
  });
});
