import { esc } from '../charts/svg.js';

export type Table = { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[]; readonly num?: readonly number[]; readonly caption?: string };

/** A table with its header row; columns in `num` are right-aligned numbers. */
export function table(t: Table): string {
  const cls = (i: number) => (t.num?.includes(i) ? ' class="num"' : '');
  const head = t.head.map((h, i) => `<th${cls(i)} scope="col">${esc(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>${t.caption ? `<caption>${esc(t.caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

export interface SectionParts {
  readonly id: string;
  readonly title: string;
  /** Plain sentences under the title. */
  readonly explanation: string;
  /** Markup: charts, cards, tables. */
  readonly body?: string;
  /** The chart's numbers, folded away under `numbersLabel`. */
  readonly numbers?: Table;
  readonly numbersLabel?: string;
}

export function section(p: SectionParts): string {
  return [
    `<section id="section-${p.id}" aria-labelledby="h-${p.id}">`,
    `<h2 id="h-${p.id}">${esc(p.title)}</h2>`,
    `<p>${esc(p.explanation)}</p>`,
    p.body ? `<figure>${p.body}</figure>` : '',
    p.numbers ? `<details><summary>${esc(p.numbersLabel ?? '')}</summary>${table(p.numbers)}</details>` : '',
    '</section>',
  ].join('\n');
}

/** Key figures as cards: a label, the value, and a line under it (the interval). */
export const cards = (items: readonly { readonly id: string; readonly label: string; readonly value: string; readonly note?: string }[]): string =>
  `<dl class="facts">\n${items.map((c) => `<div data-card="${esc(c.id)}"><dt>${esc(c.label)}</dt><dd>${esc(c.value)}</dd>${c.note ? `<dd class="ci">${esc(c.note)}</dd>` : ''}</div>`).join('\n')}\n</dl>`;
