/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = [], indent = '  '): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]) =>
    indent + r.map((c, i) => (right.includes(i) ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join('  ').trimEnd();
  return [fmt(head), indent + width.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
