import { stat } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Path, type SourceLocation, type StepKind, type StepKindRegistry, StegvisError, defaultRegistry, formatIssue } from '@stegvis/core';
import { CliError } from '../io.js';
import { displayPath, formatLocated } from '../read-input.js';
import { firstLine, importUserModule } from '../user-module.js';
import { readPluginConfig } from './config-file.js';

/** The codes of what can go wrong with a plugin module; each is a `CliError` (exit 1) that says where and how to fix it. */
export type PluginIssueCode = 'plugin.not_found' | 'plugin.load_failed' | 'plugin.no_kinds' | 'plugin.not_a_kind' | 'plugin.refused';

/** The step kinds one module gave: a plugin module, or a `.ts` programme's `stepKinds`. */
export interface KindSource {
  /** The module as messages show it: its path, or the package name. */
  readonly module: string;
  readonly kinds: readonly StepKind[];
}

/** Where a plugin module was named, for messages: a config file's entry, or a `--plugin` flag. */
interface Request {
  readonly specifier: string;
  /** Relative paths and package names are resolved from here. */
  readonly base: string;
  readonly file: string;
  readonly location?: SourceLocation | undefined;
  readonly path: Path;
  /** Says what a relative path is relative to. */
  readonly relativeTo: string;
}

const moduleExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const kindName = /^[A-Za-z][A-Za-z0-9_-]*$/;
const defineHint = 'make each kind with defineStepKind({ kind, label, params, build }) from @stegvis/core';

/** One line: `where path: message Fix: … (code)`. */
function problem(file: string, location: SourceLocation | undefined, path: Path, code: PluginIssueCode, message: string, fix?: string): string {
  return formatLocated(file, location, path.length > 0 ? formatIssue({ code, path, message, ...(fix ? { fix } : {}) }) : `${message}${fix ? ` Fix: ${fix}` : ''} (${code})`);
}

const requestError = (r: Request, code: PluginIssueCode, message: string, fix?: string) => new CliError(problem(r.file, r.location, r.path, code, message, fix));

/**
 * A path rather than the name of an installed package: it starts with `.` or `/`, has a module's extension
 * (`kinds/x.ts`), or names something that is there (`kinds/x`, to be told it is not a module).
 */
const isPath = async (s: string, base: string) =>
  s.startsWith('.') || isAbsolute(s) || moduleExtensions.has(extname(s).toLowerCase()) || (await stat(resolve(base, s)).then(() => true, () => false));

