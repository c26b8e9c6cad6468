import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * R as the outside oracle of the estimators: the scripts beside this file read CSV and write CSV with
 * every digit of a double. CI installs r-base-core, r-cran-etm and r-cran-survival from Debian (.ci/run);
 * elsewhere the comparisons are skipped with a message, and under CI a missing R is a failure.
 */
export const hasR = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages({library(survival); library(etm)})'], { encoding: 'utf8' }).status === 0;
if (!hasR) {
  const why = 'Rscript with the survival and etm packages is missing (apt-get install -y r-base-core r-cran-etm r-cran-survival)';
  if (process.env.CI) throw new Error(`the R comparisons must run in CI: ${why}`);
  console.log(`R comparisons skipped: ${why}`);
}

export type Row = Record<string, string | number>;

const field = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(17)) : `"${v.replace(/"/g, '""')}"`);

export const toCsv = (columns: readonly string[], rows: readonly Row[]): string =>
  [columns.join(','), ...rows.map((r) => columns.map((c) => field(r[c] ?? '')).join(','))].join('\n') + '\n';

/** Parses what R's write.csv writes: a header, then quoted strings and plain numbers. */
export function fromCsv(text: string): Record<string, string>[] {
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') out.push(cur), (cur = '');
      else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const [head, ...lines] = text.trim().split('\n');
  const names = split(head!);
  return lines.map((l) => Object.fromEntries(split(l).map((v, i) => [names[i]!, v])));
}

/** Runs `script` (a file in this folder) on the input tables, in order, and returns its output table. */
export function rscript(script: string, inputs: readonly { columns: readonly string[]; rows: readonly Row[] }[]): Record<string, string>[] {
  const dir = mkdtempSync(join(tmpdir(), 'stegvis-r-'));
  try {
    const files = inputs.map((t, k) => {
      const f = join(dir, `in${k}.csv`);
      writeFileSync(f, toCsv(t.columns, t.rows));
      return f;
    });
    const out = join(dir, 'out.csv');
    const r = spawnSync('Rscript', [fileURLToPath(new URL(script, import.meta.url)), ...files, out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`Rscript ${script} failed:\n${r.stderr}`);
    return fromCsv(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
