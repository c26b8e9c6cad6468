import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { type LocatedIssue, decodeUtf8, formatIssue } from '@stegvis/core';
import { CliError } from './io.js';

/** `programme.yaml:12:5 steps.2.params.target: … (config.invalid_value)`; without a location `programme.ts: …`. */
export function formatLocated(file: string, location: LocatedIssue['location'], rest: string): string {
  return location ? `${file}:${location.line}:${location.column} ${rest}` : `${file}: ${rest}`;
}

export const formatLocatedIssue = (file: string, i: LocatedIssue): string => formatLocated(file, i.location, formatIssue(i));

/** A path as messages show it: relative to the current directory when inside it. */
export const displayPath = (cwd: string, path: string): string => {
  const r = relative(cwd, path);
  return r.startsWith('..') ? path : r || '.';
};

/** The file is not there: the one mistake a caller may answer with a better sentence of its own. */
export class MissingFileError extends CliError {}

const megabytes = (n: number) => `${(n / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

/** Checks that a file the user named exists, is a file, and is not larger than `maxBytes`; returns its absolute path. */
export async function checkUserFile(file: string, cwd: string, what: string, maxBytes: number): Promise<string> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new MissingFileError(`${file}: no such file (looked for the ${what} at ${path})`);
    if (e.code === 'EACCES') throw new CliError(`${file}: permission denied`);
    throw new CliError(`${file}: cannot read it (${e.code ?? 'unknown error'})`);
  });
  if (info.isDirectory()) throw new CliError(`${file} is a directory; give the ${what} file itself`);
  if (info.size > maxBytes)
    throw new CliError(`${file}: the ${what} is ${megabytes(info.size)}, more than the limit of ${megabytes(maxBytes)}; check that this is the right file (docs/security.md, "Input limits")`);
  return path;
}

/**
 * Reads a file the user named as UTF-8 text, turning the usual mistakes into one clear sentence: a missing
 * file, a directory, a file over the size limit (refused before it is read), a file in another encoding.
 */
export async function readUserFile(file: string, cwd: string, what: string, maxBytes: number): Promise<{ path: string; text: string }> {
  const path = await checkUserFile(file, cwd, what, maxBytes);
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: cannot read it (${e.code ?? 'unknown error'})`);
  });
  const text = decodeUtf8(bytes);
  if (!text.ok) throw new CliError(text.issues.map((i) => formatLocated(file, i.location, formatIssue(i))).join('\n'));
  return { path, text: text.value };
}

/** Where JSON.parse stopped, without the text around it (V8's message quotes the line, which may hold personal data). */
export const jsonError = (e: unknown): string => {
  if (e instanceof RangeError) return 'not valid JSON here (nested too deeply to read)';
  const at = /position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
  return at === undefined ? 'not valid JSON' : `not valid JSON (at column ${Number(at) + 1})`;
};
