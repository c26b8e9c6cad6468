import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '@stegvis/cli';
import { ReportSchema } from '@stegvis/sim';

// A step kind written in this folder (kinds/mentoring.ts), loaded by stegvis.config.json beside the
// programme, through every command of the CLI's main() — and once through the CLI as a child process.
const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));
const programme = 'examples/plugin-kind/programme.yaml';
const commands = 'examples/plugin-kind/commands.jsonl';

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} });
  return { code, stdout, stderr };
}
const cli = (...argv: string[]) => run(repo, ...argv);

const temp = mkdtempSync(join(tmpdir(), 'stegvis-plugin-kind-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('examples/plugin-kind: a mentoring step kind of its own, in every tool', () => {
  it('validate: the config file beside the programme loads the kind; the schema and the linter pass, with the behaviour model beside it', async () => {
    const r = await cli('validate', programme);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${programme}: step kinds from examples/plugin-kind/kinds/mentoring.ts: mentoring\n${programme}: mentorship v1 is valid (with the behaviour model examples/plugin-kind/behaviour.yaml)\n`);
    expect(r.code).toBe(0);
  });

  it('validate: without the config file the kind is unknown, so it is the plugin that makes the programme valid', async () => {
    const alone = join(temp, 'programme.yaml');
    writeFileSync(alone, readFileSync(join(here, 'programme.yaml')));
    const r = await cli('validate', alone);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/programme\.yaml:\d+:\d+ steps\.2\.kind: unknown step kind "mentoring"/);
  });

  it('validate: the kind checks its own params (completeAfter at most sessions)', async () => {
    const dir = mkdtempSync(join(temp, 'bad-'));
    writeFileSync(join(dir, 'stegvis.config.json'), JSON.stringify({ plugins: [join(here, 'kinds/mentoring.ts')] }));
    writeFileSync(join(dir, 'programme.yaml'), readFileSync(join(here, 'programme.yaml'), 'utf8').replace('completeAfter: 4', 'completeAfter: 7'));
    const r = await cli('validate', join(dir, 'programme.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/programme\.yaml:\d+:\d+ steps\.2\.params\.completeAfter: asks for 7 sessions but the step offers 6 Fix: lower completeAfter, or offer more sessions \(config\.invalid_value\)/);
  });

  it('validate: the linter runs on it too (a fact declared and never read is a note, with its line)', async () => {
    const dir = mkdtempSync(join(temp, 'lint-'));
    writeFileSync(join(dir, 'stegvis.config.json'), JSON.stringify({ plugins: [join(here, 'kinds/mentoring.ts')] }));
    const unusedFact = '  - { id: hasDrivingLicence, type: boolean, label: { sv: Har körkort, en: Has a driving licence } }\n';
    writeFileSync(join(dir, 'programme.yaml'), readFileSync(join(here, 'programme.yaml'), 'utf8').replace('facts:\n', `facts:\n${unusedFact}`));
    const r = await cli('validate', join(dir, 'programme.yaml'));
    expect(r.stdout).toMatch(/programme\.yaml:14:\d+ facts\.0: info: .*"hasDrivingLicence".* \(lint\.unused_fact\)\n.*mentorship v1 is valid \(1 note\)\n$/);
    expect(r.code).toBe(0);
  });

  it('diagram: the step with the deadline the kind built, in both languages', async () => {
    const en = await cli('diagram', programme);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('state "Sessions with a mentor" as s2_mentoring\n    s2_mentoring : Sessions with a mentor done after 16 weeks in the step\n');
    expect(en.stdout).toContain('s2_mentoring --> s3_internship : advance');
    const sv = await cli('diagram', programme, '--lang', 'sv');
    expect(sv.stdout).toContain('s2_mentoring : Samtal med mentor klart efter 16 veckor i steget');
  });

  it('schema: the kind and its params; the committed programme.schema.json (the $schema line) is current', async () => {
    const r = await run(here, 'schema');
    expect(r.code).toBe(0);
    expect(r.stdout, 'run `node ../../packages/cli/bin/stegvis.mjs schema --out programme.schema.json` in examples/plugin-kind').toBe(readFileSync(join(here, 'programme.schema.json'), 'utf8'));
    expect(readFileSync(join(here, 'programme.yaml'), 'utf8').split('\n', 1)[0]).toBe('# yaml-language-server: $schema=./programme.schema.json');
    const schema = JSON.parse(r.stdout);
    const params = schema.definitions['step.mentoring'].properties.params;
    expect(params.properties.sessions).toEqual({ type: 'integer', minimum: 1, maximum: 20, description: 'How many sessions with the mentor the step offers.' });
    expect(params.required).toEqual(['sessions', 'within']);
    // An outside oracle: a JSON Schema validator accepts the programme and refuses a mistake in the kind's params.
    const validate = new Ajv({ allErrors: true, allowUnionTypes: true, validateFormats: false }).compile(schema);
    const data = parse(readFileSync(join(here, 'programme.yaml'), 'utf8'));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
    data.steps[2].params.sessions = 'six';
    expect(validate(data)).toBe(false);
  });

  it('simulate: 50,000 rows on 2 worker threads; the kind, its step and its deadlines in the JSON', async () => {
    const two = await cli('simulate', programme, '--cohort', '50000', '--months', '18', '--seed', '3', '--json', '--workers', '2');
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(two.stdout));
    expect(report.simulation.rows).toBe(50_000);
    expect(report.steps.map((s) => [s.id, s.kind])).toEqual([['assessment', 'assessment'], ['actionPlan', 'actionPlan'], ['mentoring', 'mentoring'], ['internship', 'ladderStep']]);
    const mentoring = report.deadlines.find((d) => d.kind === 'mentoring')!;
    // Everyone who starts the step has its deadline (most of the 50,000, referred evenly over 18 months);
    // at about 12 weeks a step, some of them miss 16 weeks.
    expect(mentoring.total).toBeGreaterThan(35_000);
    expect(mentoring.metOnTime).toBeGreaterThan(mentoring.metLate);
    expect(mentoring.metLate).toBeGreaterThan(0);
  }, 30_000);

  it('simulate: the table names the kind\'s deadlines as the kind labels them', async () => {
    const r = await cli('simulate', programme, '--cohort', '500', '--lang', 'sv');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+Samtal med mentor\s+vid månad 23 \(inget mål\)\s+[\d,]+ %/m);
    expect(r.stdout).toMatch(/^\s+Mentorskap\s+\d+ %\s+\d+ %\s+\d+ %\s+\d+$/m);
  });

  it('report: one HTML file with the step, the kind\'s deadlines in the chart and the table', async () => {
    const out = join(temp, 'report.html');
    const r = await cli('report', programme, '--cohort', '1000', '--lang', 'sv', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('state \\"Samtal med mentor\\" as s2_mentoring');
    expect(html).toMatch(/<g class="row" data-kind="mentoring"><text[^>]*><tspan[^>]*>Mentorskap<\/tspan><\/text>/);
    expect(html).toMatch(/<tr><td>Mentorskap<\/td><td class="num">\d+/);
  });

  it('replay: the kind\'s completion rule explained (at least 4 of the 6 sessions), then on to the internship', async () => {
    const r = await cli('replay', programme, commands);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/line\s+7\s+✗ advance\s+→ refused \(command\.requirements_unmet\)/);
    expect(r.stdout).toContain('✗ At least 4 requirements are met\n            ✓ Mentoring session 1 (marked as met)');
    expect(r.stdout).toMatch(/line\s+9\s+✓ advance\s+→ step\.advanced/);
    expect(r.stdout).toMatch(/step\s+Internship \(internship\)/);

    // Before the fourth session the kind's deadline is open: 16 weeks from entering the step on 9 February.
    const firstSeven = join(temp, 'first-seven.jsonl');
    writeFileSync(firstSeven, readFileSync(join(here, 'commands.jsonl'), 'utf8').split('\n').slice(0, 7).join('\n'));
    const partway = JSON.parse((await cli('replay', programme, firstSeven, '--json')).stdout);
    expect(partway.state.stepId).toBe('mentoring');
    expect(partway.state.openDeadlines).toContainEqual(expect.objectContaining({ id: 'mentoring.done', kind: 'mentoring', dueOn: '2026-06-01', label: { sv: 'Samtal med mentor klart', en: 'Sessions with a mentor done' } }));
  });

  it('as a child process: the stegvis command (the dev launcher) on 2 workers gives what main() gives on one', async () => {
    const args = ['simulate', programme, '--cohort', '5000', '--json'];
    const child = spawnSync(process.execPath, ['packages/cli/bin/stegvis.mjs', ...args, '--workers', '2'], { cwd: repo, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toBe((await cli(...args, '--workers', '1')).stdout);
  }, 60_000);
});