/** Imports the module a request names; a missing module or one that throws is a `CliError`. */
async function importRequested(r: Request, cwd: string): Promise<{ module: string; exports: Record<string, unknown> }> {
  let url = r.specifier;
  let module = r.specifier;
  const path = await isPath(r.specifier, r.base);
  if (path) {
    const file = resolve(r.base, r.specifier);
    module = displayPath(cwd, file);
    const info = await stat(file).catch(() => undefined);
    if (!info) throw requestError(r, 'plugin.not_found', `no such plugin module (looked for it at ${file})`, `check the path; it is relative to ${r.relativeTo}`);
    if (info.isDirectory()) throw requestError(r, 'plugin.not_found', 'names a directory, not a module', 'name the module file itself, such as ./kinds/my-kind.ts');
    if (!moduleExtensions.has(extname(file).toLowerCase()))
      throw requestError(r, 'plugin.not_found', 'names a file that is not a module', 'a plugin module is a .ts, .mts, .cts, .js, .mjs or .cjs file');
    url = pathToFileURL(file).href;
  }
  try {
    return { module, exports: await importUserModule(url, pathToFileURL(join(r.base, '/')).href) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (!path && code === 'ERR_MODULE_NOT_FOUND' && firstLine(e).includes(`'${r.specifier}'`))
      throw requestError(r, 'plugin.not_found', `no installed package has this name (looked for it from ${r.base})`, `install it, or give the path of a module file (relative to ${r.relativeTo})`);
    throw new CliError(problem(module, undefined, [], 'plugin.load_failed', `could not load the plugin module: ${firstLine(e)}`));
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isLabel = (v: unknown) => isObject(v) && typeof v.sv === 'string' && typeof v.en === 'string';
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** What keeps a value from being a step kind, each as a path below it and a message; none when it is one. */
function stepKindProblems(v: unknown): [Path, string][] {
  if (!isObject(v) || Array.isArray(v)) return [[[], `is ${typeOf(v)}, not a step kind`]];
  const out: [Path, string][] = [];
  if (typeof v.kind !== 'string' || !kindName.test(v.kind)) out.push([['kind'], 'is not a kind name: letters, digits, "_" or "-", starting with a letter']);
  if (!isLabel(v.label)) out.push([['label'], 'is not a label { sv, en }']);
  if (!isObject(v.params) || typeof v.params.safeParse !== 'function') out.push([['params'], 'is not a zod schema']);
  if (typeof v.build !== 'function') out.push([['build'], 'is not a function']);
  if (v.check !== undefined && typeof v.check !== 'function') out.push([['check'], 'is not a function']);
  return out;
}

/**
 * The step kinds a module exports: `stepKinds` (a list of kinds) and, for a plugin module, a default export
 * that is a kind or a list of them. A programme module's default export is the programme, so only its
 * `stepKinds` is read. Anything there that is not a step kind is a `CliError` naming each export path.
 */
export function exportedKinds(exports: Record<string, unknown>, module: string, role: 'plugin' | 'programme'): StepKind[] {
  // A CommonJS module seen from ESM: its `module.exports` is the default export.
  const inner = exports.default;
  const ns = role === 'plugin' && isObject(inner) && !Array.isArray(inner) && !('kind' in inner) && ('stepKinds' in inner || 'default' in inner) ? inner : exports;
  const candidates: [Path, unknown][] = [];
  const problems: [Path, string][] = [];
  const read = (name: 'stepKinds' | 'default', value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((k, i) => candidates.push([[name, i], k]));
    else if (name === 'stepKinds') problems.push([[name], `is ${typeOf(value)}, not a list of step kinds`]);
    else candidates.push([[name], value]);
  };
  read('stepKinds', ns.stepKinds);
  if (role === 'plugin') read('default', ns.default);
  const kinds: StepKind[] = [];
  for (const [path, value] of candidates) {
    const wrong = stepKindProblems(value);
    for (const [sub, message] of wrong) problems.push([[...path, ...sub], message]);
    if (wrong.length === 0 && !kinds.includes(value as StepKind)) kinds.push(value as StepKind);
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new CliError(
      [`${module} exports what is not a step kind (${n} ${n === 1 ? 'problem' : 'problems'}); ${defineHint}:`, ...problems.map(([path, message]) => problem(module, undefined, path, 'plugin.not_a_kind', message))].join('\n'),
    );
  }
  if (role === 'plugin' && kinds.length === 0)
    throw new CliError(problem(module, undefined, [], 'plugin.no_kinds', 'exports no step kinds', 'export `stepKinds` (a list of kinds), or make the default export a kind or a list of kinds; ' + defineHint));
  return kinds;
}

/**
 * The plugin modules for a programme in `dir`: those its config file (`stegvis.config.json` or `.yaml`
 * there) names, relative to that file, then each `--plugin`, relative to the current directory; each
 * imported and its kinds checked. A plugin module is code: in data-only mode naming one is refused.
 */
export async function loadPlugins(dir: string, options: readonly string[], cwd: string, dataOnly = false): Promise<KindSource[]> {
  const config = await readPluginConfig(dir, cwd);
  const requests: Request[] = [
    ...(config?.plugins ?? []).map((e) => ({ specifier: e.specifier, base: config!.dir, file: config!.file, location: e.location, path: ['plugins', e.index], relativeTo: config!.file })),
    ...options.map((specifier) => ({ specifier, base: resolve(cwd), file: `--plugin ${specifier}`, path: [], relativeTo: 'the current directory' })),
  ];
  if (dataOnly && requests[0])
    throw requestError(requests[0], 'plugin.refused', 'a plugin module is code, and data-only mode (--data-only or STEGVIS_DATA_ONLY=1) loads none', 'run without data-only mode if you trust the module and whoever wrote it');
  const sources: KindSource[] = [];
  for (const r of requests) {
    const { module, exports } = await importRequested(r, cwd);
    // A module named twice (in the config file and with --plugin) is one source.
    if (!sources.some((s) => s.module === module)) sources.push({ module, kinds: exportedKinds(exports, module, 'plugin') });
  }
  return sources;
}

/**
 * The built-in kinds with those of every source. A kind named twice (by two modules, or a module and the
 * built-in kinds) is the registry's `StegvisError`, turned into a `CliError` naming where each came from.
 * A kind given twice by the same object (one module named in two places) counts once.
 */
export function registryOf(sources: readonly KindSource[]): StepKindRegistry {
  const from = new Map<StepKind, string>();
  for (const s of sources) for (const k of s.kinds) if (!from.has(k)) from.set(k, s.module);
  try {
    return defaultRegistry.with(...from.keys());
  } catch (e) {
    if (!(e instanceof StegvisError) || !e.issues[0]) throw e;
    const first = e.issues[0];
    const name = first.path[first.path.length - 1];
    const owners = [...(defaultRegistry.get(String(name)) ? ['built in'] : []), ...[...from].filter(([k]) => k.kind === name).map(([, m]) => `by ${m}`)];
    // The registry's path points into its own list of kinds; the modules say where they are.
    throw new CliError(`${first.message}: ${owners.join(' and ')}${first.fix ? ` Fix: ${first.fix}` : ''} (${first.code})`);
  }
}
