/**
 * The docs test: the commands in README.md and docs/*.md work as written, so the docs cannot drift from
 * the product.
 *
 * - Every line of a fenced `sh` block runs, from the repository root, and must exit 0.
 * - Every `$ command` of a fenced `console` block runs too, and its output must read as the block shows it:
 *   line for line, where `…` stands for any text within a line, and a line that is only `…` for any lines.
 *
 * The blocks of one file run in order in one bash session, as a reader would type them: an alias set in one
 * block is there in the next. The environment is a newcomer's: PATH without node_modules/.bin, HOME and a
 * UTF-8 locale. Among the commands is docs/cli.md's `build`, the test command's only package build. A block
 * right after one of these comments does not run:
 *   <!-- docs-test: run by .ci/run -->   the README's two commands and the test command, and getting-started's
 *                                        copy of the main job: .ci/run runs them (this test checks that it
 *                                        does), running `test` here would run this test inside itself, and
 *                                        install and start twice in one run only cost time;
 *   <!-- docs-test: illustrative -->     a placeholder such as `git clone <this repository>`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

type Marker = 'run' | 'ci' | 'illustrative';
const markers: Record<string, Marker> = { 'run by .ci/run': 'ci', illustrative: 'illustrative' };

interface Block {
  readonly file: string;
  /** The line of the opening fence. */
  readonly line: number;
  readonly lang: 'sh' | 'console';
  readonly lines: readonly string[];
  readonly marker: Marker;
}

