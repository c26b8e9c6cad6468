import { type Condition, type FactValue, type MetWhen, type Programme, referralDecision, holds } from '@stegvis/core';
import { type DayPeriod, toDayPeriod } from './calendar.js';
import { ProfileSpace, ProfileTable } from './profiles.js';

/** Phases, as the kernel numbers them; the names are core's. */
export const phaseNames = ['intake', 'waiting', 'active', 'paused', 'exited', 'declined'] as const;
export type PhaseName = (typeof phaseNames)[number];
export const INTAKE = 0;
export const WAITING = 1;
export const ACTIVE = 2;
export const PAUSED = 3;
export const EXITED = 4;
export const DECLINED = 5;

/** Deadline statuses, as core names them. */
export const statusNames = ['upcoming', 'due', 'overdue', 'met', 'cancelled'] as const;
export type StatusName = (typeof statusNames)[number];
export const UPCOMING = 0;
export const DUE = 1;
export const OVERDUE = 2;
export const MET = 3;
export const CANCELLED = 4;

/** What fulfils a deadline (core's `MetWhen`), as a code. */
export const M_ASSESSMENT = 0;
export const M_PLAN = 1;
export const M_STEP_COMPLETED = 2;
export const M_STEP_LEFT = 3;
export const M_FOLLOW_UP = 4;
export const M_REQUIREMENT = 5;
export const M_NEVER = 6;

export const incomeNames = ['full', 'partial', 'none'] as const;

/** Referral decisions per profile. */
export const ACCEPT = 0;
export const DECLINE = 1;
export const WAITLIST = 2;

/** Columns of the per-profile table. */
export const COL_REFERRAL = 0;
export const COL_GROUPS = 1;
export const COL_RANK = 2;
export const COL_OUTCOMES_DENIED = 3;

/** A day number that is never reached ("no day"). */
export const NEVER = 0x7fffffff;
export const NONE = -0x7fffffff;

/**
 * A programme compiled for the kernel: steps as indices, deadline rules as day offsets in typed arrays,
 * the outcome table, and the decisions that depend on facts (referral rules, reserved groups, waiting-list
 * priority, outcome conditions) computed once per fact profile with core's own evaluator.
 */
export interface CompiledKernel {
  readonly programme: Programme;
  readonly nSteps: number;
  readonly stepIds: readonly string[];
  readonly stepIsAssessment: Uint8Array;
  readonly stepIsPlan: Uint8Array;
  readonly stepReqCount: Uint8Array;
  /** Bits of every requirement of the step. */
  readonly stepAllReqs: Uint32Array;

  /** Deadline templates: the rules of the steps, the duties they open when missed, and the follow-up. */
  readonly nTemplates: number;
  readonly tplBase: readonly string[];
  /** Index of the template's id base (templates may share one; suffixes `.2`, `.3` count per base). */
  readonly tplBaseIndex: Int16Array;
  readonly nBases: number;
  readonly tplKind: Int16Array;
  readonly tplStep: Int16Array;
  readonly tplAfterMonths: Int32Array;
  readonly tplAfterDays: Int32Array;
  readonly tplHasWindow: Uint8Array;
  readonly tplWindowMonths: Int32Array;
  readonly tplWindowDays: Int32Array;
  readonly tplMet: Uint8Array;
  readonly tplMetStep: Int16Array;
  readonly tplMetReqBit: Uint32Array;
  /** For follow-up conditions: the fixed `after` of a rule, or −1 for "the count when it opened". */
  readonly tplMetAfter: Int32Array;
  readonly tplMetJoint: Uint8Array;
  /** The duty template a missed deadline opens, −1 none. */
  readonly tplDuty: Int16Array;
  readonly tplLockIn: Uint8Array;
  readonly tplIsFollowUpKind: Uint8Array;
  /** Templates opened at admission, in core's order. */
  readonly intakeTemplates: Int16Array;
  /** Templates opened on entering step s: `entryTemplates[entryStart[s] .. entryStart[s+1])`. */
  readonly entryStart: Int32Array;
  readonly entryTemplates: Int16Array;
  /** The regular follow-up's template, −1 without a cadence. */
  readonly followUpTemplate: number;
  readonly kinds: readonly string[];

