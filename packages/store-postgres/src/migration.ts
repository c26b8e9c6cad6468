import {
  type Deadline,
  type Engine,
  type Explanation,
  type MetWhen,
  type ParticipantContext,
  type ParticipantSnapshot,
  type Programme,
  type Result,
  type StepRecord,
  ParticipantContextSchema,
  deadlineFor,
} from '@stegvis/core';
import { type StoreIssue, storeIssue } from './codes.js';

/** Where each step of the old version goes in the new one: `{ steps: { oldStepId: newStepId } }`. */
export interface StepMapping {
  readonly steps: Readonly<Record<string, string>>;
}

/** A checked mapping between two versions of one programme. */
export interface MigrationPlan {
  readonly from: Programme;
  readonly to: Programme;
  readonly steps: Readonly<Record<string, string>>;
  /** Steps of `to` that no old step maps to: a participant may reach them, never be moved past them. */
  readonly newSteps: readonly string[];
  /** Steps of `to` that several old steps map onto, with those steps in order. */
  readonly merged: Readonly<Record<string, readonly string[]>>;
  /** What a designer should know but that does not make the mapping unsafe (ids only). */
  readonly notes: readonly string[];
}

/** A refusal to migrate one participant: what and why, with the rule as an explanation tree. */
export type MigrationRefusal = { ok: false; issues: readonly StoreIssue[]; explanation?: Explanation };

const invalid = (path: (string | number)[], message: string, fix?: string) => storeIssue('store.migration_invalid', path, message, fix);

/**
 * Checks a step mapping between two versions of a programme, all problems at once: every step of
 * `from` is mapped, every target is a step of `to`, and the order is kept (a step never maps before
 * the target of an earlier step), so no participant is moved backwards or past a step by the
 * mapping itself. Whether a participant would skip a new step is checked per participant.
 *
 * @example
 * const plan = planMigration(v1, v2, { steps: { assessment: 'assessment', step1: 'step1', ... } });
 * if (!plan.ok) console.log(plan.issues);
 */
export function planMigration(from: Programme, to: Programme, mapping: StepMapping): Result<MigrationPlan, readonly StoreIssue[]> {
  const issues: StoreIssue[] = [];
  if (from.id !== to.id) issues.push(invalid(['to', 'id'], `"${to.id}" is another programme than "${from.id}"`, 'migrate between versions of one programme'));
  if (to.version <= from.version)
    issues.push(invalid(['to', 'version'], `version ${to.version} is not newer than ${from.version}`, 'migrate participants forward, to a newer version'));
  const steps = mapping.steps ?? {};
  for (const id of Object.keys(steps))
    if (!from.stepsById.has(id) || from.exitStep.id === id) issues.push(invalid(['steps', id], `"${id}" is not a step of ${from.id} v${from.version}`, `map only: ${from.steps.map((s) => s.id).join(', ')}`));
  const toIndex = (id: string): number | undefined => {
    const s = to.stepsById.get(id);
    return s && s.id !== to.exitStep.id ? s.index : undefined;
  };
  let last: { from: string; index: number } | undefined;
  for (const s of from.steps) {
    const target = steps[s.id];
    if (target === undefined) {
      issues.push(invalid(['steps', s.id], `step "${s.id}" of v${from.version} is not mapped`, `map it to one of: ${to.steps.map((t) => t.id).join(', ')}`));
      continue;
    }
    const index = toIndex(target);
    if (index === undefined) {
      issues.push(invalid(['steps', s.id], `"${target}" is not a step of ${to.id} v${to.version}`, `map it to one of: ${to.steps.map((t) => t.id).join(', ')}`));
      continue;
    }
    if (last && index < last.index)
      issues.push(
        invalid(['steps', s.id], `"${s.id}" maps to "${target}", before "${steps[last.from]}" where the earlier step "${last.from}" goes: the order is not kept`, 'map the steps in the order they come, merging or inserting steps but never swapping them'),
      );
    last = { from: s.id, index };
  }
  if (issues.length > 0) return { ok: false, issues };

  const preimages = new Map<string, string[]>();
  for (const s of from.steps) preimages.set(steps[s.id]!, [...(preimages.get(steps[s.id]!) ?? []), s.id]);
  const notes: string[] = [];
  for (const s of from.steps) {
    const t = to.stepsById.get(steps[s.id]!)!;
    if (t.kind !== s.kind) notes.push(`step "${s.id}" (${s.kind}) becomes "${t.id}" (${t.kind})`);
  }
  return {
    ok: true,
    value: {
      from,
      to,
      steps: { ...steps },
      newSteps: to.steps.filter((t) => !preimages.has(t.id)).map((t) => t.id),
      merged: Object.fromEntries([...preimages].filter(([, p]) => p.length > 1)),
      notes,
    },
  };
}

