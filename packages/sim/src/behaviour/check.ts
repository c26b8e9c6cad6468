import { type Condition, type Issue, type LocatedIssue, type Programme, type Result, factType, forEachFactTest, parseYaml } from '@stegvis/core';
import { type Behaviour, BehaviourSchema } from './schema.js';

const issue = (code: Issue['code'], path: (string | number)[], message: string, fix?: string): Issue => (fix ? { code, path, message, fix } : { code, path, message });

function factsIn(c: Condition, out: Set<string>, programme: Programme): void {
  forEachFactTest(c, (t) => out.add(t.fact), (id) => programme.conditionsById.get(id)?.when);
}

/**
 * Checks a behaviour model against the programme it is for: step, outcome, fact, area and condition
 * ids must exist, fact distributions must fit their declarations, and the last step of the path cannot
 * be advanced from (its participants leave by an exit). Every problem at once, each with its path.
 */
export function checkBehaviour(programme: Programme, b: Behaviour): Issue[] {
  const out: Issue[] = [];
  const steps = new Set(programme.steps.map((s) => s.id));
  const outcomes = new Set(programme.outcomes.map((o) => o.id));
  const last = programme.steps[programme.steps.length - 1]!.id;
  if (b.programme !== programme.id) out.push(issue('config.invalid_value', ['programme'], `the behaviour is for "${b.programme}", not "${programme.id}"`));
  const weekly = (w: { advance: number; exit: Record<string, number> }, path: (string | number)[], stepId?: string) => {
    for (const id of Object.keys(w.exit))
      if (!outcomes.has(id)) out.push(issue('config.unknown_reference', [...path, 'exit', id], `no outcome "${id}" in the programme`, `use one of: ${[...outcomes].join(', ')}`));
    if (stepId === last && w.advance > 0)
      out.push(issue('config.invalid_value', [...path, 'advance'], `"${last}" is the last step: nobody advances from it`, 'give its participants exit probabilities instead'));
  };
  if (b.default) weekly(b.default, ['default']);
  for (const [id, w] of Object.entries(b.steps)) {
    if (!steps.has(id)) out.push(issue('config.unknown_reference', ['steps', id], `no step "${id}" in the programme`, `use one of: ${[...steps].join(', ')}`));
    weekly(w, ['steps', id], id);
  }
  for (const [id, w] of Object.entries(b.afterEnd)) {
    const st = programme.stepsById.get(id);
    if (!st) out.push(issue('config.unknown_reference', ['afterEnd', id], `no step "${id}" in the programme`));
    else if (!st.blueprint.deadlines.some((d) => d.flag))
      out.push(issue('config.invalid_value', ['afterEnd', id], `step "${id}" has no deadline that flags a participant kept on after it`, 'afterEnd applies to steps with such an end, like a time-limited employment (subsidisedEmployment)'));
    weekly(w, ['afterEnd', id], id);
  }
  for (const id of Object.keys(b.paused.exit))
    if (!outcomes.has(id)) out.push(issue('config.unknown_reference', ['paused', 'exit', id], `no outcome "${id}" in the programme`));
  b.modifiers.forEach((m, i) => {
    const used = new Set<string>();
    factsIn(m.when, used, programme);
    for (const f of used) if (!programme.factsById.has(f)) out.push(issue('config.undeclared_fact', ['modifiers', i, 'when'], `the programme declares no fact "${f}"`));
    for (const s of m.steps ?? []) if (!steps.has(s)) out.push(issue('config.unknown_reference', ['modifiers', i, 'steps'], `no step "${s}" in the programme`));
  });
  for (const [id, d] of Object.entries(b.facts)) {
    const f = programme.factsById.get(id);
    if (!f) {
      out.push(issue('config.undeclared_fact', ['facts', id], `the programme declares no fact "${id}"`));
      continue;
    }
    if ('uniform' in d && Array.isArray(d.uniform)) {
      if (f.type !== 'number') out.push(issue('config.fact_type_mismatch', ['facts', id], `fact "${id}" is ${f.type}; a uniform range fits number facts only`));
      continue;
    }
    for (const key of Object.keys(d)) {
      if (factType(f).parse(f, key) === undefined)
        out.push(issue('config.fact_type_mismatch', ['facts', id, key], `a key is not a value of fact "${id}"`, `use ${factType(f).expected(f)}`));
    }
  }
  const areas = new Set(programme.config.areas.map((a) => a.id));
  for (const id of Object.keys(b.areas)) if (!areas.has(id)) out.push(issue('config.unknown_reference', ['areas', id], `no area "${id}" in the programme`));
  if (b.intensity.length > 0 && !programme.config.intensity)
    out.push(issue('config.invalid_value', ['intensity'], 'the programme records no participation intensity, so a distribution of it means nothing here', 'remove "intensity", or add "intensity: {}" to the programme'));
  const fullTime = programme.config.intensity?.fullTimeDaysPerWeek;
  b.intensity.forEach((x, i) => {
    if (fullTime !== undefined && x.daysPerWeek > fullTime) out.push(issue('config.invalid_value', ['intensity', i, 'daysPerWeek'], `full time in the programme is ${fullTime} days a week`, `give at most ${fullTime}`));
  });
  return out;
}

/** A behaviour model from data (parsed YAML or JSON): the schema, then `checkBehaviour`. */
export function validateBehaviour(programme: Programme, data: unknown): Result<Behaviour, readonly Issue[]> {
  const parsed = BehaviourSchema.safeParse(data);
  if (!parsed.success)
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => issue(i.code === 'unrecognized_keys' ? 'config.unknown_field' : 'config.invalid_value', i.path as (string | number)[], i.message)),
    };
  const issues = checkBehaviour(programme, parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: parsed.data };
}

/**
 * A behaviour model from YAML text, every issue with its line.
 *
 * @example
 * const r = validateBehaviourYaml(programme, readFileSync('examples/ljusnarsberg/behaviour.yaml', 'utf8'));
 * if (!r.ok) throw new Error(formatIssues(r.issues));
 */
export function validateBehaviourYaml(programme: Programme, text: string): Result<Behaviour, readonly LocatedIssue[]> {
  const parsed = parseYaml(text);
  if (!parsed.ok) return parsed;
  const r = validateBehaviour(programme, parsed.value.data);
  if (r.ok) return r;
  return { ok: false, issues: r.issues.map((i) => ({ ...i, ...(parsed.value.locate(i.path) ? { location: parsed.value.locate(i.path)! } : {}) })) };
}
