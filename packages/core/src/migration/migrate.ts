import type { Explanation } from '../conditions/explanation.js';
import { type Engine } from '../engine/engine.js';
import type { ParticipantSnapshot } from '../engine/engine.js';
import { type Issue, type Path, type Result, issue } from '../errors/issue.js';
import type { Label } from '../i18n/label.js';
import { deadlineFor } from '../path/evolve.js';
import type { Programme } from '../programme/compiled.js';
import { mapRecordConditionSteps } from '../rules/record-conditions.js';
import type { Actor, ParticipantContext, StepRecord } from '../state/context.js';
import type { Deadline } from '../state/deadline.js';
import type { EventOf } from '../state/events.js';
import { type IsoInstant, compareInstants } from '../time/calendar.js';

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
export type MigrationRefusal = { readonly ok: false; readonly issues: readonly Issue[]; readonly explanation?: Explanation };

const invalid = (path: Path, message: string, fix?: string) => issue('migration.invalid', path, message, fix);

/**
 * Checks a step mapping between two versions of a programme, all problems at once: every step of
 * `from` is mapped, every target is a step of `to`, and the order is kept (a step never maps before
 * the target of an earlier step), so no participant is moved backwards or past a step by the
 * mapping itself. Whether a participant would skip a new step is checked per participant.
 *
 * @example
 * const plan = planMigration(v1, v2, { steps: { assessment: 'assessment', step1: 'step1', ... } });
 * if (!plan.ok) console.log(formatIssues(plan.issues));
 */
