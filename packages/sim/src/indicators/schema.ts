import { z } from 'zod';
import { LabelSchema } from '@stegvis/core';

const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'an id is letters, digits, "_", "-" or ".", starting with a letter');
const Income = z.enum(['full', 'partial', 'none']);

/**
 * What qualifies a participant for an indicator's numerator. A participant qualifies when ANY listed
 * criterion matches: an exit to one of `outcomes`, to an outcome of one of `categories`, to an outcome
 * whose `income` is listed, or having completed one of `stepsCompleted` (within the window). Empty:
 * nothing qualifies (the indicator cannot be measured from the programme's outcomes).
 */
export const QualifiesSchema = z.strictObject({
  outcomes: z.array(Id).default([]),
  categories: z.array(Id).default([]),
  income: z.array(Income).default([]),
  stepsCompleted: z.array(Id).default([]),
});
export type Qualifies = z.output<typeof QualifiesSchema>;
export type QualifiesInput = z.input<typeof QualifiesSchema>;

/**
 * When the indicator looks:
 * - `byMonth`: the participant's state on the day `months` calendar months after intake (admission);
 * - `atExit`: on leaving, "within `withinWeeks` weeks of exit" — the recorded exit outcome is taken as
 *   the status within that window (the simulator records the outcome on the day of exit);
 * - `afterExit`: `months` months after leaving — the simulator does not follow participants after exit,
 *   so only a stated proxy can be computed (see `measurement`).
 */
export const WindowSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('byMonth'), months: z.number().int().min(1) }),
  z.strictObject({ type: z.literal('atExit'), withinWeeks: z.number().int().min(0).default(0) }),
  z.strictObject({ type: z.literal('afterExit'), months: z.number().int().min(1) }),
]);
export type Window = z.output<typeof WindowSchema>;

/**
 * Who is counted below the line: everyone `admitted` (and followed long enough to see the window), or
 * everyone who `exited` (ended the measure) within the simulated period; optionally without some
 * outcomes (for example "moved away", when a definition leaves those out).
 */
export const DenominatorSchema = z.union([
  z.enum(['admitted', 'exited']).transform((population) => ({ population, excludeOutcomes: [] as string[], excludeCategories: [] as string[] })),
  z.strictObject({
    population: z.enum(['admitted', 'exited']),
    excludeOutcomes: z.array(Id).default([]),
    excludeCategories: z.array(Id).default([]),
  }),
]);
export type Denominator = z.output<typeof DenominatorSchema>;

/** How an indicator maps onto one programme: which of its outcomes qualify, and why. Replaces the defaults. */
export const ProgrammeMappingSchema = z.strictObject({
  qualifies: QualifiesSchema.optional(),
  /** The proxy's numerator for this programme, when the indicator is measured by a proxy. */
  proxy: QualifiesSchema.optional(),
  excludeOutcomes: z.array(Id).optional(),
  excludeCategories: z.array(Id).optional(),
  /** Why these outcomes, in words: the documented mapping. */
  note: LabelSchema.optional(),
});
export type ProgrammeMapping = z.output<typeof ProgrammeMappingSchema>;
export type ProgrammeMappingInput = z.input<typeof ProgrammeMappingSchema>;

/**
 * One indicator, as configuration: an id, labels, a window, a denominator, what qualifies (by default,
 * and per programme by id), how it can be measured, and an optional target share.
 */
/** What every indicator definition names about itself. */
const heading = {
  id: Id,
  label: LabelSchema,
  description: LabelSchema.optional(),
  /** Where the definition comes from (a regulation, a statistics database). */
  source: z.string().optional(),
  /** What the simulated value cannot see, in words (for example "at least one continuous month"). */
  caveats: z.array(LabelSchema).default([]),
};

export const IndicatorSchema = z.strictObject({
  ...heading,
  window: WindowSchema,
  denominator: DenominatorSchema,
  /** The default numerator, used for a programme that has no entry under `programmes`. */
  qualifies: QualifiesSchema.default({ outcomes: [], categories: [], income: [], stepsCompleted: [] }),
  /**
   * `outcomes`: computable from the simulated exit outcomes and step completions.
   * `followUp`: needs data the simulator does not have (status weeks or months after exit, a
   * qualification gained); the value is `null`, and a `proxy` is computed when one is given.
   */
  measurement: z.enum(['outcomes', 'followUp']).default('outcomes'),
  proxy: z.strictObject({ qualifies: QualifiesSchema.optional(), assumption: LabelSchema }).optional(),
  target: z.number().min(0).max(1).optional(),
  /** Per-programme mappings, keyed by programme id. */
  programmes: z.record(Id, ProgrammeMappingSchema).default({}),
}).refine((i) => (i.window.type === 'byMonth') === (i.denominator.population === 'admitted'), {
  message: 'a "byMonth" window counts everyone admitted (denominator: admitted); "atExit" and "afterExit" count those who exited (denominator: exited)',
  path: ['denominator'],
});
export type Indicator = z.output<typeof IndicatorSchema>;
export type IndicatorInput = z.input<typeof IndicatorSchema>;

/**
 * A family of indicators read from the programme itself: `stepTargets` gives one indicator per step
 * with a `target` (share through the step by month N after intake, against the target's share).
 */
export const ProgrammeIndicatorsSchema = z.strictObject({
  ...heading,
  fromProgramme: z.literal('stepTargets'),
});
export type ProgrammeIndicators = z.output<typeof ProgrammeIndicatorsSchema>;

export const IndicatorDefinitionSchema = z.union([ProgrammeIndicatorsSchema, IndicatorSchema]);
export type IndicatorDefinition = z.output<typeof IndicatorDefinitionSchema>;
export type IndicatorDefinitionInput = z.input<typeof IndicatorDefinitionSchema>;

/** A file of indicator definitions (packages/sim/indicators/*.yaml). */
export const IndicatorFileSchema = z.strictObject({
  description: LabelSchema.optional(),
  source: z.string().optional(),
  indicators: z.array(IndicatorDefinitionSchema).min(1),
});
export type IndicatorFile = z.output<typeof IndicatorFileSchema>;
export type IndicatorFileInput = z.input<typeof IndicatorFileSchema>;

export const isProgrammeIndicators = (d: IndicatorDefinition): d is ProgrammeIndicators => 'fromProgramme' in d;
