import { type Result, fail, issue, ok } from '../errors/issue.js';
import type { LocatedIssue, SourceLocation } from './location.js';

/**
 * Programmes, behaviour models and JSONL files are UTF-8. A file saved in another encoding must not be
 * read as if it were: a Latin-1 "Kartläggning" would become "Kartl�ggning" in every label.
 */

const saveAsUtf8 = (from: string) =>
  `save the file as UTF-8 (in most editors: Save as → Encoding: UTF-8), or convert it: iconv -f ${from} -t UTF-8 file > file.utf8`;

const encodingIssue = (message: string, from: string, location?: SourceLocation): LocatedIssue => ({
  ...issue('config.encoding', [], message, saveAsUtf8(from)),
  ...(location ? { location } : {}),
});

const boms: readonly (readonly [readonly number[], string, string])[] = [
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32 (little-endian, with a byte-order mark)', 'UTF-32LE'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32 (big-endian, with a byte-order mark)', 'UTF-32BE'],
  [[0xff, 0xfe], 'UTF-16 (little-endian, with a byte-order mark)', 'UTF-16LE'],
  [[0xfe, 0xff], 'UTF-16 (big-endian, with a byte-order mark)', 'UTF-16BE'],
];

/** The index of the first byte that does not continue a valid UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    const c1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    i += n + 1;
  }
  return -1;
}

function locationOfByte(b: Uint8Array, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}

/** Where NUL bytes stand tells UTF-16 without a byte-order mark: after each ASCII byte (LE) or before it (BE). */
function utf16Without(b: Uint8Array): string | undefined {
  const sample = b.subarray(0, Math.min(b.length, 4096));
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 === 0 ? even++ : odd++);
  const half = sample.length / 2;
  if (odd > half * 0.3 && even < odd / 10) return 'UTF-16LE';
  if (even > half * 0.3 && odd < even / 10) return 'UTF-16BE';
  return undefined;
}

/**
 * A file's bytes as text, when they are UTF-8 (a UTF-8 byte-order mark is dropped); otherwise an issue that
 * names the encoding the bytes look like and how to convert them.
 *
 * @example
 * const text = decodeUtf8(fs.readFileSync('programme.yaml'));
 */
export function decodeUtf8(bytes: Uint8Array): Result<string, readonly LocatedIssue[]> {
  for (const [mark, name, iconv] of boms)
    if (mark.every((m, i) => bytes[i] === m)) return fail([encodingIssue(`the file is ${name}, not UTF-8`, iconv)]);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const utf16 = utf16Without(body);
  if (utf16) return fail([encodingIssue(`the file looks like ${utf16 === 'UTF-16LE' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'} without a byte-order mark, not UTF-8`, utf16)]);
  const nul = body.indexOf(0);
  if (nul >= 0) return fail([encodingIssue('the file holds NUL bytes: it is not a text file, or not UTF-8', 'UTF-16', locationOfByte(body, nul))]);
  const bad = firstInvalidUtf8(body);
  if (bad >= 0)
    return fail([
      encodingIssue('the file is not UTF-8: it looks like Latin-1 (ISO-8859-1) or Windows-1252, where å, ä and ö are single bytes', 'LATIN1', locationOfByte(body, bad)),
    ]);
  return ok(new TextDecoder('utf-8').decode(body));
}

function locationOfChar(text: string, index: number): SourceLocation {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/**
 * For text a caller has already decoded: NUL characters (UTF-16 read as UTF-8) and U+FFFD (bytes that were
 * not UTF-8, replaced while decoding) mean the file was read in the wrong encoding.
 */
export function checkDecodedText(text: string): LocatedIssue[] {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return [encodingIssue('the text holds NUL characters: the file looks like UTF-16 (or is not text) and was read as UTF-8', 'UTF-16', locationOfChar(text, nul))];
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0)
    return [encodingIssue('the text holds U+FFFD replacement characters: the file was not UTF-8 (Latin-1 or Windows-1252?) and was read as if it were', 'LATIN1', locationOfChar(text, replaced))];
  return [];
}
