import { type Explanation, explain } from '../conditions/explanation.js';
import type { Label } from '../i18n/label.js';
import type { Requirement } from './blueprint.js';
import type { RecordCondition, RecordConditionOf, RecordConditionType } from './record-condition.js';
import { COMPLETED, MARKED_MET, MARKED_WAIVED, type RecordReader } from './record-reader.js';

/** A compiled record condition: does it hold on this record, counting follow-ups after the first `since`. */
export type RecordTest = (r: RecordReader, since: number) => boolean;

/** What a rule may know of the programme: its path steps and the roles follow-ups are attended by. */
export interface RuleEnv {
  readonly steps: readonly { readonly id: string; readonly label: Label; readonly blueprint: { readonly requirements: readonly Requirement[] } }[];
  /** Position of a path step, −1 for none. */
  stepIndex(id: string): number;
  /** Bits of the programme's attendance roles for these roles; a role it does not know can never attend. */
  roleBits(roles: readonly string[]): number | null;
}

/** A question a record condition asks the record: one of `RecordReader`'s methods. */
export type RecordQuestion = keyof RecordReader;

/** How a requirement came to be satisfied, as the `step.advanced` event records it. */
export type Satisfaction = 'met' | 'waived' | 'waivedByCondition' | 'record';

/** What the engine's explanations read beyond the record itself: reasons and waiver conditions. */
export interface ExplainReader extends RecordReader {
  markReason(step: number, requirement: number): string | undefined;
  /** The waiver condition's explanation on the participant's facts, when the requirement has one. */
  waiver(step: number, requirement: number): Explanation | undefined;
}

/** One rule of the union: every part of the product that needs to know what a variant means reads it here. */
interface RecordConditionRule<C extends RecordCondition> {
  /** Resolves ids to positions once, for the engine and the simulation kernel alike. */
  compile(c: C, env: RuleEnv): RecordTest;
  /**
   * What its compiled test asks the record (through its parts too): while none of these answers can have
   * changed, neither has the test's, so the engine re-checks a deadline only after an event that touches them.
   */
  reads(c: C): readonly RecordQuestion[];
  /** The sentence for explanations, the diagram and the report. */
  label(c: C, env: RuleEnv): Label;
  /** Why it holds or not (engine only); `ok` is always the compiled test's answer. */
  explain(c: C, env: RuleEnv, r: ExplainReader, since: number): Explanation;
  /** Steps, requirements and roles it refers to (through its parts too), for validation and lint. */
  refs(c: C): RecordConditionRefs;
  /** The same condition with its step ids moved (a migration to a new programme version). */
  mapSteps(c: C, map: (stepId: string) => string): C;
  children(c: C): readonly RecordCondition[];
  /** How many of its parts must hold (a leaf has none). */
  quorum(c: C): number;
}

export interface RecordConditionRefs {
  readonly steps: readonly string[];
  readonly requirements: readonly (readonly [string, string])[];
  readonly roles: readonly string[];
}

type Rules = { [T in RecordConditionType]: RecordConditionRule<RecordConditionOf<T>> };

const never: RecordTest = () => false;
const noRefs: RecordConditionRefs = { steps: [], requirements: [], roles: [] };
const none = () => [] as const;
const stepName = (env: RuleEnv, id: string): Label => env.steps[env.stepIndex(id)]?.label ?? { sv: id, en: id };

/** Resolves a requirement to `[step, requirement, its declaration]`, or null when the programme has none. */
function requirementAt(env: RuleEnv, stepId: string, requirementId: string): readonly [number, number, Requirement] | null {
  const s = env.stepIndex(stepId);
  if (s < 0) return null;
  const q = env.steps[s]!.blueprint.requirements.findIndex((x) => x.id === requirementId);
  return q < 0 ? null : [s, q, env.steps[s]!.blueprint.requirements[q]!];
}

/** The one reading of a requirement: a caseworker's mark, its waiver condition, or the record itself. */
export function requirementSatisfaction(r: RecordReader, s: number, q: number, req: Requirement): Satisfaction | null {
  const mark = r.requirementMark(s, q);
  if (mark === MARKED_MET) return 'met';
  if (mark === MARKED_WAIVED) return 'waived';
  if (req.waivedWhen && r.requirementWaived(s, q)) return 'waivedByCondition';
  if (req.satisfiedBy === 'participantTookPartInPlan' && r.tookPartInPlan()) return 'record';
  return null;
}

const leaf = <C extends RecordCondition>(rule: Omit<RecordConditionRule<C>, 'explain' | 'children' | 'quorum'> & { detail?: (c: C, env: RuleEnv, r: ExplainReader, ok: boolean) => Label | undefined }): RecordConditionRule<C> => ({
  ...rule,
  explain: (c, env, r, since) => {
    const ok = rule.compile(c, env)(r, since);
    return explain(ok, rule.label(c, env), undefined, rule.detail?.(c, env, r, ok));
  },
  children: none,
  quorum: () => 0,
});

