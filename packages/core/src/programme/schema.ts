import { z } from 'zod';
import { LabelSchema } from '../i18n/label.js';
import { NamedConditionSchema } from '../conditions/schema.js';
import { AreaSchema, CapacitySchema } from '../programme/capacity.js';
import { FactSchema } from '../facts/facts.js';
import { FundingSchema } from './funding.js';
import { IdSchema } from '../facts/ids.js';
import { ReferralPolicySchema } from './referral.js';
import { PolicySchema, RoleSchema } from './policy.js';
import { ResponsibilitySchema } from './responsibility.js';
import { ComplianceRuleSchema, IntensityConfigSchema } from './participation.js';
import { ProposalsSchema } from './proposals.js';
import { ExitFollowUpsSchema, MunicipalitySchema } from './after-exit.js';

/** Follow-up meetings: the first some weeks after the plan is established, then every N weeks, N chosen in the plan. */
export const FollowUpCadenceSchema = z
  .strictObject({
    firstAfterWeeks: z.number().int().min(1),
    everyWeeks: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
    /** Roles that must take part for a follow-up to count (Enköping's joint follow-ups). */
    jointWith: z.array(IdSchema).default([]),
  })
  .refine((c) => c.everyWeeks.min <= c.everyWeeks.max, {
    message: 'everyWeeks.min must not be larger than everyWeeks.max',
    path: ['everyWeeks'],
  });
export type FollowUpCadence = z.output<typeof FollowUpCadenceSchema>;

/** A step as the programme writes it; `params` is checked by the schema of the step's kind. */
export const StepConfigSchema = z.strictObject({
  id: IdSchema,
  kind: IdSchema,
  label: LabelSchema,
  description: LabelSchema.optional(),
  params: z.unknown().optional(),
});
export type StepConfig = z.output<typeof StepConfigSchema>;

/**
 * A programme: plain JSON-compatible data a programme designer writes (in YAML or TypeScript).
 * The path is intake → the steps in order → the exit step, which must come last.
 */
export const ProgrammeSchema = z.strictObject({
  id: IdSchema,
  version: z.number().int().min(1),
  name: LabelSchema,
  description: LabelSchema.optional(),
  /** Where the rules come from, for example the seed document's name. */
  source: z.string().optional(),
  facts: z.array(FactSchema).default([]),
  conditions: z.array(NamedConditionSchema).default([]),
  followUps: FollowUpCadenceSchema.optional(),
  referral: ReferralPolicySchema.optional(),
  capacity: CapacitySchema.optional(),
  areas: z.array(AreaSchema).default([]),
  responsibility: ResponsibilitySchema.optional(),
  funding: FundingSchema.optional(),
  /** The roles that act on participants; with a `policy`, only granted roles may issue each command. */
  roles: z.array(RoleSchema).default([]),
  policy: PolicySchema.optional(),
  steps: z.array(StepConfigSchema).min(2, 'a programme needs at least one step and an exit step'),
  /** That participation intensity is recorded (percent of full time, days a week, from a date). */
  intensity: IntensityConfigSchema.optional(),
  /** Conditions over a window of recorded absences and deviations, re-checked on every record and tick. */
  compliance: z.array(ComplianceRuleSchema).default([]),
  /** Who may propose which changes for a caseworker to decide, and within how long (docs/engine.md, "Corrections and proposals"). */
  proposals: ProposalsSchema.optional(),
  /** Follow-ups after exit (at 1 and 6 months, say): deadlines on the exited participant, met by `recordExitFollowUp`. */
  followUpAfterExit: ExitFollowUpsSchema.default([]),
  /** The municipality the programme reports for (Kolada's figures, SCB's file). */
  municipality: MunicipalitySchema.optional(),
});

export type ProgrammeConfig = z.output<typeof ProgrammeSchema>;
export type ProgrammeInput = z.input<typeof ProgrammeSchema>;
