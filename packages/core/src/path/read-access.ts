import { type Explanation, explain } from '../conditions/explanation.js';
import type { Programme } from '../programme/compiled.js';
import type { Actor, ParticipantContext } from '../state/context.js';

/** Which of a programme's participants a role may read: all of them, only those the actor referred, or none. */
export type ReadScope = 'all' | 'ownReferrals' | 'none';

/**
 * What a role may read, by the programme's policy: the participants it may act on. A role with any grant
 * that is not `referringOnly` may act on every participant, so it reads every one; a role whose grants
 * are all `referringOnly` reads only the participants its actor referred; a role with no grant reads none.
 * Without a policy every role reads everyone: the host's own access control is then all there is.
 */
export function readScope(programme: Programme, role: string): ReadScope {
  const policy = programme.config.policy;
  if (!policy) return 'all';
  const grants = policy.filter((g) => g.roles.includes(role));
  if (grants.some((g) => !g.referringOnly)) return 'all';
  return grants.length > 0 ? 'ownReferrals' : 'none';
}

/**
 * May this actor read this participant (their state, events and deadlines)? As an explanation, so a
 * refusal can say why in Swedish and English.
 *
 * @example
 * const may = mayRead(programme, snapshot.context, { id: 'cw-9', role: 'caseworker' });
 * if (!may.ok) console.log(formatExplanation(may, 'sv'));
 */
export function mayRead(programme: Programme, ctx: ParticipantContext, actor: Actor): Explanation {
  const role = programme.config.roles.find((r) => r.id === actor.role)?.label ?? { sv: actor.role, en: actor.role };
  const detail = { sv: `roll: ${role.sv}`, en: `role: ${role.en}` };
  const text = { sv: 'Får läsa deltagaren', en: 'May read the participant' };
  const scope = readScope(programme, actor.role);
  if (scope === 'all') return explain(true, text, undefined, detail);
  if (scope === 'none')
    return explain(false, text, [explain(false, { sv: 'Rollen får inte göra något i programmet', en: 'The role may do nothing in this programme' })], detail);
  const referred = ctx.referral !== null && ctx.referral.caseworkerId === actor.id;
  return explain(referred, text, [explain(referred, { sv: 'Remitterande handläggare (endast egna remisser)', en: 'Referring caseworker (own referrals only)' })], detail);
}