/** `all`, `any` and `atLeast`: how many of the parts must hold. */
const combinator = <C extends RecordConditionOf<'all' | 'any' | 'atLeast'>>(needed: (c: C) => number, text: (c: C) => Label): RecordConditionRule<C> => ({
  compile: (c, env) => {
    const parts = c.of.map((k) => compileRecordCondition(k, env));
    const n = needed(c);
    return (r, since) => {
      let held = 0;
      for (let i = 0; i < parts.length && held < n; i++) if (parts[i]!(r, since)) held++;
      return held >= n;
    };
  },
  reads: (c) => c.of.flatMap(recordConditionReads),
  label: (c) => c.label ?? text(c),
  explain: (c, env, r, since) => {
    const children = c.of.map((k) => explainRecordCondition(k, env, r, since));
    return explain(children.filter((k) => k.ok).length >= needed(c), c.label ?? text(c), children);
  },
  refs: (c) => {
    const all = c.of.map(recordConditionRefs);
    return { steps: all.flatMap((x) => x.steps), requirements: all.flatMap((x) => x.requirements), roles: all.flatMap((x) => x.roles) };
  },
  mapSteps: (c, map) => ({ ...c, of: c.of.map((k) => mapRecordConditionSteps(k, map)) }),
  children: (c) => c.of,
  quorum: needed,
});

/**
 * Every record condition, written once. `satisfies` makes a new variant a type error until it has its rule,
 * and every consumer (evolve, completion, the kernel, migration, validation, lint, the diagram) goes through
 * the functions below.
 */
