import { evaluate } from '../conditions/evaluate.js';
import { fromZod } from '../errors/from-zod.js';
import { checkFactValue } from '../facts/fact-types.js';
import type { CompiledStep, Programme } from '../programme/compiled.js';
import type { Issue } from '../errors/issue.js';
import { addPeriod, compareInstants, localDate } from '../time/calendar.js';
import { isOpen, statusOn } from '../state/deadline.js';
import type { Label } from '../i18n/label.js';
import { type Command, type CommandType, CommandSchema } from '../state/commands.js';
import { requirementStates, stepComplete, stepCompletion } from './completion.js';
import { checkContents } from './contents.js';
import type { ParticipantContext } from '../state/context.js';
import type { EventType, PayloadOf } from '../state/events.js';
import { type Refusal, refuse, refuseAll } from './refusal.js';
import { scopeOf } from './scope.js';
import { authorise } from './authorise.js';
import { checkIntensity, withParticipation } from './participation-decide.js';
import { type Phase, phaseAllows, phaseRules } from './phases.js';
import { judgeApproval, judgeProposal, pendingProposal, policyFree } from './proposals.js';
import { exitFollowUpRefusal } from './exit-follow-up.js';

/** What `decide` sees of the participant: the machine's phase and the context. */
export interface DecisionInput {
  readonly phase: Phase;
  readonly context: ParticipantContext;
}

/** A draft event: the engine adds the envelope (id, seq, time, actor, programme). */
export type Draft = { [T in EventType]: { type: T; payload: PayloadOf<T> } }[EventType];

export type Decision = { ok: true; command: Command; drafts: Draft[] } | { ok: false; refusal: Refusal };

const draft = <T extends EventType>(type: T, payload: PayloadOf<T>): Draft => ({ type, payload }) as Draft;

function checkFacts(programme: Programme, facts: Record<string, unknown>): Issue[] {
  return Object.entries(facts).flatMap(([id, value]) => {
    const fact = programme.factsById.get(id);
    if (!fact)
      return [{ code: 'command.unknown_reference' as const, path: ['facts', id], message: `the programme declares no fact "${id}"`, fix: `use one of: ${[...programme.factsById.keys()].join(', ') || '(none declared)'}` }];
    return checkFactValue(fact, value, ['facts', id], 'command.invalid_fact_value');
  });
}

function currentStep(programme: Programme, ctx: ParticipantContext): CompiledStep {
  return programme.stepsById.get(ctx.currentStepId!)!;
}

function advanceDraft(programme: Programme, ctx: ParticipantContext): { ok: true; draft: Draft } | { ok: false; refusal: Refusal } {
  const step = currentStep(programme, ctx);
  const next = programme.steps[step.index + 1];
  if (!next)
    return {
      ok: false,
      refusal: refuse('command.last_step', ['type'], `"${step.id}" is the last step before the exit`, 'exit the participant with an outcome instead'),
    };
  // The explanation is built only for a refusal: a step that is complete needs none.
  if (!stepComplete(programme, ctx, step))
    return {
      ok: false,
      refusal: refuse('command.requirements_unmet', ['type'], `"${step.id}" is not complete yet`, 'meet or waive the requirements marked ✗ in the explanation', stepCompletion(programme, ctx, step).explanation),
    };
  const satisfied = requirementStates(programme, ctx, step).flatMap((r) => (r.satisfiedBy ? [{ requirementId: r.requirement.id, by: r.satisfiedBy }] : []));
  return { ok: true, draft: draft('step.advanced', { from: step.id, to: next.id, satisfied }) };
}

/**
 * Decides what a command means for a participant: the events it becomes, or a refusal that says why.
 * Pure: it reads the command, the programme and the state, never a clock or the outside world.
 * `preview` applies drafts to the context, so rules that depend on an earlier draft (an assessment
 * that completes its step) are judged on the state they will really meet.
 */
export function decide(
  programme: Programme,
  state: DecisionInput,
  input: unknown,
  preview: (ctx: ParticipantContext, d: Draft) => ParticipantContext,
): Decision {
  // Without `reportInput` zod takes its fast path (four times faster on a tick); only a refusal needs the inputs.
  const parsed = CommandSchema.safeParse(input);
  if (!parsed.success) return { ok: false, refusal: refuseAll(fromZod('command', CommandSchema.safeParse(input, { reportInput: true }).error!)) };
  return decideParsed(programme, state, parsed.data, preview);
}

