import { extname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Issue, type LocatedIssue, type Programme, type Result, type SourceLocation, formatIssue, parseYaml, programmeLimits, validateProgramme } from '@stegvis/core';
import { type LoadOptions, refuseModule } from './data-only.js';
import { CliError } from './io.js';
import { formatLocated, readUserFile } from './read-input.js';

export { formatLocated, readUserFile };

/** A programme file read and validated, with what is needed to point at a line in it. */
export interface LoadedProgramme {
  /** The path as the user gave it, for messages. */
  readonly file: string;
  /** The absolute path. */
  readonly path: string;
  /** The line and column of a config path, for YAML and JSON files. */
  readonly locate: (path: readonly (string | number)[]) => SourceLocation | undefined;
  readonly result: Result<Programme, readonly LocatedIssue[]>;
}

const textExtensions = new Set(['.yaml', '.yml', '.json']);
const moduleExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs']);
const nowhere = () => undefined;

export const formatLocatedIssue = (file: string, i: LocatedIssue): string => formatLocated(file, i.location, formatIssue(i));

async function importModule(file: string, path: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(path).href, { parentURL: import.meta.url })) as Record<string, unknown>;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new CliError(`${file}: could not load the module: ${message.split('\n')[0]}`);
  }
  let value = mod.default;
  // A CommonJS-style module seen from ESM wraps its default export once more.
  if (value && typeof value === 'object' && 'default' in value && !('id' in value)) value = (value as { default: unknown }).default;
  if (value === undefined)
    throw new CliError(`${file} has no default export; end it with \`export default defineProgramme({ … })\``);
  return value;
}

/**
 * Loads a programme from YAML, JSON or TypeScript (its default export) and validates it. A file that
 * cannot be read or parsed is a `CliError`; a programme with problems comes back as issues, each with
 * its line and column where the file has them.
 */
export async function loadProgramme(file: string, cwd: string, options: LoadOptions = {}): Promise<LoadedProgramme> {
  const { path, text } = await readUserFile(file, cwd, 'programme', programmeLimits.maxTextLength);
  const ext = extname(file).toLowerCase();
  if (!textExtensions.has(ext) && !moduleExtensions.has(ext))
    throw new CliError(`${file}: a programme is a .yaml, .yml or .json file, or a .ts, .mts, .cts, .js or .mjs module`);
  if (moduleExtensions.has(ext)) {
    if (options.dataOnly) refuseModule(file);
    const data = await importModule(file, path);
    return { file, path, locate: nowhere, result: validateProgramme(data) };
  }
  // JSON is YAML too, so one parser gives both their line numbers.
  const parsed = parseYaml(text);
  if (!parsed.ok) return { file, path, locate: nowhere, result: parsed };
  const { data, locate } = parsed.value;
  const result = validateProgramme(data);
  if (result.ok) return { file, path, locate, result };
  const issues = result.issues.map((i: Issue): LocatedIssue => {
    const location = locate(i.path);
    return location ? { ...i, location } : i;
  });
  return { file, path, locate, result: { ok: false, issues } };
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

export const displayPath = (cwd: string, path: string): string => {
  const r = relative(cwd, path);
  return r.startsWith('..') ? path : r || '.';
};