  readonly cadence: { readonly firstAfterWeeks: number; readonly min: number; readonly max: number } | null;

  readonly nOutcomes: number;
  readonly outcomeIds: readonly string[];
  readonly outcomeIncome: Uint8Array;
  readonly outcomeCategory: Int16Array;
  /** Index of the step an exit to the outcome completes (and all before it), −1 none. */
  readonly outcomeCompletes: Int16Array;
  /** The outcome's bit in a profile's denied mask; 0 for outcomes without a condition. */
  readonly outcomeBit: Int32Array;

  readonly capacity: {
    readonly places: number;
    readonly reservedPlaces: Int32Array;
    readonly nPriorities: number;
  } | null;
  readonly areaPlaces: Int32Array;

  readonly profiles: ProfileSpace;
  readonly table: ProfileTable;
}

interface Template {
  base: string;
  kind: string;
  step: number;
  after: DayPeriod;
  window: DayPeriod | null;
  met: number;
  metStep: number;
  metReqBit: number;
  metAfter: number;
  metJoint: number;
  duty: number;
  lockIn: boolean;
}

/**
 * Compiles a validated programme for the kernel. Supports the built-in step kinds and any kind whose
 * only gate is an assessment or an action plan, like theirs.
 *
 * @example
 * const kernel = compileKernel(programme);
 * const p = new KernelParticipant(kernel);
 * p.refer(dayNumber('2026-01-05'), { fullTimeSickLeave: false }, true);
 */
