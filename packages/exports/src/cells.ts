/** A published count: the number, or suppressed because it is a small cell (1 to `below` − 1 people). */
export type Cell = { readonly n: number; readonly suppressed: false } | { readonly suppressed: true };

/** The small-cell rule: a count of 1 to below−1 people is not published (0 is: it says nobody). */
export const cell = (n: number, below: number): Cell => (n > 0 && n < below ? { suppressed: true } : { n, suppressed: false });

/** CSV: comma-separated, fields with a comma, quote or line break quoted, LF line ends, a final LF. */
export function csv(rows: readonly (readonly (string | number)[])[]): string {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\n') + '\n';
}