/** `decide` of a command the schema has parsed (the edge's one walk gives the schema's result). */
export function decideParsed(
  programme: Programme,
  state: DecisionInput,
  command: Command,
  preview: (ctx: ParticipantContext, d: Draft) => ParticipantContext,
): Decision {
  const ctx = state.context;
  const no = (refusal: Refusal): Decision => ({ ok: false, refusal });
  const yes = (...drafts: Draft[]): Decision => ({ ok: true, command, drafts });

  if (command.participantId !== ctx.participantId)
    return no(refuse('command.wrong_participant', ['participantId'], 'the command is for another participant than this state', 'load the state of the participant the command names'));
  const forbidden = authorise(programme, ctx, command);
  if (forbidden) return no(forbidden);
  if (ctx.lastEventAt !== null && command.type !== 'voidEvent' && compareInstants(command.at, ctx.lastEventAt) < 0)
    return no(refuse('command.time_backwards', ['at'], 'the command is dated before the last recorded event', 'send commands in time order, dated when they happened'));
  if (!phaseAllows(state.phase, command.type)) {
    const r = phaseRules[state.phase].refuse(command.type);
    return no(refuse(r.code, ['type'], r.message, r.fix));
  }

  /** Appends the auto-advance that a completed record triggers, judged on the state after the record. */
  const withAutoAdvance = (first: Draft): Decision => {
    const after = preview(ctx, first);
    const step = currentStep(programme, after);
    if (!step.blueprint.autoAdvance || !programme.steps[step.index + 1] || !stepComplete(programme, after, step)) return yes(first);
    const adv = advanceDraft(programme, after);
    return adv.ok ? yes(first, adv.draft) : yes(first);
  };

  const decideAs = (wrapped: Record<string, unknown>, withoutPolicy: boolean): Decision => decide(withoutPolicy ? policyFree(programme) : programme, state, wrapped, preview);
  return withParticipation(programme, ctx, (commandRules[command.type] as (c: Command, d: Deciding) => Decision)(command, { programme, state, ctx, no, yes, withAutoAdvance, decideAs }), preview, draft as (t: string, p: unknown) => Draft, referralDecision);
}

/** What `decide` gives each command's rule: the programme, the state, and how to answer. */
interface Deciding {
  readonly programme: Programme;
  readonly state: DecisionInput;
  readonly ctx: ParticipantContext;
  no(refusal: Refusal): Decision;
  yes(...drafts: Draft[]): Decision;
  /** The draft and, when the record it makes completes a step that moves on by itself, the advance. */
  withAutoAdvance(first: Draft): Decision;
  /** Another command (a proposal's change) decided on the same state; `withoutPolicy`: whoever sends it. */
  decideAs(command: Record<string, unknown>, withoutPolicy: boolean): Decision;
}

/**
 * What each command means, written once: the events it becomes, or why it is refused. A new command type is
 * a type error until it has its entry. The phase has already been checked (`phaseRules`).
 */
