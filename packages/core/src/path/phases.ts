import type { IssueCode } from '../errors/issue.js';
import type { ParticipantContext } from '../state/context.js';
import type { Programme } from '../programme/compiled.js';
import { type CommandType, commandTypes } from '../state/commands.js';
import type { EventType } from '../state/events.js';

/**
 * The top-level states a participant can be in; inside `active`, one child per step. `declined` exists
 * only in programmes whose referral rules can decline.
 */
export const phases = ['intake', 'waiting', 'active', 'paused', 'exited', 'declined'] as const;
export type Phase = (typeof phases)[number];

/** Why a command is refused in a phase: the code, the message and the fix. */
export interface PhaseRefusal {
  readonly code: IssueCode;
  readonly message: string;
  readonly fix?: string;
}

interface PhaseRule {
  /** The commands a participant in this phase may receive; every other one is refused by `refuse`. */
  readonly commands: readonly CommandType[];
  refuse(type: CommandType): PhaseRefusal;
  /** Events that change only data here (the machine applies them in place). */
  readonly events: readonly EventType[];
  /** Events that move the participant to another phase. */
  readonly moves: Partial<Readonly<Record<EventType, Phase>>>;
  /** Events that move the participant between the steps of the path, staying in the phase. */
  readonly within: readonly EventType[];
}

const alreadyReferred: PhaseRefusal = { code: 'command.already_referred', message: 'the participant is already referred' };
const notExited: PhaseRefusal = { code: 'command.invalid', message: 'the participant has not exited: a follow-up after exit comes after the exit', fix: 'exit the participant first' };
const allBut = (...not: CommandType[]): CommandType[] => commandTypes.filter((t) => !not.includes(t));

/**
 * Every phase, written once: the engine's `decide` refuses by it, the XState machine is built from it, and
 * the simulation kernel accepts commands by it. A new phase is one entry, and the compiler asks for it.
 */
export const phaseRules = {
  intake: {
    commands: ['refer'],
    refuse: () => ({ code: 'command.not_referred', message: 'the participant has not been referred yet', fix: 'send "refer" first' }),
    events: [],
    moves: { 'participant.referred': 'waiting', 'referral.declined': 'declined' },
    within: [],
  },
  waiting: {
    commands: ['admit', 'exit', 'tick', 'updateFacts', 'handOver', 'voidEvent'],
    refuse: (type) =>
      type === 'recordExitFollowUp' ? notExited
      : type === 'refer' ? alreadyReferred : { code: 'command.waiting', message: `"${type}" cannot be done while the participant waits for a place`, fix: 'admit the participant when a place is free' },
    events: ['facts.updated', 'clock.ticked', 'responsibility.handedOver', 'participant.waitlisted', 'eligibility.lost', 'eligibility.regained'],
    moves: { 'participant.admitted': 'active', 'participant.exited': 'exited' },
    within: [],
  },
  active: {
    commands: allBut('refer', 'admit', 'resume', 'recordExitFollowUp'),
    refuse: (type) =>
      type === 'recordExitFollowUp' ? notExited
      : type === 'refer' ? alreadyReferred
      : type === 'resume' ? { code: 'command.not_paused', message: 'the participant is not paused' }
      : { code: 'command.invalid', message: 'only a participant on the waiting list can be admitted' },
    events: [
      'facts.updated', 'assessment.completed', 'plan.established', 'plan.revised', 'followUp.recorded', 'attendance.recorded', 'absence.recorded',
      'deviation.recorded', 'requirement.marked', 'clock.ticked', 'area.assigned', 'responsibility.handedOver', 'deadline.extended',
      'intensity.set', 'compliance.flagged', 'compliance.cleared', 'eligibility.lost', 'eligibility.regained',
      'proposal.made', 'proposal.approved', 'proposal.rejected',
    ],
    moves: { 'participant.paused': 'paused', 'participant.exited': 'exited' },
    within: ['step.advanced', 'step.regressed'],
  },
  paused: {
    commands: ['resume', 'exit', 'tick', 'updateFacts', 'recordFollowUp', 'revisePlan', 'handOver', 'extendDeadline', 'setIntensity', 'voidEvent', 'rejectProposal'],
    refuse: (type) =>
      type === 'recordExitFollowUp' ? notExited
      : type === 'refer' ? alreadyReferred
      : type === 'pause' ? { code: 'command.paused', message: 'the participant is already paused' }
      : { code: 'command.paused', message: `"${type}" cannot be done while the participant is paused`, fix: 'resume the participant first' },
    events: ['facts.updated', 'plan.revised', 'followUp.recorded', 'clock.ticked', 'responsibility.handedOver', 'deadline.extended',
      'intensity.set', 'compliance.flagged', 'compliance.cleared', 'eligibility.lost', 'eligibility.regained', 'proposal.rejected'],
    moves: { 'participant.resumed': 'active', 'participant.exited': 'exited' },
    within: [],
  },
  exited: {
    // Follow-ups after exit are deadlines: the clock moves them, and recording what was found meets them.
    commands: ['recordExitFollowUp', 'tick'],
    refuse: (type) =>
      type === 'refer' ? alreadyReferred : { code: 'command.exited', message: 'the participant has exited the programme; only a follow-up after exit can be recorded', fix: 'refer them again as a new participant if they come back' },
    events: ['exitFollowUp.recorded', 'clock.ticked'],
    moves: {},
    within: [],
  },
  declined: {
    commands: [],
    refuse: (type) =>
      type === 'refer' ? alreadyReferred : { code: 'command.declined', message: 'the referral was declined; nothing more can happen', fix: 'make a new referral if the situation has changed' },
    events: [],
    moves: {},
    within: [],
  },
} as const satisfies Record<Phase, PhaseRule>;

/** Whether a participant in `phase` may receive a command of this type (everything else is refused). */
export const phaseAllows = (phase: Phase, type: CommandType): boolean => (phaseRules[phase].commands as readonly CommandType[]).includes(type);

/** Whether the programme's referral rules can decline a referral (then the machine has a `declined` state). */
/** Whether a referral can wait: for a place (limited capacity) or because a referral rule waitlists it. */
export const canWait = (programme: Programme): 'place' | 'rule' | false =>
  programme.config.capacity ? 'place'
  : programme.config.referral && [...programme.config.referral.rules, programme.config.referral.otherwise].some((r) => r.decision === 'waitlist') ? 'rule'
  : false;

export const canDecline = (programme: Programme): boolean => {
  const referral = programme.config.referral;
  return referral !== undefined && [...referral.rules, referral.otherwise].some((r) => r.decision === 'decline');
};

/**
 * The phase a context is in. The machine's state is a function of its context (no history node), so a
 * stored context alone gives the state back with XState's own `machine.resolveState`.
 */
export function phaseOf(ctx: ParticipantContext): Phase {
  if (ctx.exit !== null) return 'exited';
  if (ctx.referral === null) return 'intake';
  if (ctx.referral.status === 'declined') return 'declined';
  if (ctx.referral.status === 'waiting') return 'waiting';
  return ctx.pausedOn !== null ? 'paused' : 'active';
}

