import type { Label } from '../i18n/label.js';
import type { Programme } from '../programme/compiled.js';
import type { ParticipantContext } from '../state/context.js';
import type { IsoDate } from '../time/calendar.js';
import { referralDecision } from '../path/decide.js';
import { type Phase, phaseOf } from '../path/phases.js';

/** A participant who still meets the referral rules but carries a compliance flag: whom the referring caseworker must act on. */
export interface NotCompliant {
  readonly participantId: string;
  readonly phase: Phase;
  /** The referring caseworker: the one to act (Nacka: "det är den remitterande handläggaren som sedan ska agera"). */
  readonly notify: string;
  readonly flags: readonly { readonly ruleId: string; readonly label: Label; readonly since: IsoDate; readonly count: number }[];
}

/**
 * The participants, of those given, who are eligible (their facts still meet the programme's referral rules) and
 * not compliant (a compliance rule held at their last event), in the order given. Only participants in the
 * programme (active or paused) are listed. Pure: the host passes the states it may read (see `mayRead`).
 */
export function notCompliant(programme: Programme, contexts: Iterable<ParticipantContext>): NotCompliant[] {
  const labels = new Map(programme.config.compliance.map((r) => [r.id, r.label]));
  const out: NotCompliant[] = [];
  for (const ctx of contexts) {
    const phase = phaseOf(ctx);
    const flags = Object.entries(ctx.participation?.flags ?? {});
    if ((phase !== 'active' && phase !== 'paused') || flags.length === 0) continue;
    if (referralDecision(programme, ctx.facts).decision === 'decline') continue;
    out.push({
      participantId: ctx.participantId,
      phase,
      notify: ctx.referral?.caseworkerId ?? '',
      flags: flags.map(([ruleId, f]) => ({ ruleId, label: labels.get(ruleId) ?? { sv: ruleId, en: ruleId }, since: f.since, count: f.count })),
    });
  }
  return out;
}
