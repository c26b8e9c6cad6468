import { CST, type Document, Lexer, isCollection, isMap, isScalar, isSeq } from 'yaml';
import type { Path, PathSegment } from '../errors/issue.js';

/**
 * What the YAML parser's syntax tree shows before any node is built: how deep collections nest (the
 * composer recurses, so a document nested thousands deep must be refused before it is built) and where
 * the first alias is (a document whose aliases expand too far is refused at it).
 */
export interface YamlStructure {
  /** The first collection nested deeper than the limit: its path and offset in the text. */
  readonly tooDeep?: { readonly path: Path; readonly offset: number };
  /** The offset of the first alias (`*name`), if the text has one. */
  readonly firstAlias?: number;
}

/**
 * A first look with the lexer, which is linear and does not recurse (the parser slows down badly on deep
 * nesting: 400,000 open brackets take it 8 s and 900 MB). Open flow brackets, and the `- ` and `? `
 * indicators that open a collection on one line, are each a level of nesting the document surely has;
 * the offset of the first past `maxDepth` is returned, so a hostile text is refused after reading only
 * that far. Nesting by indentation is left to `yamlStructure`: within the text limit it cannot go deep
 * enough to slow the parser.
 */
export function lexicalDepthExceeded(text: string, maxDepth: number): number | undefined {
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  for (const source of new Lexer().lex(text)) {
    switch (CST.tokenType(source)) {
      case 'flow-seq-start':
      case 'flow-map-start':
        flow++;
        break;
      case 'flow-seq-end':
      case 'flow-map-end':
        flow--;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
        onLine++;
        break;
      case 'newline':
        onLine = 0;
        break;
      default:
        break;
    }
    if (flow > maxDepth || onLine > maxDepth) return offset;
    offset += source.length;
  }
  return undefined;
}

interface Frame {
  readonly token: CST.Token;
  readonly depth: number;
  readonly path: Path;
}

const keyOf = (key: CST.Token | null | undefined, index: number): PathSegment => {
  if (!key) return index;
  const scalar = CST.isScalar(key) ? CST.resolveAsScalar(key) : null;
  return scalar ? scalar.value : index;
};

/** Walks the syntax tree without recursion: depth-first, so the first path reported is the first in the text. */
export function yamlStructure(tokens: readonly CST.Token[], maxDepth: number): YamlStructure {
  const stack: Frame[] = tokens.map((token) => ({ token, depth: 0, path: [] as Path })).reverse();
  let firstAlias: number | undefined;
  while (stack.length > 0) {
    const { token, depth, path } = stack.pop()!;
    const children: Frame[] = [];
    const child = (t: CST.Token | null | undefined, d: number, p: Path) => t && children.push({ token: t, depth: d, path: p });
    switch (token.type) {
      case 'document':
        child(token.value, depth, path);
        break;
      case 'alias':
        firstAlias ??= token.offset;
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const level = depth + 1;
        if (level > maxDepth) return { tooDeep: { path, offset: token.offset } };
        const isSeqLike = token.type === 'block-seq' || (token.type === 'flow-collection' && token.start.source === '[');
        token.items.forEach((item, i) => {
          const key = 'key' in item ? item.key : undefined;
          const segment = isSeqLike && !key ? i : keyOf(key, i);
          child(key, level, [...path, segment]);
          child(item.value, level, [...path, segment]);
        });
        break;
      }
      default:
        break;
    }
    stack.push(...children.reverse());
  }
  return firstAlias !== undefined ? { firstAlias } : {};
}

type Ranged = { range?: readonly [number, number, number] } | null | undefined;
const startOf = (n: unknown) => (n as Ranged)?.range?.[0] ?? Number.POSITIVE_INFINITY;
const endOf = (n: unknown) => (n as Ranged)?.range?.[2] ?? -1;

/**
 * The path of the node of a built document that `offset` (where a warning or an alias is) falls in or just
 * before: a tag stands before its node's range.
 */
export function pathAt(doc: Document, offset: number): Path {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => endOf(p.value ?? p.key) > offset);
      if (!pair) return path;
      path.push(isScalar(pair.key) ? String(pair.key.value) : '?');
      if (offset < endOf(pair.key)) return path;
      next = pair.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((n) => endOf(n) > offset);
      if (i < 0) return path;
      path.push(i);
      next = node.items[i];
    } else return path;
    if (!isCollection(next) || offset < startOf(next)) return path;
    node = next;
  }
}
