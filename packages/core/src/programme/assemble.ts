import type { Label } from '../i18n/label.js';
import { regularFollowUp } from '../rules/blueprint.js';
import type { RecordCondition } from '../rules/record-condition.js';
import { recordConditionRefs } from '../rules/record-conditions.js';
import type { CompiledStep, Programme } from './compiled.js';
import type { ProgrammeConfig } from './schema.js';
import { proposalDeadlineKind } from './proposals.js';
import { exitFollowUpKind, exitFollowUpKindLabel } from './after-exit.js';

/** The deadline kinds core itself opens (regular follow-ups); the steps' kinds name theirs. */
const coreDeadlineKinds: readonly (readonly [string, Label])[] = [[regularFollowUp.kind, regularFollowUp.kindLabel]];

function rolesIn(c: RecordCondition, out: Set<string>): void {
  for (const r of recordConditionRefs(c).roles) out.add(r);
}

/** Roles a follow-up can be required to have: the cadence's, the declared roles, and any a condition names. */
export function attendanceRoles(config: ProgrammeConfig, steps: readonly CompiledStep[]): string[] {
  const out = new Set<string>([...(config.followUps?.jointWith ?? []), ...config.roles.map((r) => r.id)]);
  for (const s of steps) {
    rolesIn(s.blueprint.completion, out);
    for (const d of s.blueprint.deadlines) {
      rolesIn(d.metWhen, out);
      if (d.onMissed) rolesIn(d.onMissed.metWhen, out);
    }
  }
  return [...out];
}

/**
 * A programme from its config and its built steps (the exit step last): the lookups, the deadline kinds and
 * what record conditions resolve against. Also how a worker thread rebuilds a programme sent to it as data.
 */
export function assembleProgramme(config: ProgrammeConfig, steps: readonly CompiledStep[]): Programme {
  const path = steps.slice(0, -1);
  const exitStep = steps[steps.length - 1]!;
  const outcomes = exitStep.blueprint.exit?.outcomes ?? [];
  const roles = attendanceRoles(config, steps);
  const stepsById = new Map(steps.map((s) => [s.id, s]));
  const deadlineKinds = new Map<string, Label>(coreDeadlineKinds);
  if (config.proposals) deadlineKinds.set(proposalDeadlineKind.kind, proposalDeadlineKind.kindLabel);
  if (config.followUpAfterExit.length > 0) deadlineKinds.set(exitFollowUpKind, exitFollowUpKindLabel);
  const flags = new Map<string, Label>();
  for (const s of steps)
    for (const d of s.blueprint.deadlines) {
      if (d.flag && !flags.has(d.flag.id)) flags.set(d.flag.id, d.flag.label);
      if (!deadlineKinds.has(d.kind)) deadlineKinds.set(d.kind, d.kindLabel);
      if (d.onMissed && !deadlineKinds.has(d.onMissed.kind)) deadlineKinds.set(d.onMissed.kind, d.onMissed.kindLabel);
    }
  const pathIndex = new Map(path.map((s) => [s.id, s.index]));
  return {
    config,
    id: config.id,
    version: config.version,
    name: config.name,
    steps: path,
    exitStep,
    outcomes,
    categories: exitStep.blueprint.exit?.categories ?? [],
    stepsById,
    factsById: new Map(config.facts.map((f) => [f.id, f])),
    conditionsById: new Map(config.conditions.map((c) => [c.id, c])),
    outcomesById: new Map(outcomes.map((o) => [o.id, o])),
    deadlineKinds,
    flags,
    attendanceRoles: roles,
    env: {
      steps: path,
      stepIndex: (id) => pathIndex.get(id) ?? -1,
      roleBits: (ids) => {
        let bits = 0;
        for (const id of ids) {
          const i = roles.indexOf(id);
          if (i < 0) return null;
          bits |= 1 << i;
        }
        return bits;
      },
    },
  };
}
