import { checkCondition } from '../conditions/check.js';
import { namedConditionRefs } from '../conditions/nodes.js';
import type { Condition } from '../conditions/schema.js';
import { fromZod } from '../errors/from-zod.js';
import { type InputLimits, checkLimits, limitCodes, programmeLimits, withLimits } from '../limits/limits.js';
import { type Issue, type Path, type Result, fail, issue, ok, prefixPath } from '../errors/issue.js';
import { type StepBlueprint, requirementRules } from '../rules/blueprint.js';
import type { RecordCondition } from '../rules/record-condition.js';
import { recordConditionRefs } from '../rules/record-conditions.js';
import { recordKinds, recordTypes } from '../rules/records.js';
import { type StepKindRegistry, defaultRegistry } from '../steps/registry.js';
import type { Fact } from '../facts/facts.js';
import { assembleProgramme } from './assemble.js';
import type { CompiledStep, Programme } from './compiled.js';
import { ProgrammeSchema, type ProgrammeConfig } from './schema.js';
import { checkParticipation } from './participation.js';

export interface ValidateOptions {
  /** The step kinds the programme may use; the built-in kinds by default. */
  readonly registry?: StepKindRegistry;
  /** Limits on the programme's size and nesting (defaults: `programmeLimits`); see docs/security.md, "Input limits". */
  readonly limits?: Partial<InputLimits>;
}

function duplicateIds(items: readonly { id: string }[] | undefined, path: Path, what: string): Issue[] {
  const seen = new Map<string, number>();
  const out: Issue[] = [];
  (items ?? []).forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else
      out.push(issue('config.duplicate_id', [...path, i, 'id'], `${what} id "${item.id}" is already used at ${[...path, first].join('.')}`, 'give each one its own id'));
  });
  return out;
}

interface Built {
  readonly steps: CompiledStep[];
  readonly issues: Issue[];
}

/** Each step's params are checked by its kind, and the kind builds the step's blueprint. */
function buildSteps(config: ProgrammeConfig, registry: StepKindRegistry): Built {
  const issues: Issue[] = [];
  const steps: CompiledStep[] = [];
  config.steps.forEach((s, index) => {
    const path = ['steps', index];
    const kind = registry.get(s.kind);
    if (!kind) {
      issues.push(
        issue('config.unknown_step_kind', [...path, 'kind'], `unknown step kind "${s.kind}"`,
          `use one of: ${registry.kinds.map((k) => k.kind).join(', ')} (or register the kind in the registry you validate with)`),
      );
      return;
    }
    const parsed = kind.params.safeParse(s.params ?? {}, { reportInput: true });
    if (!parsed.success) {
      issues.push(...fromZod('config', parsed.error, [...path, 'params']));
      return;
    }
    const info = { id: s.id, label: s.label };
    const kindIssues = kind.check?.(parsed.data, info) ?? [];
    if (kindIssues.length > 0) {
      issues.push(...prefixPath([...path, 'params'], kindIssues));
      return;
    }
    const blueprint = kind.build(parsed.data, info);
    // Requirements with a deadline are core's, whatever kind holds them: one list of deadlines for every reader.
    const deadlines = [...blueprint.deadlines, ...requirementRules(s.id, blueprint.requirements)];
    steps.push({ id: s.id, kind: s.kind, label: s.label, index, params: parsed.data, blueprint: { ...blueprint, deadlines } });
  });
  return { steps, issues };
}