/** The `sh` and `console` blocks of a Markdown file, each with the docs-test marker before it. */
function blocksOf(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${file}:${i + 1}: a code block is never closed`);
    const lang = open[1];
    if (lang === 'sh' || lang === 'console') {
      const before = lines.slice(0, i).reverse().find((l) => l.trim() !== '') ?? '';
      const comment = /^<!--\s*docs-test:\s*(.+?)\s*-->$/.exec(before.trim());
      const marker = comment ? markers[comment[1]!] : 'run';
      if (!marker) throw new Error(`${file}:${i}: unknown marker "${comment![1]}"; use one of: ${Object.keys(markers).map((m) => `<!-- docs-test: ${m} -->`).join(', ')}`);
      out.push({ file, line: i + 1, lang, lines: lines.slice(i + 1, end), marker });
    }
    i = end;
  }
  return out;
}

/** The code of a Markdown file: the lines of its fenced blocks and its inline `code` spans, with their lines. */
function codeOf(text: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((l, i) => {
    if (/^```/.test(l)) fenced = !fenced;
    else if (fenced) out.push({ line: i + 1, code: l });
    else for (const m of l.matchAll(/`([^`]+)`/g)) out.push({ line: i + 1, code: m[1]! });
  });
  return out;
}

/** A transcript as the docs show it: `…` within a line is any text, a line of its own `…` is any lines. */
function transcriptPattern(expected: readonly string[]): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const body = expected.map((l) => (l.trim() === '…' ? '(?:[^\\n]*\\n)*?' : `${escape(l.trimEnd()).replace(/…/g, '[^\\n]*?')}[ \\t]*\\n`)).join('');
  return new RegExp(`^${body}$`);
}

interface Step {
  /** Where in the docs, `docs/cli.md:70`. */
  readonly where: string;
  readonly command: string;
  /** For a console command: the output the docs show. */
  readonly expected?: readonly string[];
}

function stepsOf(blocks: readonly Block[]): Step[] {
  return blocks
    .filter((b) => b.marker === 'run')
    .flatMap((b) => {
      const where = (i: number) => `${b.file}:${b.line + 1 + i}`;
      if (b.lang === 'sh')
        return b.lines.flatMap((command, i) => {
          if (command.trim() === '' || command.trim().startsWith('#')) return [];
          if (command.trimEnd().endsWith('\\')) throw new Error(`${where(i)}: write one command a line (no \\ continuation), so the docs test can check each`);
          return [{ where: where(i), command }];
        });
      const steps: Step[] = [];
      b.lines.forEach((l, i) => {
        if (l.startsWith('$ ')) steps.push({ where: where(i), command: l.slice(2), expected: [] });
        else if (steps.length > 0) (steps.at(-1)!.expected as string[]).push(l);
        else if (l.trim() !== '') throw new Error(`${where(i)}: a console block starts with a "$ command" line`);
      });
      return steps.map((s) => ({ ...s, expected: trimTrailingBlank(s.expected!) }));
    });
}

const trimTrailingBlank = (lines: readonly string[]) => {
  const out = [...lines];
  while (out.length > 0 && out.at(-1)!.trim() === '') out.pop();
  return out;
};

/**
 * One bash session for a file's steps. After each `sh` line its exit status is checked (not `set -e`, which
 * lets the first command of `a && b` fail unseen); a console command's output goes to a file of its own,
 * whatever its exit code (transcripts show failures too). On a failure, which step.
 */
async function runSession(steps: readonly Step[], dir: string): Promise<{ status: number | null; output: string; failedAt?: string; outputs: string[] }> {
  const script = ['set -o pipefail', 'shopt -s expand_aliases'];
  steps.forEach((s, i) => {
    if (s.expected) script.push(`{ ${s.command}\n} > ${join(dir, `out.${i}`)} 2>&1`);
    else script.push(s.command, `status=$?; if [ "$status" -ne 0 ]; then echo "docs-test: failed at step ${i}" >&2; exit "$status"; fi`);
  });
  // A newcomer's PATH: node's own directory and the system's, none of the node_modules/.bin or npx cache
  // directories the test runner is started with (where a bare `pnpm` would be found).
  const PATH = [dirname(process.execPath), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');
  // PARTICIPANTS: a benchmark the docs show runs on a small workload here; the docs test checks that the
  // command works, the benchmark's figures are measured by running it as docs/performance.md says.
  const env = { PATH, HOME: process.env.HOME ?? root, LANG: 'C.UTF-8', TMPDIR: tmpdir(), PARTICIPANTS: '20' };
  const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', script.join('\n')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const output = `${r.stdout}${r.stderr}`;
  const failed = /docs-test: failed at step (\d+)/.exec(r.stderr);
  if (r.status !== 0) return { status: r.status, output, ...(failed ? { failedAt: steps[Number(failed[1])]!.where } : {}), outputs: [] };
  return { status: 0, output, outputs: steps.map((s, i) => (s.expected ? readFileSync(join(dir, `out.${i}`), 'utf8') : '')) };
}

const tail = (text: string, n = 40) => text.trimEnd().split('\n').slice(-n).join('\n');

describe('the docs test reads the docs as meant', () => {
  it('a transcript matches line for line; … is any text in a line, a line of … any lines', () => {
    const p = transcriptPattern(['$ no: this is output', 'total … rows', '…', 'done']);
    expect(p.test('$ no: this is output\ntotal 12 rows\nmore\nand more\ndone\n')).toBe(true);
    expect(p.test('$ no: this is output\ntotal 12 rows\ndone\n')).toBe(true);
    expect(p.test('$ no: this is output\ntotal 12 rows\ndone\nand then something\n')).toBe(false);
    expect(p.test('something first\n$ no: this is output\ntotal 12 rows\ndone\n')).toBe(false);
    expect(p.test('$ no: this is output\ntotal 12\ndone\n')).toBe(false);
    expect(transcriptPattern([]).test('')).toBe(true);
    expect(transcriptPattern([]).test('unexpected\n')).toBe(false);
  });

  it('the code of a file is its fenced lines and inline spans, not its prose', () => {
    expect(codeOf('pnpm in prose, `pnpm test` in code\n```sh\npnpm start\n```\nmore pnpm')).toEqual([
      { line: 1, code: 'pnpm test' },
      { line: 3, code: 'pnpm start' },
    ]);
  });

  it('a block after a marker is left out; an unknown marker is an error that names the known ones', () => {
    const md = ['<!-- docs-test: illustrative -->', '```sh', 'git clone <x>', '```', '', '```sh', 'ls', '```', '<!-- docs-test: run by .ci/run -->', '```sh', 'x', '```'].join('\n');
    expect(blocksOf('a.md', md).map((b) => [b.line, b.marker])).toEqual([[2, 'illustrative'], [6, 'run'], [10, 'ci']]);
    expect(stepsOf(blocksOf('a.md', md))).toEqual([{ where: 'a.md:7', command: 'ls' }]);
    expect(() => blocksOf('a.md', '<!-- docs-test: maybe -->\n```sh\nls\n```')).toThrow(/unknown marker "maybe"; use one of: <!-- docs-test: run by .ci\/run -->, <!-- docs-test: illustrative -->/);
  });
});

describe('the docs test runs the commands as meant', () => {
  const session = async (...steps: Step[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'stegvis-docs-'));
    try {
      return await runSession(steps, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('a failing command fails the session at its line, also as the first of `a && b`', async () => {
    for (const command of ['false', 'false && true', 'true | false', 'ls no-such-file']) {
      const r = await session({ where: 'a.md:3', command: 'alias ok=true' }, { where: 'a.md:4', command: 'ok' }, { where: 'a.md:5', command }, { where: 'a.md:6', command: 'true' });
      expect(r.failedAt, command).toBe('a.md:5');
      expect(r.status, command).not.toBe(0);
    }
  });

  it("a console command's output is kept whatever its exit code; the session goes on", async () => {
    const r = await session({ where: 'a.md:2', command: 'echo one; exit_code() { return 3; }; exit_code', expected: [] }, { where: 'a.md:3', command: 'echo two >&2', expected: [] });
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual(['one\n', 'two\n']);
  });
});

describe('every command in the docs works as written', () => {
  const all = files.map((file) => ({ file, blocks: blocksOf(file, readFileSync(join(root, file), 'utf8')) }));

  // Under the test command the packages' declarations are written beside the tests (scripts/test.sh); the
  // docs' build runs `tsc -b` per package too, so it starts once they are there.
  beforeAll(async () => {
    const done = process.env.STEGVIS_DECLARATIONS;
    while (done && !existsSync(done)) await new Promise((resolve) => setTimeout(resolve, 250));
  }, 600_000);

  it('finds the blocks: README and docs have commands to run', () => {
    expect(all.flatMap((f) => stepsOf(f.blocks)).length).toBeGreaterThan(15);
  });

  // The test command has no build step of its own: the build and its check of what users install run here.
  it('the docs build the packages', () => {
    expect(all.flatMap((f) => stepsOf(f.blocks)).map((s) => s.command.trim())).toContain('npx -y pnpm@10.34.8 build');
  });

  it('no bare pnpm in the code of README.md and docs/: it is npx -y pnpm@10.34.8, which needs nothing installed', () => {
    const markdown = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? markdown(`${dir}/${e.name}`) : e.name.endsWith('.md') ? [`${dir}/${e.name}`] : []));
    const bare = ['README.md', ...markdown('docs')].flatMap((file) =>
      codeOf(readFileSync(join(root, file), 'utf8'))
        .filter((c) => /(^|[\s(=])pnpm(\s|$)/.test(c.code))
        .map((c) => `${file}:${c.line}: ${c.code.trim()}`),
    );
    expect(bare).toEqual([]);
  });

  it('what the docs leave to .ci/run, .ci/run runs', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8').replace(/\$PNPM/g, 'npx -y pnpm@10.34.8');
    const left = all.flatMap((f) => f.blocks.filter((b) => b.marker === 'ci').flatMap((b) => b.lines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))));
    expect(left.length).toBeGreaterThan(0);
    for (const command of left.flatMap((l) => l.split('&&').map((c) => c.trim()))) expect(ci, `.ci/run does not run ${command}`).toMatch(new RegExp(`^\\s*${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm'));
  });

  // The files' sessions run side by side (each its own bash, its own out/ files): the test is as long as
  // its longest file, not the sum of them.
  it.concurrent.each(all.filter((f) => stepsOf(f.blocks).length > 0).map((f) => [f.file, f.blocks] as const))(
    '%s',
    async (file, blocks) => {
      const steps = stepsOf(blocks);
      const dir = mkdtempSync(join(tmpdir(), 'stegvis-docs-'));
      try {
        const r = await runSession(steps, dir);
        if (r.status !== 0) {
          const step = steps.find((s) => s.where === r.failedAt);
          expect.fail(`${r.failedAt ?? file}: \`${step?.command ?? '?'}\` failed (exit ${r.status}); the session's output ends:\n${tail(r.output)}`);
        }
        steps.forEach((s, i) => {
          if (s.expected) expect(r.outputs[i], `${s.where}: \`${s.command}\` printed something else than the docs show`).toMatch(transcriptPattern(s.expected));
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
