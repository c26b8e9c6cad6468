import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Lang, type Programme, type ProgrammeInput, programmeDiagram, validateProgramme, validateProgrammeYaml } from '@stegvis/core';
import { checkGenerated, generate, schemaComment, staleFiles } from '../../../scripts/generate.js';
import { minimal } from './fixtures/minimal.js';

const root = new URL('../../../', import.meta.url);

const valid = (result: ReturnType<typeof validateProgramme>): Programme => {
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.value;
};
const ljusnarsberg = valid(validateProgrammeYaml(readFileSync(new URL('examples/ljusnarsberg/programme.yaml', root), 'utf8')));

const entities: Record<string, string> = { quot: '"', lt: '<', gt: '>' };
/** What Mermaid shows for a label: entity codes (`#58;`, `#quot;`) back to their characters. */
const shown = (text: string): string => text.replace(/#(\w+);/g, (_, e: string) => (/^\d+$/.test(e) ? String.fromCharCode(Number(e)) : entities[e] ?? `#${e};`));

interface Structure {
  readonly states: ReadonlyMap<string, string>;
  readonly descriptions: readonly (readonly [string, string])[];
  readonly transitions: readonly (readonly [string, string, string | undefined])[];
  readonly notes: readonly (readonly [string, string])[];
}

/**
 * Reads the subset of stateDiagram-v2 the generator writes, and fails on anything else: every line is a
 * state declaration, a description, a transition, a note or a closing brace, every id it uses is declared,
 * and no label holds a character Mermaid would read as syntax.
 */
function structure(text: string): Structure {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('stateDiagram-v2');
  const states = new Map<string, string>();
  const descriptions: [string, string][] = [];
  const transitions: [string, string, string | undefined][] = [];
  const notes: [string, string][] = [];
  let depth = 0;
  const id = String.raw`[A-Za-z_][A-Za-z0-9_]*`;
  // Label text: plain characters, a lone `-`, or an entity code such as `#58;`.
  const label = String.raw`(?:[^":;\[\]{}<>|#\n-]|-(?!-)|#\w+;)+`;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^state "(${label})" as (${id})( \\{)?$`).exec(line))) {
      expect(states.has(m[2]!), `${m[2]} is declared twice`).toBe(false);
      states.set(m[2]!, shown(m[1]!));
      if (m[3]) depth++;
    } else if (line === '}') depth--;
    else if ((m = new RegExp(`^(${id}|\\[\\*\\]) --> (${id}|\\[\\*\\])(?: : (${label}))?$`).exec(line))) transitions.push([m[1]!, m[2]!, m[3] && shown(m[3])]);
    else if ((m = new RegExp(`^note (?:left|right) of (${id}) : (${label})$`).exec(line))) notes.push([m[1]!, shown(m[2]!)]);
    else if ((m = new RegExp(`^(${id}) : (${label})$`).exec(line))) descriptions.push([m[1]!, shown(m[2]!)]);
    else expect.fail(`not a line the diagram should have: ${JSON.stringify(raw)}`);
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth, 'unbalanced braces').toBe(0);
  const used = [...transitions.flatMap(([a, b]) => [a, b]), ...descriptions.map(([s]) => s), ...notes.map(([s]) => s)].filter((s) => s !== '[*]');
  for (const s of used) expect(states.has(s), `${s} is used but not declared`).toBe(true);
  return { states, descriptions, transitions, notes };
}

describe.each(['sv', 'en'] as const)('programmeDiagram(ljusnarsberg, %s)', (lang: Lang) => {
  const text = programmeDiagram(ljusnarsberg, { lang });
  const d = structure(text);
  const stateLabels = [...d.states.values()];
  const descriptions = d.descriptions.map(([, t]) => t);

  it('has every step, in order, with its target', () => {
    const steps = ljusnarsberg.steps.map((s) => s.label[lang]);
    expect(stateLabels.filter((l) => steps.includes(l))).toEqual(steps);
    expect(descriptions).toContain(lang === 'sv' ? 'Mål 75 % senast månad 3' : 'Target 75 % by month 3');
    const advances = d.transitions.filter(([a, b]) => a.startsWith('s') && b.startsWith('s') && /^s\d/.test(a) && /^s\d/.test(b));
    expect(advances).toHaveLength(ljusnarsberg.steps.length - 1);
  });

  it('has every outcome, grouped by income', () => {
    const outcomes = ljusnarsberg.outcomes;
    for (const o of outcomes) expect(d.descriptions).toContainEqual([`exit_${o.income}`, o.label[lang]]);
    expect(d.descriptions.filter(([s]) => s.startsWith('exit_'))).toHaveLength(outcomes.length);
  });

  it('has intake, pause with resume, exit, and no waiting or declined state (no places, no rule that waitlists or declines)', () => {
    for (const s of ['intake', 'active', 'paused', 'exited']) expect(d.states.has(s)).toBe(true);
    expect(d.states.has('declined')).toBe(false);
    expect(d.states.has('waiting')).toBe(false);
    const edges = d.transitions.map(([a, b]) => `${a}->${b}`);
    expect(edges).toEqual(expect.arrayContaining(['[*]->intake', 'intake->active', 'active->paused', 'paused->active', 'active->exited', 'paused->exited', 'exited->[*]']));
    expect(d.transitions).toContainEqual(['intake', 'active', lang === 'sv' ? 'anvisad och antagen' : 'referred and admitted']);
    // Beside the exit: its follow-ups after exit (issue 14).
    expect(d.notes.map(([s]) => s)).toEqual(['active', 'exited']);
  });
});

// Issue 15: Nacka's work supervisors propose and the referring caseworker decides within five days.
describe('programmeDiagram(nacka): proposals are a note on the path, where they are taken', () => {
  const nacka = valid(validateProgrammeYaml(readFileSync(new URL('examples/nacka/programme.yaml', root), 'utf8')));
  it.each([
    ['sv', 'Förslag från Verkmästare beslutas inom 5 dagar'],
    ['en', 'Proposals by Work supervisor are decided within 5 days'],
  ] as const)('in %s', (lang, note) => {
    const text = programmeDiagram(nacka, { lang });
    expect(text).toContain(`note right of active : ${note}`);
    // Beside the regression note and the participation notes (intensity, compliance): the proposals note, once.
    expect(structure(text).notes.filter(([s, t]) => s === 'active' && t === note)).toHaveLength(1);
    // A programme without proposals has no such note.
    expect(programmeDiagram(ljusnarsberg, { lang })).not.toContain('note right of active');
  });
});

/** A small programme with labels that would break Mermaid unescaped, and a referral rule that declines. */
const fixture = (): ProgrammeInput => {
  const p = structuredClone(minimal());
  p.steps[1]!.label = { sv: 'Steg "1": praktik [krav] {a}; b--c #1', en: 'Step <1>: work | training' };
  p.steps.splice(1, 0, { id: 'plan-b', kind: 'actionPlan', label: { sv: 'Plan', en: 'Plan' } });
  (p.steps[3]!.params as { outcomes: unknown[] }).outcomes.push(
    { id: 'studies', label: { sv: 'Studier (deltid)', en: 'Studies (part-time)' }, income: 'partial' },
    { id: 'moved', label: { sv: 'Flyttat', en: 'Moved away' }, income: 'none' },
  );
  p.referral = {
    rules: [{ id: 'tooYoung', when: { fact: 'age', atMost: 17 }, decision: 'decline', reason: { sv: 'För ung', en: 'Too young' } }],
    otherwise: { decision: 'accept' },
  };
  return p;
};

describe('programmeDiagram: the waiting state as the programme has it', () => {
  const nacka = valid(validateProgrammeYaml(readFileSync(new URL('examples/nacka/programme.yaml', root), 'utf8')));
  it('names it a wait for a place where places are limited (Nacka: "ca 50 platser")', () => {
    const d = structure(programmeDiagram(nacka, { lang: 'en' }));
    expect(d.states.get('waiting')).toBe('Waiting for a place');
    expect(d.transitions).toContainEqual(['intake', 'waiting', 'referred']);
  });
  it('names it a waiting list where a referral rule waitlists, without places', () => {
    const p = fixture();
    p.referral = { rules: [{ id: 'later', when: { fact: 'age', atMost: 17 }, decision: 'waitlist' }], otherwise: { decision: 'accept' } };
    const d = structure(programmeDiagram(valid(validateProgramme(p)), { lang: 'sv' }));
    expect(d.states.get('waiting')).toBe('På väntelistan');
    expect(d.transitions).toContainEqual(['waiting', 'active', 'antagen']);
  });
});

describe('programmeDiagram of a small fixture', () => {
  const programme = valid(validateProgramme(fixture()));

  it('escapes what Mermaid reads as syntax, and shows it back as written', () => {
    for (const lang of ['sv', 'en'] as const) {
      const d = structure(programmeDiagram(programme, { lang }));
      expect([...d.states.values()]).toContain(programme.steps[2]!.label[lang]);
      expect(d.states.get('declined')).toBeDefined();
      expect(d.transitions).toContainEqual(['declined', '[*]', undefined]);
    }
  });

  it('reads as expected (sv)', () => {
    expect(programmeDiagram(programme, { lang: 'sv' })).toMatchInlineSnapshot(`
      "stateDiagram-v2
        state "Intag" as intake
        state "I programmet" as active {
          state "Kartläggning" as s0_assessment
          s0_assessment : Kartläggning klar inom 14 dagar från intag
          state "Plan" as s1_plan_b
          state "Steg #quot;1#quot;#58; praktik #91;krav#93; #123;a#125;#59; b#45;-c #35;1" as s2_step1
          s2_step1 : Mål 75 % senast månad 3
          [*] --> s0_assessment
          s0_assessment --> s1_plan_b : klar
          s1_plan_b --> s2_step1 : klar
        }
        note left of active : Kan flyttas tillbaka till vilket tidigare steg som helst
        state "Pausad" as paused
        state "Avslut" as exited {
          state "Hel egen försörjning" as exit_full
          exit_full : Arbete
          state "Delvis egen försörjning" as exit_partial
          exit_partial : Studier (deltid)
          state "Ingen egen försörjning" as exit_none
          exit_none : Flyttat
        }
        state "Anvisning avböjd" as declined
        [*] --> intake
        intake --> active : anvisad och antagen
        intake --> declined : avböjd
        active --> paused : pausas
        active --> exited : avslut
        paused --> active : återupptas i samma steg
        paused --> exited : avslut
        exited --> [*]
        declined --> [*]
      "
    `);
  });

  it('reads as expected (en)', () => {
    expect(programmeDiagram(programme, { lang: 'en' })).toMatchInlineSnapshot(`
      "stateDiagram-v2
        state "Intake" as intake
        state "In the programme" as active {
          state "Kartläggning" as s0_assessment
          s0_assessment : Kartläggning done within 14 days of intake
          state "Plan" as s1_plan_b
          state "Step #lt;1#gt;#58; work #124; training" as s2_step1
          s2_step1 : Target 75 % by month 3
          [*] --> s0_assessment
          s0_assessment --> s1_plan_b : done
          s1_plan_b --> s2_step1 : done
        }
        note left of active : Can be moved back to any earlier step
        state "Paused" as paused
        state "Avslut" as exited {
          state "Full income of their own" as exit_full
          exit_full : Arbete
          state "Part of their income" as exit_partial
          exit_partial : Studies (part-time)
          state "No income of their own" as exit_none
          exit_none : Moved away
        }
        state "Referral declined" as declined
        [*] --> intake
        intake --> active : referred and admitted
        intake --> declined : declined
        active --> paused : paused
        active --> exited : exit
        paused --> active : resumed in the same step
        paused --> exited : exit
        exited --> [*]
        declined --> [*]
      "
    `);
  });
});

describe('generated files', () => {
  it('are up to date (schema, docs/programmes, docs/reference) and every example names the schema', () => {
    expect(checkGenerated(), 'run npx -y pnpm@10.34.8 generate').toEqual([]);
  });

  it('names every stale, missing and orphaned file', () => {
    const files = [{ path: 'docs/programmes/nacka.md', content: 'new' }, { path: 'docs/programmes/timra.md', content: 'same' }, { path: 'docs/reference/programme.md', content: 'x' }];
    const disk: Record<string, string> = { 'docs/programmes/nacka.md': 'old', 'docs/programmes/timra.md': 'same', 'docs/programmes/gone.md': 'old' };
    expect(staleFiles(files, (p) => disk[p], ['docs/programmes/gone.md', 'docs/programmes/nacka.md', 'docs/programmes/timra.md'])).toEqual([
      'docs/programmes/nacka.md is stale: run npx -y pnpm@10.34.8 generate',
      'docs/reference/programme.md is missing: run npx -y pnpm@10.34.8 generate',
      'docs/programmes/gone.md has no example: run npx -y pnpm@10.34.8 generate to remove it',
    ]);
  });

  it('reports an example without the schema comment, or invalid, instead of writing its page', () => {
    const text = readFileSync(new URL('examples/ljusnarsberg/programme.yaml', root), 'utf8');
    const withoutComment = text.split('\n').slice(1).join('\n');
    expect(text.startsWith(`${schemaComment}\n`)).toBe(true);
    const { files, problems } = generate([{ name: 'a', text: withoutComment }, { name: 'b', text: text.replace('version: 1', 'version: zero') }]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^examples\/a\/programme.yaml does not start with "# yaml-language-server: \$schema=/);
    expect(problems[1]).toMatch(/^examples\/b\/programme.yaml is invalid:\n {2}line \d+: version:/);
    expect(files.map((f) => f.path)).toEqual(['packages/core/schema/programme.schema.json', 'docs/reference/programme.md', 'docs/programmes/a.md']);
  });
});