const commandRules: { [T in CommandType]: (c: Extract<Command, { type: T }>, d: Deciding) => Decision } = {
  refer: (c, { programme, no, yes }) => {
      const issues = [...checkFacts(programme, c.facts), ...checkArea(programme, c.area, ['area']), ...checkParty(programme, c.responsible, ['responsible'])];
      if (issues.length > 0) return no(refuseAll(issues));
      const rule = referralDecision(programme, c.facts);
      const ruleId = rule.ruleId ? { ruleId: rule.ruleId } : {};
      if (rule.decision === 'decline') return yes(draft('referral.declined', { ...ruleId, reason: rule.reason! }));
      const referred = draft('participant.referred', {
        facts: c.facts,
        ...(c.area ? { area: c.area } : {}),
        ...(c.responsible ? { responsible: c.responsible } : {}),
        ...ruleId,
      });
      if (rule.decision === 'waitlist') return yes(referred, draft('participant.waitlisted', { because: 'rule', ...ruleId }));
      if (programme.config.capacity && c.place === undefined)
        return no(refuse('command.invalid', ['place'], 'this programme has limited places: the referral must say whether a place was granted', 'ask the roster (admit in @stegvis/core capacity) and send place: granted or place: none'));
      if (c.place === 'none') return yes(referred, draft('participant.waitlisted', { because: 'noPlace', ...ruleId }));
      return yes(referred, draft('participant.admitted', {}));
    },
  admit: (_c, { yes }) => yes(draft('participant.admitted', {})),
  assignArea: (c, { programme, no, yes }) => {
      const issues = checkArea(programme, c.areaId, ['areaId']);
      if (issues.length > 0) return no(refuseAll(issues));
      const area = programme.config.areas.find((a) => a.id === c.areaId)!;
      return yes(draft('area.assigned', { areaId: area.id, supervisor: area.supervisor }));
    },
  handOver: (c, { programme, ctx, no, yes }) => {
      const issues = checkParty(programme, c.to ?? undefined, ['to']);
      if (issues.length > 0) return no(refuseAll(issues));
      if (c.to === ctx.responsible) return no(refuse('command.invalid', ['to'], 'responsibility is already there', 'hand over to another administration'));
      return yes(draft('responsibility.handedOver', { from: ctx.responsible, to: c.to, reason: c.reason }));
    },
  extendDeadline: (c, { programme, ctx, no, yes }) => {
      const d = ctx.deadlines.find((x) => x.id === c.deadlineId);
      if (!d) return no(refuse('command.unknown_reference', ['deadlineId'], `the participant has no deadline "${c.deadlineId}"`));
      if (d.status === 'met' || d.status === 'cancelled') return no(refuse('command.not_extendable', ['deadlineId'], `deadline "${d.id}" is already ${d.status}`));
      if (!d.extendable)
        return no(refuse('command.not_extendable', ['deadlineId'], `the programme does not allow "${d.id}" to be extended`, 'end it as the programme says: exit the participant or move them to a next step'));
      const dueOn = addPeriod(d.dueOn, c.by);
      const limit = d.extendable.maxTotal ? addPeriod(d.originalDueOn ?? d.dueOn, d.extendable.maxTotal) : undefined;
      if (limit !== undefined && dueOn > limit)
        return no(refuse('command.not_extendable', ['by'], `"${d.id}" can be extended to ${limit} at the latest`, 'extend by less, or end it'));
      return yes(draft('deadline.extended', { deadlineId: d.id, dueOn, reason: c.reason }));
    },
  updateFacts: (c, { programme, no, yes }) => {
      const issues = checkFacts(programme, c.facts);
      return issues.length > 0 ? no(refuseAll(issues)) : yes(draft('facts.updated', { facts: c.facts }));
    },
  completeAssessment: (c, { programme, ctx, no, withAutoAdvance }) => {
      const step = currentStep(programme, ctx);
      const spec = step.blueprint.records?.type === 'assessment' ? step.blueprint.records : undefined;
      if (!spec) return no(refuse('command.wrong_step', ['type'], `the participant is at "${step.id}", not at an assessment step`));
      const check = checkContents(spec.contents, c.contents, ['contents'], { sv: 'Kartläggningen innehåller det som krävs', en: 'The assessment holds what is required' });
      if (check.issues.length > 0) return no(refuseAll(check.issues));
      if (!check.explanation.ok)
        return no(refuse('command.missing_contents', ['contents'], 'the assessment lacks required contents', 'add the contents marked ✗ in the explanation', check.explanation));
      return withAutoAdvance(draft('assessment.completed', { contents: c.contents }));
    },
  establishPlan: (c, { programme, ctx, no, withAutoAdvance }) => {
      const step = currentStep(programme, ctx);
      const spec = step.blueprint.records?.type === 'actionPlan' ? step.blueprint.records : undefined;
      if (!spec) return no(refuse('command.wrong_step', ['type'], `the participant is at "${step.id}", not at an action-plan step`));
      const check = checkContents(spec.contents, c.contents, ['contents'], { sv: 'Handlingsplanen innehåller det som krävs', en: 'The action plan holds what is required' });
      if (check.issues.length > 0) return no(refuseAll(check.issues));
      if (!check.explanation.ok)
        return no(refuse('command.missing_contents', ['contents'], 'the action plan lacks required contents', 'add the contents marked ✗ in the explanation', check.explanation));
      if (c.subGoals.length < spec.minSubGoals)
        return no(refuse('command.missing_contents', ['subGoals'], `the action plan needs at least ${spec.minSubGoals} sub-goal(s)`, 'add the sub-goals agreed with the participant'));
      if (new Set(c.subGoals).size !== c.subGoals.length) return no(refuse('command.invalid', ['subGoals'], 'a sub-goal id is listed twice'));
      const interval = checkInterval(programme, c.followUpEveryWeeks);
      if (!interval.ok) return no(interval.refusal);
      return withAutoAdvance(
        draft('plan.established', { contents: c.contents, subGoals: c.subGoals, followUpEveryWeeks: interval.weeks, participantTookPart: c.participantTookPart }),
      );
    },
  revisePlan: (c, { programme, ctx, no, yes }) => {
      const latest = ctx.plan[ctx.plan.length - 1];
      if (!latest) return no(refuse('command.no_plan', ['type'], 'there is no action plan to revise yet', 'establish the plan first'));
      const issues: Issue[] = [];
      for (const [goal, status] of Object.entries(c.subGoals)) {
        const current = latest.subGoals[goal];
        if (current === undefined) issues.push({ code: 'command.unknown_reference', path: ['subGoals', goal], message: `the plan has no sub-goal "${goal}"`, fix: 'add it with addSubGoals first' });
        else if (current !== 'open' && current !== status)
          issues.push({ code: 'command.invalid', path: ['subGoals', goal], message: `sub-goal "${goal}" has already ended (${current})`, fix: 'add a new sub-goal instead of reopening an ended one' });
      }
      for (const [i, goal] of c.addSubGoals.entries())
        if (latest.subGoals[goal] !== undefined) issues.push({ code: 'command.invalid', path: ['addSubGoals', i], message: `the plan already has a sub-goal "${goal}"` });
      const planSpec = programme.steps.map((s) => s.blueprint.records).find((r) => r?.type === 'actionPlan');
      if (c.contents && planSpec) {
        const check = checkContents(planSpec.contents, c.contents, ['contents'], { sv: 'Handlingsplanen innehåller det som krävs', en: 'The action plan holds what is required' });
        issues.push(...check.issues);
        if (issues.length === 0 && !check.explanation.ok)
          return no(refuse('command.missing_contents', ['contents'], 'the revised plan lacks required contents', 'add the contents marked ✗ in the explanation', check.explanation));
      }
      if (issues.length > 0) return no(refuseAll(issues));
      const interval = c.followUpEveryWeeks === undefined ? undefined : checkInterval(programme, c.followUpEveryWeeks);
      if (interval && !interval.ok) return no(interval.refusal);
      return yes(
        draft('plan.revised', {
          reason: c.reason,
          ...(c.contents ? { contents: c.contents } : {}),
          addSubGoals: c.addSubGoals,
          subGoals: c.subGoals,
          ...(interval ? { followUpEveryWeeks: interval.weeks } : {}),
          participantTookPart: c.participantTookPart,
        }),
      );
    },
  recordFollowUp: (c, { programme, ctx, no, yes }) => {
      if (ctx.plan.length === 0) return no(refuse('command.no_plan', ['type'], 'follow-ups follow up the action plan, and there is none yet', 'establish the plan first'));
      if (c.kind === 'evaluation') {
        if (!c.stepId) return no(refuse('command.invalid', ['stepId'], 'an evaluation names the step whose target was missed', 'add stepId'));
        if (programme.env.stepIndex(c.stepId) < 0) return no(refuse('command.unknown_reference', ['stepId'], `no step "${c.stepId}" in this programme`));
      }
      return yes(draft('followUp.recorded', { kind: c.kind, ...(c.stepId ? { stepId: c.stepId } : {}), participantTookPart: c.participantTookPart, attendedBy: c.attendedBy }));
    },
  recordAttendance: (c, { ctx, yes }) => yes(draft('attendance.recorded', { date: c.date, hours: c.hours, notify: ctx.referral!.caseworkerId })),
  recordDeviation: (c, { ctx, yes }) => yes(draft('deviation.recorded', { date: c.date, kind: c.kind, notify: ctx.referral!.caseworkerId })),
  recordAbsence: (c, { ctx, yes }) => yes(draft('absence.recorded', { date: c.date, reported: c.reported, ...(c.reason ? { reason: c.reason } : {}), notify: ctx.referral!.caseworkerId })),
  markRequirement: (c, { programme, ctx, no, yes }) => {
      const step = programme.steps[programme.env.stepIndex(c.stepId)];
      if (!step) return no(refuse('command.unknown_reference', ['stepId'], `no step "${c.stepId}" in this programme`));
      if (step.id !== ctx.currentStepId)
        return no(refuse('command.wrong_step', ['stepId'], `the participant is at "${ctx.currentStepId}", not at "${step.id}"`, 'mark requirements of the step the participant is at'));
      const req = step.blueprint.requirements.find((r) => r.id === c.requirementId);
      if (!req)
        return no(refuse('command.unknown_reference', ['requirementId'], `step "${step.id}" has no requirement "${c.requirementId}"`, `use one of: ${step.blueprint.requirements.map((r) => r.id).join(', ')}`));
      if (c.status === 'waived' && !c.reason) return no(refuse('command.invalid', ['reason'], 'a waiver needs a reason', 'add a reason code, for example "fullTimeSickLeave"'));
      if (c.status === 'met' && req.evidence && req.evidence.length > 0) {
        const children = req.evidence.map((ev) => {
          const has = Boolean(c.evidence?.[ev.id]);
          return { ok: has, text: ev.label, detail: has ? { sv: 'angiven', en: 'given' } : { sv: 'saknas', en: 'missing' } };
        });
        const explanation = { ok: children.every((k) => k.ok), text: req.label, children };
        if (!explanation.ok)
          return no(refuse('command.missing_contents', ['evidence'], `"${req.id}" is met only with its evidence`, 'name the evidence marked ✗ (an opaque id, for example of the supervisor)', explanation));
      }
      return yes(
        draft('requirement.marked', {
          stepId: c.stepId,
          requirementId: c.requirementId,
          status: c.status,
          ...(c.reason ? { reason: c.reason } : {}),
          ...(c.evidence ? { evidence: c.evidence } : {}),
        }),
      );
    },
  advance: (_c, { programme, ctx, no, yes }) => {
      const adv = advanceDraft(programme, ctx);
      return adv.ok ? yes(adv.draft) : no(adv.refusal);
    },
  regress: (c, { programme, ctx, no, yes }) => {
      const current = currentStep(programme, ctx);
      const target = programme.steps[programme.env.stepIndex(c.toStepId)];
      if (!target) return no(refuse('command.unknown_reference', ['toStepId'], `no step "${c.toStepId}" in this programme`));
      if (target.index >= current.index)
        return no(refuse('command.invalid_regression', ['toStepId'], `"${target.id}" is not before "${current.id}", where the participant is`, 'regress only to an earlier step; use advance to move on'));
      return yes(draft('step.regressed', { from: current.id, to: target.id, reason: c.reason }));
    },
  pause: (c, { yes }) => yes(draft('participant.paused', { reason: c.reason })),
  resume: (_c, { yes }) => yes(draft('participant.resumed', {})),
  exit: (c, { programme, ctx, no, yes }) => {
      const outcome = programme.outcomesById.get(c.outcomeId);
      if (!outcome)
        return no(refuse('command.unknown_reference', ['outcomeId'], `no outcome "${c.outcomeId}" in this programme`, `use one of: ${[...programme.outcomesById.keys()].join(', ')}`));
      if (outcome.when) {
        const why = evaluate(outcome.when, scopeOf(programme, ctx.facts));
        if (!why.ok) return no(refuse('command.condition_failed', ['outcomeId'], `the outcome "${outcome.id}" does not apply to this participant`, 'see the explanation', why));
      }
      return yes(draft('participant.exited', { outcomeId: outcome.id, income: outcome.income, fromStepId: ctx.currentStepId }));
    },
  tick: (c, { ctx, yes }) => {
      // A tick is recorded only when it changes something, so a daily clock does not flood the log. Only the
      // calendar moves on a tick (what meets a deadline is the record's, which a tick leaves as it is), so
      // it changes something exactly when an open deadline's status on the new day is another.
      const day = localDate(c.at);
      const changed = ctx.today !== null && day > ctx.today && ctx.deadlines.some((d) => isOpen(d) && statusOn(d, day) !== d.status);
      return changed ? yes(draft('clock.ticked', {})) : yes();
    },
  setIntensity: (c, { programme, ctx, no, yes }) => {
      const refused = checkIntensity(programme, ctx, c, []);
      return refused ? no(refused) : yes(draft('intensity.set', { percent: c.percent, daysPerWeek: c.daysPerWeek, validFrom: c.validFrom }));
    },
  // The engine checks the void against the participant's stream and rebuilds the state (path/voids.ts).
  voidEvent: (c, { ctx, no, yes }) =>
    c.eventSeq > ctx.version
      ? no(refuse('command.unknown_reference', ['eventSeq'], `the participant has ${ctx.version} event(s), and no event ${c.eventSeq}`, 'name the seq of one of the participant\'s events'))
      : yes(draft('event.voided', { eventSeq: c.eventSeq, reason: c.reason })),
  proposeChange: (c, { programme, no, yes, decideAs }) => {
      const judged = judgeProposal(programme, c, decideAs);
      return judged.ok ? yes(draft('proposal.made', { change: judged.change })) : no(judged.refusal);
    },
  approveProposal: (c, { ctx, no, yes, decideAs }) => {
      const pending = pendingProposal(ctx, c.proposalSeq);
      if (!pending.ok) return no(pending.refusal);
      const change = judgeApproval(pending.proposal, c, decideAs);
      return change.ok ? yes(draft('proposal.approved', { proposalSeq: c.proposalSeq }), ...change.drafts) : no(change.refusal);
    },
  rejectProposal: (c, { ctx, no, yes }) => {
      const pending = pendingProposal(ctx, c.proposalSeq);
      return pending.ok ? yes(draft('proposal.rejected', { proposalSeq: c.proposalSeq, reason: c.reason })) : no(pending.refusal);
    },
  recordExitFollowUp: (c, { ctx, no, yes }) => {
      const refusal = exitFollowUpRefusal(ctx, c);
      return refusal ? no(refusal) : yes(draft('exitFollowUp.recorded', { followUpId: c.followUpId, status: c.status, ...(c.work ? { work: c.work } : {}) }));
    },
};

