import type { Condition } from '../conditions/schema.js';
import { toDotPath } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import type { ReferralDecision, ReferralPolicy } from '../programme/referral.js';
import type { Facts } from '../facts/facts.js';
import { type Search, describeFacts, factsOf, forEachCombination, holdsFor, satisfiable } from './domain.js';
import { type Finding, finding } from './finding.js';

/** What the policy decides for some facts: the first rule whose condition holds (its index), or `otherwise`. */
export function decideReferral(programme: Programme, policy: ReferralPolicy, facts: Facts): { rule: number; decision: ReferralDecision } {
  const rule = policy.rules.findIndex((r) => holdsFor(programme, r.when, facts));
  return rule === -1 ? { rule, decision: policy.otherwise.decision } : { rule, decision: policy.rules[rule]!.decision };
}

/** A referral with these facts is accepted or put on the waiting list (from which it can be admitted). */
export const admitted = (d: { decision: ReferralDecision }): boolean => d.decision !== 'decline';

const rulePath = (i: number) => ['referral', 'rules', i] as const;
const where = (i: number) => toDotPath(rulePath(i));

/**
 * Referral rules as a whole, over every combination of the facts they read: whether anyone is admitted,
 * rules that never decide because earlier rules take all their cases, rules that match the same referral
 * but decide differently, and an `otherwise` that never applies.
 */
export const lintReferral = (programme: Programme): Finding[] => {
  const policy = programme.config.referral;
  if (!policy) return [];
  const rules = policy.rules;
  const conditions = rules.map((r) => r.when);
  const facts = factsOf(programme, ...conditions);

  let admits: Facts | undefined;
  let otherwise: Facts | undefined;
  const decides = rules.map(() => false);
  /** For rules that match but never decide: the earlier rules that decided instead. */
  const takenBy = rules.map(() => new Set<number>());
  /** `${i}:${j}`: rule i decided, rule j also matched and would have decided otherwise. */
  const overlaps = new Map<string, Facts>();
  /** `${i}:${j}`: rule i decided somewhere rule j did not match. */
  const outsideOf = new Set<string>();

  const complete = forEachCombination(programme, conditions, 'any', (f) => {
    const matching = rules.map((r) => holdsFor(programme, r.when, f));
    const first = matching.indexOf(true);
    const decision = first === -1 ? policy.otherwise.decision : rules[first]!.decision;
    if (decision !== 'decline') admits ??= f;
    if (first === -1) {
      otherwise ??= f;
      return;
    }
    decides[first] = true;
    matching.forEach((m, j) => {
      if (j <= first) return;
      if (!m) {
        outsideOf.add(`${first}:${j}`);
        return;
      }
      takenBy[j]!.add(first);
      if (rules[j]!.decision !== decision && !overlaps.has(`${first}:${j}`)) overlaps.set(`${first}:${j}`, f);
    });
  });
  if (!complete)
    return [
      finding('lint.not_analysed', 'info', ['referral'], 'the referral rules read too many facts and thresholds to check every combination, so the linter did not analyse how they overlap.',
        'nothing to do: the rules still work as written; only this check was skipped'),
    ];

  const out: Finding[] = [];
  if (!admits)
    out.push(
      finding('lint.nobody_admitted', 'error', ['referral'],
        'every referral is declined, whatever its facts: no participant is ever admitted, so no step of the programme can be reached.',
        'add a rule that accepts (or waitlists) the group the programme is for, or change "otherwise" to accept'),
    );

  rules.forEach((r, j) => {
    if (decides[j]) return;
    // A rule that matches nobody at all is reported where its condition is written (lint.unsatisfiable_condition).
    if (satisfiable(programme, r.when).kind !== 'found') return;
    const earlier = [...takenBy[j]!].sort((a, b) => a - b);
    out.push(
      finding('lint.referral_rule_shadowed', 'warning', rulePath(j),
        `referral rule "${r.id}" never decides a referral: every referral it matches is decided first by ${earlier.map((i) => `"${rules[i]!.id}" (${where(i)})`).join(', ')}.`,
        earlier.some((i) => rules[i]!.decision !== r.decision) ? 'move it before the rule(s) that take its cases, or remove it' : 'remove it: the earlier rules already decide the same',
      ),
    );
  });

  const pairs = [...overlaps].map(([key, f]) => ({ key, f, ij: key.split(':').map(Number) as [number, number] })).sort((a, b) => a.ij[1] - b.ij[1] || a.ij[0] - b.ij[0]);
  for (const { key, f, ij } of pairs) {
    const [i, j] = ij;
    if (!decides[j]) continue;
    const a = rules[i]!;
    const b = rules[j]!;
    const example = describeFacts(programme, f, facts);
    // Every referral rule i decides would also have matched rule j: i is an exception carved out of j.
    if (!outsideOf.has(key))
      out.push(
        finding('lint.referral_rules_overlap', 'info', [...rulePath(j), 'when'],
          `referral rule "${a.id}" (${where(i)}, ${a.decision}) is an exception to "${b.id}" (${b.decision}): every referral "${a.id}" decides would also match "${b.id}", for example ${example}; the first rule wins.`,
          'nothing to do if the exception is intended'),
      );
    else
      out.push(
        finding('lint.referral_rules_overlap', 'warning', [...rulePath(j), 'when'],
          `referral rules "${a.id}" (${where(i)}, ${a.decision}) and "${b.id}" (${where(j)}, ${b.decision}) both match some referrals, for example ${example}; the first rule wins, so "${b.id}" does not decide those.`,
          `if "${a.id}" is meant to win, narrow "${b.id}" (or "${a.id}") so they no longer overlap; otherwise move "${b.id}" first`,
        ),
      );
  }

  if (!otherwise)
    out.push(
      finding('lint.referral_otherwise_unused', 'info', ['referral', 'otherwise'], `"otherwise" never applies: for every combination of ${facts.map((f) => `"${f}"`).join(', ')}, recorded or not, some rule decides first.`,
        'nothing to do; it is a safety net the rules never need'),
    );
  return out;
};

/** Some referral admitted (accepted or waitlisted) for whom `wanted` holds; `found` when there is no referral policy and `wanted` can hold. */
export function admittedWhere(programme: Programme, conditions: readonly Condition[], wanted: (f: Facts) => boolean): Search {
  const policy = programme.config.referral;
  const all = policy ? [...conditions, ...policy.rules.map((r) => r.when)] : conditions;
  let found: Facts | undefined;
  const complete = forEachCombination(programme, all, 'any', (f) => {
    if (found === undefined && wanted(f) && (!policy || admitted(decideReferral(programme, policy, f)))) found = f;
  });
  if (!complete) return { kind: 'unknown' };
  return found === undefined ? { kind: 'none' } : { kind: 'found', facts: found };
}
