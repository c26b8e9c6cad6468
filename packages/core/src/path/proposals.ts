import { explain } from '../conditions/explanation.js';
import type { Issue } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import { proposalDeadlineKind } from '../programme/proposals.js';
import type { Command } from '../state/commands.js';
import type { ParticipantContext, Proposal, ProposedChange } from '../state/context.js';
import { statusOn } from '../state/deadline.js';
import type { EventOf } from '../state/events.js';
import { addPeriod, type IsoDate } from '../time/calendar.js';
import { type Refusal, refuse, refuseAll } from './refusal.js';

/**
 * Proposals and their decisions, written once for `decide` (is the proposal or the decision allowed) and
 * `evolve` (the proposal in the state, and its decision deadline). The change a proposal wraps is judged by
 * the same rules as the command itself: when it is proposed (without the policy: who may make it is the
 * approver's question), and again when it is approved, as the approver's own command.
 */

/** How `decide` judges a wrapped command: its decision, with or without the programme's policy. */
export type DecideAs<D extends { ok: true; command: Command }> = (command: Record<string, unknown>, withoutPolicy: boolean) => D | { ok: false; refusal: Refusal };

const envelopeKeys = ['participantId', 'at', 'actor', 'commandId'] as const;

/** The wrapped change as a command of `actor` at the time of `c`. */
const asCommand = (change: ProposedChange, c: Command): Record<string, unknown> => ({ ...change, participantId: c.participantId, at: c.at, actor: c.actor });

/** A refusal of the wrapped command, its paths under `change`. */
const underChange = (r: Refusal): Refusal => ({ ...r, issues: r.issues.map((x) => ({ ...x, path: ['change', ...x.path] })) });

/** Whether this actor may propose this change, and whether the rules would take it now: the change to record, or why not. */
export function judgeProposal<D extends { ok: true; command: Command }>(programme: Programme, c: Extract<Command, { type: 'proposeChange' }>, decideAs: DecideAs<D>): { ok: true; change: ProposedChange } | { ok: false; refusal: Refusal } {
  const config = programme.config.proposals;
  if (!config)
    return { ok: false, refusal: refuse('command.no_proposals', ['type'], 'this programme takes no proposals', 'send the command itself, or add `proposals` to the programme') };
  const allowed = config.allow.filter((a) => a.commands.includes(c.change.type));
  if (!allowed.some((a) => a.roles.includes(c.actor.role))) {
    const who = allowed.flatMap((a) => a.roles);
    const explanation = explain(false, { sv: `Får föreslå "${c.change.type}"`, en: `May propose "${c.change.type}"` }, undefined, {
      sv: who.length > 0 ? `rollerna ${who.join(', ')}` : 'ingen roll',
      en: who.length > 0 ? `the roles ${who.join(', ')}` : 'no role',
    });
    return {
      ok: false,
      refusal: refuse('command.not_proposable', ['change', 'type'], `the role "${c.actor.role}" may not propose "${c.change.type}" in this programme`, 'see the programme\'s proposals.allow', explanation),
    };
  }
  const envelope: Issue[] = envelopeKeys
    .filter((k) => k in c.change)
    .map((k) => ({ code: 'command.invalid', path: ['change', k], message: 'a proposed change carries no participant, time, actor or command id of its own', fix: `leave out change.${k}: the proposal's and the decision's own are used` }));
  if (envelope.length > 0) return { ok: false, refusal: refuseAll(envelope) };
  const now = decideAs(asCommand(c.change, c), true);
  if (!now.ok) return { ok: false, refusal: underChange(now.refusal) };
  const { participantId: _p, at: _a, actor: _r, commandId: _c, ...change } = now.command;
  return { ok: true, change: change as ProposedChange };
}

