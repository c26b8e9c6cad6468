import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { fromZod } from '../errors/from-zod.js';
import { type Issue, type Result, fail, issue, ok, prefixPath } from '../errors/issue.js';
import { type DomainEvent, DomainEventSchema, type EventType, type PayloadOf } from '../state/events.js';
import { checkLimits, limitCodes, recordLimits } from '../limits/limits.js';
import type { ParticipantContext, ProposedChange } from '../state/context.js';

/** What becomes of the free text of assessment and plan contents. */
export type ContentsPolicy = 'presence' | 'drop';

export interface PseudonymiseOptions {
  /**
   * The municipality's secret key: at least 32 bytes (as text, 32 characters or more, such as 64 hex digits
   * from `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`). The same key gives the
   * same pseudonyms, so exports made with it can be joined; without it, a pseudonym cannot be traced back.
   */
  readonly key: string | Uint8Array;
  /**
   * `presence` (the default) keeps which items of a content were written, each text replaced by
   * `TEXT_REMOVED`; `drop` removes every item.
   */
  readonly contents?: ContentsPolicy;
}

/** What a free-text item reads after pseudonymisation: that something was written, not what. */
export const TEXT_REMOVED = '(text removed)';

export const minKeyBytes = 32;

interface Pseudonyms {
  readonly participant: (id: string) => string;
  readonly actor: (id: string) => string;
  readonly contents: (c: Readonly<Record<string, string | number | boolean>>) => Record<string, string | number | boolean>;
}

const actors = (h: Pseudonyms, values: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, h.actor(v)]));

/** The state a migration record carries holds the same people as the events it sums up. */
const pseudonymisedState = (c: ParticipantContext, h: Pseudonyms): ParticipantContext => ({
  ...c,
  participantId: h.participant(c.participantId),
  referral: c.referral ? { ...c.referral, caseworkerId: h.actor(c.referral.caseworkerId) } : null,
  steps: Object.fromEntries(
    Object.entries(c.steps).map(([id, s]) => [
      id,
      { ...s, requirements: Object.fromEntries(Object.entries(s.requirements).map(([r, m]) => [r, { ...m, by: h.actor(m.by), ...(m.evidence ? { evidence: actors(h, m.evidence) } : {}) }])) },
    ]),
  ),
  assessment: c.assessment ? { ...c.assessment, by: h.actor(c.assessment.by), contents: h.contents(c.assessment.contents) } : null,
  plan: c.plan.map((r) => ({ ...r, by: h.actor(r.by), contents: h.contents(r.contents) })),
  followUps: c.followUps.map((f) => ({ ...f, by: h.actor(f.by) })),
  ...(c.participation ? { participation: { ...c.participation, intensity: c.participation.intensity.map((i) => ({ ...i, by: h.actor(i.by) })) } } : {}),
  proposals: c.proposals.map((x) => ({
    ...x,
    by: { ...x.by, id: h.actor(x.by.id) },
    change: pseudonymisedChange(x.change, h),
    ...(x.decidedBy !== undefined ? { decidedBy: h.actor(x.decidedBy) } : {}),
  })),
});

/** A proposed change names people only where its command does: a requirement's evidence (who vouched). */
const pseudonymisedChange = (c: ProposedChange, h: Pseudonyms): ProposedChange =>
  c.type === 'markRequirement' && typeof c.evidence === 'object' && c.evidence !== null ? { ...c, evidence: actors(h, c.evidence as Record<string, string>) } : c;

/** An event that names whom to notify: that person is a pseudonym too. */
const notifying = <P extends { notify: string }>(p: P, h: Pseudonyms): P => ({ ...p, notify: h.actor(p.notify) });

/**
 * Each event type's personal fields, written once: a new event type does not compile until it says what
 * of it is personal. Ids of people become pseudonyms; free text is reduced; programme ids, codes, dates
 * and facts stay, so the export can still be replayed, simulated against and calibrated from.
 */
