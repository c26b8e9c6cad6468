import { describe, expect, it } from 'vitest';
import { formatIssues, validateProgramme, validateProgrammeYaml } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';

const problems = (input: unknown) => {
  const r = validateProgramme(input);
  if (r.ok) throw new Error('expected the programme to be invalid');
  return formatIssues(r.issues);
};

const mutate = (fn: (p: any) => void) => {
  const p = structuredClone(minimal()) as any;
  fn(p);
  return p;
};

describe('validateProgramme: every bad config says what, where and how to fix it', () => {
  it('accepts the minimal programme and builds its steps', () => {
    const r = validateProgramme(minimal());
    expect(r.ok && r.value.steps.map((s) => s.id)).toEqual(['assessment', 'step1']);
    expect(r.ok && r.value.exitStep.id).toBe('exit');
  });

  it('an unknown step kind names the step and the kinds there are', () => {
    expect(problems(mutate((p) => (p.steps[1].kind = 'ladderstep')))).toMatchInlineSnapshot(
      `"steps.1.kind: unknown step kind "ladderstep" Fix: use one of: assessment, actionPlan, ladderStep, subsidisedEmployment, exit (or register the kind in the registry you validate with) (config.unknown_step_kind)"`,
    );
  });

  it('an undeclared fact in a condition names the path and the declared facts', () => {
    expect(problems(mutate((p) => (p.steps[1].params.requirements[1].waivedWhen = { fact: 'sickLeave', equals: true })))).toMatchInlineSnapshot(
      `"steps.1.params.requirements.1.waivedWhen.fact: the condition tests fact "sickLeave", which the programme does not declare Fix: declare it under "facts", or use one of: fullTimeSickLeave, age, gender (config.undeclared_fact)"`,
    );
  });

  it('a value of the wrong type for a fact is caught', () => {
    expect(problems(mutate((p) => (p.steps[1].params.requirements[1].waivedWhen = { fact: 'gender', in: ['woman', 'female'] })))).toMatchInlineSnapshot(
      `"steps.1.params.requirements.1.waivedWhen.in.1: fact "gender" is one of woman, man, nonBinary, but the condition compares it with a value it cannot have Fix: use one of woman, man, nonBinary (config.fact_type_mismatch)"`,
    );
  });

  it('a dangling step reference names the steps there are', () => {
    expect(problems(mutate((p) => (p.steps[2].params.outcomes[0].completesStep = 'step5')))).toMatchInlineSnapshot(
      `"steps.2.params.outcomes.0.completesStep: no step "step5" in this programme Fix: use one of: assessment, step1 (config.unknown_reference)"`,
    );
  });

  it('duplicate ids point at the second one and the first', () => {
    expect(problems(mutate((p) => (p.steps[1].params.requirements[1].id = 'attend')))).toMatchInlineSnapshot(
      `"steps.1.params.requirements.1.id: requirement id "attend" is already used at steps.1.params.requirements.0 Fix: give each one its own id (config.duplicate_id)"`,
    );
    expect(problems(mutate((p) => (p.steps[0].id = 'step1')))).toContain('steps.1.id: step id "step1" is already used at steps.0');
  });

  it('an exit step must exist and come last', () => {
    expect(problems(mutate((p) => p.steps.reverse()))).toContain('steps.0.kind: the exit step "exit" must be the last step');
    expect(problems(mutate((p) => (p.steps[2] = { id: 'step2', kind: 'ladderStep', label: 'Steg 2', params: { requirements: [{ id: 'x', label: 'x' }] } })))).toContain(
      'the programme has no exit step',
    );
  });

  it('lists all problems at once, each with its path', () => {
    const bad = mutate((p) => {
      p.version = 'one';
      p.name = '';
      p.steps[1].label = 42;
      p.colour = 'blue';
    });
    expect(problems(bad)).toMatchInlineSnapshot(`
      "version: expected a number, got text (config.invalid_type)
      name: must not be empty (config.invalid_value)
      steps.1.label: expected text, got a number (config.invalid_type)
      colour: unknown field Fix: remove it, or check its spelling against the schema (config.unknown_field)"
    `);
  });

  it('checks step params with the schema of the kind, under the step\'s path', () => {
    expect(problems(mutate((p) => (p.steps[1].params.target = { share: 75, byMonth: 3 })))).toMatchInlineSnapshot(
      `"steps.1.params.target.share: must be at most 1 (config.invalid_value)"`,
    );
    expect(problems(mutate((p) => (p.steps[1].params.requirements[0].waivedWhen = { fact: 'age' })))).toContain(
      'steps.1.params.requirements.0.waivedWhen: a fact test takes exactly one of equals, notEquals, in, notIn, atLeast, atMost, known',
    );
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, 42, 'programme', [], { steps: 'x' }, { steps: [null] }])
      expect(validateProgramme(input).ok).toBe(false);
  });
});

describe('validateProgrammeYaml: YAML mistakes come back with their line', () => {
  const yaml = `id: demo
version: 1
name: Demo
steps:
  - id: step1
    kind: ladderStep
    label: Steg 1
    params:
      requirements:
        - { id: attend, label: Närvara }
      target: { share: high, byMonth: 3 }
  - id: exit
    kind: exit
    label: Avslut
    params:
      outcomes: [{ id: job, label: Arbete, income: full }]
`;

  it('accepts a valid file', () => {
    expect(validateProgrammeYaml(yaml.replace('share: high', 'share: 0.5')).ok).toBe(true);
  });

  it('wrong types in YAML name the path and the line', () => {
    const r = validateProgrammeYaml(yaml);
    expect(!r.ok && r.issues.map((i) => [i.path.join('.'), i.message, i.location?.line])).toEqual([
      ['steps.0.params.target.share', 'expected a number, got text', 11],
    ]);
  });

  it('broken YAML is a syntax issue with line and column, not an exception', () => {
    const r = validateProgrammeYaml('id: demo\nsteps:\n  - id: a\n   kind: x\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'config.yaml_syntax', location: { line: 4 } });
  });

  it('duplicate keys are refused rather than silently overwritten', () => {
    const r = validateProgrammeYaml('id: demo\nid: other\n');
    expect(!r.ok && r.issues[0]!.code).toBe('config.yaml_syntax');
  });
});
