import { z } from 'zod';
import { IdSchema } from '../facts/ids.js';
import { LabelSchema } from '../i18n/label.js';
import { proposableTypes } from '../state/command-types.js';
import { PeriodSchema } from '../time/calendar.js';

/**
 * Changes that someone other than the deciding caseworker proposes (a work supervisor, an external
 * provider): which roles may propose which commands, and how long a decision may take. Who decides is the
 * policy's: a grant of `approveProposal` / `rejectProposal` (with `referringOnly`, only the referring
 * caseworker), and an approval is then decided as the approver's own command, so the approver must be
 * allowed that command too.
 *
 * @example
 * proposals:
 *   decideWithin: { days: 5 }
 *   allow:
 *     - { roles: [workSupervisor], commands: [markRequirement, recordDeviation] }
 */
export const ProposalsSchema = z.strictObject({
  /** A pending proposal's deadline, counted from the day it was made: it shows in the due list like any deadline. */
  decideWithin: PeriodSchema,
  allow: z
    .array(
      z.strictObject({
        roles: z.array(IdSchema).min(1),
        commands: z.array(z.enum(proposableTypes)).min(1),
        label: LabelSchema.optional(),
      }),
    )
    .min(1),
});
export type Proposals = z.output<typeof ProposalsSchema>;

/** The deadline kind of a pending proposal's decision, and how reports name it. */
export const proposalDeadlineKind = { kind: 'proposalDecision', kindLabel: { sv: 'Beslut om förslag', en: 'Decisions on proposals' } } as const;