function checkStructure(steps: readonly CompiledStep[]): Issue[] {
  const out: Issue[] = [];
  const exits = steps.filter((s) => s.blueprint.exit);
  const last = steps[steps.length - 1];
  if (exits.length === 0)
    out.push(issue('config.step_order', ['steps'], 'the programme has no exit step', 'add a last step of kind "exit" with the outcomes participants can leave to'));
  for (const e of exits)
    if (e !== last)
      out.push(issue('config.step_order', ['steps', e.index, 'kind'], `the exit step "${e.id}" must be the last step`, 'move it to the end, and keep only one exit step'));
  for (const type of recordTypes) {
    const recording = steps.filter((s) => s.blueprint.records?.type === type);
    for (const extra of recording.slice(1))
      out.push(issue('config.step_order', ['steps', extra.index, 'kind'], `"${extra.id}" records a second ${recordKinds[type].label.en.toLowerCase()}; "${recording[0]!.id}" already does`, 'keep one step that records it'));
    const basis = recordKinds[type].buildsOn;
    const first = recording[0];
    const before = basis === null ? undefined : steps.find((s) => s.blueprint.records?.type === basis);
    if (first && before && first.index < before.index)
      out.push(issue('config.step_order', ['steps', first.index], `the ${recordKinds[type].label.en.toLowerCase()} "${first.id}" comes before the ${recordKinds[basis!].label.en.toLowerCase()} "${before.id}"`, `put "${before.id}" first: the one builds on the other`));
  }
  return out;
}

function checkReferences(config: ProgrammeConfig, steps: readonly CompiledStep[]): Issue[] {
  const out: Issue[] = [];
  const factsById = new Map<string, Fact>(config.facts.map((f) => [f.id, f]));
  const decl = { factsById, conditionIds: new Set(config.conditions.map((c) => c.id)) };
  const cond = (c: Condition | undefined, path: Path) => (c ? out.push(...checkCondition(c, path, decl)) : undefined);

  config.facts.forEach((f, i) => f.type === 'enum' && out.push(...duplicateIds(f.values, ['facts', i, 'values'], 'value')));
  config.conditions.forEach((c, i) => cond(c.when, ['conditions', i, 'when']));
  config.referral?.rules.forEach((r, i) => cond(r.when, ['referral', 'rules', i, 'when']));
  out.push(...duplicateIds(config.referral?.rules, ['referral', 'rules'], 'referral rule'));
  config.capacity?.reserved.forEach((r, i) => cond(r.for, ['capacity', 'reserved', i, 'for']));
  config.capacity?.priority.forEach((r, i) => cond(r.when, ['capacity', 'priority', i, 'when']));
  out.push(...duplicateIds(config.capacity?.reserved, ['capacity', 'reserved'], 'reservation'));
  out.push(...duplicateIds(config.areas, ['areas'], 'area'));
  out.push(...duplicateIds(config.responsibility?.parties, ['responsibility', 'parties'], 'administration'));
  config.funding?.perParticipantDay.forEach((r, i) => cond(r.when, ['funding', 'perParticipantDay', i, 'when']));
  out.push(...duplicateIds(config.roles, ['roles'], 'role'));
  const roleIds = new Set(config.roles.map((r) => r.id));
  const declared = (roles: readonly string[], path: Path) =>
    roles.forEach((role, j) => {
      if (!roleIds.has(role))
        out.push(issue('config.unknown_reference', [...path, j], `no role "${role}" is declared`, roleIds.size > 0 ? `declare it under "roles", or use one of: ${[...roleIds].join(', ')}` : 'declare it under "roles"'));
    });
  config.policy?.forEach((g, i) => declared(g.roles, ['policy', i, 'roles']));
  config.proposals?.allow.forEach((a, i) => declared(a.roles, ['proposals', 'allow', i, 'roles']));
  out.push(...namedConditionCycles(config));

  const pathSteps = new Set(steps.filter((s) => !s.blueprint.exit).map((s) => s.id));
  for (const s of steps) {
    const base: Path = ['steps', s.index, 'params'];
    const b: StepBlueprint = s.blueprint;
    out.push(...duplicateIds(b.requirements, [...base, 'requirements'], 'requirement'));
    b.requirements.forEach((r, j) => cond(r.waivedWhen, [...base, 'requirements', j, 'waivedWhen']));
    out.push(...duplicateIds(b.records?.contents, [...base, 'contents'], 'content'));
    if (b.exit) {
      out.push(...duplicateIds(b.exit.outcomes, [...base, 'outcomes'], 'outcome'));
      b.exit.outcomes.forEach((o, j) => cond(o.when, [...base, 'outcomes', j, 'when']));
    }
    for (const [rel, ref] of b.stepRefs ?? [])
      if (!pathSteps.has(ref))
        out.push(issue('config.unknown_reference', [...base, ...rel], `no step "${ref}" in this programme`, `use one of: ${[...pathSteps].join(', ')}`));
    const conditions: [RecordCondition, Path][] = [[b.completion, ['steps', s.index]], ...b.deadlines.flatMap((d): [RecordCondition, Path][] => [[d.metWhen, ['steps', s.index, ...(d.path ? ['params', ...d.path] : [])]], ...(d.onMissed ? [[d.onMissed.metWhen, ['steps', s.index]] as [RecordCondition, Path]] : [])])];
    for (const [c, path] of conditions) out.push(...checkRecordCondition(c, path, steps));
  }
  return out;
}

