import { z } from 'zod';
import { LabelSchema } from '../i18n/label.js';
import { commandTypes } from '../state/command-types.js';
import { IdSchema } from '../facts/ids.js';

export const RoleSchema = z.strictObject({ id: IdSchema, label: LabelSchema });
export type Role = z.output<typeof RoleSchema>;

/**
 * Who may issue which commands, as data. With a policy, everything not granted is refused: a grant names
 * command types and roles, and `referringOnly` narrows it to the participant's referring caseworker
 * ("only the referring caseworker exits a participant").
 */
export const GrantSchema = z.strictObject({
  commands: z.array(z.enum(commandTypes)).min(1),
  roles: z.array(IdSchema).min(1),
  referringOnly: z.boolean().default(false),
  label: LabelSchema.optional(),
});
export type Grant = z.output<typeof GrantSchema>;

export const PolicySchema = z.array(GrantSchema).min(1);
export type Policy = z.output<typeof PolicySchema>;
