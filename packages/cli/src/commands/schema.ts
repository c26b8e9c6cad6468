import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { programmeJsonSchema } from '@stegvis/core';
import { CliError, type Io, exitCodes, line } from '../io.js';
import { loadPlugins, registryOf } from '../plugins/load.js';
import { type LoadOptions, loadOptionsOf } from '../data-only.js';
import { displayPath } from '../read-input.js';

export interface SchemaOptions {
  /** Step-kind plugin modules (`--plugin`), besides those of the config file in the current directory. */
  readonly plugin?: readonly string[];
  readonly dataOnly?: boolean;
  /** Where to write the schema; stdout without it. */
  readonly out?: string;
}

/**
 * `stegvis schema [--plugin <module>…] [--out file]`: the JSON Schema of a programme for the step kinds in
 * use — the built-in ones, those the config file in the current directory names, and each `--plugin` — so
 * that an editor checks a programme using plugin kinds too (point its `$schema` line at the file).
 */
export async function schemaCommand(options: SchemaOptions, io: Io, cwd: string): Promise<number> {
  const load: LoadOptions = loadOptionsOf(options, io);
  const registry = registryOf(await loadPlugins(cwd, load.plugins ?? [], cwd, load.dataOnly === true));
  const text = `${JSON.stringify(programmeJsonSchema(registry), null, 2)}\n`;
  if (options.out === undefined) {
    io.stdout(text);
    return exitCodes.ok;
  }
  const out = resolve(cwd, options.out);
  try {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
  } catch (e) {
    throw new CliError(`${options.out}: cannot write the schema (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  line(io.stdout)(`wrote ${displayPath(cwd, out)}: the programme schema for the step kinds ${registry.kinds.map((k) => k.kind).join(', ')}`);
  return exitCodes.ok;
}