/** The steps and requirements a step kind's record conditions name must exist (a plugin may name any). */
function checkRecordCondition(c: RecordCondition, path: Path, steps: readonly CompiledStep[]): Issue[] {
  const refs = recordConditionRefs(c);
  const byId = new Map(steps.filter((s) => !s.blueprint.exit).map((s) => [s.id, s]));
  const out: Issue[] = [];
  for (const id of new Set(refs.steps))
    if (!byId.has(id)) out.push(issue('config.unknown_reference', path, `the step kind's condition names a step "${id}" the programme does not have`, `use one of: ${[...byId.keys()].join(', ')}`));
  for (const [stepId, req] of refs.requirements)
    if (byId.has(stepId) && !byId.get(stepId)!.blueprint.requirements.some((r) => r.id === req))
      out.push(issue('config.unknown_reference', path, `the step kind's condition names a requirement "${req}" that step "${stepId}" does not have`, 'check the requirement ids'));
  return out;
}

function namedConditionCycles(config: ProgrammeConfig): Issue[] {
  const refs = new Map(config.conditions.map((c) => [c.id, namedConditionRefs(c.when)]));
  const out: Issue[] = [];
  config.conditions.forEach((c, i) => {
    const seen = new Set<string>();
    const stack = [...(refs.get(c.id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === c.id) {
        out.push(issue('config.invalid_value', ['conditions', i, 'when'], `condition "${c.id}" refers back to itself`, 'break the cycle: a condition cannot depend on itself'));
        return;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(refs.get(next) ?? []));
    }
  });
  return out;
}

/**
 * Validates a programme and builds it: every problem is reported at once, each with a path and a fix.
 *
 * @example
 * const result = validateProgramme(config);
 * if (!result.ok) console.error(formatIssues(result.issues));
 * else createParticipantMachine(result.value);
 */
export function validateProgramme(input: unknown, options: ValidateOptions = {}): Result<Programme> {
  const registry = options.registry ?? defaultRegistry;
  // Before the schema: zod and the condition checks recurse, and a programme nested thousands deep would overflow the stack.
  const limited = checkLimits(input, withLimits(programmeLimits, options.limits), limitCodes.config);
  if (limited.length > 0) return fail(limited);
  const parsed = ProgrammeSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return fail(fromZod('config', parsed.error));
  const config = parsed.data;

  const issues: Issue[] = [
    ...duplicateIds(config.facts, ['facts'], 'fact'),
    ...duplicateIds(config.conditions, ['conditions'], 'condition'),
    ...duplicateIds(config.steps, ['steps'], 'step'),
    ...checkParticipation(config),
  ];
  const built = buildSteps(config, registry);
  issues.push(...built.issues);
  if (built.issues.length === 0) issues.push(...checkStructure(built.steps), ...checkReferences(config, built.steps));
  if (issues.length > 0) return fail(issues);

  const programme = assembleProgramme(config, built.steps);
  if (programme.attendanceRoles.length > 31)
    return fail([issue('config.invalid_value', ['roles'], `the programme names ${programme.attendanceRoles.length} roles that can attend follow-ups; at most 31 are supported`, 'merge roles')]);
  return ok(programme);
}
