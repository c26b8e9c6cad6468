/**
 * Runs the workspace's TypeScript from source without tsx's loader in the way: esbuild bundles the
 * workspace's own modules into one file, kept in node_modules/.cache/stegvis-source and rebuilt only when one
 * of its inputs changed. Dependencies stay in node_modules, imported by their absolute URL, so a bundle sees
 * the very module instances a tsx-loaded user module sees (one zod, one xstate). Each bundled module keeps its
 * own `import.meta.url` (its source file), so what it finds beside itself (the worker pool, the indicator
 * files, mermaid's browser build) it finds as from source.
 *
 * Why: tsx resolves and transforms every import of a new process through its loader, 1.5–2 s of CPU before
 * the first line of the CLI runs; a bundle starts in about 0.5 s. The dev launcher (packages/cli/bin/stegvis.mjs),
 * `npx -y pnpm@10.34.8 start` and the tests that start processes use it.
 *
 * As a command: `node scripts/source-bundle.mjs <entry.ts> [arguments…]` runs the entry's bundle with them.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cache = join(root, 'node_modules/.cache/stegvis-source');

/** The bundle of `entry` (a path), fresh: built now if any file it was made from changed since. */
export async function sourceBundle(entry) {
  const file = resolve(entry);
  // The format in the name: a bundle made by an earlier version of this file is never taken for fresh.
  const name = createHash('sha256').update(`2:${relative(root, file)}`).digest('hex').slice(0, 16);
  const out = join(cache, `${name}.mjs`);
  const manifest = join(cache, `${name}.json`);
  if (fresh(manifest)) return out;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@stegvis/source'],
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'error',
    plugins: [dependenciesByUrl, ownImportMetaUrl],
  });
  // The lockfile too (the dependencies are imported by their path in node_modules, which an install changes),
  // and this file (how the bundle is made).
  const inputs = [...Object.keys(result.metafile.inputs), ...[join(root, 'pnpm-lock.yaml'), fileURLToPath(import.meta.url)].map((f) => relative(process.cwd(), f))];
  const stamp = inputs.map((input) => [input, stampOf(join(process.cwd(), input))]);
  mkdirSync(cache, { recursive: true });
  // Written aside and renamed: processes started at once each see a whole bundle, never half of one.
  const tmp = `${out}.${process.pid}`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, out);
  writeFileSync(`${manifest}.${process.pid}`, JSON.stringify({ cwd: process.cwd(), stamp }));
  renameSync(`${manifest}.${process.pid}`, manifest);
  return out;
}

const stampOf = (path) => {
  const s = statSync(path, { throwIfNoEntry: false });
  return s ? `${s.size}:${s.mtimeMs}` : 'gone';
};

function fresh(manifest) {
  try {
    const { cwd, stamp } = JSON.parse(readFileSync(manifest, 'utf8'));
    return stamp.every(([input, was]) => stampOf(join(cwd, input)) === was);
  } catch {
    return false;
  }
}

/** A bare import outside the workspace is left to node, by the absolute URL of the file esbuild resolves it to. */
const dependenciesByUrl = {
  name: 'dependencies-by-url',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner' || args.path.startsWith('@stegvis/')) return undefined;
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      if (r.errors.length > 0) return { errors: r.errors };
      // node's own modules (`fs`, `worker_threads`) esbuild reports as external already
      return r.external ? { path: args.path, external: true } : { path: pathToFileURL(r.path).href, external: true };
    });
  },
};

/** Each workspace module's `import.meta.url` is its source file's URL, as if it ran unbundled. */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?tsx?$/ }, (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const source = readFileSync(args.path, 'utf8').replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href));
      return { contents: source, loader: args.path.endsWith('x') ? 'tsx' : 'ts', resolveDir: dirname(args.path) };
    });
  },
};

/** Runs a workspace entry from source in a new node process with `args`; resolves to its exit code. */
export async function runSource(entry, args) {
  let bundle;
  try {
    bundle = await sourceBundle(entry);
  } catch (e) {
    // esbuild has printed what it could not resolve or compile, with the file and line; the stack adds nothing.
    if (!Array.isArray(e?.errors)) process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const r = spawnSync(process.execPath, ['--conditions=@stegvis/source', bundle, ...args], { stdio: 'inherit' });
  return r.status ?? 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node scripts/source-bundle.mjs <entry.ts> [arguments…]\n');
    process.exit(2);
  }
  process.exit(await runSource(entry, args));
}
