import type { NamedCondition } from '../conditions/schema.js';
import type { Label } from '../i18n/label.js';
import type { Outcome, StepBlueprint } from '../steps/kind.js';
import type { Fact } from './facts.js';
import type { ProgrammeConfig } from './schema.js';

export interface CompiledStep {
  readonly id: string;
  readonly kind: string;
  readonly label: Label;
  /** Position in the path, 0-based; the exit step is last. */
  readonly index: number;
  readonly params: unknown;
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
  readonly stepsById: ReadonlyMap<string, CompiledStep>;
  readonly factsById: ReadonlyMap<string, Fact>;
  readonly conditionsById: ReadonlyMap<string, NamedCondition>;
  readonly outcomesById: ReadonlyMap<string, Outcome>;
}
