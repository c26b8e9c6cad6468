import { evaluate } from '../conditions/evaluate.js';
import type { Explanation } from '../conditions/explanation.js';
import type { Label } from '../i18n/label.js';
import type { Programme } from '../programme/compiled.js';
import type { Command } from '../state/commands.js';
import type { ParticipantContext } from '../state/context.js';
import { localDate } from '../time/calendar.js';
import { complianceOn } from './participation.js';
import { phaseOf } from './phases.js';
import { type Refusal, refuse } from './refusal.js';
import { scopeOf } from './scope.js';

type Ctx = ParticipantContext;

/** The drafts and decisions of `decide`, as this file needs them (its types live in decide.ts, which calls this). */
interface DraftLike {
  readonly type: string;
  readonly payload: unknown;
}
type DecisionLike<D extends DraftLike> = { ok: true; command: Command; drafts: D[] } | { ok: false; refusal: Refusal };
type ReferralDecision = (programme: Programme, facts: Ctx['facts']) => { decision: 'accept' | 'decline' | 'waitlist'; ruleId?: string; reason?: Label };

const meetsReferralRules: Label = { sv: 'Uppfyller programmets remissregler', en: 'Meets the programme\'s referral rules' };

/** A participation intensity the programme can take: it records intensity, and the days fit its full time. */
export function checkIntensity(programme: Programme, ctx: Ctx, i: { daysPerWeek: number; validFrom?: string }, path: (string | number)[]): Refusal | undefined {
  const config = programme.config.intensity;
  if (!config)
    return refuse('command.invalid', path.length > 0 ? path : ['type'], 'this programme does not record participation intensity', 'add "intensity: {}" to the programme, or leave the intensity out');
  if (i.daysPerWeek > config.fullTimeDaysPerWeek)
    return refuse('command.invalid', [...path, 'daysPerWeek'], `full time in this programme is ${config.fullTimeDaysPerWeek} days a week`, `give at most ${config.fullTimeDaysPerWeek} days`);
  if (i.validFrom !== undefined && ctx.intakeOn !== null && i.validFrom < ctx.intakeOn)
    return refuse('command.invalid', ['validFrom'], 'the intensity would be valid before the participant\'s intake', 'give a date from the intake on');
  return undefined;
}

/** Why the referral rules decline these facts: the declining rule's condition, or every rule that could have accepted. */
function whyDeclined(programme: Programme, facts: Ctx['facts'], ruleId: string | undefined): Explanation {
  const rules = programme.config.referral?.rules ?? [];
  const scope = scopeOf(programme, facts);
  const rule = rules.find((r) => r.id === ruleId);
  // A declining rule holds (its tree is ✓, under the ✗ of "declines"); without one, every rule that could accept fails.
  const children: Explanation[] = rule
    ? [{ ok: false, text: { sv: `Regeln "${rule.id}" avböjer`, en: `Rule "${rule.id}" declines` }, ...(rule.reason ? { detail: rule.reason } : {}), children: [evaluate(rule.when, scope)] }]
    : rules.filter((r) => r.decision !== 'decline').map((r) => evaluate(r.when, scope));
  return { ok: false, text: meetsReferralRules, ...(children.length > 0 ? { children } : {}) };
}

/**
 * What a decided command means for participation, after its own rule (one line in `decide`): a plan's intensity;
 * after a change of facts, whether the referral rules still accept the participant (a notice either way, never
 * an unenrolment); and every compliance rule re-checked on the day of the command, raising or clearing its flag.
 * `make` builds a draft; `preview` applies one, as `decide` does.
 */
export function withParticipation<D extends DraftLike>(
  programme: Programme,
  ctx: Ctx,
  decision: DecisionLike<D>,
  preview: (ctx: Ctx, d: D) => Ctx,
  make: (type: string, payload: unknown) => D,
  referralDecision: ReferralDecision,
): DecisionLike<D> {
  if (!decision.ok) return decision;
  const command = decision.command;
  const planIntensity = 'intensity' in command ? command.intensity : undefined;
  const factsChanged = programme.config.referral !== undefined && decision.drafts.some((d) => d.type === 'facts.updated');
  // Most commands of most programmes need none of this: the state after the drafts is built only when it is read.
  if (!planIntensity && !factsChanged && programme.config.compliance.length === 0 && Object.keys(ctx.participation?.flags ?? {}).length === 0) return decision;
  const drafts = [...decision.drafts];
  let after = drafts.reduce(preview, ctx);
  const add = (d: D) => {
    drafts.push(d);
    after = preview(after, d);
  };

  if (planIntensity && drafts.some((d) => d.type === 'plan.established')) {
    const refused = checkIntensity(programme, after, planIntensity, ['intensity']);
    if (refused) return { ok: false, refusal: refused };
    add(make('intensity.set', { ...planIntensity, validFrom: localDate(command.at) }));
  }

  const notify = after.referral?.caseworkerId ?? '';
  if (factsChanged) {
    const rule = referralDecision(programme, after.facts);
    const lost = after.participation?.eligibilityLost ?? null;
    if (rule.decision === 'decline' && lost === null)
      add(make('eligibility.lost', { ...(rule.ruleId ? { ruleId: rule.ruleId } : {}), ...(rule.reason ? { reason: rule.reason } : {}), explanation: whyDeclined(programme, after.facts, rule.ruleId), notify }));
    else if (rule.decision !== 'decline' && lost !== null) add(make('eligibility.regained', { ...(rule.ruleId ? { ruleId: rule.ruleId } : {}), notify }));
  }

  const phase = phaseOf(after);
  // A flag whose rule the programme no longer has (migrated from a version with it) is cleared, never left standing.
  const flagged = Object.entries(after.participation?.flags ?? {});
  if (flagged.length > 0 && (phase === 'active' || phase === 'paused'))
    for (const [ruleId, f] of flagged) if (!programme.config.compliance.some((r) => r.id === ruleId)) add(make('compliance.cleared', { ruleId, since: f.since, notify }));
  if (programme.config.compliance.length > 0 && (phase === 'active' || phase === 'paused')) {
    const day = localDate(command.at);
    const today = after.today !== null && after.today > day ? after.today : day;
    const flags = after.participation?.flags ?? {};
    for (const s of complianceOn(programme, after, today)) {
      const flag = flags[s.rule.id];
      if (s.holds && !flag) add(make('compliance.flagged', { ruleId: s.rule.id, label: s.rule.label, count: s.count, from: s.from, notify }));
      else if (!s.holds && flag) add(make('compliance.cleared', { ruleId: s.rule.id, since: flag.since, notify }));
    }
  }
  return drafts.length === decision.drafts.length ? decision : { ...decision, drafts };
}
