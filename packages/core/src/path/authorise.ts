import { type Explanation, explain } from '../conditions/explanation.js';
import type { Programme } from '../programme/compiled.js';
import type { Command } from '../state/commands.js';
import type { ParticipantContext } from '../state/context.js';
import { type Refusal, refuse } from './refusal.js';

/**
 * Checks the programme's policy: with one, a command is allowed only when a grant names its type and
 * the actor's role (and, for `referringOnly`, the actor is the participant's referring caseworker).
 * Without a policy, every role may do everything: the host's own access control is then all there is.
 */
export function authorise(programme: Programme, ctx: ParticipantContext, command: Command): Refusal | undefined {
  const policy = programme.config.policy;
  if (!policy) return undefined;
  const roleLabel = (id: string) => programme.config.roles.find((r) => r.id === id)?.label ?? { sv: id, en: id };
  const grants = policy.filter((g) => (g.commands as readonly string[]).includes(command.type));
  // Before a referral nobody is the referring caseworker yet; the phase check then says "not referred".
  const grantOk = (g: (typeof grants)[number]) =>
    g.roles.includes(command.actor.role) && (!g.referringOnly || ctx.referral === null || ctx.referral.caseworkerId === command.actor.id);
  // The explanation is for a refusal only: an allowed command (nearly every one) does not build it.
  if (grants.some(grantOk)) return undefined;
  const children: Explanation[] = grants.map((g) => {
    const who = g.roles.map(roleLabel);
    const text = {
      sv: `${who.map((w) => w.sv).join(' eller ')}${g.referringOnly ? ' (endast remitterande handläggare)' : ''}`,
      en: `${who.map((w) => w.en).join(' or ')}${g.referringOnly ? ' (the referring caseworker only)' : ''}`,
    };
    return explain(grantOk(g), g.label ?? text);
  });
  const explanation = explain(children.some((c) => c.ok), { sv: `Får göra "${command.type}"`, en: `May do "${command.type}"` }, children, {
    sv: `roll: ${roleLabel(command.actor.role).sv}`,
    en: `role: ${roleLabel(command.actor.role).en}`,
  });
  return refuse('command.forbidden', ['actor'], `the role "${command.actor.role}" may not do "${command.type}" in this programme`,
    grants.length > 0 ? 'ask someone with a role the explanation names' : `the programme's policy grants "${command.type}" to no role`, explanation);
}
