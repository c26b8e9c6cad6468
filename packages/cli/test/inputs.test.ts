import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DomainEvent, createEngine, pseudonymiseEvents } from '@stegvis/core';
import { requireProgramme } from '../src/index.js';
import { fixture, hasStack, repoRoot, run } from './run.js';

// Issue 11, points 9, 12 and 13 at the command line.

const dir = mkdtempSync(join(tmpdir(), 'stegvis-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const programmeText = readFileSync(join(repoRoot, 'examples/ljusnarsberg/programme.yaml'), 'utf8');
const commandsText = readFileSync(join(repoRoot, 'examples/ljusnarsberg/commands.jsonl'), 'utf8');
const PNR = '811218-9876';

describe('data-only mode (point 13)', () => {
  const modules = ['plain.ts', 'defined.ts'].map(fixture);
  const mjs = file('programme.mjs', `export default ${JSON.stringify({ id: 'm', version: 1, name: 'M', steps: [] })};\n`);

  it('--data-only refuses every module extension, before it is loaded, with what to do instead', async () => {
    for (const m of [...modules, mjs]) {
      const r = await run('validate', '--data-only', m);
      expect(r.code, m).toBe(1);
      expect(r.stderr).toMatch(/a programme module is code, and data-only mode \(--data-only or STEGVIS_DATA_ONLY=1\) reads only data; write the programme as YAML or JSON/);
      expect(hasStack(r.stderr)).toBe(false);
    }
  });

  it('STEGVIS_DATA_ONLY=1 does the same for every command that reads a programme', async () => {
    const { main } = await import('../src/index.js');
    for (const argv of [['validate'], ['diagram'], ['simulate'], ['report', '--out', join(dir, 'r.html')], ['replay']]) {
      let stderr = '';
      const args = argv[0] === 'replay' ? [...argv, fixture('plain.ts'), 'examples/ljusnarsberg/commands.jsonl'] : [argv[0]!, fixture('plain.ts'), ...argv.slice(1)];
      const code = await main(args, { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: repoRoot, env: { STEGVIS_DATA_ONLY: '1' } });
      expect(code, argv.join(' ')).toBe(1);
      expect(stderr).toContain('a programme module is code');
    }
  });

  it('YAML and JSON still validate in data-only mode; without it, a module still runs', async () => {
    expect((await run('validate', '--data-only', 'examples/ljusnarsberg/programme.yaml')).code).toBe(0);
    expect((await run('validate', '--data-only', fixture('minimal.json'))).code).toBe(0);
    expect((await run('validate', fixture('plain.ts'))).code).toBe(0);
  });

  it("validate's help says a module is code", async () => {
    expect((await run('validate', '--help')).stdout).toContain('is code and runs with your rights; --data-only refuses it');
  });
});

describe('encodings and sizes at the command line (points 10, 12)', () => {
  it('a Latin-1 programme: exit 1, the encoding, the line, how to convert', async () => {
    const path = file('latin1.yaml', Buffer.from(programmeText, 'latin1'));
    const r = await run('validate', path);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/latin1\.yaml:\d+:\d+ \(root\): the file is not UTF-8: it looks like Latin-1.*iconv -f LATIN1 -t UTF-8.*\(config\.encoding\)/);
  });

  it('a UTF-16 programme, with and without its byte-order mark', async () => {
    const le = Buffer.from(programmeText, 'utf16le');
    for (const [name, bytes] of [['bom.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), le])], ['nobom.yaml', le]] as const) {
      const r = await run('validate', file(name, bytes));
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/UTF-16.*not UTF-8.*iconv -f UTF-16/);
    }
  });

  it('a 50 MB programme is refused by its size before it is read', async () => {
    const r = await run('validate', file('big.yaml', Buffer.alloc(50_000_000, 0x61)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/big\.yaml: the programme is 50 MB, more than the limit of 2 MB/);
  });
});

describe('replay: bad input is exit 1, and nothing of it is echoed (points 9, 10)', () => {
  const lines = commandsText.trim().split('\n');

  it('a personnummer as the participant id: refused at its path, exit 1, the number nowhere in the output', async () => {
    const path = file('pnr.jsonl', `${lines.map((l) => l.replaceAll('"P-001"', `"${PNR}"`)).join('\n')}\n`);
    for (const json of [[], ['--json']]) {
      const r = await run('replay', 'examples/ljusnarsberg/programme.yaml', path, ...json);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('command.personal_number');
      expect(r.stdout + r.stderr).not.toContain('811218');
    }
  });

  it('a 20 MB free-text field: a malformed line, not parsed, exit 1', async () => {
    const huge = lines[1]!.replace('"wants routine"', `"${'x'.repeat(20_000_000)}"`);
    const r = await run('replay', 'examples/ljusnarsberg/programme.yaml', file('huge.jsonl', `${lines[0]}\n${huge}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line\s+2\s+! malformed line: the line has 20,000,\d{3} characters, more than the limit of 1,000,000 for one command/);
  });

  it("a line that is not JSON: where, not what (V8's message quotes the line)", async () => {
    const r = await run('replay', 'examples/ljusnarsberg/programme.yaml', file('bad.jsonl', `${lines[0]}\n{"type":"pause","note": ${PNR} secret}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/line\s+2\s+! malformed line: not valid JSON \(at column \d+\)/);
    expect(r.stdout).not.toMatch(/secret|811218/);
  });

  it('an unknown command type is not echoed', async () => {
    const r = await run('replay', 'examples/ljusnarsberg/programme.yaml', file('type.jsonl', `${lines[0]}\n${lines[3]!.replace('"recordFollowUp"', '"Zqsecret"')}\n`));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ \?\s+→ refused \(command\.invalid\)/);
    expect(r.stdout).not.toContain('Zqsecret');
  });
});

describe('stegvis pseudonymise (point 9)', async () => {
  const { programme } = await requireProgramme('examples/ljusnarsberg/programme.yaml', repoRoot);
  const engine = createEngine(programme);
  let s = engine.initial('P-001');
  const events: DomainEvent[] = [];
  for (const l of commandsText.trim().split('\n')) {
    const r = engine.execute(s, JSON.parse(l));
    if (r.ok) {
      s = r.snapshot;
      events.push(...r.events);
    }
  }
  const eventsFile = file('events.jsonl', `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  const key = 'a-key-the-municipality-keeps-0123456789';
  const keyFile = file('key.txt', `${key}\n`);
  const expected = pseudonymiseEvents(events, { key });

  it('with --key-file: the library\'s export, line for line, and nothing personal left', async () => {
    const r = await run('pseudonymise', eventsFile, '--key-file', keyFile);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`pseudonymised ${events.length} events\n`);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected.ok && expected.value);
    for (const secret of ['P-001', 'caseworker-7', 'warehouse work']) expect(r.stdout).not.toContain(secret);
  });

  it('the key from STEGVIS_PSEUDONYM_KEY, the export to --out', async () => {
    const { main } = await import('../src/index.js');
    let stdout = '';
    const out = join(dir, 'export.jsonl');
    const code = await main(['pseudonymise', eventsFile, '--out', out], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: repoRoot, env: { STEGVIS_PSEUDONYM_KEY: key } });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^pseudonymised \d+ events: wrote .*export\.jsonl\n$/);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected.ok && expected.value);
  });

  it('no key, two keys, a short key: clear errors that never show the key', async () => {
    const none = await run('pseudonymise', eventsFile);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no key: put the municipality\'s key in a file and pass --key-file <file>, or set STEGVIS_PSEUDONYM_KEY');
    const short = await run('pseudonymise', eventsFile, '--key-file', file('short.txt', 'tiny-secret-value'));
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('the key is shorter than 32 bytes');
    expect(short.stderr).not.toContain('tiny-secret-value');
    const { main } = await import('../src/index.js');
    let stderr = '';
    const both = await main(['pseudonymise', eventsFile, '--key-file', keyFile], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: repoRoot, env: { STEGVIS_PSEUDONYM_KEY: key } });
    expect(both).toBe(2);
    expect(stderr).toContain('give the key one way');
  });

  it('a bad line is reported by its number and left out; the rest is written; exit 1', async () => {
    const text = readFileSync(eventsFile, 'utf8').split('\n');
    text[1] = '{"not":"an event","participantId":"P-999"}';
    const r = await run('pseudonymise', file('bad-events.jsonl', text.join('\n')), '--key-file', keyFile);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-events\.jsonl:2: /);
    expect(r.stderr).toMatch(/left out/);
    expect(r.stdout.trim().split('\n')).toHaveLength(events.length - 1);
    expect(r.stdout + r.stderr).not.toContain('P-999');
  });
});
