import { StegvisError, issue } from '../errors/issue.js';
import type { StepKind } from './kind.js';
import { actionPlanKind } from './builtin/action-plan.js';
import { assessmentKind } from './builtin/assessment.js';
import { exitKind } from './builtin/exit.js';
import { ladderStepKind } from './builtin/ladder-step.js';
import { subsidisedEmploymentKind } from './builtin/subsidised-employment.js';

/** The step kinds a programme may use. Immutable: `with` returns a new registry. */
export interface StepKindRegistry {
  get(kind: string): StepKind | undefined;
  readonly kinds: readonly StepKind[];
  with(...kinds: StepKind<any>[]): StepKindRegistry;
}

/**
 * @example
 * const registry = defaultRegistry.with(mentoringKind);
 * const result = validateProgramme(config, { registry });
 */
export function createRegistry(kinds: readonly StepKind<any>[]): StepKindRegistry {
  const byKind = new Map<string, StepKind>();
  for (const k of kinds) {
    if (byKind.has(k.kind))
      throw new StegvisError('config.duplicate_id', [issue('config.duplicate_id', ['kinds', k.kind], `step kind "${k.kind}" is registered twice`, 'give the new kind another name')]);
    byKind.set(k.kind, k as StepKind);
  }
  const all = [...byKind.values()];
  return {
    get: (kind) => byKind.get(kind),
    kinds: all,
    with: (...more) => createRegistry([...all, ...more]),
  };
}

export const builtinStepKinds: readonly StepKind<any>[] = [assessmentKind, actionPlanKind, ladderStepKind, subsidisedEmploymentKind, exitKind];

export const defaultRegistry: StepKindRegistry = createRegistry(builtinStepKinds);