function checkArea(programme: Programme, id: string | undefined, path: (string | number)[]): Issue[] {
  if (id === undefined || programme.config.areas.some((a) => a.id === id)) return [];
  const known = programme.config.areas.map((a) => a.id);
  return [{ code: 'command.unknown_reference', path, message: `no area "${id}" in this programme`, fix: known.length > 0 ? `use one of: ${known.join(', ')}` : 'the programme declares no areas' }];
}

function checkParty(programme: Programme, id: string | undefined, path: (string | number)[]): Issue[] {
  const parties = programme.config.responsibility?.parties ?? [];
  if (id === undefined || parties.some((p) => p.id === id)) return [];
  return [{ code: 'command.unknown_reference', path, message: `no administration "${id}" in this programme`, fix: parties.length > 0 ? `use one of: ${parties.map((p) => p.id).join(', ')}` : 'the programme declares no responsibility' }];
}

/** The programme's referral rules, in order: the first whose condition holds decides. */
export function referralDecision(programme: Programme, facts: Record<string, boolean | number | string>): { decision: 'accept' | 'decline' | 'waitlist'; ruleId?: string; reason?: Label } {
  const policy = programme.config.referral;
  if (!policy) return { decision: 'accept' };
  const scope = scopeOf(programme, facts);
  const rule = policy.rules.find((r) => evaluate(r.when, scope).ok);
  if (rule) return { decision: rule.decision, ruleId: rule.id, ...(rule.reason ? { reason: rule.reason } : {}) };
  return { decision: policy.otherwise.decision, ...(policy.otherwise.reason ? { reason: policy.otherwise.reason } : {}) };
}

function checkInterval(programme: Programme, weeks: number | undefined): { ok: true; weeks: number } | { ok: false; refusal: Refusal } {
  const cadence = programme.config.followUps;
  if (!cadence) return { ok: true, weeks: weeks ?? 0 };
  const { min, max } = cadence.everyWeeks;
  if (weeks === undefined) return { ok: true, weeks: max };
  if (weeks < min || weeks > max)
    return { ok: false, refusal: refuse('command.invalid', ['followUpEveryWeeks'], `follow-ups in this programme are every ${min}–${max} weeks`, `choose a number from ${min} to ${max}`) };
  return { ok: true, weeks };
}

