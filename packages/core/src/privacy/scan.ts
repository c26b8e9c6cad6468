import { type Issue, type IssueCode, issue } from '../errors/issue.js';
import { type PersonalNumberKind, personalNumberIn, personalNumberLabels } from './personal-number.js';

/** What to do when free text holds something shaped like a personnummer or samordningsnummer. */
export type FreeTextPolicy = 'refuse' | 'allow';

/**
 * Free text is the value of an item of an assessment's or a plan's `contents`; every other string (ids,
 * codes, fact values, evidence) and every key is an id, where a personnummer is always refused.
 */
const isFreeText = (path: readonly (string | number)[]): boolean => path.length >= 2 && path[path.length - 2] === 'contents';

const idFix = "use the case system's opaque id for the person (a pseudonym or a UUID): stegvis writes ids into every event it records";
const textFix = (kind: PersonalNumberKind) =>
  `remove the ${kind} from the text: the participant is known by their id. A case system that must keep it there passes personalNumbersInText: 'allow'`;

/**
 * Finds personnummer and samordningsnummer in a command or an event, already checked against the input
 * limits (so the walk, recursive, is bounded by maxDepth). A key shaped like one is reported at its parent's path, so the number
 * appears nowhere in the issue.
 */
/** A path as a chain to the root, made into a list only for an issue: the walk allocates nothing else. */
interface At {
  readonly key: string | number;
  readonly up: At | undefined;
}
const pathOf = (at: At | undefined): (string | number)[] => {
  const out: (string | number)[] = [];
  for (let a = at; a; a = a.up) out.push(a.key);
  return out.reverse();
};

export function scanPersonalNumbers(value: unknown, code: IssueCode, freeText: FreeTextPolicy): Issue[] {
  const out: Issue[] = [];
  const visit = (v: unknown, at: At | undefined): void => {
    if (typeof v === 'string' || typeof v === 'number') {
      const kind = personalNumberIn(typeof v === 'string' ? v : String(v));
      if (!kind) return;
      const path = pathOf(at);
      const text = isFreeText(path);
      if (text && freeText === 'allow') return;
      const what = personalNumberLabels[kind].en;
      out.push(text ? issue(code, path, `this text holds what looks like ${what}`, textFix(kind)) : issue(code, path, `this id looks like ${what}`, idFix));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) visit(v[i], { key: i, up: at });
      return;
    }
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      const kind = personalNumberIn(k);
      if (kind) out.push(issue(code, pathOf(at), `a key here looks like ${personalNumberLabels[kind].en}`, idFix));
      else visit((v as Record<string, unknown>)[k], { key: k, up: at });
    }
  };
  visit(value, undefined);
  return out;
}
