import { Option } from 'commander';
import { CliError, type Io } from './io.js';

/**
 * A programme module (.ts, .mts, .cts, .js, .mjs) is code: loading it runs it, with the rights of whoever
 * runs stegvis. Where programmes come from someone else, data-only mode reads YAML and JSON only.
 */
export interface LoadOptions {
  readonly dataOnly?: boolean;
  /** Step-kind plugin modules (`--plugin`, relative to the current directory), besides those the config file beside the programme names. Code too: refused in data-only mode. */
  readonly plugins?: readonly string[];
}

export const dataOnlyOption = () =>
  new Option('--data-only', 'read programmes from YAML and JSON only; refuse .ts/.mts/.cts/.js/.mjs modules, which are code (also STEGVIS_DATA_ONLY=1)');

/** The flag or the environment variable: either turns data-only mode on. */
export const loadOptionsOf = (flags: { readonly dataOnly?: boolean; readonly plugin?: readonly string[] }, io: Io): LoadOptions => ({
  dataOnly: flags.dataOnly === true || io.env?.STEGVIS_DATA_ONLY === '1',
  ...(flags.plugin ? { plugins: flags.plugin } : {}),
});

export function refuseModule(file: string): never {
  throw new CliError(
    `${file}: a programme module is code, and data-only mode (--data-only or STEGVIS_DATA_ONLY=1) reads only data; ` +
      'write the programme as YAML or JSON, or run without data-only mode if you trust the module and whoever wrote it',
  );
}
