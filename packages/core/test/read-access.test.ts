import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CommandType, commandTypes, createEngine, formatExplanation, formatIssues, mayRead, readScope, stockholmInstant, validateProgramme, validateProgrammeYaml } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';

const nacka = validateProgrammeYaml(readFileSync(new URL('../../../examples/nacka/programme.yaml', import.meta.url), 'utf8'));
if (!nacka.ok) throw new Error(formatIssues(nacka.issues));

/** A policy where one role acts only on its own referrals, one acts on all, one has no grant. */
const built = validateProgramme({
  ...minimal(),
  roles: [
    { id: 'referrer', label: 'Remittent' },
    { id: 'coordinator', label: 'Samordnare' },
    { id: 'auditor', label: 'Granskare' },
  ],
  policy: [
    { commands: ['refer'], roles: ['referrer', 'coordinator'], referringOnly: true },
    { commands: ['exit', 'pause'], roles: ['referrer'], referringOnly: true },
    { commands: ['recordAttendance'], roles: ['coordinator'] },
  ],
});
if (!built.ok) throw new Error(formatIssues(built.issues));
const programme = built.value;
const engine = createEngine(programme);
const referred = (by: string) => {
  const r = engine.execute(engine.initial('p-1'), { type: 'refer', participantId: 'p-1', at: stockholmInstant('2026-03-02T09:00'), actor: { id: by, role: 'referrer' }, facts: {} });
  if (!r.ok) throw new Error(formatIssues(r.refusal.issues));
  return r.snapshot.context;
};

describe('may this actor read this participant', () => {
  it('a role reads the participants it may act on: all, its own referrals, or none', () => {
    expect(readScope(programme, 'coordinator')).toBe('all');
    expect(readScope(programme, 'referrer')).toBe('ownReferrals');
    expect(readScope(programme, 'auditor')).toBe('none');
    const ctx = referred('cw-1');
    expect(mayRead(programme, ctx, { id: 'cw-1', role: 'referrer' }).ok).toBe(true);
    const other = mayRead(programme, ctx, { id: 'cw-2', role: 'referrer' });
    expect(other.ok).toBe(false);
    expect(formatExplanation(other, 'sv')).toBe('✗ Får läsa deltagaren (roll: Remittent)\n  ✗ Remitterande handläggare (endast egna remisser)');
    expect(formatExplanation(mayRead(programme, ctx, { id: 'x', role: 'auditor' }), 'en')).toBe('✗ May read the participant (role: Granskare)\n  ✗ The role may do nothing in this programme');
  });

  it('Nacka: every role of its policy acts on every participant, so reads them; a role outside it reads none', () => {
    for (const role of ['caseworker', 'projectLeader', 'workSupervisor', 'system']) expect(readScope(nacka.value, role)).toBe('all');
    expect(readScope(nacka.value, 'stranger')).toBe('none');
  });

  it('property: an actor may read a participant exactly when some command is granted to them on that participant', () => {
    const ctx = referred('cw-1');
    fc.assert(
      fc.property(fc.constantFrom('referrer', 'coordinator', 'auditor', 'unknown'), fc.constantFrom('cw-1', 'cw-2'), (role, id) => {
        const actor = { id, role };
        const someGrant = (commandTypes as readonly CommandType[]).some((type) =>
          programme.config.policy!.some((g) => (g.commands as readonly string[]).includes(type) && g.roles.includes(role) && (!g.referringOnly || ctx.referral?.caseworkerId === id)),
        );
        expect(mayRead(programme, ctx, actor).ok).toBe(someGrant);
      }),
    );
  });

  it('without a policy every role reads everyone', () => {
    const open = validateProgramme(minimal());
    if (!open.ok) throw new Error('minimal');
    expect(readScope(open.value, 'anyone')).toBe('all');
  });
});