export function planMigration(from: Programme, to: Programme, mapping: StepMapping): Result<MigrationPlan> {
  const issues: Issue[] = [];
  if (from.id !== to.id) issues.push(invalid(['to', 'id'], `"${to.id}" is another programme than "${from.id}"`, 'migrate between versions of one programme'));
  if (to.version <= from.version) issues.push(invalid(['to', 'version'], `version ${to.version} is not newer than ${from.version}`, 'migrate participants forward, to a newer version'));
  const steps = mapping.steps ?? {};
  for (const id of Object.keys(steps))
    if (from.env.stepIndex(id) < 0) issues.push(invalid(['steps', id], `"${id}" is not a step of ${from.id} v${from.version}`, `map only: ${from.steps.map((s) => s.id).join(', ')}`));
  let last: { from: string; index: number } | undefined;
  for (const s of from.steps) {
    const target = steps[s.id];
    if (target === undefined) {
      issues.push(invalid(['steps', s.id], `step "${s.id}" of v${from.version} is not mapped`, `map it to one of: ${to.steps.map((t) => t.id).join(', ')}`));
      continue;
    }
    const index = to.env.stepIndex(target);
    if (index < 0) {
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

const stepText = (p: Programme, id: string): Label => p.stepsById.get(id)?.label ?? { sv: id, en: id };

/**
 * Whether one participant can be moved: they must still be in the programme, on `plan.from`, and have
 * completed every step of `to` that comes before the step they land on (a new step they never went
 * through, before where they land, would be skipped).
 */
export function checkParticipant(plan: MigrationPlan, ctx: ParticipantContext, phase: string): { ok: true } | MigrationRefusal {
  const { from, to } = plan;
  if (ctx.programme.id !== from.id || ctx.programme.version !== from.version)
    return { ok: false, issues: [issue('migration.wrong_programme', ['from'], `the participant runs under ${ctx.programme.id} v${ctx.programme.version}, not ${from.id} v${from.version}`, 'plan the migration from the version the participant is on')] };
  if (phase === 'exited' || phase === 'declined')
    return {
      ok: false,
      issues: [issue('migration.unsafe', ['participantId'], `the participant has ${phase === 'exited' ? 'exited' : 'been declined'}; their record stays on v${from.version}`, 'migrate only participants still in the programme')],
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
  if (children.every((c) => c.ok)) return { ok: true };
  const explanation: Explanation = {
    ok: false,
    text: { sv: `Kan flyttas till ${stepText(to, landsOn.id).sv} i version ${to.version} utan att hoppa över ett steg`, en: `Can move to ${stepText(to, landsOn.id).en} in version ${to.version} without skipping a step` },
    children,
  };
  const skipped = to.steps.slice(0, landsOn.index).filter((_, i) => !children[i]!.ok).map((t) => t.id);
  return {
    ok: false,
    issues: [
      issue('migration.unsafe', ['steps', current], `moving the participant from "${current}" to "${landsOn.id}" would skip ${skipped.join(', ')}, not completed`, 'leave the participant on their version, or map their step to one before the steps they have not completed'),
    ],
    explanation,
  };
}

function mapDeadline(d: Deadline, map: (id: string) => string): Deadline {
  return {
    ...d,
    ...(d.stepId !== undefined ? { stepId: map(d.stepId) } : {}),
    metWhen: mapRecordConditionSteps(d.metWhen, map),
    ...(d.onMissed ? { onMissed: { ...d.onMissed, metWhen: mapRecordConditionSteps(d.onMissed.metWhen, map) } } : {}),
  };
}

/**
 * The participant's state under the new version: steps renamed and merged by the mapping (marks kept
 * for requirements the new step still has), deadlines pointed at the new step ids, the intake deadlines
 * of new steps opened from the intake date. Deterministic: the same state and plan give the same result.
 */
export function migrateContext(plan: MigrationPlan, ctx: ParticipantContext, phase: string): { ok: true; context: ParticipantContext; notes: string[] } | MigrationRefusal {
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
    for (const id of plan.newSteps) {
      const step = to.stepsById.get(id)!;
      for (const rule of step.blueprint.deadlines.filter((r) => r.from === 'intake')) deadlines = [...deadlines, deadlineFor(step, rule, ctx.intakeOn, deadlines, ctx.followUps.length)];
    }
  const context: ParticipantContext = {
    ...ctx,
    programme: { id: to.id, version: to.version },
    currentStepId: landsOn?.id ?? null,
    steps: landsOn === null ? ctx.steps : steps,
    deadlines,
  };
  return { ok: true, context, notes };
}

export interface MigrateOptions {
  readonly at: IsoInstant;
  readonly actor: Actor;
  readonly commandId?: string;
}

export type Migration =
  | { readonly ok: true; readonly event: EventOf<'participant.migrated'>; readonly snapshot: ParticipantSnapshot; readonly notes: readonly string[] }
  | MigrationRefusal;

/**
 * Moves one participant to the plan's new version: the `participant.migrated` event to record (the
 * mapping and the state it gives) and the snapshot under the new version's machine, with every deadline's
 * status as of the migration's day. Pure; `engines` are the two versions' engines.
 *
 * @example
 * const m = migrateParticipant(plan, { from: createEngine(v1), to: createEngine(v2) }, snapshot, { at, actor });
 * if (m.ok) await append(m.event);
 */
export function migrateParticipant(plan: MigrationPlan, engines: { readonly from: Engine; readonly to: Engine }, snapshot: ParticipantSnapshot, options: MigrateOptions): Migration {
  const ctx = snapshot.context;
  if (ctx.lastEventAt !== null && compareInstants(options.at, ctx.lastEventAt) < 0)
    return { ok: false, issues: [issue('command.time_backwards', ['at'], 'the migration is dated before the last recorded event', 'date it when it is done')] };
  const migrated = migrateContext(plan, ctx, engines.from.phase(snapshot));
  if (!migrated.ok) return migrated;
  const seq = ctx.version + 1;
  const event: EventOf<'participant.migrated'> = {
    type: 'participant.migrated',
    id: `${ctx.participantId}:${seq}`,
    seq,
    participantId: ctx.participantId,
    at: options.at,
    actor: options.actor,
    programme: { id: plan.to.id, version: plan.to.version },
    ...(options.commandId ? { commandId: options.commandId } : {}),
    payload: { from: { id: plan.from.id, version: plan.from.version }, steps: { ...plan.steps }, state: { ...migrated.context, version: seq, lastEventAt: options.at } },
  };
  const applied = engines.to.apply(snapshot, event);
  if (!applied.ok) return { ok: false, issues: applied.issues };
  return { ok: true, event, snapshot: applied.value, notes: migrated.notes };
}