const payloads: { [T in EventType]: (p: PayloadOf<T>, h: Pseudonyms) => PayloadOf<T> } = {
  'participant.referred': (p) => p,
  'referral.declined': (p) => p,
  'participant.waitlisted': (p) => p,
  'participant.admitted': (p) => p,
  'area.assigned': (p) => p,
  'responsibility.handedOver': (p) => p,
  'deadline.extended': (p) => p,
  'facts.updated': (p) => p,
  'assessment.completed': (p, h) => ({ ...p, contents: h.contents(p.contents) }),
  'plan.established': (p, h) => ({ ...p, contents: h.contents(p.contents) }),
  'plan.revised': (p, h) => (p.contents ? { ...p, contents: h.contents(p.contents) } : p),
  'followUp.recorded': (p) => p,
  'attendance.recorded': (p, h) => notifying(p, h),
  'absence.recorded': (p, h) => notifying(p, h),
  'deviation.recorded': (p, h) => notifying(p, h),
  // Evidence names who vouched (a supervisor's opaque id): a person, like an actor.
  'requirement.marked': (p, h) => (p.evidence ? { ...p, evidence: actors(h, p.evidence) } : p),
  'step.advanced': (p) => p,
  'step.regressed': (p) => p,
  'participant.paused': (p) => p,
  'participant.resumed': (p) => p,
  'participant.exited': (p) => p,
  'clock.ticked': (p) => p,
  'participant.migrated': (p, h) => ({ ...p, state: pseudonymisedState(p.state, h) }),
  'intensity.set': (p) => p,
  'compliance.flagged': (p, h) => notifying(p, h),
  'compliance.cleared': (p, h) => notifying(p, h),
  'eligibility.lost': (p, h) => notifying(p, h),
  'eligibility.regained': (p, h) => notifying(p, h),
  'event.voided': (p) => p,
  'proposal.made': (p, h) => ({ change: pseudonymisedChange(p.change, h) }),
  'proposal.approved': (p) => p,
  'proposal.rejected': (p) => p,
  'exitFollowUp.recorded': (p) => p,
};

export interface Pseudonymiser {
  /** One event, validated and pseudonymised; a malformed event is an issue and nothing of it comes out. */
  event(raw: unknown): Result<DomainEvent>;
}

/**
 * A pseudonymiser for one key: keyed HMAC-SHA-256 of participant ids and of actor ids (each in its own
 * domain, so a participant's pseudonym never equals an actor's), command ids dropped, free text reduced.
 * Pure: the key comes in, nothing is read or written.
 */
export function createPseudonymiser(options: PseudonymiseOptions): Result<Pseudonymiser> {
  const key = typeof options.key === 'string' ? utf8ToBytes(options.key) : options.key;
  if (key.length < minKeyBytes)
    return fail([
      issue('option.invalid', ['key'], `the key is shorter than ${minKeyBytes} bytes`,
        `use a random key of at least ${minKeyBytes} bytes, such as 64 hex digits; keep it where the municipality keeps its secrets`),
    ]);
  const cache = new Map<string, string>();
  const pseudonym = (domain: string) => (id: string) => {
    const k = `${domain}\u0000${id}`;
    let p = cache.get(k);
    if (p === undefined) {
      p = bytesToHex(hmac(sha256, key, utf8ToBytes(k)));
      cache.set(k, p);
    }
    return p;
  };
  const policy = options.contents ?? 'presence';
  const h: Pseudonyms = {
    participant: pseudonym('participant'),
    actor: pseudonym('actor'),
    contents: (c) => (policy === 'drop' ? {} : Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === 'string' ? TEXT_REMOVED : v]))),
  };
  return ok({
    event(raw) {
      const limited = checkLimits(raw, recordLimits, limitCodes.event);
      if (limited.length > 0) return fail(limited);
      const parsed = DomainEventSchema.safeParse(raw);
      if (!parsed.success) return fail(fromZod('event', parsed.error));
      const { commandId: _dropped, ...e } = parsed.data;
      const participantId = h.participant(e.participantId);
      const payload = (payloads[e.type] as (p: unknown, h: Pseudonyms) => unknown)(e.payload, h);
      return ok({ ...e, id: `${participantId}:${e.seq}`, participantId, actor: { ...e.actor, id: h.actor(e.actor.id) }, payload } as DomainEvent);
    },
  });
}

/**
 * A programme's events with the people taken out: the same key gives the same pseudonyms. Every malformed
 * event is reported with its index; the result is all or nothing.
 *
 * @example
 * const r = pseudonymiseEvents(events, { key: process.env.STEGVIS_PSEUDONYM_KEY! });
 * if (r.ok) writeJsonl(r.value);
 */
export function pseudonymiseEvents(events: readonly unknown[], options: PseudonymiseOptions): Result<DomainEvent[]> {
  const p = createPseudonymiser(options);
  if (!p.ok) return p;
  const out: DomainEvent[] = [];
  const issues: Issue[] = [];
  events.forEach((raw, i) => {
    const r = p.value.event(raw);
    if (r.ok) out.push(r.value);
    else issues.push(...prefixPath([i], r.issues));
  });
  return issues.length > 0 ? fail(issues) : ok(out);
}
