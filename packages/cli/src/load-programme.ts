import { dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Issue, type LocatedIssue, type Programme, type Result, type SourceLocation, type StepKind, type StepKindRegistry, parseYaml, programmeLimits, validateProgramme } from '@stegvis/core';
import { type LoadOptions, refuseModule } from './data-only.js';
import { CliError } from './io.js';
import { type KindSource, exportedKinds, loadPlugins, registryOf } from './plugins/load.js';
import { displayPath, formatLocated, formatLocatedIssue, readUserFile } from './read-input.js';
import { firstLine, importUserModule } from './user-module.js';

export { displayPath, formatLocated, formatLocatedIssue, readUserFile };
export type { LoadOptions };

/** A programme file read and validated, with what is needed to point at a line in it. */
export interface LoadedProgramme {
  /** The path as the user gave it, for messages. */
  readonly file: string;
  /** The absolute path. */
  readonly path: string;
  /** The line and column of a config path, for YAML and JSON files. */
  readonly locate: (path: readonly (string | number)[]) => SourceLocation | undefined;
  readonly result: Result<Programme, readonly LocatedIssue[]>;
  /** The step kinds it was validated with: the built-in ones and those of its plugins. */
  readonly registry: StepKindRegistry;
  /** Each module that gave step kinds (a `.ts` programme's own `stepKinds` too), with its kinds. */
  readonly plugins: readonly KindSource[];
}

const textExtensions = new Set(['.yaml', '.yml', '.json']);
const moduleExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs']);
const nowhere = () => undefined;

/** A programme module: its default export is the programme; it may export `stepKinds` of its own. */
async function importProgramme(file: string, path: string): Promise<{ data: unknown; kinds: StepKind[] }> {
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(pathToFileURL(path).href, import.meta.url);
  } catch (e) {
    throw new CliError(`${file}: could not load the module: ${firstLine(e)}`);
  }
  let value = mod.default;
  // A CommonJS-style module seen from ESM wraps its default export once more.
  if (value && typeof value === 'object' && 'default' in value && !('id' in value)) value = (value as { default: unknown }).default;
  if (value === undefined)
    throw new CliError(`${file} has no default export; end it with \`export default defineProgramme({ … })\``);
  return { data: value, kinds: exportedKinds(mod, file, 'programme') };
}

/**
 * Loads a programme from YAML, JSON or TypeScript (its default export) and validates it with the built-in
 * step kinds and those of its plugin modules: the config file beside it names some, `options.plugins`
 * more, and a `.ts` programme may export `stepKinds`. A file or module that cannot be read, parsed or
 * used is a `CliError`; a programme with problems comes back as issues, each with its line and column
 * where the file has them. In data-only mode no module is loaded, programme or plugin.
 *
 * @example
 * const loaded = await loadProgramme('examples/plugin-kind/programme.yaml', process.cwd());
 * if (loaded.result.ok) console.log(loaded.registry.kinds.map((k) => k.kind));
 */
export async function loadProgramme(file: string, cwd: string, options: LoadOptions = {}): Promise<LoadedProgramme> {
  const { path, text } = await readUserFile(file, cwd, 'programme', programmeLimits.maxTextLength);
  const ext = extname(file).toLowerCase();
  if (!textExtensions.has(ext) && !moduleExtensions.has(ext))
    throw new CliError(`${file}: a programme is a .yaml, .yml or .json file, or a .ts, .mts, .cts, .js or .mjs module`);
  if (moduleExtensions.has(ext) && options.dataOnly) refuseModule(file);
  const fromPlugins = await loadPlugins(dirname(path), options.plugins ?? [], cwd, options.dataOnly === true);
  if (moduleExtensions.has(ext)) {
    const { data, kinds } = await importProgramme(file, path);
    // Kinds the programme re-exports from a plugin module the config names too are that module's.
    const own = kinds.filter((k) => !fromPlugins.some((s) => s.kinds.includes(k)));
    const plugins = own.length > 0 ? [...fromPlugins, { module: file, kinds: own }] : fromPlugins;
    const registry = registryOf(plugins);
    return { file, path, locate: nowhere, registry, plugins, result: validateProgramme(data, { registry }) };
  }
  const registry = registryOf(fromPlugins);
  const loaded = { file, path, registry, plugins: fromPlugins };
  // JSON is YAML too, so one parser gives both their line numbers.
  const parsed = parseYaml(text);
  if (!parsed.ok) return { ...loaded, locate: nowhere, result: parsed };
  const { data, locate } = parsed.value;
  const result = validateProgramme(data, { registry });
  if (result.ok) return { ...loaded, locate, result };
  const issues = result.issues.map((i: Issue): LocatedIssue => {
    const location = locate(i.path);
    return location ? { ...i, location } : i;
  });
  return { ...loaded, locate, result: { ok: false, issues } };
}

/** For the commands that run a programme: a valid one, or a `CliError` listing every issue. */
export async function requireProgramme(file: string, cwd: string, options: LoadOptions = {}): Promise<{ loaded: LoadedProgramme; programme: Programme }> {
  const loaded = await loadProgramme(file, cwd, options);
  if (loaded.result.ok) return { loaded, programme: loaded.result.value };
  const issues = loaded.result.issues;
  throw new CliError(
    [`${file} is not a valid programme (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}; \`stegvis validate ${file}\` shows them too):`, ...issues.map((i) => formatLocatedIssue(file, i))].join('\n'),
  );
}