const stepText = (p: Programme, id: string) => p.stepsById.get(id)?.label ?? { sv: id, en: id };

/**
 * Whether one participant can be moved: they must still be in the programme, on `plan.from`, and have
 * completed every step of `to` that comes before the step they land on (a new step they never went
 * through, before where they land, would be skipped).
 */
export function checkParticipant(plan: MigrationPlan, ctx: ParticipantContext, phase: string): { ok: true } | MigrationRefusal {
  const { from, to } = plan;
  if (ctx.programme.id !== from.id || ctx.programme.version !== from.version)
    return { ok: false, issues: [storeIssue('store.wrong_programme', ['from'], `the participant runs under ${ctx.programme.id} v${ctx.programme.version}, not ${from.id} v${from.version}`, 'plan the migration from the version the participant is on')] };
  if (phase === 'exited' || phase === 'declined')
    return {
      ok: false,
      issues: [storeIssue('store.migration_unsafe', ['participantId'], `the participant has ${phase === 'exited' ? 'exited' : 'been declined'}; their record stays on v${from.version}`, 'migrate only participants still in the programme')],
    };
  const current = ctx.currentStepId;
  if (current === null) return { ok: true };
  const landsOn = to.stepsById.get(plan.steps[current]!)!;
  const children: Explanation[] = to.steps.slice(0, landsOn.index).map((t) => {
    const pre = from.steps.filter((s) => plan.steps[s.id] === t.id);
    const done = pre.length > 0 && pre.every((s) => ctx.steps[s.id]?.status === 'completed');
    const detail =
      pre.length === 0
        ? { sv: `nytt steg i version ${to.version}`, en: `new in version ${to.version}` }
        : { sv: `från ${pre.map((s) => stepText(from, s.id).sv).join(', ')}`, en: `from ${pre.map((s) => stepText(from, s.id).en).join(', ')}` };
    return { ok: done, text: { sv: `${stepText(to, t.id).sv} är klart`, en: `${stepText(to, t.id).en} is completed` }, detail };
  });
  const ok = children.every((c) => c.ok);
  if (ok) return { ok: true };
  const explanation: Explanation = {
    ok,
    text: { sv: `Kan flyttas till ${stepText(to, landsOn.id).sv} i version ${to.version} utan att hoppa över ett steg`, en: `Can move to ${stepText(to, landsOn.id).en} in version ${to.version} without skipping a step` },
    children,
  };
  const skipped = children.filter((c) => !c.ok).map((c) => c.text.en.replace(/ is completed$/, ''));
  return {
    ok: false,
    issues: [
      storeIssue(
        'store.migration_unsafe',
        ['steps', current],
        `moving the participant from "${current}" to "${landsOn.id}" would skip ${skipped.join(', ')}, not completed`,
        'leave the participant on their version, or map their step to one before the steps they have not completed',
      ),
    ],
    explanation,
  };
}

const mapMetWhen = (m: MetWhen, map: (id: string) => string): MetWhen => {
  switch (m.type) {
    case 'stepCompleted':
    case 'stepLeft':
      return { ...m, stepId: map(m.stepId) };
    case 'requirementMet':
      return { ...m, stepId: map(m.stepId) };
    case 'followUp':
      return m.evaluationOf === undefined ? m : { ...m, evaluationOf: map(m.evaluationOf) };
    default:
      return m;
  }
};

function mapDeadline(d: Deadline, map: (id: string) => string): Deadline {
  return {
    ...d,
    ...(d.stepId !== undefined ? { stepId: map(d.stepId) } : {}),
    metWhen: mapMetWhen(d.metWhen, map),
    ...(d.onMissed ? { onMissed: { ...d.onMissed, metWhen: mapMetWhen(d.onMissed.metWhen, map) } } : {}),
  };
}

/** The intake-relative deadlines (step targets) of a step new in `to`, opened as on admission. */
function newStepDeadlines(to: Programme, stepId: string, intakeOn: string, existing: readonly Deadline[]): Deadline[] {
  const step = to.stepsById.get(stepId)!;
  const out: Deadline[] = [];
  // Opened as at admission; the next event refreshes them like every other deadline.
  for (const rule of step.blueprint.deadlines.filter((r) => r.from === 'intake')) out.push(deadlineFor(step, rule, intakeOn, [...existing, ...out]));
  return out;
}

