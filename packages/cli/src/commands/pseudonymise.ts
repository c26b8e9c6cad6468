import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ContentsPolicy, createPseudonymiser, decodeUtf8, formatIssue, recordLimits } from '@stegvis/core';
import { CliError, type Io, exitCodes, line } from '../io.js';
import { checkUserFile, jsonError, readUserFile } from '../read-input.js';

export interface PseudonymiseFlags {
  readonly keyFile?: string;
  readonly out?: string;
  readonly contents: ContentsPolicy;
}

/** The environment variable that holds the key, so that it is never an argument (arguments show in `ps`). */
export const KEY_ENV = 'STEGVIS_PSEUDONYM_KEY';

/** The key from the key file or the environment, one of them; never echoed. */
async function keyOf(flags: PseudonymiseFlags, io: Io, cwd: string): Promise<string> {
  const fromEnv = io.env?.[KEY_ENV];
  if (flags.keyFile !== undefined && fromEnv !== undefined)
    throw new CliError(`give the key one way: --key-file or ${KEY_ENV}, not both`, exitCodes.usage);
  if (flags.keyFile !== undefined) return (await readUserFile(flags.keyFile, cwd, 'key file', 10_000)).text.trim();
  if (fromEnv !== undefined) return fromEnv.trim();
  throw new CliError(`no key: put the municipality's key in a file and pass --key-file <file>, or set ${KEY_ENV}`, exitCodes.usage);
}

/** The file's lines as bytes, without reading it whole: a line past `max` bytes comes as its length only. */
async function* linesOf(path: string, max: number): AsyncGenerator<{ line: number; bytes?: Buffer; length: number }> {
  let parts: Buffer[] = [];
  let length = 0;
  let lineNo = 1;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      length += piece.length;
      if (length <= max) parts.push(piece);
      yield length <= max ? { line: lineNo, bytes: Buffer.concat(parts), length } : { line: lineNo, length };
      parts = [];
      length = 0;
      lineNo++;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    length += rest.length;
    if (length <= max) parts.push(Buffer.from(rest));
  }
  if (length > 0) yield length <= max ? { line: lineNo, bytes: Buffer.concat(parts), length } : { line: lineNo, length };
}

/**
 * `stegvis pseudonymise <events.jsonl> --key-file <file> [--out <file>]`: a programme's recorded events, one
 * JSON object per line, with participant and actor ids replaced by keyed HMAC-SHA-256 pseudonyms and the
 * free text of contents reduced to presence (or dropped). A line that is not a valid event is reported with
 * its number and left out; exit 1 if there was one.
 */
export async function pseudonymiseCommand(eventsFile: string, flags: PseudonymiseFlags, io: Io, cwd: string): Promise<number> {
  const key = await keyOf(flags, io, cwd);
  const pseudonymiser = createPseudonymiser({ key, contents: flags.contents });
  if (!pseudonymiser.ok) throw new CliError(pseudonymiser.issues.map((i) => formatIssue(i)).join('\n'));
  const path = await checkUserFile(eventsFile, cwd, 'events', Number.MAX_SAFE_INTEGER);
  const outPath = flags.out === undefined ? undefined : resolve(cwd, flags.out);
  if (outPath === path) throw new CliError(`--out ${flags.out}: that is the events file itself; write the export elsewhere`, exitCodes.usage);
  const cannotWrite = (e: unknown) => new CliError(`${flags.out}: cannot write the export (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  const out = outPath
    ? await open(outPath, 'w').catch((e: unknown) => {
        throw cannotWrite(e);
      })
    : undefined;
  const write = async (text: string) => {
    if (!out) return io.stdout(text);
    await out.write(text).catch((e: unknown) => {
      throw cannotWrite(e);
    });
  };
  const err = line(io.stderr);
  let written = 0;
  let bad = 0;
  const max = recordLimits.maxTextLength;
  try {
    for await (const l of linesOf(path, max)) {
      const problem = (what: string) => {
        bad++;
        err(`${eventsFile}:${l.line}: ${what}`);
      };
      if (!l.bytes) {
        problem(`the line has ${l.length.toLocaleString('en')} bytes, more than the limit of ${max.toLocaleString('en')} for one event`);
        continue;
      }
      const text = decodeUtf8(l.bytes);
      if (!text.ok) {
        problem(text.issues.map((i) => formatIssue(i)).join('; '));
        continue;
      }
      if (text.value.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text.value);
      } catch (e) {
        problem(jsonError(e));
        continue;
      }
      const r = pseudonymiser.value.event(raw);
      if (!r.ok) {
        problem(r.issues.map((i) => formatIssue(i)).join('; '));
        continue;
      }
      await write(`${JSON.stringify(r.value)}\n`);
      written++;
    }
  } finally {
    await out?.close();
  }
  const summary = `pseudonymised ${written} ${written === 1 ? 'event' : 'events'}${bad > 0 ? `; ${bad} ${bad === 1 ? 'line was' : 'lines were'} left out` : ''}`;
  line(out ? io.stdout : io.stderr)(outPath ? `${summary}: wrote ${flags.out}` : summary);
  return bad > 0 ? exitCodes.problems : exitCodes.ok;
}
