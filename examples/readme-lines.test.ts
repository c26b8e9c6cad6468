import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineCounter, isNode, parseDocument } from 'yaml';

// Each example's README maps the seed's rules to lines of its programme.yaml. This keeps those line
// references true: every `[Lx–Ly](programme.yaml#…) \`path\`` must name exactly the lines of that path.
const examples = readdirSync(new URL('.', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const ref = /\[L(\d+)(?:–L(\d+))?\]\(programme\.yaml#L\d+(?:-L\d+)?\) `([^`]+)`/g;

describe.each(
  examples.filter((e) => {
    const files = readdirSync(new URL(`./${e}/`, import.meta.url));
    return files.includes('README.md') && files.includes('programme.yaml');
  }),
)('examples/%s/README.md', (example) => {
  const readme = readFileSync(new URL(`./${example}/README.md`, import.meta.url), 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(new URL(`./${example}/programme.yaml`, import.meta.url), 'utf8'), { lineCounter: lc });
  const refs = [...readme.matchAll(ref)];

  it('maps rules to lines', () => expect(refs.length).toBeGreaterThan(3));

  it.each(refs.map((m) => [m[3]!, Number(m[1]), Number(m[2] ?? m[1])] as const))('%s is at L%i–L%i', (path, from, to) => {
    const node = doc.getIn(path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)), true);
    expect(isNode(node) && node.range, `${path} is not in programme.yaml`).toBeTruthy();
    const range = (node as { range: [number, number, number] }).range;
    const actual = [lc.linePos(range[0]).line, lc.linePos(Math.max(range[0], range[1] - 1)).line];
    expect(actual, `README says L${from}–L${to} for ${path}; it is now L${actual[0]}–L${actual[1]}`).toEqual([from, to]);
  });
});
