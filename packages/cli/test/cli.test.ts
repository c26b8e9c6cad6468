import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportSchema } from '@stegvis/sim';
import { afterAll, describe, expect, it } from 'vitest';
import { english, examples, fixture, hasStack, repoRoot, run } from './run.js';

describe('stegvis validate', () => {
  it.each(examples)('%s validates clean (exit 0)', async (name) => {
    const r = await run('validate', `examples/${name}/programme.yaml`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`examples/${name}/programme.yaml: ${name} v\\d+ is valid`));
    expect(r.code).toBe(0);
  });

  describe('with the behaviour model', () => {
    // Ljusnarsberg declares `age` for its "7-TJUGO" method for young participants; only its behaviour model
    // reads it (`when: { fact: age, atMost: 24 }`, 20 % faster for the young).
    const dir = mkdtempSync(join(tmpdir(), 'stegvis-behaviour-'));
    const alone = join(dir, 'programme.yaml');
    writeFileSync(alone, readFileSync(join(repoRoot, 'examples/ljusnarsberg/programme.yaml'), 'utf8'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('behaviour.yaml beside the programme counts as reading the facts it tests: no unused_fact for age', async () => {
      const r = await run('validate', 'examples/ljusnarsberg/programme.yaml');
      expect(r.stdout).not.toContain('lint.unused_fact');
      expect(r.stdout).toBe('examples/ljusnarsberg/programme.yaml: ljusnarsberg v1 is valid (with the behaviour model examples/ljusnarsberg/behaviour.yaml)\n');
      expect(r.code).toBe(0);
    });

    it('without one, the note for age is printed as file:line:col path: severity: message (code)', async () => {
      const r = await run('validate', alone);
      expect(r.stdout).toMatch(/^\S+programme\.yaml:\d+:\d+ facts\.2: info: fact "age" is declared but .+ reads it\. Fix: .+ \(lint\.unused_fact\)$/m);
      expect(r.code).toBe(0);
    });

    it('--behaviour names one anywhere', async () => {
      const r = await run('validate', alone, '--behaviour', 'examples/ljusnarsberg/behaviour.yaml');
      expect(r.stdout).not.toContain('lint.unused_fact');
      expect(r.stdout).toContain('(with the behaviour model examples/ljusnarsberg/behaviour.yaml)');
      expect(r.code).toBe(0);
    });

    it('an invalid one, or a missing one named with --behaviour, is a problem: exit 1, every issue with its line', async () => {
      const bad = await run('validate', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('bad-behaviour.yaml'));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/bad-behaviour\.yaml:\d+:\d+ steps\.step1/);
      const missing = await run('validate', alone, '--behaviour', 'nowhere.yaml');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^stegvis: nowhere\.yaml: no such file/);
      expect(hasStack(bad.stderr + missing.stderr)).toBe(false);
    });

    it('--no-lint reads none beside the programme', async () => {
      const r = await run('validate', 'examples/ljusnarsberg/programme.yaml', '--no-lint');
      expect(r.stdout).toBe('examples/ljusnarsberg/programme.yaml: ljusnarsberg v1 is valid (schema only)\n');
    });
  });

  it('a lint warning is not clean: exit 1, the finding printed with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stegvis-lint-'));
    const file = join(dir, 'targets.yaml');
    // Step 2 promises more (80 %) by month 3 than step 1 (75 %) by month 3: nobody is through step 2 before step 1.
    const text = readFileSync(join(repoRoot, 'examples/ljusnarsberg/programme.yaml'), 'utf8').replace('target: { share: 0.60, byMonth: 6 }', 'target: { share: 0.80, byMonth: 3 }');
    writeFileSync(file, text);
    const r = await run('validate', file);
    rmSync(dir, { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/targets\.yaml:\d+:\d+ steps\.\d+\.params\.target.*: warning: .+ \(lint\.target_not_monotone\)/);
  });

  it('a JSON programme and a TypeScript one (its default export) validate too', async () => {
    expect((await run('validate', fixture('minimal.json'))).code).toBe(0);
    const ts = await run('validate', fixture('plain.ts'));
    expect(ts.stdout).toContain('plain v1 is valid');
    expect(ts.code).toBe(0);
  });

  it('a missing file: one clear line on stderr, exit 1', async () => {
    const r = await run('validate', 'examples/nowhere/programme.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stegvis: examples\/nowhere\/programme\.yaml: no such file/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('a directory', async () => {
    const r = await run('validate', 'examples/ljusnarsberg');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('examples/ljusnarsberg is a directory');
  });

  it('a file that is not a programme format', async () => {
    const r = await run('validate', 'README.md');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a programme is a .yaml, .yml or .json file, or a .ts, .mts, .cts, .js or .mjs module');
  });

  it('broken YAML: the line and column of the syntax error', async () => {
    const r = await run('validate', fixture('broken.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/broken\.yaml:7:\d+ \(root\): .+ \(config\.yaml_syntax\)/);
    expect(hasStack(r.stdout + r.stderr)).toBe(false);
  });

  it('wrong types: the path, its line and what was expected', async () => {
    const r = await run('validate', fixture('wrong-types.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/wrong-types\.yaml:2:\d+ version: expected a number.*\(config\.invalid_type\)/);
  });

  it('an unknown step kind names the kinds there are', async () => {
    const r = await run('validate', fixture('unknown-kind.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/unknown-kind\.yaml:9:\d+ steps\.1\.kind: unknown step kind "coachingSession".*assessment, actionPlan.*\(config\.unknown_step_kind\)/);
  });

  it('a .ts programme that throws while loading, and one without a default export', async () => {
    const throws = await run('validate', fixture('throws.ts'));
    expect(throws.code).toBe(1);
    expect(throws.stderr).toMatch(/throws\.ts: could not load the module: the programme could not be built: no steps/);
    expect(hasStack(throws.stderr)).toBe(false);
    const noDefault = await run('validate', fixture('no-default.ts'));
    expect(noDefault.code).toBe(1);
    expect(noDefault.stderr).toContain('no-default.ts has no default export');
  });

  it('every step kind issue at once, with the path dotted', async () => {
    const r = await run('validate', fixture('wrong-types.yaml'));
    for (const l of r.stdout.trim().split('\n').slice(0, -1)) expect(l).toMatch(/^\S+:\d+:\d+ [\w.()]+: .+ \([a-z]+\.[a-z_]+\)$/);
  });
});

describe('stegvis diagram', () => {
  it.each(examples)('%s: Mermaid text with every step label, in both languages', async (name) => {
    const file = `examples/${name}/programme.yaml`;
    const { requireProgramme } = await import('../src/index.js');
    const { programme } = await requireProgramme(file, repoRoot);
    for (const lang of ['sv', 'en'] as const) {
      const r = await run('diagram', file, '--lang', lang);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^stateDiagram-v2\n/);
      for (const step of [...programme.steps, programme.exitStep]) {
        const label = step.label[lang];
        // Mermaid's syntax characters are written as entity codes; plain labels appear as they are.
        if (!/[#":;[\]{}<>|]|--/.test(label)) expect(r.stdout).toContain(`"${label}"`);
      }
    }
  });

  it('English by default', async () => {
    const r = await run('diagram', 'examples/ljusnarsberg/programme.yaml');
    expect(r.stdout).toContain('state "Assessment"');
    expect(r.stdout).toContain('state "Step 5"');
  });

  it('--help names what it prints: the Mermaid diagram type its output starts with', async () => {
    const help = await run('diagram', '--help');
    const out = await run('diagram', 'examples/ljusnarsberg/programme.yaml');
    const type = out.stdout.split('\n')[0]!;
    expect(type).toBe('stateDiagram-v2');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Mermaid text, a ${type}`);
    expect(help.stdout).not.toMatch(/flowchart/i);
  });

  it('an invalid programme: its issues on stderr, exit 1', async () => {
    const r = await run('diagram', fixture('wrong-types.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/wrong-types\.yaml:2:\d+ version: expected a number/);
  });
});

describe('stegvis replay', () => {
  const args = ['replay', 'examples/ljusnarsberg/programme.yaml', 'examples/ljusnarsberg/commands.jsonl'];

  // Issue 15: a void is shown on the line whose event it voided, and a pending proposal's deadline is open.
  it('shows a voided event as voided, on its own line, and a pending proposal among the open deadlines', async () => {
    const r = await run('replay', 'examples/nacka/programme.yaml', fixture('nacka-corrections.jsonl'), '--lang', 'en');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/line {3}3 {2}✓ recordAttendance +→ attendance\.recorded\n {8}voided: attendance\.recorded \(event 4, line 4\) — left out of the state/);
    expect(r.stdout).toMatch(/line {3}4 {2}✓ voidEvent +→ event\.voided/);
    expect(r.stdout).toContain('Decision on proposal 6 (exit)');
    const sv = await run('replay', 'examples/nacka/programme.yaml', fixture('nacka-corrections.jsonl'), '--lang', 'sv');
    expect(sv.stdout).toContain('makulerad: närvaro registrerad (händelse 4, rad 4) — ingår inte i läget');
    const json = JSON.parse((await run('replay', 'examples/nacka/programme.yaml', fixture('nacka-corrections.jsonl'), '--json')).stdout);
    expect(json.lines[2]).toMatchObject({ status: 'accepted', voided: [{ seq: 4, type: 'attendance.recorded', byLine: 4 }] });
    expect(json.lines[1]).not.toHaveProperty('voided');
  });

  it('replays the shipped commands: the refused advance with its issues and explanation, then the state', async () => {
    const r = await run(...args);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/line\s+9\s+✗ advance\s+→ refused \(command\.requirements_unmet\)/);
    expect(r.stdout).toContain('✗ Write a CV and search for work (not marked as met, and the waiver does not apply)');
    expect(r.stdout).toContain('✗ On full-time sick leave is yes (now: no)');
    expect(r.stdout).toMatch(/line\s+11\s+✓ advance\s+→ step\.advanced/);
    expect(r.stdout).toMatch(/phase\s+active/);
    expect(r.stdout).toMatch(/step\s+Step 2 \(step2\)/);
    expect(r.stdout).toMatch(/overdue\s+due 2026-03-30\s+Follow-up 3/);
    expect(r.stdout).toContain('flags: none');
  });

  it('in Swedish, every word: the commands, the events, the issue and its fix, the statuses', async () => {
    const r = await run(...args, '--lang', 'sv');
    expect(r.stdout).toContain('✗ Skriva CV och söka arbete');
    expect(r.stdout).toMatch(/steg\s+Steg 2 \(step2\)/);
    expect(r.stdout).toMatch(/rad\s+1\s+✓ anvisa\s+→ anvisad, antagen/);
    expect(r.stdout).toMatch(/rad\s+9\s+✗ gå vidare\s+→ avvisat \(command\.requirements_unmet\)/);
    expect(r.stdout).toContain('type: steget är inte klart än. Åtgärd: uppfyll eller efterge kraven markerade ✗ i förklaringen (command.requirements_unmet)');
    expect(r.stdout).toMatch(/fas\s+aktiv/);
    expect(r.stdout).toMatch(/försenad\s+senast 2026-03-30\s+Uppföljning 3/);
    expect(r.stdout).toMatch(/kommande\s+senast/);
    expect(r.stdout).not.toMatch(/is not complete|Fix:|overdue|upcoming|\bactive\b|\bline\b/);
  });

  it('--json gives every line and the state', async () => {
    const r = await run(...args, '--json');
    const json = JSON.parse(r.stdout);
    expect(json.participantId).toBe('P-001');
    expect(json.lines).toHaveLength(13);
    const refused = json.lines.filter((l: { status: string }) => l.status === 'refused');
    expect(refused.map((l: { line: number }) => l.line)).toEqual([9]);
    expect(refused[0].explanation.ok).toBe(false);
    expect(json.state).toMatchObject({ phase: 'active', stepId: 'step2', exit: null, flags: [] });
  });

  it('--strict exits 1 when a command was refused', async () => {
    expect((await run(...args, '--strict')).code).toBe(1);
  });

  it('a malformed line is reported with its line number and the rest still runs', async () => {
    const r = await run('replay', 'examples/ljusnarsberg/programme.yaml', fixture('malformed.jsonl'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line\s+2\s+! malformed line: not valid JSON/);
    expect(r.stdout).toMatch(/line\s+3\s+! malformed line: expected a JSON object \(one command\), got an array/);
    expect(r.stdout).toMatch(/line\s+4\s+✓ completeAssessment/);
    expect(r.stdout).toMatch(/line\s+5\s+✗ advance\s+→ refused \(command\.invalid\)/);
    expect(hasStack(r.stdout + r.stderr)).toBe(false);
  });

  it('a missing commands file', async () => {
    const r = await run('replay', 'examples/ljusnarsberg/programme.yaml', 'nope.jsonl');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stegvis: nope\.jsonl: no such file/);
  });

  it('an invalid programme is refused with its issues before any command runs', async () => {
    const r = await run('replay', fixture('unknown-kind.yaml'), 'examples/ljusnarsberg/commands.jsonl');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a valid programme (1 problem');
    expect(r.stderr).toMatch(/unknown-kind\.yaml:9:\d+ steps\.1\.kind: unknown step kind/);
  });
});

describe('stegvis simulate', () => {
  const sim = ['simulate', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('ljusnarsberg-behaviour.yaml'), '--cohort', '300', '--months', '18', '--seed', '4'];

  it('--json prints the report in the shape of ReportSchema', async () => {
    const r = await run(...sim, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    expect(report.programme.id).toBe('ljusnarsberg');
    expect(report.simulation.referred).toBe(300);
    expect(report.steps.map((s) => s.id)).toEqual(['assessment', 'actionPlan', 'step1', 'step2', 'step3', 'step4', 'step5']);
  });

  it('the same seed gives the same report; another seed another', async () => {
    const a = await run(...sim, '--json');
    const b = await run(...sim, '--json');
    expect(a.stdout).toBe(b.stdout);
    const c = await run(...sim.slice(0, -1), '5', '--json');
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('a table: one cohort, steps against targets and deadlines, outcomes by category, occupancy, deadlines', async () => {
    const r = await run(...sim);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('300 referred over 18 months');
    expect(r.stdout).toMatch(/^one run: referred 300 · admitted 300 · exited [\d.]+ · still in [\d.]+$/m);
    expect(r.stdout).toMatch(/Steps against their targets and deadlines\n\s+step\s+measured\s+share\s+95% interval/);
    expect(r.stdout).toMatch(/^\s+Assessment\s+within 2 weeks \(deadline\)\s+[\d.]+%\s+[\d.]+%–[\d.]+%\s+[✓✗] all within 2 weeks$/m);
    expect(r.stdout).toMatch(/^\s+Step 1\s+by month 3\s+[\d.]+%\s+[\d.]+%–[\d.]+%\s+[✓✗] target 75% by month 3$/m);
    expect(r.stdout).toMatch(/Exits by income against the targets\n[\s\S]*The whole income\s+12\s+[\d.]+%\s+10%/);
    expect(r.stdout).toMatch(/Outcomes by category, per cohort\n[\s\S]*Moved away or discontinued\s+[\d.]+\s+[\d.]+%/);
    expect(r.stdout).toMatch(/Occupancy\n\s+peak \d+/);
    expect(r.stdout).toMatch(/Deadline compliance\n[\s\S]*Follow-ups\s+\d+%/);
  });

  it('with several runs, one cohort: the mean over them with its interval, not the sum', async () => {
    const r = await run(...sim, '--replications', '5');
    expect(r.stdout).toMatch(/^per cohort \(mean over 5 runs, 95% interval\): referred 300 · admitted 300 · exited [\d.]+ \([\d.]+–[\d.]+\)/m);
    expect(r.stdout).not.toMatch(/referred 1,500/);
  });

  it('in Swedish, every word: the table, the cohort line, the units', async () => {
    const r = await run(...sim, '--replications', '3', '--lang', 'sv');
    expect(r.stdout).toContain('Stegen mot mål och tidsfrister');
    expect(r.stdout).toMatch(/Steg 1\s+vid månad 3\s+[\d,]+ %/);
    expect(r.stdout).toMatch(/^per kohort \(medel över 3 körningar, 95 % intervall\): anvisade 300/m);
    expect(r.stdout).toContain('300 anvisade under 18 månader');
    expect(r.stdout.split('\n').filter((l) => english.test(l))).toEqual([]);
  });

  it('no progress bar when stderr is not a terminal', async () => {
    expect((await run(...sim)).stderr).toBe('');
  });

  it('bad numbers are argument errors: exit 2, what fits, no stack', async () => {
    for (const [flag, value, says] of [
      ['--cohort', 'abc', 'Expected a whole number, from 1 to'],
      ['--months', '-3', 'Expected a whole number from 1 to 240'],
      ['--seed', '1.5', 'Expected a whole number'],
      ['--replications', '0', 'Expected a whole number from 1'],
    ] as const) {
      const r = await run('simulate', 'examples/ljusnarsberg/programme.yaml', flag, value);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.stderr).toContain(`option '${flag}`);
      expect(r.stderr).toContain(says);
      expect(hasStack(r.stderr)).toBe(false);
    }
  });

  it('no behaviour model beside the programme', async () => {
    const r = await run('simulate', fixture('minimal.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('fixtures/behaviour.yaml: no behaviour model beside the programme');
  });

  it('a programme beyond what the simulation can model: the issue with its line and a fix before anything runs, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stegvis-cli-'));
    const requirements = Array.from({ length: 33 }, (_, i) => `        - { id: r${i}, label: R${i} }`).join('\n');
    writeFileSync(
      join(dir, 'programme.yaml'),
      `id: big\nversion: 1\nname: Big\nsteps:\n  - id: step1\n    kind: ladderStep\n    label: Step 1\n    params:\n      requirements:\n${requirements}\n  - id: exit\n    kind: exit\n    label: Exit\n    params:\n      outcomes: [{ id: job, label: Job, income: full }]\n`,
    );
    writeFileSync(join(dir, 'behaviour.yaml'), 'programme: big\n');
    try {
      const r = await run('simulate', join(dir, 'programme.yaml'));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('cannot be simulated as it stands');
      expect(r.stderr).toMatch(/programme\.yaml:10:\d+ steps\.0\.params\.requirements: the simulation cannot model this programme: step "step1" has 33 requirements; the kernel holds at most 32 per step Fix: split the step \(config\.invalid_value\)/);
      expect(hasStack(r.stderr)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an invalid behaviour model: its issues with their lines', async () => {
    const r = await run('simulate', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('bad-behaviour.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a valid behaviour model for ljusnarsberg');
    expect(r.stderr).toMatch(/bad-behaviour\.yaml:\d+:\d+ steps\.step1/);
  });
});

describe('stegvis report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one HTML file with the diagram source, every chart and Mermaid inline, and nothing to fetch', async () => {
    const out = join(dir, 'nested', 'report.html');
    const r = await run('report', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('ljusnarsberg-behaviour.yaml'), '--cohort', '200', '--months', '12', '--out', out, '--lang', 'sv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^skrev .*report\.html \([\d,]+ MB\)/);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    for (const id of ['funnel', 'occupancy', 'outcomes', 'outcomes-by-group', 'time', 'deadlines']) expect(html).toContain(`data-chart="${id}"`);
    expect(html).toContain('Stegen mot mål och tidsfrister');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('globalThis["mermaid"]');
    // Outside the inline scripts, nothing refers to another resource.
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup).not.toMatch(/<(script|img|link|iframe|object|embed|source)[^>]+(src|href|data)=/i);
    expect(markup).not.toMatch(/url\(|@import/);
    // Aggregate only: no participant id of the simulation appears.
    expect(html).not.toMatch(/P-\d{3}/);
  });

  it('without --out: a file named in the report’s language, so Swedish and English do not overwrite each other', async () => {
    const sv = await run('report', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('ljusnarsberg-behaviour.yaml'), '--cohort', '50', '--months', '6', '--lang', 'sv');
    expect(sv.code).toBe(0);
    expect(sv.stdout).toMatch(/^skrev out\/ljusnarsberg-rapport\.html \([\d,]+ MB\): Samverkan Ljusnarsberg – stegförflyttning, 50 deltagare under 6 månader, frö 1\nöppna den i en webbläsare: file:\/\//);
    const en = await run('report', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('ljusnarsberg-behaviour.yaml'), '--cohort', '50', '--months', '6');
    expect(en.stdout).toMatch(/^wrote out\/ljusnarsberg-report\.html/);
  });

  it('Nacka: simulated against its observed 2001 table (observed-2001.yaml beside the programme)', async () => {
    const out = join(dir, 'nacka.html');
    const r = await run('report', 'examples/nacka/programme.yaml', '--cohort', '100', '--months', '12', '--replications', '5', '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('id="section-observed"');
    expect(html).toContain('data-chart="observed"');
    expect(html).toContain('id="section-cost"');
  });

  it('--observed: a table that is not valid is refused with its problems and their lines', async () => {
    const file = join(dir, 'observed-bad.yaml');
    writeFileSync(file, 'programme: nacka\nparticipants: 10\ncounts: { employment: 20 }\nmeanStay: { weeks: 10, basis: x }\nperiod: { from: 2001-01-01, to: 2001-12-31 }\n');
    const r = await run('report', 'examples/nacka/programme.yaml', '--observed', file, '--out', join(dir, 'x.html'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not a valid table of observed outcomes');
    expect(r.stderr).toMatch(/observed-bad\.yaml:3:\d+ counts: the counts \(and those still enrolled\) add up to more than the participants/);
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('--compare with a behaviour model: the same programme, two models, side by side', async () => {
    const out = join(dir, 'compare.html');
    const r = await run('report', 'examples/ljusnarsberg/programme.yaml', '--cohort', '100', '--months', '13', '--replications', '3', '--compare', fixture('ljusnarsberg-faster.yaml'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('id="section-compare"');
    expect(html).toContain('B is examples/ljusnarsberg/programme.yaml + packages/cli/test/fixtures/ljusnarsberg-faster.yaml');
  });

  it('--compare with another version of the programme; another programme is refused', async () => {
    const v2 = join(dir, 'ljusnarsberg-v2.yaml');
    writeFileSync(v2, readFileSync(join(repoRoot, 'examples/ljusnarsberg/programme.yaml'), 'utf8').replace('version: 1', 'version: 2').replace('target: { share: 0.75, byMonth: 3 }', 'target: { share: 0.5, byMonth: 3 }'));
    const out = join(dir, 'compare-v2.html');
    const r = await run('report', 'examples/ljusnarsberg/programme.yaml', '--cohort', '100', '--months', '13', '--compare', v2, '--out', out, '--lang', 'sv');
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/A är examples\/ljusnarsberg\/programme\.yaml \(v1\), B är .*ljusnarsberg-v2\.yaml \(v2\)/);
    const other = await run('report', 'examples/ljusnarsberg/programme.yaml', '--compare', 'examples/nacka/programme.yaml', '--out', out);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('is the programme "nacka", not "ljusnarsberg": compare two versions of one programme');
  });

  it('a place it cannot write to', async () => {
    const r = await run('report', 'examples/ljusnarsberg/programme.yaml', '--behaviour', fixture('ljusnarsberg-behaviour.yaml'), '--cohort', '50', '--out', 'README.md/report.html');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stegvis: README\.md\/report\.html: cannot write the report \(E\w+\)/);
  });
});

describe('arguments', () => {
  it('an unknown flag: exit 2, a clear message, no stack', async () => {
    const r = await run('validate', '--frobnicate', 'examples/ljusnarsberg/programme.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('an unknown command', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('a missing argument', async () => {
    const r = await run('replay', 'examples/ljusnarsberg/programme.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'commands.jsonl'");
  });

  it('a language that is not sv or en', async () => {
    const r = await run('diagram', 'examples/ljusnarsberg/programme.yaml', '--lang', 'fi');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lang.*fi.*Allowed choices are sv, en/);
  });

  it('no command prints the help and exits 2; --help exits 0', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: stegvis');
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/validate.*\n.*diagram/s);
  });

  it("replay's help says the file holds commands, one JSON object per line", async () => {
    const r = await run('replay', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("one participant's COMMANDS (not recorded events), one JSON object per line");
  });
});

describe('the edges', () => {
  it('an internal error is one line on stderr naming its class but not its message (it may quote input), exit 3, no stack', async () => {
    let stderr = '';
    const { main } = await import('../src/index.js');
    const code = await main(['validate', 'examples/ljusnarsberg/programme.yaml'], {
      stdout: () => {
        throw new TypeError('write EPIPE');
      },
      stderr: (t) => (stderr += t),
      cwd: repoRoot,
      env: {},
    });
    expect(code).toBe(3);
    expect(stderr).toBe('stegvis: internal error (TypeError), please report it; STEGVIS_DEBUG=1 prints the details\n');
  });

  it('the dev launcher runs the TypeScript source; a .ts programme may import defineProgramme', () => {
    const r = spawnSync(process.execPath, ['packages/cli/bin/stegvis.mjs', 'validate', fixture('defined.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('defined v2 is valid');
    expect(r.status).toBe(0);
  }, 30_000);
});

// Nacka (seed 004): "Personalen i Produktionhuset rapporterar närvaro och eventuella avvikelser från överenskommelsen.
// Det är den remitterande handläggaren som sedan ska agera utifrån detta"
describe('stegvis replay of participation (Nacka)', () => {
  it('shows the intensity the plan agreed, the compliance flag a missed day raises, and the notice when the referral rules no longer hold', async () => {
    const r = await run('replay', 'examples/nacka/programme.yaml', 'examples/nacka/commands.jsonl', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.lines[2].events).toEqual(['plan.established', 'step.advanced', 'intensity.set']);
    expect(out.lines[8].events).toEqual(['absence.recorded', 'compliance.flagged']);
    expect(out.lines[10]).toMatchObject({ status: 'refused', code: 'command.forbidden' });
    expect(out.lines[11].events).toEqual(['facts.updated', 'eligibility.lost']);
    expect(out.state).toMatchObject({ phase: 'active', intensity: { percent: 60, daysPerWeek: 3 } });
    expect(out.state.flags.map((f: { id: string }) => f.id)).toEqual(['compliance.missedAgreedAttendance', 'eligibilityLost']);
    const sv = await run('replay', 'examples/nacka/programme.yaml', 'examples/nacka/commands.jsonl', '--lang', 'sv');
    expect(sv.stdout).toContain('omfattning      60 % av heltid, 3 dagar i veckan');
    expect(sv.stdout).toContain('följsamhetsregel uppfylld: signal till remittenten');
    expect(sv.stdout).toContain('Har närvarat färre dagar än överenskommet den senaste veckan (sedan 2002-03-13)');
  });
});

// Nacka (seed 004): "Under 2001 var det i snitt 50 deltagare inskrivna per vecka. Ett fåtal av dessa deltog i verksamheten på heltid."
describe('stegvis simulate of participation (Nacka)', () => {
  it('says before it runs that compliance rules are not simulated, and reports occupancy in full-time equivalents too', async () => {
    const r = await run('simulate', 'examples/nacka/programme.yaml', '--cohort', '100', '--months', '6', '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('examples/nacka/programme.yaml: warning: The compliance rules (missedAgreedAttendance) are not simulated');
    const report = JSON.parse(r.stdout);
    expect(report.occupancy.summary.meanPercentOfFullTime).toBeCloseTo(60, 6);
    expect(report.notes).toContainEqual(expect.stringContaining('are not simulated'));
    const text = await run('simulate', 'examples/nacka/programme.yaml', '--cohort', '100', '--months', '6', '--lang', 'sv');
    expect(text.stdout).toMatch(/heltidsekvivalenter medel [\d,]+ \(60 % av heltid i snitt\)/);
    const plain = JSON.parse((await run('simulate', 'examples/ljusnarsberg/programme.yaml', '--cohort', '50', '--months', '3', '--json')).stdout);
    expect(plain.occupancy.summary).not.toHaveProperty('meanFullTimeEquivalents');
  });
});