export function compileKernel(programme: Programme): CompiledKernel {
  const steps = programme.steps;
  const nSteps = steps.length;
  const stepIndex = new Map(steps.map((s, i) => [s.id, i]));
  const cadence = programme.config.followUps;
  const jointRoles = new Set(cadence?.jointWith ?? []);

  for (const s of steps)
    if (s.blueprint.gate && !s.blueprint.assessment && !s.blueprint.actionPlan)
      throw new Error(`step "${s.id}" (kind ${s.kind}) has a completion gate the simulation kernel cannot model; only assessment and action-plan gates are supported`);

  const templates: Template[] = [];
  const kinds: string[] = [];
  const kindIndex = (k: string) => {
    let i = kinds.indexOf(k);
    if (i === -1) i = kinds.push(k) - 1;
    return i;
  };

  const metOf = (m: MetWhen, fixedAfter: boolean): Pick<Template, 'met' | 'metStep' | 'metReqBit' | 'metAfter' | 'metJoint'> => {
    const none = { metStep: -1, metReqBit: 0, metAfter: -1, metJoint: 0 };
    switch (m.type) {
      case 'assessmentCompleted':
        return { met: M_ASSESSMENT, ...none };
      case 'planEstablished':
        return { met: M_PLAN, ...none };
      case 'stepCompleted':
        return { met: stepIndex.has(m.stepId) ? M_STEP_COMPLETED : M_NEVER, ...none, metStep: stepIndex.get(m.stepId) ?? -1 };
      case 'stepLeft':
        return { met: M_STEP_LEFT, ...none, metStep: stepIndex.get(m.stepId) ?? -1 };
      case 'requirementMet': {
        const s = stepIndex.get(m.stepId);
        const r = s === undefined ? -1 : steps[s]!.blueprint.requirements.findIndex((x) => x.id === m.requirementId);
        return r < 0 ? { met: M_NEVER, ...none } : { met: M_REQUIREMENT, ...none, metStep: s!, metReqBit: (1 << r) >>> 0 };
      }
      case 'followUp': {
        const joint = m.jointWith ?? [];
        const never = joint.some((r) => !jointRoles.has(r)) || (m.evaluationOf !== undefined && !stepIndex.has(m.evaluationOf));
        return {
          met: never ? M_NEVER : M_FOLLOW_UP,
          metStep: m.evaluationOf !== undefined ? (stepIndex.get(m.evaluationOf) ?? -1) : -1,
          metReqBit: 0,
          metAfter: fixedAfter ? m.after : -1,
          metJoint: joint.length > 0 ? 1 : 0,
        };
      }
    }
  };

  const intake: number[] = [];
  const entryLists: number[][] = steps.map(() => []);
  for (const [si, s] of steps.entries()) {
    if (s.blueprint.requirements.length > 32) throw new Error(`step "${s.id}" has more than 32 requirements; the kernel holds marks in 32 bits`);
    const rules = [
      ...s.blueprint.deadlines,
      ...s.blueprint.requirements.flatMap((r) =>
        r.dueWithin ? [{ id: r.id, kind: 'requirement', from: 'entry' as const, after: r.dueWithin, metWhen: { type: 'requirementMet' as const, stepId: s.id, requirementId: r.id } }] : [],
      ),
    ] as const;
    for (const rule of rules) {
      let duty = -1;
      if ('onMissed' in rule && rule.onMissed) {
        const m = rule.onMissed;
        duty = templates.length;
        templates.push({
          base: `${s.id}.${m.id}`,
          kind: m.kind,
          step: si,
          after: toDayPeriod(m.within),
          window: null,
          ...metOf(m.metWhen, m.metWhen.type !== 'followUp'),
          duty: -1,
          lockIn: false,
        });
      }
      const t = templates.length;
      templates.push({
        base: `${s.id}.${rule.id}`,
        kind: rule.kind,
        step: si,
        after: toDayPeriod(rule.after),
        window: 'window' in rule && rule.window ? toDayPeriod(rule.window) : null,
        ...metOf(rule.metWhen, true),
        duty,
        lockIn: 'flag' in rule && rule.flag?.id === 'lockIn',
      });
      (rule.from === 'intake' ? intake : entryLists[si]!).push(t);
    }
  }
  let followUpTemplate = -1;
  if (cadence) {
    followUpTemplate = templates.length;
    templates.push({
      base: 'followUp',
      kind: 'followUp',
      step: -1,
      after: { months: 0, days: 0 },
      window: null,
      met: M_FOLLOW_UP,
      metStep: -1,
      metReqBit: 0,
      metAfter: -1,
      metJoint: cadence.jointWith.length > 0 ? 1 : 0,
      duty: -1,
      lockIn: false,
    });
  }

  const n = templates.length;
  const bases: string[] = [];
  const tplBaseIndex = new Int16Array(n);
  templates.forEach((t, i) => {
    let b = bases.indexOf(t.base);
    if (b === -1) b = bases.push(t.base) - 1;
    tplBaseIndex[i] = b;
  });
  const i16 = (f: (t: Template) => number) => Int16Array.from(templates, f);
  const i32 = (f: (t: Template) => number) => Int32Array.from(templates, f);
  const u8 = (f: (t: Template) => number) => Uint8Array.from(templates, f);

  const entryStart = new Int32Array(nSteps + 1);
  const entryFlat: number[] = [];
  for (let s = 0; s < nSteps; s++) {
    entryStart[s] = entryFlat.length;
    entryFlat.push(...entryLists[s]!);
  }
  entryStart[nSteps] = entryFlat.length;

  const outcomes = programme.exitStep.blueprint.exit!.outcomes;
  const categories = ((programme.exitStep.params as { categories?: { id: string }[] } | undefined)?.categories ?? []).map((c) => c.id);
  const capacity = programme.config.capacity;
  const areas = programme.config.areas;

  // Decisions that depend on facts: one row per profile, computed with core's evaluator.
  const conditions: Condition[] = [
    ...(programme.config.referral ? programme.config.referral.rules.map((r) => r.when) : []),
    ...(capacity ? capacity.reserved.map((r) => r.for) : []),
    ...(capacity ? capacity.priority.map((p) => p.when) : []),
    ...outcomes.flatMap((o) => (o.when ? [o.when] : [])),
  ];
  const withWhen = outcomes.map((o, i) => [o, i] as const).filter(([o]) => o.when);
  if (capacity && capacity.reserved.length > 30) throw new Error('the kernel supports at most 30 reserved groups');
  if (withWhen.length > 31) throw new Error('the kernel supports at most 31 outcomes with a condition');
  const profiles = new ProfileSpace(programme, conditions);
  const scope = (facts: Record<string, FactValue>) => ({ facts, factsById: programme.factsById, conditionsById: programme.conditionsById });
  const table = new ProfileTable(profiles, 4, (facts, out) => {
    const d = referralDecision(programme, facts).decision;
    out[COL_REFERRAL] = d === 'accept' ? ACCEPT : d === 'decline' ? DECLINE : WAITLIST;
    let groups = 0;
    capacity?.reserved.forEach((r, i) => {
      if (holds(r.for, scope(facts))) groups |= 1 << i;
    });
    out[COL_GROUPS] = groups;
    const prio = capacity?.priority ?? [];
    const rank = prio.findIndex((p) => holds(p.when, scope(facts)));
    out[COL_RANK] = rank === -1 ? prio.length : rank;
    let denied = 0;
    withWhen.forEach(([o], bit) => {
      if (!holds(o.when!, scope(facts))) denied |= 1 << bit;
    });
    out[COL_OUTCOMES_DENIED] = denied;
  });

  return {
    programme,
    nSteps,
    stepIds: steps.map((s) => s.id),
    stepIsAssessment: Uint8Array.from(steps, (s) => (s.blueprint.assessment ? 1 : 0)),
    stepIsPlan: Uint8Array.from(steps, (s) => (s.blueprint.actionPlan ? 1 : 0)),
    stepReqCount: Uint8Array.from(steps, (s) => s.blueprint.requirements.length),
    stepAllReqs: Uint32Array.from(steps, (s) => (s.blueprint.requirements.length === 32 ? 0xffffffff : (1 << s.blueprint.requirements.length) - 1)),
    nTemplates: n,
    tplBase: templates.map((t) => t.base),
    tplBaseIndex,
    nBases: bases.length,
    tplKind: i16((t) => kindIndex(t.kind)),
    tplStep: i16((t) => t.step),
    tplAfterMonths: i32((t) => t.after.months),
    tplAfterDays: i32((t) => t.after.days),
    tplHasWindow: u8((t) => (t.window ? 1 : 0)),
    tplWindowMonths: i32((t) => t.window?.months ?? 0),
    tplWindowDays: i32((t) => t.window?.days ?? 0),
    tplMet: u8((t) => t.met),
    tplMetStep: i16((t) => t.metStep),
    tplMetReqBit: Uint32Array.from(templates, (t) => t.metReqBit),
    tplMetAfter: i32((t) => t.metAfter),
    tplMetJoint: u8((t) => t.metJoint),
    tplDuty: i16((t) => t.duty),
    tplLockIn: u8((t) => (t.lockIn ? 1 : 0)),
    tplIsFollowUpKind: u8((t) => (t.kind === 'followUp' ? 1 : 0)),
    intakeTemplates: Int16Array.from(intake),
    entryStart,
    entryTemplates: Int16Array.from(entryFlat),
    followUpTemplate,
    kinds,
    cadence: cadence ? { firstAfterWeeks: cadence.firstAfterWeeks, min: cadence.everyWeeks.min, max: cadence.everyWeeks.max } : null,
    nOutcomes: outcomes.length,
    outcomeIds: outcomes.map((o) => o.id),
    outcomeIncome: Uint8Array.from(outcomes, (o) => incomeNames.indexOf(o.income)),
    outcomeCategory: Int16Array.from(outcomes, (o) => (o.category === undefined ? -1 : categories.indexOf(o.category))),
    outcomeCompletes: Int16Array.from(outcomes, (o) => (o.completesStep ? (stepIndex.get(o.completesStep) ?? -1) : -1)),
    outcomeBit: Int32Array.from(outcomes, (_, i) => {
      const bit = withWhen.findIndex(([, j]) => j === i);
      return bit === -1 ? 0 : 1 << bit;
    }),
    capacity: capacity
      ? { places: capacity.places, reservedPlaces: Int32Array.from(capacity.reserved, (r) => r.places), nPriorities: capacity.priority.length }
      : null,
    areaPlaces: Int32Array.from(areas, (a) => a.places ?? -1),
    profiles,
    table,
  };
}

