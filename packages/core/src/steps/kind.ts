import type { z } from 'zod';
import type { Issue } from '../errors/issue.js';
import type { Label } from '../i18n/label.js';
import type { StepBlueprint } from '../rules/blueprint.js';

export interface StepInfo {
  readonly id: string;
  readonly label: Label;
}

/**
 * A step kind: a plugin that declares the zod schema of its parameters and builds its part of the
 * participant's path as data (`StepBlueprint`: requirements, a completion condition over the record,
 * deadlines, what it records). It imports nothing of the engine: because the blueprint is data, every
 * tool — validation, lint, the JSON Schema, the diagram, the simulation kernel on any thread, migration,
 * the report — works with a kind it has never seen. Register kinds in a `StepKindRegistry`.
 */
export interface StepKind<Params = unknown> {
  readonly kind: string;
  readonly label: Label;
  readonly params: z.ZodType<Params>;
  build(params: Params, step: StepInfo): StepBlueprint;
  /** Extra checks of the params that a schema cannot express; paths are relative to `params`. */
  check?(params: Params, step: StepInfo): Issue[];
}

/**
 * Declares a step kind with its parameters typed from its schema.
 *
 * @example
 * const mentoring = defineStepKind({
 *   kind: 'mentoring',
 *   label: { sv: 'Mentorskap', en: 'Mentoring' },
 *   params: z.strictObject({ sessions: z.number().int().min(1) }),
 *   build: (p, step) => ({
 *     requirements: [], autoAdvance: false, deadlines: [],
 *     completion: { type: 'followUp' },
 *   }),
 * });
 */
export function defineStepKind<S extends z.ZodType>(kind: {
  kind: string;
  label: Label;
  params: S;
  build(params: z.output<S>, step: StepInfo): StepBlueprint;
  check?(params: z.output<S>, step: StepInfo): Issue[];
}): StepKind<z.output<S>> {
  return kind as StepKind<z.output<S>>;
}
