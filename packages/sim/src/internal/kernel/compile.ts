import {
  type Condition, type FactValue, type Issue, type Programme, type RecordTest, type Result, compileRecordCondition, holds, recordTypes,
  referralDecision, regularFollowUp, exitFollowUpDeadlineId, exitFollowUpKind,
} from '@stegvis/core';
import { type DayPeriod, toDayPeriod } from '@stegvis/core';
import { ProfileSpace, ProfileTable } from './profiles.js';
import { WORK_FOLLOW_UP, type Work, workOf } from './work.js';

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

export const incomeNames = ['full', 'partial', 'none'] as const;

/** Referral decisions per profile. */
export const ACCEPT = 0;
export const DECLINE = 1;
export const WAITLIST = 2;

/** Columns of the per-profile table; the waiver bits of step `s` are at `COL_WAIVERS + s`. */
export const COL_REFERRAL = 0;
export const COL_GROUPS = 1;
export const COL_RANK = 2;
export const COL_OUTCOMES_DENIED = 3;
export const COL_WAIVERS = 4;

/** A day number that is never reached ("no day"). */
export const NEVER = 0x7fffffff;
export const NONE = -0x7fffffff;

/**
 * A programme compiled for the kernel: steps as indices, deadline rules as day offsets in typed arrays with
 * their conditions compiled by core's own rule table, the outcome table, and the decisions that depend on
 * facts (referral rules, reserved groups, waiting-list priority, outcome conditions, waivers) computed once
 * per fact profile with core's own evaluator.
 */
export interface CompiledKernel {
  readonly programme: Programme;
  readonly nSteps: number;
  readonly stepIds: readonly string[];
  /** What the step records: the index into core's `recordTypes`, −1 nothing. */
  readonly stepRecord: Int8Array;
  readonly stepAutoAdvance: Uint8Array;
  readonly stepReqCount: Uint8Array;
  /** The step's completion condition, compiled. */
  readonly stepCompletion: readonly RecordTest[];
  /** Requirements of the step whose mark must name evidence, as bits. */
  readonly stepEvidence: Uint32Array;

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
  /** What meets the deadline, compiled (`since` is the number of follow-ups when it opened). */
  readonly tplTest: readonly RecordTest[];
  /** The duty template a missed deadline opens, −1 none. */
  readonly tplOnMissed: Int16Array;
  /** The flag an overdue deadline raises (index into `flags`), −1 none. */
  readonly tplFlag: Int16Array;
  readonly tplIsFollowUpKind: Uint8Array;
  /** The simulated unit's work for the deadline (`WORK_*`), with the step and requirement it concerns. */
  readonly tplWork: Uint8Array;
  readonly tplWorkStep: Int16Array;
  readonly tplWorkRequirement: Int16Array;
  /** Templates opened at admission, in core's order. */
  readonly intakeTemplates: Int16Array;
  /** Templates opened on entering step s: `entryTemplates[entryStart[s] .. entryStart[s+1])`. */
  readonly entryStart: Int32Array;
  readonly entryTemplates: Int16Array;
  /** The regular follow-up's template, −1 without a cadence. */
  readonly followUpTemplate: number;
  /**
   * The follow-ups after exit, in the programme's order: their ids, templates, and when each falls due
   * (`after` the exit day) and is overdue (`within` after that), as months and days.
   */
  readonly exitFollowUpIds: readonly string[];
  readonly exitTemplates: Int16Array;
  readonly exitAfterMonths: Int32Array;
  readonly exitAfterDays: Int32Array;
  readonly exitWithinMonths: Int32Array;
  readonly exitWithinDays: Int32Array;
  readonly kinds: readonly string[];
  /** The flags deadlines can raise, by id. */
  readonly flags: readonly string[];

  readonly cadence: { readonly firstAfterWeeks: number; readonly min: number; readonly max: number; readonly roles: number } | null;

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
  test: RecordTest;
  onMissed: number;
  flag: string | null;
  work: Work;
}

/** Limits of the kernel's integer encoding, each with the config path it is reported at. */
const MAX_REQUIREMENTS = 32;
const MAX_GROUPS = 30;
const MAX_CONDITIONAL_OUTCOMES = 31;
const MAX_EXIT_FOLLOW_UPS = 31;

const unsupported = (path: (string | number)[], message: string, fix: string): Issue => ({ code: 'config.invalid_value', path, message: `the simulation cannot model this programme: ${message}`, fix });

/**
 * Compiles a validated programme for the kernel. Any step kind is modelled — a blueprint is data, and its
 * conditions compile through core's rule table — within the kernel's integer limits; a programme beyond them
 * gets issues (code, path, fix) before anything runs.
 *
 * @example
 * const kernel = compileKernel(programme);
 * if (!kernel.ok) console.error(formatIssues(kernel.issues));
 */
