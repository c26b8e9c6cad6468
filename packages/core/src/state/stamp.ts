import type { ParticipantContext } from './context.js';

type Ctx = ParticipantContext;
/** The context's fields that may be absent: kept absent (never `undefined`), so a stored state reads back equal. */
type OptionalKey = 'participation' | 'exitFollowUps';
type Always = Omit<Ctx, OptionalKey>;

/**
 * The context with its clock moved (the last step of every `evolve`), every field written out in one object
 * literal, in `emptyContext`'s order. A spread here (`{ ...ctx, today }`) took a quarter of an event's time:
 * the contexts reaching it come from every rule's own spread, in many shapes; one literal gives every context
 * one shape, and the rules' spreads of it stay fast. The compiler holds the list whole: a new required field
 * is an error here until it is written, a new optional one until it is in `OptionalKey` and copied below.
 */
export function stamped(ctx: Ctx, today: Ctx['today'], version: number, lastEventAt: Ctx['lastEventAt']): Ctx {
  const next: Always = {
    participantId: ctx.participantId,
    programme: ctx.programme,
    version,
    today,
    lastEventAt,
    referredOn: ctx.referredOn,
    intakeOn: ctx.intakeOn,
    referral: ctx.referral,
    area: ctx.area,
    responsible: ctx.responsible,
    facts: ctx.facts,
    currentStepId: ctx.currentStepId,
    pausedOn: ctx.pausedOn,
    steps: ctx.steps,
    assessment: ctx.assessment,
    plan: ctx.plan,
    followUps: ctx.followUps,
    attendance: ctx.attendance,
    deadlines: ctx.deadlines,
    exit: ctx.exit,
    proposals: ctx.proposals,
  };
  const out = next as Ctx;
  if (ctx.participation !== undefined) out.participation = ctx.participation;
  if (ctx.exitFollowUps !== undefined) out.exitFollowUps = ctx.exitFollowUps;
  return out;
}

// Every optional field is copied above: a new one is a type error here until it is.
const optionalKeys = { participation: true, exitFollowUps: true } as const satisfies { [K in OptionalKey]: true };
type Unlisted = Exclude<{ [K in keyof Ctx]-?: undefined extends Ctx[K] ? K : never }[keyof Ctx], keyof typeof optionalKeys>;
const noUnlisted: [Unlisted] extends [never] ? true : never = true;
void noUnlisted;
