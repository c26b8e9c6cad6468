import { z } from 'zod';
import { ConditionSchema } from '../conditions/schema.js';
import { LabelSchema } from '../i18n/label.js';
import { IdSchema } from '../facts/ids.js';

/** Places kept for one group of referrals (Försäkringskassan's five places at Nacka). */
export const ReservationSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  places: z.number().int().min(1),
  /** Which participants the places are kept for: a condition over their facts. */
  for: ConditionSchema,
});
export type Reservation = z.output<typeof ReservationSchema>;

/**
 * A programme's places. `places` is what admission uses; `plannedMin` records a range such as Nacka's
 * "60–80 full-time places with current staff". Reserved places go to their group first: they are given
 * to others only while nobody of that group is waiting.
 */
export const CapacitySchema = z
  .strictObject({
    places: z.number().int().min(1),
    plannedMin: z.number().int().min(1).optional(),
    reserved: z.array(ReservationSchema).default([]),
    /** The waiting list's order: participants matching an earlier condition first, then first come, first served. */
    priority: z.array(z.strictObject({ id: IdSchema, label: LabelSchema, when: ConditionSchema })).default([]),
    /** A stated occupancy goal (beläggning), as a share of places, when the programme names one. */
    occupancyGoal: z.strictObject({ label: LabelSchema, share: z.number().min(0).max(1).optional() }).optional(),
  })
  .refine((c) => c.plannedMin === undefined || c.plannedMin <= c.places, { message: 'plannedMin must not exceed places', path: ['plannedMin'] })
  .refine((c) => c.reserved.reduce((n, r) => n + r.places, 0) <= c.places, { message: 'more places are reserved than the programme has', path: ['reserved'] });
export type Capacity = z.output<typeof CapacitySchema>;

/** An activity or work area, run by a responsible supervisor, with its own places when it has a limit. */
export const AreaSchema = z.strictObject({
  id: IdSchema,
  label: LabelSchema,
  /** The responsible supervisor's position (an id of the unit's, never a person's name). */
  supervisor: IdSchema,
  places: z.number().int().min(1).optional(),
});
export type Area = z.output<typeof AreaSchema>;