/**
 * The participant's state under the new version: steps renamed and merged by the mapping (marks kept
 * for requirements the new step still has), deadlines pointed at the new step ids, step targets of new
 * steps opened from the intake date, and the XState state moved to the mapped step. `seq` and `at` are
 * the migration record's, so the next event follows it. Deterministic: a replay gives the same state.
 */
export function migrateContext(plan: MigrationPlan, ctx: ParticipantContext, phase: string, seq: number, at: string): { ok: true; context: ParticipantContext; notes: string[] } | MigrationRefusal {
  const check = checkParticipant(plan, ctx, phase);
  if (!check.ok) return check;
  const { from, to } = plan;
  const map = (id: string) => plan.steps[id] ?? id;
  const notes: string[] = [];
  const landsOn = ctx.currentStepId === null ? null : to.stepsById.get(map(ctx.currentStepId))!;
  const steps: Record<string, StepRecord> = {};
  if (landsOn !== null) {
    for (const t of to.steps) {
      const pre = from.steps.filter((s) => plan.steps[s.id] === t.id).map((s) => ({ id: s.id, record: ctx.steps[s.id] }));
      const allowed = new Set(t.blueprint.requirements.map((r) => r.id));
      const requirements: StepRecord['requirements'] = {};
      for (const p of pre)
        for (const [rid, mark] of Object.entries(p.record?.requirements ?? {})) {
          if (allowed.has(rid)) requirements[rid] = mark;
          else notes.push(`mark "${p.id}.${rid}" dropped: "${t.id}" has no requirement "${rid}"`);
        }
      const entered = pre.map((p) => p.record?.enteredOn).filter((d): d is string => d !== undefined).sort();
      if (t.index < landsOn.index) {
        const completed = pre.map((p) => p.record).filter((r): r is StepRecord => r?.status === 'completed');
        const last = completed[completed.length - 1]!;
        steps[t.id] = {
          status: 'completed',
          ...(entered[0] ? { enteredOn: entered[0] } : {}),
          ...(last.completedOn ? { completedOn: completed.map((r) => r.completedOn!).sort().at(-1)! } : {}),
          ...(last.completedBy ? { completedBy: last.completedBy } : {}),
          requirements,
        };
      } else if (t.id === landsOn.id) {
        const enteredOn = ctx.steps[ctx.currentStepId!]?.enteredOn ?? entered[0];
        steps[t.id] = { status: 'active', ...(enteredOn ? { enteredOn } : {}), requirements };
      } else steps[t.id] = { status: 'notStarted', requirements: {} };
    }
  }
  let deadlines = ctx.deadlines.map((d) => mapDeadline(d, map));
  if (ctx.intakeOn !== null)
    for (const id of plan.newSteps) deadlines = [...deadlines, ...newStepDeadlines(to, id, ctx.intakeOn, deadlines)];
  const context: ParticipantContext = {
    ...ctx,
    programme: { id: to.id, version: to.version },
    version: seq,
    lastEventAt: at,
    currentStepId: landsOn?.id ?? null,
    steps: landsOn === null ? ctx.steps : steps,
    deadlines,
  };
  const parsed = ParticipantContextSchema.safeParse(context);
  if (!parsed.success) return { ok: false, issues: [storeIssue('store.migration_unsafe', [], 'the migrated state is not a valid participant state', 'check the mapping against both versions')] };
  return { ok: true, context, notes };
}

/**
 * Moves a snapshot from the old version's machine to the new one's: the context by `migrateContext`,
 * the state value (and the history a paused participant resumes to) to the mapped step.
 */
export function migrateSnapshot(
  plan: MigrationPlan,
  engines: { from: Engine; to: Engine },
  snapshot: ParticipantSnapshot,
  seq: number,
  at: string,
): { ok: true; snapshot: ParticipantSnapshot; notes: string[] } | MigrationRefusal {
  const phase = engines.from.phase(snapshot);
  const migrated = migrateContext(plan, snapshot.context, phase, seq, at);
  if (!migrated.ok) return migrated;
  const persisted = engines.from.persist(snapshot) as Record<string, unknown>;
  const machineId = engines.to.machine.id;
  const step = migrated.context.currentStepId;
  const value = phase === 'active' ? { active: step } : phase;
  const historyValue = step !== null && phase === 'paused' ? { [`${machineId}.active.hist`]: [{ id: `${machineId}.active.${step}` }] } : {};
  try {
    const restored = engines.to.restore({ ...persisted, value, historyValue, context: migrated.context });
    return { ok: true, snapshot: restored, notes: migrated.notes };
  } catch {
    return { ok: false, issues: [storeIssue('store.migration_unsafe', [], `the new version's machine cannot hold the participant at "${step}"`, 'check the mapping against both versions')] };
  }
}