export function compileKernel(programme: Programme): Result<CompiledKernel> {
  const steps = programme.steps;
  const nSteps = steps.length;
  const env = programme.env;
  const cadence = programme.config.followUps;
  const capacity = programme.config.capacity;
  const outcomes = programme.outcomes;
  const withWhen = outcomes.map((o, i) => [o, i] as const).filter(([o]) => o.when);

  const issues: Issue[] = [];
  for (const s of steps)
    if (s.blueprint.requirements.length > MAX_REQUIREMENTS)
      issues.push(unsupported(['steps', s.index, 'params', 'requirements'], `step "${s.id}" has ${s.blueprint.requirements.length} requirements; the kernel holds at most ${MAX_REQUIREMENTS} per step`, 'split the step'));
  if (capacity && capacity.reserved.length > MAX_GROUPS)
    issues.push(unsupported(['capacity', 'reserved'], `${capacity.reserved.length} reserved groups; at most ${MAX_GROUPS} are supported`, 'merge reserved groups'));
  if (withWhen.length > MAX_CONDITIONAL_OUTCOMES)
    issues.push(unsupported(['steps', programme.exitStep.index, 'params', 'outcomes'], `${withWhen.length} outcomes have a condition; at most ${MAX_CONDITIONAL_OUTCOMES} are supported`, 'merge outcomes'));
  const afterExit = programme.config.followUpAfterExit;
  if (afterExit.length > MAX_EXIT_FOLLOW_UPS)
    issues.push(unsupported(['followUpAfterExit'], `${afterExit.length} follow-ups after exit; at most ${MAX_EXIT_FOLLOW_UPS} are supported`, 'merge follow-ups after exit'));
  if (issues.length > 0) return { ok: false, issues };

  const templates: Template[] = [];
  const kinds: string[] = [];
  const flags: string[] = [];
  const indexIn = (list: string[], k: string) => {
    const i = list.indexOf(k);
    return i === -1 ? list.push(k) - 1 : i;
  };

  const intake: number[] = [];
  const entryLists: number[][] = steps.map(() => []);
  for (const [si, s] of steps.entries()) {
    for (const rule of s.blueprint.deadlines) {
      let onMissed = -1;
      if (rule.onMissed) {
        const m = rule.onMissed;
        onMissed = templates.length;
        templates.push({
          base: `${s.id}.${m.id}`,
          kind: m.kind,
          step: si,
          after: toDayPeriod(m.within),
          window: null,
          test: compileRecordCondition(m.metWhen, env),
          onMissed: -1,
          flag: null,
          work: workOf(m.metWhen, programme),
        });
      }
      const t = templates.length;
      templates.push({
        base: `${s.id}.${rule.id}`,
        kind: rule.kind,
        step: si,
        after: toDayPeriod(rule.after),
        window: rule.window ? toDayPeriod(rule.window) : null,
        test: compileRecordCondition(rule.metWhen, env),
        onMissed,
        flag: rule.flag?.id ?? null,
        work: workOf(rule.metWhen, programme),
      });
      (rule.from === 'intake' ? intake : entryLists[si]!).push(t);
    }
  }
  let followUpTemplate = -1;
  const cadenceRoles = cadence ? (env.roleBits(cadence.jointWith) ?? 0) : 0;
  if (cadence) {
    followUpTemplate = templates.length;
    templates.push({
      base: regularFollowUp.kind,
      kind: regularFollowUp.kind,
      step: -1,
      after: { months: 0, days: 0 },
      window: null,
      test: compileRecordCondition(regularFollowUp.metWhen(cadence.jointWith), env),
      onMissed: -1,
      flag: null,
      work: [WORK_FOLLOW_UP, -1, -1],
    });
  }

  const exitTemplates = afterExit.map((f) => {
    templates.push({
      base: exitFollowUpDeadlineId(f.id),
      kind: exitFollowUpKind,
      step: -1,
      after: { months: 0, days: 0 },
      window: null,
      test: compileRecordCondition({ type: 'exitFollowUpRecorded', followUpId: f.id }, env),
      onMissed: -1,
      flag: null,
      work: workOf({ type: 'exitFollowUpRecorded', followUpId: f.id }, programme),
    });
    return templates.length - 1;
  });
  const exitAfter = afterExit.map((f) => toDayPeriod(f.after));
  const exitWithin = afterExit.map((f) => toDayPeriod(f.within));

  const n = templates.length;
  const bases: string[] = [];
  const tplBaseIndex = Int16Array.from(templates, (t) => indexIn(bases, t.base));
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

  const categories = programme.categories.map((c) => c.id);
  const areas = programme.config.areas;

  // Decisions that depend on facts: one row per profile, computed with core's evaluator.
  const waivers = steps.flatMap((s) => s.blueprint.requirements.flatMap((r) => (r.waivedWhen ? [r.waivedWhen] : [])));
  const conditions: Condition[] = [
    ...(programme.config.referral ? programme.config.referral.rules.map((r) => r.when) : []),
    ...(capacity ? capacity.reserved.map((r) => r.for) : []),
    ...(capacity ? capacity.priority.map((p) => p.when) : []),
    ...outcomes.flatMap((o) => (o.when ? [o.when] : [])),
    ...waivers,
  ];
  const profiles = new ProfileSpace(programme, conditions);
  const scope = (facts: Record<string, FactValue>) => ({ facts, factsById: programme.factsById, conditionsById: programme.conditionsById });
  const table = new ProfileTable(profiles, COL_WAIVERS + nSteps, (facts, out) => {
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
    steps.forEach((s, si) => {
      let bits = 0;
      s.blueprint.requirements.forEach((r, q) => {
        if (r.waivedWhen && holds(r.waivedWhen, scope(facts))) bits |= 1 << q;
      });
      out[COL_WAIVERS + si] = bits;
    });
  });

  const bits = (count: number, f: (i: number) => boolean) => {
    let b = 0;
    for (let i = 0; i < count; i++) if (f(i)) b |= 1 << i;
    return b >>> 0;
  };

  return {
    ok: true,
    value: {
      programme,
      nSteps,
      stepIds: steps.map((s) => s.id),
      stepRecord: Int8Array.from(steps, (s) => (s.blueprint.records ? recordTypes.indexOf(s.blueprint.records.type) : -1)),
      stepAutoAdvance: Uint8Array.from(steps, (s) => (s.blueprint.autoAdvance ? 1 : 0)),
      stepReqCount: Uint8Array.from(steps, (s) => s.blueprint.requirements.length),
      stepCompletion: steps.map((s) => compileRecordCondition(s.blueprint.completion, env)),
      stepEvidence: Uint32Array.from(steps, (s) => bits(s.blueprint.requirements.length, (q) => (s.blueprint.requirements[q]!.evidence?.length ?? 0) > 0)),
      nTemplates: n,
      tplBase: templates.map((t) => t.base),
      tplBaseIndex,
      nBases: bases.length,
      tplKind: i16((t) => indexIn(kinds, t.kind)),
      tplStep: i16((t) => t.step),
      tplAfterMonths: i32((t) => t.after.months),
      tplAfterDays: i32((t) => t.after.days),
      tplHasWindow: u8((t) => (t.window ? 1 : 0)),
      tplWindowMonths: i32((t) => t.window?.months ?? 0),
      tplWindowDays: i32((t) => t.window?.days ?? 0),
      tplTest: templates.map((t) => t.test),
      tplOnMissed: i16((t) => t.onMissed),
      tplFlag: i16((t) => (t.flag === null ? -1 : indexIn(flags, t.flag))),
      tplIsFollowUpKind: u8((t) => (t.kind === regularFollowUp.kind ? 1 : 0)),
      tplWork: u8((t) => t.work[0]),
      tplWorkStep: i16((t) => t.work[1]),
      tplWorkRequirement: i16((t) => t.work[2]),
      intakeTemplates: Int16Array.from(intake),
      entryStart,
      entryTemplates: Int16Array.from(entryFlat),
      followUpTemplate,
      exitFollowUpIds: afterExit.map((f) => f.id),
      exitTemplates: Int16Array.from(exitTemplates),
      exitAfterMonths: Int32Array.from(exitAfter, (x) => x.months),
      exitAfterDays: Int32Array.from(exitAfter, (x) => x.days),
      exitWithinMonths: Int32Array.from(exitWithin, (x) => x.months),
      exitWithinDays: Int32Array.from(exitWithin, (x) => x.days),
      kinds,
      flags,
      cadence: cadence ? { firstAfterWeeks: cadence.firstAfterWeeks, min: cadence.everyWeeks.min, max: cadence.everyWeeks.max, roles: cadenceRoles } : null,
      nOutcomes: outcomes.length,
      outcomeIds: outcomes.map((o) => o.id),
      outcomeIncome: Uint8Array.from(outcomes, (o) => incomeNames.indexOf(o.income)),
      outcomeCategory: Int16Array.from(outcomes, (o) => (o.category === undefined ? -1 : categories.indexOf(o.category))),
      outcomeCompletes: Int16Array.from(outcomes, (o) => (o.completesStep ? env.stepIndex(o.completesStep) : -1)),
      outcomeBit: Int32Array.from(outcomes, (_, i) => {
        const bit = withWhen.findIndex(([, j]) => j === i);
        return bit === -1 ? 0 : 1 << bit;
      }),
      capacity: capacity ? { places: capacity.places, reservedPlaces: Int32Array.from(capacity.reserved, (r) => r.places), nPriorities: capacity.priority.length } : null,
      areaPlaces: Int32Array.from(areas, (a) => a.places ?? -1),
      profiles,
      table,
    },
  };
}
