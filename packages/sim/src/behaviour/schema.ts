import { z } from 'zod';
import { ConditionSchema } from '@stegvis/core';

const Probability = z.number().min(0).max(1);
const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an id is letters, digits, "_" or "-", starting with a letter');

/**
 * What can happen to a participant in one week at one step, as probabilities. They are competing: at most
 * one happens per week, chosen in one draw, so their sum must not exceed 1. `exit` maps outcome ids to
 * weekly probabilities of leaving to that outcome.
 */
export const WeeklySchema = z
  .strictObject({
    advance: Probability.default(0),
    pause: Probability.default(0),
    regress: Probability.default(0),
    exit: z.record(Id, Probability).default({}),
  })
  .refine((w) => w.advance + w.pause + w.regress + Object.values(w.exit).reduce((a, b) => a + b, 0) <= 1 + 1e-9, {
    message: 'the weekly probabilities of one step add up to more than 1',
  });
export type Weekly = z.output<typeof WeeklySchema>;

/** How facts are distributed in a generated cohort: categorical weights for booleans and enums, a range for numbers. */
export const FactDistributionSchema = z.union([
  z.record(z.string(), z.number().min(0)),
  z.strictObject({ uniform: z.tuple([z.number(), z.number()]) }),
]);

/**
 * A behaviour model, as data: per step, weekly probabilities of advancing, pausing, regressing and leaving
 * to each outcome; while paused, of resuming or leaving; multipliers that depend on declared facts; how
 * facts are distributed in a cohort; and how often the unit meets deadlines it controls.
 */
export const BehaviourSchema = z.strictObject({
  programme: Id,
  /** Applies to every step unless the step gives its own value. */
  default: WeeklySchema.optional(),
  steps: z.record(Id, WeeklySchema).default({}),
  paused: z.strictObject({ resume: Probability.default(0.25), exit: z.record(Id, Probability).default({}) }).default({ resume: 0.25, exit: {} }),
  modifiers: z
    .array(
      z.strictObject({
        when: ConditionSchema,
        /** The steps it applies to; all when absent. */
        steps: z.array(Id).optional(),
        multiply: z.strictObject({ advance: z.number().min(0).optional(), pause: z.number().min(0).optional(), regress: z.number().min(0).optional(), exit: z.number().min(0).optional() }),
      }),
    )
    .default([]),
  facts: z.record(Id, FactDistributionSchema).default({}),
  /** Share of follow-ups held on time; the rest are held one to three weeks late. */
  followUpsOnTime: Probability.default(0.85),
  /**
   * Added by the simulator: weekly probabilities at a step while the participant carries the lock-in flag,
   * that is, is still in a time-limited employment after its end (in place of the step's own).
   */
  afterEnd: z.record(Id, WeeklySchema).default({}),
  /** Added by the simulator: share of requirements with a `dueWithin` met by their due date; the rest one to three weeks late. */
  requirementsOnTime: Probability.default(0.85),
  /** Added by the simulator: how referrals are spread over the programme's areas (weights by area id); none when empty. */
  areas: z.record(Id, z.number().min(0)).default({}),
  /**
   * Added for participation intensity: how the cohort's intensity is distributed (percent of full time, days a
   * week, and the share of participants at it). The report weights head counts by it (full-time equivalents);
   * it does not change the path, which the kernel models without attendance.
   */
  intensity: z
    .array(z.strictObject({ percent: z.number().int().min(1).max(100), daysPerWeek: z.number().int().min(1).max(7), share: Probability }))
    .default([])
    .refine((xs) => xs.length === 0 || Math.abs(xs.reduce((a, x) => a + x.share, 0) - 1) < 1e-6, { message: 'the shares of the intensity distribution must add up to 1' }),
});
export type Behaviour = z.output<typeof BehaviourSchema>;
export type BehaviourInput = z.input<typeof BehaviourSchema>;
