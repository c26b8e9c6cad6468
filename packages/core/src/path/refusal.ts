import type { Explanation } from '../conditions/explanation.js';
import { type Issue, type IssueCode, type Path, issue } from '../errors/issue.js';

/**
 * Why a command was refused: the issues (code, path into the command, message, fix) and, when a rule
 * of the programme said no, the explanation tree of that rule. A refused command changes nothing.
 */
export interface Refusal {
  readonly code: IssueCode;
  readonly issues: readonly Issue[];
  readonly explanation?: Explanation;
}

export const refuse = (code: IssueCode, path: Path, message: string, fix?: string, explanation?: Explanation): Refusal => ({
  code,
  issues: [issue(code, path, message, fix)],
  ...(explanation ? { explanation } : {}),
});

export const refuseAll = (issues: readonly Issue[]): Refusal => ({ code: issues[0]!.code, issues });
