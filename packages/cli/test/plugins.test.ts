import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { fixture, hasStack, repoRoot, run, runIn } from './run.js';

// Step-kind plugins from the command line: `--plugin <module>`, `stegvis.config.json` beside the programme,
// a `.ts` programme's own `stepKinds`. The fixtures' kinds are in fixtures/plugins/kinds/.
const dir = fixture('plugins');
const kind = (name: string) => `${dir}/kinds/${name}`;
const abs = (path: string) => join(repoRoot, path);
const coached = `${dir}/coaching.yaml`;
const coachedText = readFileSync(abs(coached), 'utf8');

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
/** A folder outside the repository with the given files, for config files and installed packages. */
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'stegvis-plugins-'));
  temps.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('plugin modules', () => {
  it('without its plugin the kind is unknown; with --plugin the programme is valid, and validate says where its kinds came from', async () => {
    const without = await run('validate', coached);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('steps.1.kind: unknown step kind "coaching"');

    const r = await run('validate', coached, '--plugin', kind('coaching.ts'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${coached}: step kinds from ${kind('coaching.ts')}: coaching\n${coached}: coached v1 is valid\n`);
    expect(r.code).toBe(0);
  });

  it('the config file beside the programme names plugins relative to itself', async () => {
    const r = await run('validate', `${dir}/with-config/programme.yaml`);
    expect(r.stdout).toContain(`step kinds from ${kind('coaching.ts')}: coaching`);
    expect(r.code).toBe(0);
  });

  it('the config file may be YAML, and may name an installed package', async () => {
    const root = folder({
      'programme.yaml': coachedText,
      'stegvis.config.yaml': 'plugins:\n  - stegvis-demo-kinds\n',
      'node_modules/stegvis-demo-kinds/package.json': JSON.stringify({ name: 'stegvis-demo-kinds', type: 'module', exports: './index.mjs' }),
      'node_modules/stegvis-demo-kinds/index.mjs': `export { default } from ${JSON.stringify(pathToFileURL(abs(kind('coaching.ts'))).href)};\n`,
    });
    const r = await run('validate', join(root, 'programme.yaml'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('step kinds from stegvis-demo-kinds: coaching');
    expect(r.code).toBe(0);
  });

  it('the config file and --plugin are merged; a module named in both counts once', async () => {
    const r = await run('validate', `${dir}/with-config/programme.yaml`, '--plugin', kind('coaching.ts'), '--plugin', kind('named.ts'));
    expect(r.stdout.split('\n').filter((l) => l.includes('step kinds from'))).toEqual([
      `${dir}/with-config/programme.yaml: step kinds from ${kind('coaching.ts')}: coaching`,
      `${dir}/with-config/programme.yaml: step kinds from ${kind('named.ts')}: studyVisit, workshop`,
    ]);
    expect(r.code).toBe(0);
  });

  it('a default export that is a kind, `stepKinds` that lists kinds, and a CommonJS module all give kinds', async () => {
    const r = await run('validate', coached, '--plugin', kind('commonjs.cjs'), '--plugin', kind('named.ts'), '--plugin', kind('coaching.ts'));
    expect(r.stdout).toContain(`step kinds from ${kind('commonjs.cjs')}: drivingLessons`);
    expect(r.stdout).toContain(`step kinds from ${kind('named.ts')}: studyVisit, workshop`);
    expect(r.code).toBe(0);
  });

  it('a .ts programme may export stepKinds; a kind it imports from a module also given with --plugin is that one kind', async () => {
    const own = await run('validate', `${dir}/programme.ts`);
    expect(own.stdout).toBe(`${dir}/programme.ts: step kinds from ${dir}/programme.ts: coaching\n${dir}/programme.ts: coachedTs v1 is valid\n`);
    const shared = await run('validate', `${dir}/programme.ts`, '--plugin', kind('coaching.ts'));
    expect(shared.stderr).toBe('');
    expect(shared.stdout).toBe(`${dir}/programme.ts: step kinds from ${kind('coaching.ts')}: coaching\n${dir}/programme.ts: coachedTs v1 is valid\n`);
  });

  it('the kind checks its params as a built-in kind does', async () => {
    const root = folder({ 'programme.yaml': coachedText.replace('meetings: 2', 'meetings: 12') });
    const r = await run('validate', join(root, 'programme.yaml'), '--plugin', kind('coaching.ts'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/programme\.yaml:12:\d+ steps\.1\.params\.meetings: must be at most 10 \(config\.invalid_value\)/);
  });

  it('diagram, replay and simulate on worker threads read the plugins too', async () => {
    const diagram = await run('diagram', coached, '--plugin', kind('coaching.ts'), '--lang', 'sv');
    expect(diagram.code).toBe(0);
    // The kind's deadline, 6 weeks from entering the step, drawn from its blueprint.
    expect(diagram.stdout).toContain('s1_coach : Coachning efter 6 veckor i steget');

    const replay = await run('replay', coached, `${dir}/coaching-commands.jsonl`, '--plugin', kind('coaching.ts'), '--json');
    expect(replay.code).toBe(0);
    const state = JSON.parse(replay.stdout).state;
    expect(state).toMatchObject({ phase: 'active', stepId: 'coach' });
    expect(state.openDeadlines).toContainEqual(expect.objectContaining({ id: 'coach.done', kind: 'coaching', dueOn: '2026-04-14' }));

    const sim = await run('simulate', coached, '--plugin', kind('coaching.ts'), '--behaviour', `${dir}/coaching-behaviour.yaml`, '--cohort', '400', '--workers', '2', '--json');
    expect(sim.stderr).toBe('');
    expect(sim.code).toBe(0);
    const report = JSON.parse(sim.stdout);
    expect(report.steps.map((s: { kind: string }) => s.kind)).toEqual(['assessment', 'coaching']);
    expect(report.deadlines.find((d: { kind: string }) => d.kind === 'coaching').total).toBeGreaterThan(300);
  });
});

describe('stegvis schema', () => {
  it('with no plugins: the schema @stegvis/core ships, byte for byte', async () => {
    const r = await run('schema');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(abs('packages/core/schema/programme.schema.json'), 'utf8'));
  });

  it('--plugin adds each kind with its params; --out writes the file', async () => {
    const root = folder({});
    const out = join(root, 'nested', 'programme.schema.json');
    const r = await run('schema', '--plugin', kind('coaching.ts'), '--plugin', kind('named.ts'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: the programme schema for the step kinds assessment, actionPlan, ladderStep, subsidisedEmployment, exit, coaching, studyVisit, workshop\n`);
    const schema = JSON.parse(readFileSync(out, 'utf8'));
    expect(schema.definitions['step.coaching'].description).toBe('Coaching (Coachning).');
    expect(schema.definitions['step.coaching'].properties.params.properties.meetings).toEqual({ type: 'integer', minimum: 1, maximum: 10, description: 'How many coaching meetings the step holds.' });
  });

  it('reads the config file in the current directory', async () => {
    const root = folder({ 'stegvis.config.json': JSON.stringify({ plugins: [abs(kind('coaching.ts'))] }) });
    const r = await runIn(root, 'schema');
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout).definitions)).toContain('step.coaching');
  });

  it('a place it cannot write to', async () => {
    const r = await run('schema', '--out', 'README.md/programme.schema.json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stegvis: README\.md\/programme\.schema\.json: cannot write the schema \(E\w+\)\n$/);
  });
});