export const recordConditionRules = {
  assessmentCompleted: leaf({
    compile: () => (r) => r.assessmentCompleted(),
    reads: () => ['assessmentCompleted'],
    label: () => ({ sv: 'Kartläggningen är gjord', en: 'The assessment is done' }),
    refs: () => noRefs,
    mapSteps: (c) => c,
  }),
  planEstablished: leaf({
    compile: () => (r) => r.planEstablished(),
    reads: () => ['planEstablished'],
    label: () => ({ sv: 'Handlingsplanen är upprättad', en: 'The action plan is established' }),
    refs: () => noRefs,
    mapSteps: (c) => c,
  }),
  tookPartInPlan: leaf({
    compile: () => (r) => r.tookPartInPlan(),
    reads: () => ['tookPartInPlan'],
    label: () => ({ sv: 'Deltagaren medverkade när planen skrevs', en: 'The participant took part in writing the plan' }),
    refs: () => noRefs,
    mapSteps: (c) => c,
  }),
  stepCompleted: leaf({
    compile: (c, env) => {
      const s = env.stepIndex(c.stepId);
      return s < 0 ? never : (r) => r.stepStatus(s) === COMPLETED;
    },
    reads: () => ['stepStatus'],
    label: (c, env) => {
      const l = stepName(env, c.stepId);
      return { sv: `${l.sv} är genomfört`, en: `${l.en} is completed` };
    },
    refs: (c) => ({ steps: [c.stepId], requirements: [], roles: [] }),
    mapSteps: (c, map) => ({ ...c, stepId: map(c.stepId) }),
  }),
  stepLeft: leaf({
    compile: (c, env) => {
      const s = env.stepIndex(c.stepId);
      return (r) => r.exited() || r.currentStep() !== s;
    },
    reads: () => ['exited', 'currentStep'],
    label: (c, env) => {
      const l = stepName(env, c.stepId);
      return { sv: `Deltagaren har lämnat ${l.sv}`, en: `The participant has left ${l.en}` };
    },
    refs: (c) => ({ steps: [c.stepId], requirements: [], roles: [] }),
    mapSteps: (c, map) => ({ ...c, stepId: map(c.stepId) }),
  }),
  followUp: leaf({
    compile: (c, env) => {
      const ev = c.evaluationOf === undefined ? -1 : env.stepIndex(c.evaluationOf);
      const roles = env.roleBits(c.jointWith ?? []);
      if (roles === null || (c.evaluationOf !== undefined && ev < 0)) return never;
      return (r, since) => r.followUpSince(since, ev, roles);
    },
    reads: () => ['followUpSince'],
    label: (c, env) => {
      const joint = c.jointWith && c.jointWith.length > 0 ? { sv: ` tillsammans med ${c.jointWith.join(', ')}`, en: ` jointly with ${c.jointWith.join(', ')}` } : { sv: '', en: '' };
      if (c.evaluationOf === undefined) return { sv: `En uppföljning är hållen${joint.sv}`, en: `A follow-up is held${joint.en}` };
      const l = stepName(env, c.evaluationOf);
      return { sv: `${l.sv} är utvärderat${joint.sv}`, en: `${l.en} is evaluated${joint.en}` };
    },
    refs: (c) => ({ steps: c.evaluationOf === undefined ? [] : [c.evaluationOf], requirements: [], roles: c.jointWith ?? [] }),
    mapSteps: (c, map) => (c.evaluationOf === undefined ? c : { ...c, evaluationOf: map(c.evaluationOf) }),
  }),
  requirementMet: {
    compile: (c, env) => {
      const at = requirementAt(env, c.stepId, c.requirementId);
      if (!at) return never;
      const [s, q, req] = at;
      return (r) => requirementSatisfaction(r, s, q, req) !== null;
    },
    // requirementSatisfaction's questions.
    reads: () => ['requirementMark', 'requirementWaived', 'tookPartInPlan'],
    label: (c, env) => requirementAt(env, c.stepId, c.requirementId)?.[2].label ?? { sv: c.requirementId, en: c.requirementId },
    explain: (c, env, r) => {
      const at = requirementAt(env, c.stepId, c.requirementId);
      if (!at) return explain(false, { sv: c.requirementId, en: c.requirementId }, undefined, { sv: 'okänt krav', en: 'unknown requirement' });
      const [s, q, req] = at;
      const how = requirementSatisfaction(r, s, q, req);
      const waiver = req.waivedWhen ? r.waiver(s, q) : undefined;
      const reason = r.markReason(s, q) ?? '';
      const detail: Label =
        how === 'met' ? { sv: 'markerat uppfyllt', en: 'marked as met' }
        : how === 'waived' ? { sv: `undantaget: ${reason}`, en: `waived: ${reason}` }
        : how === 'waivedByCondition' ? { sv: 'krävs inte', en: 'not required' }
        : how === 'record' ? { sv: 'deltog när planen skrevs', en: 'took part in writing the plan' }
        : req.satisfiedBy === 'participantTookPartInPlan' ? { sv: 'ingen planversion där deltagaren medverkade', en: 'no plan revision the participant took part in' }
        : req.waivedWhen ? { sv: 'inte markerat uppfyllt, och undantaget gäller inte', en: 'not marked as met, and the waiver does not apply' }
        : { sv: 'inte markerat uppfyllt', en: 'not marked as met' };
      const children = how === 'waivedByCondition' || how === null ? (waiver ? [waiver] : undefined) : undefined;
      return explain(how !== null, req.label, children, detail);
    },
    refs: (c) => ({ steps: [c.stepId], requirements: [[c.stepId, c.requirementId]], roles: [] }),
    mapSteps: (c, map) => ({ ...c, stepId: map(c.stepId) }),
    children: none,
    quorum: () => 0,
  },
  proposalDecided: leaf({
    compile: (c) => (r) => r.proposalDecided(c.proposalSeq),
    reads: () => ['proposalDecided'],
    label: () => ({ sv: 'Förslaget är beslutat', en: 'The proposal is decided' }),
    refs: () => noRefs,
    mapSteps: (c) => c,
  }),
  exitFollowUpRecorded: leaf({
    compile: (c) => (r) => r.exitFollowUpRecorded(c.followUpId),
    reads: () => ['exitFollowUpRecorded'],
    label: (c) => ({ sv: `Uppföljningen efter avslut (${c.followUpId}) är gjord`, en: `The follow-up after exit (${c.followUpId}) is done` }),
    refs: () => noRefs,
    mapSteps: (c) => c,
  }),
  all: combinator<RecordConditionOf<'all'>>((c) => c.of.length, () => ({ sv: 'Allt detta är gjort', en: 'All of these are done' })),
  any: combinator<RecordConditionOf<'any'>>(() => 1, () => ({ sv: 'Minst ett av detta är gjort', en: 'At least one of these is done' })),
  atLeast: combinator<RecordConditionOf<'atLeast'>>((c) => c.n, (c) => ({ sv: `Minst ${c.n} av detta är gjort`, en: `At least ${c.n} of these are done` })),
} satisfies Rules;

const ruleOf = <C extends RecordCondition>(c: C): RecordConditionRule<C> => (recordConditionRules as unknown as Record<string, RecordConditionRule<C>>)[c.type]!;

export const compileRecordCondition = (c: RecordCondition, env: RuleEnv): RecordTest => ruleOf(c).compile(c, env);
export const explainRecordCondition = (c: RecordCondition, env: RuleEnv, r: ExplainReader, since = 0): Explanation => ruleOf(c).explain(c, env, r, since);
export const recordConditionLabel = (c: RecordCondition, env: RuleEnv): Label => ruleOf(c).label(c, env);
export const recordConditionRefs = (c: RecordCondition): RecordConditionRefs => ruleOf(c).refs(c);
export const recordConditionReads = (c: RecordCondition): readonly RecordQuestion[] => ruleOf(c).reads(c);
export const mapRecordConditionSteps = <C extends RecordCondition>(c: C, map: (stepId: string) => string): C => ruleOf(c).mapSteps(c, map);
export const recordConditionChildren = (c: RecordCondition): readonly RecordCondition[] => ruleOf(c).children(c);
export const recordConditionQuorum = (c: RecordCondition): number => ruleOf(c).quorum(c);
