import type { Label, Lang } from '../i18n/label.js';

/**
 * Why something holds or not, as a tree a caseworker can read: each node a sentence in Swedish and
 * English, whether it held, and the nodes it was made of.
 */
export interface Explanation {
  readonly ok: boolean;
  readonly text: Label;
  /** What was actually recorded, when the sentence alone does not say it. */
  readonly detail?: Label;
  readonly children?: readonly Explanation[];
}

export const explain = (ok: boolean, text: Label, children?: readonly Explanation[], detail?: Label): Explanation => ({
  ok,
  text,
  ...(detail ? { detail } : {}),
  ...(children && children.length > 0 ? { children } : {}),
});

/** The leaves that failed: what must change for the whole to hold. */
export function failedLeaves(e: Explanation): Explanation[] {
  if (e.ok) return [];
  if (!e.children || e.children.length === 0) return [e];
  return e.children.flatMap(failedLeaves);
}

/**
 * An indented outline, one line per node:
 * `✗ Steg 1 är klart` / `  ✓ Skrivit sin CV — undantagen: heltidssjukskriven är ja`.
 */
export function formatExplanation(e: Explanation, lang: Lang = 'sv', indent = 0): string {
  const mark = e.ok ? '✓' : '✗';
  const detail = e.detail ? ` (${e.detail[lang]})` : '';
  const line = `${'  '.repeat(indent)}${mark} ${e.text[lang]}${detail}`;
  return [line, ...(e.children ?? []).map((c) => formatExplanation(c, lang, indent + 1))].join('\n');
}
