import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Issue, type LocatedIssue, type SourceLocation, issue, parseYaml } from '@stegvis/core';
import { CliError } from '../io.js';
import { displayPath, formatLocatedIssue, readUserFile } from '../read-input.js';

/** The names a config file may have, beside the programme (or, for `stegvis schema`, in the current directory). */
const configFileNames = ['stegvis.config.json', 'stegvis.config.yaml', 'stegvis.config.yml'] as const;

/** A plugin module named in a config file, with where it is written there. */
export interface ConfigEntry {
  readonly specifier: string;
  readonly index: number;
  readonly location: SourceLocation | undefined;
}

export interface PluginConfig {
  /** The config file as shown in messages (relative to the current directory when inside it). */
  readonly file: string;
  /** Its directory: relative plugin paths are resolved from here. */
  readonly dir: string;
  readonly plugins: readonly ConfigEntry[];
}

/** A config file names a few modules; anything near this size is the wrong file. */
const maxConfigBytes = 1_000_000;

const exists = (path: string) => stat(path).then((s) => s.isFile(), () => false);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a parsed config: it holds `plugins`, a list of module names, and (for editors) `$schema`. */
function configIssues(data: unknown): Issue[] {
  if (!isObject(data)) return [issue('config.invalid_type', [], 'expected an object with a "plugins" list', 'write { "plugins": ["./kinds/my-kind.ts"] }')];
  const out: Issue[] = [];
  for (const key of Object.keys(data))
    if (key !== 'plugins' && key !== '$schema') out.push(issue('config.unknown_field', [key], `unknown field "${key}"`, 'a stegvis config has "plugins" (and, for editors, "$schema") only'));
  const plugins = data.plugins;
  if (plugins !== undefined && !Array.isArray(plugins))
    out.push(issue('config.invalid_type', ['plugins'], 'expected a list of plugin modules', 'write "plugins": ["./kinds/my-kind.ts"]'));
  if (Array.isArray(plugins))
    plugins.forEach((p, i) => {
      if (typeof p !== 'string' || p.trim() === '')
        out.push(issue('config.invalid_type', ['plugins', i], 'expected the path of a module (relative to this file) or the name of an installed package', 'write it as a string, such as "./kinds/my-kind.ts"'));
    });
  return out;
}

/**
 * Reads the config file in `dir`, if there is one: `stegvis.config.json` (or `.yaml`, `.yml`), which names
 * the plugin modules of the programmes beside it. More than one, a syntax error or a field that does not
 * fit is a `CliError` with every problem and its line.
 */
export async function readPluginConfig(dir: string, cwd: string): Promise<PluginConfig | undefined> {
  const found: string[] = [];
  for (const name of configFileNames) if (await exists(join(dir, name))) found.push(join(dir, name));
  if (found.length === 0) return undefined;
  const shown = found.map((p) => displayPath(cwd, p));
  if (found.length > 1) throw new CliError(`${shown.join(' and ')}: two config files in one folder; keep one of them`);
  const file = shown[0]!;
  const { text } = await readUserFile(file, cwd, 'config file', maxConfigBytes);
  const parsed = parseYaml(text);
  const problems = (issues: readonly LocatedIssue[]) =>
    new CliError([`${file} is not a valid stegvis config (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):`, ...issues.map((i) => formatLocatedIssue(file, i))].join('\n'));
  if (!parsed.ok) throw problems(parsed.issues);
  const { data, locate } = parsed.value;
  const issues = configIssues(data);
  if (issues.length > 0) throw problems(issues.map((i) => ({ ...i, ...(locate(i.path) ? { location: locate(i.path)! } : {}) })));
  const plugins = ((data as { plugins?: string[] }).plugins ?? []).map((specifier, index) => ({ specifier, index, location: locate(['plugins', index]) }));
  return { file, dir, plugins };
}
