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
export function scanPersonalNumbers(value: unknown, code: IssueCode, freeText: FreeTextPolicy): Issue[] {
  const out: Issue[] = [];
  const visit = (v: unknown, path: (string | number)[]): void => {
    if (typeof v === 'string' || typeof v === 'number') {
      const kind = personalNumberIn(String(v));
      if (!kind) return;
      const text = isFreeText(path);
      if (text && freeText === 'allow') return;
      const what = personalNumberLabels[kind].en;
      out.push(text ? issue(code, path, `this text holds what looks like ${what}`, textFix(kind)) : issue(code, path, `this id looks like ${what}`, idFix));
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...path, i]));
    for (const [k, x] of Object.entries(v)) {
      const kind = personalNumberIn(k);
      if (kind) out.push(issue(code, path, `a key here looks like ${personalNumberLabels[kind].en}`, idFix));
      else visit(x, [...path, k]);
    }
  };
  visit(value, []);
  return out;
}
