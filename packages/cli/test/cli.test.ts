import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportSchema } from '@stegvis/sim';
import { afterAll, describe, expect, it } from 'vitest';
import { examples, fixture, hasStack, repoRoot, run } from './run.js';

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
    expect(r.stderr).toContain('a programme is a .yaml, .yml, .json or .ts file');
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

  it('in Swedish', async () => {
    const r = await run(...args, '--lang', 'sv');
    expect(r.stdout).toContain('✗ Skriva CV och söka arbete');
    expect(r.stdout).toMatch(/steg\s+Steg 2 \(step2\)/);
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

  it('a table: steps against targets, outcomes by category, occupancy, deadlines', async () => {
    const r = await run(...sim);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('300 referred over 18 months');
    expect(r.stdout).toMatch(/Steps against their targets\n\s+step\s+month\s+through\s+95% interval\s+target/);
    expect(r.stdout).toMatch(/^\s+Step 1\s+3\s+[\d.]+%\s+[\d.]+%–[\d.]+%\s+75%\s+(✓ met|✗ not met)$/m);
    expect(r.stdout).toMatch(/Outcomes by category\n[\s\S]*Employment\s+\d+\s+[\d.]+%/);
    expect(r.stdout).toMatch(/Occupancy\n\s+peak \d+/);
    expect(r.stdout).toMatch(/Deadline compliance\n[\s\S]*Follow-ups\s+\d+%/);
  });

  it('in Swedish', async () => {
    const r = await run(...sim, '--lang', 'sv');
    expect(r.stdout).toContain('Stegen mot målen');
    expect(r.stdout).toMatch(/Steg 1\s+3\s+[\d,]+ %/);
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
    expect(r.stdout).toMatch(/^wrote .*report\.html \([\d.]+ MB\)/);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    for (const id of ['funnel', 'occupancy', 'outcomes', 'outcomes-by-group', 'time', 'deadlines']) expect(html).toContain(`data-chart="${id}"`);
    expect(html).toContain('Stegen mot målen');
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('globalThis["mermaid"]');
    // Outside the inline scripts, nothing refers to another resource.
    const markup = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(markup).not.toMatch(/<(script|img|link|iframe|object|embed|source)[^>]+(src|href|data)=/i);
    expect(markup).not.toMatch(/url\(|@import/);
    // Aggregate only: no participant id of the simulation appears.
    expect(html).not.toMatch(/P-\d{3}/);
  });

  it('--out is required', async () => {
    const r = await run('report', 'examples/ljusnarsberg/programme.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '--out <file>' not specified");
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
  it('an internal error is one line on stderr, exit 3, no stack', async () => {
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
    expect(stderr).toBe('stegvis: internal error, please report it: write EPIPE\n');
  });

  it('the dev launcher runs the TypeScript source; a .ts programme may import defineProgramme', () => {
    const r = spawnSync(process.execPath, ['packages/cli/bin/stegvis.mjs', 'validate', fixture('defined.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('defined v2 is valid');
    expect(r.status).toBe(0);
  });
});
