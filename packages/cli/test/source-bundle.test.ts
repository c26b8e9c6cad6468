import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceBundle } from '../../../scripts/source-bundle.mjs';
import { hasStack, repoRoot } from './run.js';

/** scripts/source-bundle.mjs, which the dev launcher and the tests' child processes run through. */
const dir = mkdtempSync(join(tmpdir(), 'stegvis-source-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the source bundle', () => {
  it('is made again when a file it was made from changes, and kept while none does', async () => {
    const entry = join(dir, 'entry.ts');
    const part = join(dir, 'part.ts');
    writeFileSync(part, "export const word: string = 'first';\n");
    writeFileSync(entry, "import { word } from './part.js';\nconsole.log(word, import.meta.url);\n");
    const run = (bundle: string) => spawnSync(process.execPath, [bundle], { encoding: 'utf8' }).stdout.trim();
    const a = await sourceBundle(entry);
    // each module keeps its own import.meta.url: the entry's source file, not the bundle's
    expect(run(a)).toBe(`first file://${entry}`);
    const made = readFileSync(a, 'utf8');
    expect(readFileSync(await sourceBundle(entry), 'utf8')).toBe(made);
    writeFileSync(part, "export const word: string = 'second';\n");
    utimesSync(part, new Date(), new Date(Date.now() + 5_000));
    expect(run(await sourceBundle(entry))).toBe(`second file://${entry}`);
  });

  it('as a command, an entry that does not resolve is exit 1 with esbuild\'s message, no stack', () => {
    const r = spawnSync(process.execPath, ['scripts/source-bundle.mjs', join(dir, 'missing.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Could not resolve/);
    expect(hasStack(r.stderr)).toBe(false);
  });
});
