import type { Path } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import { describeFacts, factsOf, holdsFor, satisfiable, search } from './domain.js';
import { type Finding, finding } from './finding.js';
import type { RecordCondition } from '../rules/record-condition.js';
import { recordConditionChildren, recordConditionQuorum } from '../rules/record-conditions.js';

/** A part of a completion condition that asks for more of its parts than it has: `{ n, of }`, or null. */
function impossible(c: RecordCondition): { n: number; of: number } | null {
  const parts = recordConditionChildren(c);
  const needed = recordConditionQuorum(c);
  if (needed > parts.length) return { n: needed, of: parts.length };
  for (const k of parts) {
    const inner = impossible(k);
    if (inner) return inner;
  }
  return null;
}

/**
 * Steps no participant can get past, and so the steps after them no participant can reach. The path is a
 * line and a caseworker can mark or waive any requirement, so the only decidable block is a completion
 * rule asking for more requirements than the step has (ladderStep rejects it when validating; other kinds,
 * subsidisedEmployment and plugins, may not). Exit stays possible from every step.
 */
export const lintReachability = (programme: Programme): Finding[] => {
  const blocker = programme.steps.find((s) => impossible(s.blueprint.completion) !== null);
  if (!blocker) return [];
  const { n, of } = impossible(blocker.blueprint.completion)!;
  const after = programme.steps.slice(blocker.index + 1);
  const completionPath: Path = ['steps', blocker.index, 'params', 'completion'];
  return [
    finding('lint.step_cannot_complete', 'error', completionPath,
      `step "${blocker.id}" needs at least ${n} of ${of} parts of its completion done, so no participant can complete it${after.length > 0 ? ` or reach ${after.map((s) => `"${s.id}"`).join(', ')} after it` : ''}; they can only exit from it.`,
      `ask for at most ${of}, or add the missing requirements`),
    ...after.map((s) =>
      finding('lint.unreachable_step', 'error', ['steps', s.index], `no participant can reach step "${s.id}": step "${blocker.id}" before it can never be completed (see steps.${blocker.index}.params.completion).`,
        `fix the completion rule of "${blocker.id}"`),
    ),
  ];
};

/** `satisfiedBy: participantTookPartInPlan` is met by the action plan's record, which must exist by then. */
export const lintRecordedRequirements = (programme: Programme): Finding[] =>
  programme.steps.flatMap((s) => {
    const plan = programme.steps.find((p) => p.blueprint.records?.type === 'actionPlan');
    return s.blueprint.requirements.flatMap((r, j) =>
      r.satisfiedBy === 'participantTookPartInPlan' && (!plan || plan.index > s.index)
        ? [
            finding('lint.requirement_never_recorded', 'warning', ['steps', s.index, 'params', 'requirements', j, 'satisfiedBy'],
              `requirement "${r.id}" of step "${s.id}" is met when the participant took part in writing the action plan, but ${plan ? `the action plan "${plan.id}" comes after this step` : 'the programme has no action-plan step'}, so the record never meets it and a caseworker must mark it by hand.`,
              plan ? `move the action plan before "${s.id}"` : 'add an actionPlan step before this step, or remove satisfiedBy'),
          ]
        : [],
    );
  });

/**
 * The exit is open from every step, so a participant can always leave unless no outcome applies to them:
 * every outcome's `when` can never hold (nobody can exit), or together they leave some participants out.
 */
export const lintExit = (programme: Programme): Finding[] => {
  const exit = programme.exitStep;
  const outcomes = exit.blueprint.exit?.outcomes ?? [];
  const path: Path = ['steps', exit.index, 'params', 'outcomes'];
  if (outcomes.length === 0 || outcomes.some((o) => o.when === undefined)) return [];
  const whens = outcomes.map((o) => o.when!);
  if (whens.every((w) => satisfiable(programme, w).kind === 'none'))
    return [
      finding('lint.no_exit', 'error', path, 'no exit outcome applies to anyone: the condition of every outcome can never hold, so no participant can ever leave the programme.',
        'give at least one outcome a condition that can hold, or none at all (see the lint.unsatisfiable_condition findings on each outcome)'),
    ];
  const left = search(programme, whens, 'recorded', (f) => !whens.some((w) => holdsFor(programme, w, f)));
  if (left.kind !== 'found') return [];
  return [
    finding('lint.exit_not_for_everyone', 'warning', path,
      `every exit outcome has a condition, and none of them applies to some participants, for example ${describeFacts(programme, left.facts, factsOf(programme, ...whens))}; they cannot leave the programme.`,
      'add an outcome without a condition (for example "discontinued"), or widen the conditions so every participant has one'),
  ];
};
