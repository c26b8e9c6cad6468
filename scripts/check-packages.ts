/**
 * Checks the packages as a user installs them, after the build (`npx -y pnpm@10.34.8 build` runs it last):
 *   1. every file a package.json points at (exports, main, types, bin) exists and is published (`files`);
 *   2. each package's entry loads in plain Node, without tsx or the `@stegvis/source` condition, imported by name
 *      from a user's project;
 *   3. a TypeScript file that imports every package type-checks against the emitted declarations alone
 *      (NodeNext resolution, as a user's project has), and a deeply nested condition is still typed.
 * Exits 1 listing every problem.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceCondition = '@stegvis/source';

interface Manifest {
  readonly name: string;
  readonly exports?: Record<string, string | Record<string, string>>;
  readonly main?: string;
  readonly types?: string;
  readonly bin?: Record<string, string>;
  readonly files?: readonly string[];
  /** What pnpm puts in place of the fields above when it packs the package (the workspace's bin runs the source). */
  readonly publishConfig?: Pick<Manifest, 'exports' | 'main' | 'types' | 'bin'>;
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), manifest: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest }))
  .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));

/** Every target the published manifest names, with where it names it; the source condition is for this workspace only. */
function targets(workspace: Manifest): [where: string, file: string][] {
  const m: Manifest = { ...workspace, ...workspace.publishConfig };
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(m.exports ?? {}))
    if (typeof value === 'string') out.push([`exports["${key}"]`, value]);
    else for (const [condition, file] of Object.entries(value)) if (condition !== sourceCondition) out.push([`exports["${key}"].${condition}`, file]);
  if (m.main) out.push(['main', m.main]);
  if (m.types) out.push(['types', m.types]);
  for (const [name, file] of Object.entries(m.bin ?? {})) out.push([`bin.${name}`, file]);
  return out;
}

const problems: string[] = [];
/** The checks that start a process (node, tsc) run side by side; their problems are listed in this order. */
const processChecks: Promise<string | readonly string[] | undefined>[] = [];
const run = promisify(execFile);

for (const { dir, manifest } of packages) {
  for (const [where, file] of targets(manifest)) {
    const published = (manifest.files ?? []).some((f) => file.replace(/^\.\//, '').startsWith(`${f.replace(/\/$/, '')}/`));
    if (!existsSync(join(dir, file))) problems.push(`${manifest.name}: ${where} is ${file}, which does not exist (run the build)`);
    else if (!published) problems.push(`${manifest.name}: ${where} is ${file}, which "files" does not publish`);
  }
}

// A user's project: the packages linked into node_modules, NodeNext resolution, no custom conditions.
const consumer = join(root, 'out/package-check');
rmSync(consumer, { recursive: true, force: true });
mkdirSync(join(consumer, 'node_modules/@stegvis'), { recursive: true });
for (const { dir, manifest } of packages) symlinkSync(dir, join(consumer, 'node_modules', manifest.name), 'dir');
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ type: 'module', private: true }));
writeFileSync(
  join(consumer, 'tsconfig.json'),
  JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')] }, files: ['consumer.ts'] }),
);
writeFileSync(
  join(consumer, 'consumer.ts'),
  `${packages.map(({ manifest }, i) => `import * as p${i} from '${manifest.name}';`).join('\n')}
import type { Condition } from '@stegvis/core';
import { validateProgramme } from '@stegvis/core';

export const used = [${packages.map((_, i) => `p${i}`).join(', ')}];
export const result: boolean = validateProgramme({}).ok;
// Recursive types must survive declaration emit, not be cut off as \`any\` a few levels down.
export const deep: Condition = { all: [{ any: [{ not: { not: { all: [{ fact: 'age', atMost: 24 }] } } }] }] };
// @ts-expect-error a fact test five levels down still needs a fact id that is a string
export const wrong: Condition = { all: [{ any: [{ not: { not: { all: [{ fact: 24, atMost: 24 }] } } }] }] };
`,
);
// Each package's entry loads in plain Node, imported by name from the user's project: one process imports them in
// turn (they share their dependencies, as a user's program does), each import caught on its own.
writeFileSync(
  join(consumer, 'load.mjs'),
  `for (const name of ${JSON.stringify(packages.map((p) => p.manifest.name))}) {
  try { await import(name); console.log(JSON.stringify({ name })); }
  catch (e) { console.log(JSON.stringify({ name, error: String(e?.message ?? e).split('\\n')[0] })); }
}
`,
);
processChecks.push(
  run(process.execPath, ['load.mjs'], { cwd: consumer }).then(
    ({ stdout }) => {
      const loaded = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { name: string; error?: string });
      const missing = packages.filter((p) => !loaded.some((l) => l.name === p.manifest.name)).map((p) => `${p.manifest.name}: its entry was never imported (the process loading the packages stopped)`);
      return [...loaded.filter((l) => l.error).map((l) => `${l.name}: its entry does not load in plain Node: ${l.error}`), ...missing];
    },
    (e: unknown) => {
      const stderr = String((e as { stderr?: string }).stderr || e).trim().split('\n');
      return `the packages' entries do not load in plain Node: ${stderr.find((l) => /Error/.test(l)) ?? stderr[0]}`;
    },
  ),
);

// The workspace compiles with TypeScript 7; a user's project may still be on TypeScript 5, so the published
// declarations are checked with both. (An incremental state kept between runs saves nothing here: what costs is
// reading the declarations, zod's and xstate's among them, not checking the one file.)
for (const compiler of ['typescript', 'typescript-5']) {
  const tsc = join(dirname(createRequire(import.meta.url).resolve(`${compiler}/package.json`)), 'bin/tsc');
  processChecks.push(
    run(process.execPath, [tsc, '-p', consumer], { cwd: consumer }).then(
      () => undefined,
      (e: unknown) => `the published types do not type-check in a user's project on ${compiler} (out/package-check):\n${String((e as { stdout?: string }).stdout || e).trim()}`,
    ),
  );
}
for (const problem of (await Promise.all(processChecks)).flat()) if (problem) problems.push(problem);

if (problems.length > 0) {
  console.error(`check-packages: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`check-packages: ${packages.map((p) => p.manifest.name).join(', ')}: every export exists and is published, loads in plain Node, and type-checks in a user's project on TypeScript 7 and 5`);