/** The pending proposal recorded as event `seq`, or the refusal that says there is none. */
export function pendingProposal(ctx: ParticipantContext, seq: number): { ok: true; proposal: Proposal } | { ok: false; refusal: Refusal } {
  const p = ctx.proposals.find((x) => x.seq === seq);
  if (p && p.status === 'pending') return { ok: true, proposal: p };
  return {
    ok: false,
    refusal: refuse('command.proposal_not_pending', ['proposalSeq'], p ? `proposal ${seq} is already ${p.status}` : `event ${seq} of this participant is no proposal`, 'name the seq of a proposal.made event that waits for a decision'),
  };
}

/**
 * An approval: the proposal's change decided as the approver's command now. When the rules refuse it (the
 * step moved on, the requirement is already met, the approver may not do it), the approval is refused with
 * the rules' issues under `change` and their explanation; the proposal stays pending, its deadline running,
 * until it is approved when the rules allow it or rejected with a reason.
 */
export function judgeApproval<D extends { ok: true; command: Command }>(proposal: Proposal, c: Extract<Command, { type: 'approveProposal' }>, decideAs: DecideAs<D>): D | { ok: false; refusal: Refusal } {
  const d = decideAs(asCommand(proposal.change, c), false);
  if (d.ok) return d;
  const wrapped = underChange(d.refusal);
  return {
    ok: false,
    refusal: {
      code: 'command.proposal_not_applicable',
      issues: [
        {
          code: 'command.proposal_not_applicable',
          path: ['proposalSeq'],
          message: `the rules refuse proposal ${proposal.seq}'s change now (${d.refusal.code}); the proposal stays pending`,
          fix: 'reject it with a reason, or approve it once the rules allow it',
        },
        ...wrapped.issues,
      ],
      ...(d.refusal.explanation ? { explanation: d.refusal.explanation } : {}),
    },
  };
}

/** A new proposal in the state, and its decision deadline (from the programme's `decideWithin`) in the due list. */
export function proposalMade(programme: Programme, ctx: ParticipantContext, e: EventOf<'proposal.made'>, today: IsoDate): ParticipantContext {
  const proposal: Proposal = { seq: e.seq, on: today, by: e.actor, change: e.payload.change, status: 'pending' };
  const within = programme.config.proposals?.decideWithin;
  if (!within) return { ...ctx, proposals: [...ctx.proposals, proposal] };
  const dueOn = addPeriod(today, within);
  return {
    ...ctx,
    proposals: [...ctx.proposals, proposal],
    deadlines: [
      ...ctx.deadlines,
      {
        id: `proposal.${e.seq}`,
        kind: proposalDeadlineKind.kind,
        label: { sv: `Beslut om förslag ${e.seq} (${e.payload.change.type})`, en: `Decision on proposal ${e.seq} (${e.payload.change.type})` },
        opensOn: today,
        dueOn,
        metWhen: { type: 'proposalDecided', proposalSeq: e.seq },
        followUpsBefore: ctx.followUps.length,
        status: statusOn({ opensOn: today, dueOn, status: 'upcoming' }, today),
      },
    ],
  };
}

/** A decision on a proposal: approved (its change's events follow) or rejected with a reason; its deadline is then met. */
export function proposalDecided(ctx: ParticipantContext, e: EventOf<'proposal.approved' | 'proposal.rejected'>, today: IsoDate): ParticipantContext {
  const status = e.type === 'proposal.approved' ? 'approved' : 'rejected';
  const reason = e.type === 'proposal.rejected' ? { reason: e.payload.reason } : {};
  return {
    ...ctx,
    proposals: ctx.proposals.map((p) => (p.seq === e.payload.proposalSeq ? { ...p, status, decidedOn: today, decidedBy: e.actor.id, ...reason } : p)),
  };
}

const withoutPolicy = new WeakMap<Programme, Programme>();

/** The programme with its policy set aside: how a proposal's change is judged before anyone is allowed to make it. */
export function policyFree(programme: Programme): Programme {
  if (!programme.config.policy) return programme;
  let p = withoutPolicy.get(programme);
  if (!p) {
    const { policy: _policy, ...config } = programme.config;
    withoutPolicy.set(programme, (p = { ...programme, config }));
  }
  return p;
}