describe('plugin errors: one clear message with where it is and how to fix it, exit 1, no stack', () => {
  const fails = async (args: string[], stderr: string, cwd = repoRoot) => {
    const r = await runIn(cwd, ...args);
    expect(r.stderr).toBe(`stegvis: ${stderr}\n`);
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  };

  it('no such module, given with --plugin', () =>
    fails(
      ['validate', coached, '--plugin', 'kinds/nowhere.ts'],
      `--plugin kinds/nowhere.ts: no such plugin module (looked for it at ${abs('kinds/nowhere.ts')}) Fix: check the path; it is relative to the current directory (plugin.not_found)`,
    ));

  it('no such module, named in the config file: its line, column and path there', async () => {
    const root = folder({ 'programme.yaml': coachedText, 'stegvis.config.json': '{\n  "plugins": ["./kinds/mentoring.ts"]\n}\n' });
    const config = join(root, 'stegvis.config.json');
    await fails(
      ['validate', join(root, 'programme.yaml')],
      `${config}:2:15 plugins.0: no such plugin module (looked for it at ${join(root, 'kinds/mentoring.ts')}) Fix: check the path; it is relative to ${config} (plugin.not_found)`,
    );
  });

  it('no installed package of that name', () =>
    fails(
      ['diagram', coached, '--plugin', 'stegvis-kinds-nobody-made'],
      `--plugin stegvis-kinds-nobody-made: no installed package has this name (looked for it from ${abs('.')}) Fix: install it, or give the path of a module file (relative to the current directory) (plugin.not_found)`,
    ));

  it('a directory, and a file that is not a module', async () => {
    await fails(['validate', coached, '--plugin', `${dir}/kinds`], `--plugin ${dir}/kinds: names a directory, not a module Fix: name the module file itself, such as ./kinds/my-kind.ts (plugin.not_found)`);
    await fails(['validate', coached, '--plugin', 'README.md'], '--plugin README.md: names a file that is not a module Fix: a plugin module is a .ts, .mts, .cts, .js, .mjs or .cjs file (plugin.not_found)');
  });

  it('a module that throws while loading, and one with a syntax error: the first line of what went wrong', async () => {
    await fails(['simulate', coached, '--plugin', kind('throws.ts')], `${kind('throws.ts')}: could not load the plugin module: the kinds could not be built: the list of mentors is missing (plugin.load_failed)`);
    await fails(['validate', coached, '--plugin', kind('broken-syntax.mjs')], `${kind('broken-syntax.mjs')}: could not load the plugin module: Unexpected token ';' (plugin.load_failed)`);
  });

  it('a module that exports no kinds (an empty stepKinds too)', () =>
    fails(
      ['validate', coached, '--plugin', kind('no-kinds.ts')],
      `${kind('no-kinds.ts')}: exports no step kinds Fix: export \`stepKinds\` (a list of kinds), or make the default export a kind or a list of kinds; make each kind with defineStepKind({ kind, label, params, build }) from @stegvis/core (plugin.no_kinds)`,
    ));

  it('what is not a step kind: every problem, at its export path', () =>
    fails(
      ['report', coached, '--out', 'out/never.html', '--plugin', kind('not-kinds.ts')],
      [
        `${kind('not-kinds.ts')} exports what is not a step kind (5 problems); make each kind with defineStepKind({ kind, label, params, build }) from @stegvis/core:`,
        `${kind('not-kinds.ts')}: stepKinds.1.kind: is not a kind name: letters, digits, "_" or "-", starting with a letter (plugin.not_a_kind)`,
        `${kind('not-kinds.ts')}: stepKinds.1.label: is not a label { sv, en } (plugin.not_a_kind)`,
        `${kind('not-kinds.ts')}: stepKinds.1.params: is not a zod schema (plugin.not_a_kind)`,
        `${kind('not-kinds.ts')}: stepKinds.1.build: is not a function (plugin.not_a_kind)`,
        `${kind('not-kinds.ts')}: stepKinds.2: is a number, not a step kind (plugin.not_a_kind)`,
      ].join('\n'),
    ));

  it('stepKinds that is not a list', () =>
    fails(
      ['validate', coached, '--plugin', kind('not-a-list.ts')],
      `${kind('not-a-list.ts')} exports what is not a step kind (1 problem); make each kind with defineStepKind({ kind, label, params, build }) from @stegvis/core:\n${kind('not-a-list.ts')}: stepKinds: is an object, not a list of step kinds (plugin.not_a_kind)`,
    ));

  it('a .ts programme whose stepKinds holds something else', () =>
    fails(
      ['validate', `${dir}/bad-programme.ts`],
      [
        `${dir}/bad-programme.ts exports what is not a step kind (3 problems); make each kind with defineStepKind({ kind, label, params, build }) from @stegvis/core:`,
        `${dir}/bad-programme.ts: stepKinds.0.label: is not a label { sv, en } (plugin.not_a_kind)`,
        `${dir}/bad-programme.ts: stepKinds.0.params: is not a zod schema (plugin.not_a_kind)`,
        `${dir}/bad-programme.ts: stepKinds.0.build: is not a function (plugin.not_a_kind)`,
      ].join('\n'),
    ));

  it('two kinds with one name: the registry refuses it, naming both modules', () =>
    fails(
      ['replay', `${dir}/with-config/programme.yaml`, `${dir}/coaching-commands.jsonl`, '--plugin', kind('coaching-again.ts')],
      `step kind "coaching" is registered twice: by ${kind('coaching.ts')} and by ${kind('coaching-again.ts')} Fix: give the new kind another name (config.duplicate_id)`,
    ));

  it('a kind named like a built-in one', () =>
    fails(['schema', '--plugin', kind('ladder.ts')], `step kind "ladderStep" is registered twice: built in and by ${kind('ladder.ts')} Fix: give the new kind another name (config.duplicate_id)`));

  it('data-only mode refuses a plugin module before loading it: from --plugin, and from the config file', async () => {
    await fails(
      ['validate', coached, '--data-only', '--plugin', kind('coaching.ts')],
      `--plugin ${kind('coaching.ts')}: a plugin module is code, and data-only mode (--data-only or STEGVIS_DATA_ONLY=1) loads none Fix: run without data-only mode if you trust the module and whoever wrote it (plugin.refused)`,
    );
    const r = await main(['schema'], { stdout: () => {}, stderr: () => {}, cwd: abs(`${dir}/with-config`), env: { STEGVIS_DATA_ONLY: '1' } });
    expect(r).toBe(1);
    await fails(
      ['simulate', `${dir}/with-config/programme.yaml`, '--data-only'],
      `${dir}/with-config/stegvis.config.json:1:15 plugins.0: a plugin module is code, and data-only mode (--data-only or STEGVIS_DATA_ONLY=1) loads none Fix: run without data-only mode if you trust the module and whoever wrote it (plugin.refused)`,
    );
  });

  describe('the config file', () => {
    const withConfig = (name: string, text: string) => {
      const root = folder({ 'programme.yaml': coachedText, [name]: text });
      return { programme: join(root, 'programme.yaml'), config: join(root, name), root };
    };

    it('a syntax error: its line and column', async () => {
      const { programme, config } = withConfig('stegvis.config.json', '{ "plugins": ["./a.ts", }\n');
      const r = await run('validate', programme);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^stegvis: ${config} is not a valid stegvis config \\(2 problems\\):\n${config}:1:25 \\(root\\): Flow sequence .+ \\(config\\.yaml_syntax\\)\n`));
      expect(hasStack(r.stderr)).toBe(false);
    });

    it('a field it does not have, and plugins that are not a list of names', async () => {
      const { programme, config } = withConfig('stegvis.config.yaml', 'plugin: ./kinds/a.ts\nplugins: ./kinds/a.ts\n');
      await fails(
        ['validate', programme],
        [
          `${config} is not a valid stegvis config (2 problems):`,
          `${config}:1:9 plugin: unknown field "plugin" Fix: a stegvis config has "plugins" (and, for editors, "$schema") only (config.unknown_field)`,
          `${config}:2:10 plugins: expected a list of plugin modules Fix: write "plugins": ["./kinds/my-kind.ts"] (config.invalid_type)`,
        ].join('\n'),
      );
      const entries = withConfig('stegvis.config.json', '{ "plugins": ["./a.ts", 3, ""] }');
      await fails(
        ['validate', entries.programme],
        [
          `${entries.config} is not a valid stegvis config (2 problems):`,
          `${entries.config}:1:25 plugins.1: expected the path of a module (relative to this file) or the name of an installed package Fix: write it as a string, such as "./kinds/my-kind.ts" (config.invalid_type)`,
          `${entries.config}:1:28 plugins.2: expected the path of a module (relative to this file) or the name of an installed package Fix: write it as a string, such as "./kinds/my-kind.ts" (config.invalid_type)`,
        ].join('\n'),
      );
    });

    it('not an object', async () => {
      const { programme, config } = withConfig('stegvis.config.json', '["./kinds/a.ts"]');
      await fails(['validate', programme], `${config} is not a valid stegvis config (1 problem):\n${config}:1:1 (root): expected an object with a "plugins" list Fix: write { "plugins": ["./kinds/my-kind.ts"] } (config.invalid_type)`);
    });

    it('two config files in one folder', async () => {
      const root = folder({ 'programme.yaml': coachedText, 'stegvis.config.json': '{}', 'stegvis.config.yml': 'plugins: []' });
      await fails(['validate', join(root, 'programme.yaml')], `${join(root, 'stegvis.config.json')} and ${join(root, 'stegvis.config.yml')}: two config files in one folder; keep one of them`);
    });
  });
});

describe('a programme with a plugin kind the simulation cannot model', () => {
  it('is refused before it runs, with the kernel issue at its path (on worker threads too)', async () => {
    const root = folder({
      'programme.yaml': coachedText.replace('kind: coaching', 'kind: checklist').replace('    params: { meetings: 2 }\n', ''),
      'behaviour.yaml': readFileSync(abs(`${dir}/coaching-behaviour.yaml`), 'utf8'),
    });
    const programme = join(root, 'programme.yaml');
    expect((await run('validate', programme, '--plugin', kind('wide.ts'))).code).toBe(0);
    const r = await run('simulate', programme, '--plugin', kind('wide.ts'), '--workers', '2');
    expect(r.stderr).toMatch(
      new RegExp(`^stegvis: ${programme} cannot be simulated as it stands:\n${programme}:\\d+:\\d+ steps\\.1\\.params\\.requirements: the simulation cannot model this programme: step "coach" has 40 requirements; the kernel holds at most 32 per step Fix: split the step \\(config\\.invalid_value\\)\n$`),
    );
    expect(r.code).toBe(1);
  });
});
