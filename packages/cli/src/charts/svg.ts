/**
 * A few lines of SVG building: escaped attributes and text, linear scales with round ticks, labels that
 * wrap instead of being cut, and an accessible palette. Every chart is a string of SVG made here, with no
 * script and nothing fetched.
 */

export type Attrs = Record<string, string | number | undefined | null | false>;

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string | number): string => String(s).replace(/[&<>"']/g, (c) => entities[c]!);

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, ''));

function attrs(a: Attrs): string {
  return Object.entries(a)
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : esc(v as string)}"`)
    .join('');
}

/** An element; children are already-built markup (use `esc` for text). */
export const el = (tag: string, a: Attrs = {}, ...children: (string | false | null | undefined)[]): string => {
  const inner = children.filter((c): c is string => typeof c === 'string').join('');
  return inner === '' && tag !== 'text' && tag !== 'title' && tag !== 'desc' ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${inner}</${tag}>`;
};

export const textEl = (x: number, y: number, content: string, a: Attrs = {}) => el('text', { x, y, ...a }, esc(content));

/**
 * Pixels a text of the charts' 13 px system font takes, estimated generously (DejaVu Sans Bold, the
 * widest common fallback, averages about 8.4), so a margin sized by it holds the text: the browser test
 * measures every label against its chart's edges.
 */
export const textWidth = (s: string, px = 8.6): number => [...s].length * px;

/** Words in lines of at most `max` characters (a longer word stands alone, whole: text is never cut). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= max) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

export const LINE = 15;

/** Wrapped lines centred vertically on `y`, one `<tspan>` each. */
export function linesEl(x: number, y: number, lines: readonly string[], a: Attrs = {}): string {
  const first = y + 4 - ((lines.length - 1) * LINE) / 2;
  return el('text', { x, y: first, ...a }, ...lines.map((l, i) => el('tspan', { x, dy: i === 0 ? 0 : LINE }, esc(l))));
}

/** The widest of some texts, in pixels. */
export const widest = (texts: readonly string[]): number => texts.reduce((a, s) => Math.max(a, textWidth(s)), 0);

/** Okabe–Ito: distinguishable with every common colour-vision deficiency. Yellow is left out: too light on white. */
export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999'] as const;
export const colours = { ink: '#1a1a1a', muted: '#595959', grid: '#d9d9d9', bar: '#0072B2', pale: '#9cc3e0', pass: '#007a5a', fail: '#b34700', target: '#1a1a1a', band: '#cfe3f1' } as const;
export const colour = (i: number) => palette[i % palette.length]!;

export interface Scale {
  (v: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

export function linear(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const f = ((v: number) => (d1 === d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as Scale;
  return Object.assign(f, { domain, range });
}

/** Round tick values covering [lo, hi], about `count` of them (1, 2 or 5 × 10ⁿ apart). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** The smallest round number at or above `v` on the tick grid, so an axis ends on a tick. */
export const niceMax = (v: number, count = 5): number => {
  if (v <= 0) return 1;
  const t = ticks(0, v, count);
  const last = t[t.length - 1]!;
  return last >= v ? last : last + (t[1] ?? last) - (t[0] ?? 0);
};

/**
 * An accessible chart: `role="img"` named by its title and described by its summary. `kind` is the
 * chart's type (`data-chart`); `key` makes its ids unique when a page has several of one kind.
 */
export function svg(kind: string, width: number, height: number, title: string, desc: string, children: readonly string[], key = kind): string {
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${key}-t ${key}-d`, class: 'chart', 'data-chart': kind, 'data-key': key },
    el('title', { id: `${key}-t` }, esc(title)),
    el('desc', { id: `${key}-d` }, esc(desc)),
    ...children,
  );
}
