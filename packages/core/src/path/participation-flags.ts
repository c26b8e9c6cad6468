import type { Label } from '../i18n/label.js';
import type { Programme } from '../programme/compiled.js';
import type { ParticipantContext } from '../state/context.js';
import type { IsoDate } from '../time/calendar.js';

const eligibilityLost: Label = { sv: 'Uppfyller inte längre programmets remissregler', en: 'No longer meets the programme\'s referral rules' };

/**
 * The flags participation raises: each compliance rule that held at the last event (`compliance.<rule id>`), and
 * a participant whose facts the referral rules would now decline (`eligibilityLost`).
 */
export function participationFlags(programme: Programme, ctx: ParticipantContext): { id: string; label: Label; since: IsoDate | null }[] {
  const p = ctx.participation;
  if (!p) return [];
  const rules = new Map(programme.config.compliance.map((r) => [r.id, r]));
  const out = Object.entries(p.flags).map(([id, f]) => ({ id: `compliance.${id}`, label: rules.get(id)?.label ?? { sv: id, en: id }, since: f.since }));
  if (p.eligibilityLost) out.push({ id: 'eligibilityLost', label: eligibilityLost, since: p.eligibilityLost.on });
  return out;
}
