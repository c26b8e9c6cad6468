import { z } from 'zod';
import { LabelSchema } from '../i18n/label.js';
import { IdSchema } from '../facts/ids.js';

/**
 * The administrations that can be responsible for a participant (Kungsbacka: LSS, SoL, adult education).
 * Every participant should have exactly one; one with none is flagged, and a handover is an explicit event.
 */
export const ResponsibilitySchema = z.strictObject({
  parties: z.array(z.strictObject({ id: IdSchema, label: LabelSchema, law: z.string().optional() })).min(1),
});
export type Responsibility = z.output<typeof ResponsibilitySchema>;
