import type { Path } from '@stegvis/core';

/** NUL, or a UTF-16 surrogate without its pair: text PostgreSQL cannot store (and that UTF-8 cannot carry). */
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isStorableText = (s: string): boolean => !unstorable.test(s);

/**
 * The path of the first string, key or value, anywhere in `value` that holds a NUL character or a lone
 * surrogate; undefined when there is none. PostgreSQL refuses such text, and in refusing writes a fragment
 * of it to the server log, so it is stopped here, before any query. Walks with its own stack: a deeply
 * nested input cannot overflow the call stack.
 *
 * @example
 * unstorableText({ contents: { note: 'a\u0000b' } }); // ['contents', 'note']
 */
export function unstorableText(value: unknown, root: Path = []): Path | undefined {
  // Each entry keeps its parent instead of a copy of its path, so a deep input costs linear time.
  interface Node {
    readonly value: unknown;
    readonly key?: string | number;
    readonly parent?: Node;
  }
  const pathOf = (n: Node, last?: string): Path => {
    const keys: (string | number)[] = last === undefined ? [] : [last];
    for (let at: Node | undefined = n; at?.key !== undefined; at = at.parent) keys.push(at.key);
    return [...root, ...keys.reverse()];
  };
  const stack: Node[] = [{ value }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return pathOf(node);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (const [key] of entries) if (!isStorableText(key)) return pathOf(node, '(a key)');
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: node });
    }
  }
  return undefined;
}

/** The message for such text: which characters, never the text itself. */
export const unstorableMessage = 'the text holds a NUL character (U+0000) or a lone surrogate (U+D800–U+DFFF without its pair), which cannot be stored';
export const unstorableFix = 'remove the character; send text as valid Unicode (UTF-8)';
