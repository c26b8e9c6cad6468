import type { NamedCondition } from '../conditions/schema.js';
import type { Fact } from '../facts/facts.js';
import type { Label } from '../i18n/label.js';
import type { Category, Outcome, StepBlueprint } from '../rules/blueprint.js';
import type { RuleEnv } from '../rules/record-conditions.js';
import type { ProgrammeConfig } from './schema.js';

export interface CompiledStep {
  readonly id: string;
  readonly kind: string;
  readonly label: Label;
  /** Position in the path, 0-based; the exit step is last. */
  readonly index: number;
  readonly params: unknown;
  /** What the step's kind built, as data; its deadlines include those of requirements with `dueWithin`. */
  readonly blueprint: StepBlueprint;
}

/** A validated programme with every step built by its kind: what the machine builder and engine run. */
export interface Programme {
  readonly config: ProgrammeConfig;
  readonly id: string;
  readonly version: number;
  readonly name: Label;
  /** The steps a participant moves through, in order, without the exit step. */
  readonly steps: readonly CompiledStep[];
  readonly exitStep: CompiledStep;
  /** The exit step's outcomes and the categories they are reported in. */
  readonly outcomes: readonly Outcome[];
  readonly categories: readonly Category[];
  readonly stepsById: ReadonlyMap<string, CompiledStep>;
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly conditionsById: ReadonlyMap<string, NamedCondition>;
  readonly outcomesById: ReadonlyMap<string, Outcome>;
  /** Every kind of deadline a participant can have, with the label reports group it under. */
  readonly deadlineKinds: ReadonlyMap<string, Label>;
  /** The flags an overdue deadline can raise (lock-in after a time-limited employment), by id. */
  readonly flags: ReadonlyMap<string, Label>;
  /** The roles that can be required at a follow-up; a record condition's roles are bits of this list. */
  readonly attendanceRoles: readonly string[];
  /** What record conditions know of the programme (see `rules/record-conditions.ts`). */
  readonly env: RuleEnv;
}
