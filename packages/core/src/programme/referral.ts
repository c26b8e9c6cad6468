import { z } from 'zod';
import { ConditionSchema } from '../conditions/schema.js';
import { LabelSchema } from '../i18n/label.js';
import { IdSchema } from '../facts/ids.js';

export const referralDecisions = ['accept', 'decline', 'waitlist'] as const;
export type ReferralDecision = (typeof referralDecisions)[number];

/** One referral rule: for referrals where `when` holds, the decision. The first matching rule decides. */
export const ReferralRuleSchema = z
  .strictObject({
    id: IdSchema,
    label: LabelSchema.optional(),
    when: ConditionSchema,
    decision: z.enum(referralDecisions),
    /** Said to the referring caseworker; required when the decision is decline. */
    reason: LabelSchema.optional(),
  })
  .refine((r) => r.decision !== 'decline' || r.reason !== undefined, {
    message: 'a rule that declines must give a reason, for example reason: { sv: …, en: … }',
    path: ['reason'],
  });
export type ReferralRule = z.output<typeof ReferralRuleSchema>;

/**
 * Who may be referred, as data: rules over the facts of the referral (referrer, target group…), in order,
 * and what happens when none matches.
 */
export const ReferralPolicySchema = z.strictObject({
  rules: z.array(ReferralRuleSchema).min(1),
  otherwise: z
    .strictObject({ decision: z.enum(referralDecisions), reason: LabelSchema.optional() })
    .refine((o) => o.decision !== 'decline' || o.reason !== undefined, { message: 'declining needs a reason', path: ['reason'] }),
});
export type ReferralPolicy = z.output<typeof ReferralPolicySchema>;
