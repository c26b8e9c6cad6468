import { match, P } from 'ts-pattern';
import { evaluate } from '../conditions/evaluate.js';
import type { Explanation } from '../conditions/explanation.js';
import type { Condition, FactTest } from '../conditions/schema.js';
import { type Path, toDotPath } from '../errors/issue.js';
import type { Programme } from '../programme/compiled.js';
import type { Fact, Facts } from '../facts/facts.js';
import { type Node, asksKnown, children, describeFacts, emptyRange, factsOf, forEachCombination, holdsFor, namedRefs, search, testsOf } from './domain.js';
import { type Finding, type LintContext, type Severity, finding } from './finding.js';

/** A place in the config where a condition is written, and what it means there when it never or always holds. */
export interface Site {
  readonly path: Path;
  readonly condition: Condition;
  /** `the condition of referral rule "x"` */
  readonly what: string;
  /** The consequence when it never holds: `so this rule never decides a referral`. */
  readonly never: string;
  /** The consequence, and how much it matters, when it holds for everyone whose facts are recorded. */
  readonly always: { readonly severity: Severity; readonly text: string };
  /** A named condition is reported where it is declared; its uses are not walked into again. */
  readonly namedId?: string;
}

/** Every condition the config writes, with its path: the same places `validateProgramme` checks. */
export function conditionSites(programme: Programme): Site[] {
  const c = programme.config;
  const sites: Site[] = [];
  c.conditions.forEach((n, i) =>
    sites.push({
      path: ['conditions', i, 'when'],
      condition: n.when,
      what: `condition "${n.id}"`,
      never: 'so everything that refers to it treats it as false',
      always: { severity: 'info', text: 'so it adds nothing where it is used' },
      namedId: n.id,
    }),
  );
  c.referral?.rules.forEach((r, i) =>
    sites.push({
      path: ['referral', 'rules', i, 'when'],
      condition: r.when,
      what: `the condition of referral rule "${r.id}"`,
      never: 'so this rule never decides a referral',
      always: { severity: 'info', text: 'so it decides every referral with those facts recorded, before any rule after it' },
    }),
  );
  c.capacity?.reserved.forEach((r, i) =>
    sites.push({
      path: ['capacity', 'reserved', i, 'for'],
      condition: r.for,
      what: `the group of reservation "${r.id}"`,
      never: `so its ${r.places} place(s) are kept for nobody`,
      always: { severity: 'info', text: 'so the places are kept for everyone, which sets nothing aside' },
    }),
  );
  c.capacity?.priority.forEach((r, i) =>
    sites.push({
      path: ['capacity', 'priority', i, 'when'],
      condition: r.when,
      what: `the condition of waiting-list priority "${r.id}"`,
      never: 'so it never moves anyone up the waiting list',
      always: { severity: 'info', text: 'so it puts everyone first, which orders nothing' },
    }),
  );
  c.funding?.perParticipantDay.forEach((r, i) =>
    sites.push({
      path: ['funding', 'perParticipantDay', i, 'when'],
      condition: r.when,
      what: `the condition of payment "${r.id}"`,
      never: 'so this payment is never earned',
      always: { severity: 'info', text: 'so it is earned for every participant-day' },
    }),
  );
  for (const s of [...programme.steps, programme.exitStep]) {
    const base: Path = ['steps', s.index, 'params'];
    s.blueprint.requirements.forEach((r, j) => {
      if (r.waivedWhen)
        sites.push({
          path: [...base, 'requirements', j, 'waivedWhen'],
          condition: r.waivedWhen,
          what: `the waiver of requirement "${r.id}" in step "${s.id}"`,
          never: 'so the requirement is never waived automatically (a caseworker can still waive it by hand, with a reason)',
          always: { severity: 'warning', text: 'so the requirement is waived for everyone and nobody is ever asked to meet it' },
        });
    });
    s.blueprint.exit?.outcomes.forEach((o, j) => {
      if (o.when)
        sites.push({
          path: [...base, 'outcomes', j, 'when'],
          condition: o.when,
          what: `the condition of exit outcome "${o.id}"`,
          never: 'so no participant can ever exit to this outcome',
          always: { severity: 'info', text: 'so it restricts nothing' },
        });
    });
  }
  return sites;
}

const range = (f: Extract<Fact, { type: 'number' }>): string =>
  f.min !== undefined && f.max !== undefined ? `from ${f.min} to ${f.max}` : f.min !== undefined ? `at least ${f.min}` : `at most ${f.max}`;

/** Why a single fact test never holds, read off its fact's declaration. */
function testNever(programme: Programme, t: FactTest): string {
  const f = programme.factsById.get(t.fact);
  const name = `"${t.fact}"`;
  if (f?.type === 'number') {
    const lo = f.min ?? -Infinity;
    const hi = f.max ?? Infinity;
    if (t.atLeast !== undefined && t.atLeast > hi) return `${name} is declared at most ${hi}, so "at least ${t.atLeast}" cannot hold`;
    if (t.atMost !== undefined && t.atMost < lo) return `${name} is declared at least ${lo}, so "at most ${t.atMost}" cannot hold`;
    if (typeof t.equals === 'number') return `${name} is declared ${range(f)}, so it is never ${t.equals}`;
    if (t.in) return `${name} is declared ${range(f)}, so it is none of ${t.in.join(', ')}`;
  }
  if (f && f.type !== 'number' && (t.notIn || t.notEquals !== undefined)) return `it excludes every value of ${name}`;
  return `no value of ${name} that its declaration allows satisfies it`;
}

/** Why a single fact test holds for everyone with the fact recorded. */
function testAlways(programme: Programme, t: FactTest): string {
  const f = programme.factsById.get(t.fact);
  const name = `"${t.fact}"`;
  if (f?.type === 'number') {
    if (t.atLeast !== undefined && f.min !== undefined && t.atLeast <= f.min) return `every recorded ${name} is at least ${f.min}`;
    if (t.atMost !== undefined && f.max !== undefined && t.atMost >= f.max) return `every recorded ${name} is at most ${f.max}`;
    if (t.notEquals !== undefined || t.notIn) return `${name} is declared ${range(f)}, so it never has the excluded value`;
  }
  if (t.in || t.equals !== undefined) return `it lists every value of ${name}`;
  return `it holds for every value of ${name}`;
}

const dot = (p: Path) => toDotPath(p);

/** Why a condition never holds: the smallest part of it that is to blame, when one can be found. */
function neverReason(programme: Programme, node: Node, seen: ReadonlyMap<string, Seen>): string {
  const both = (a: Node, b: Node) =>
    search(programme, [a.condition, b.condition], 'any', (f) => holdsFor(programme, a.condition, f) && holdsFor(programme, b.condition, f)).kind === 'none';
  return match(node.condition)
    .with({ fact: P.string }, (t) => testNever(programme, t))
    .with({ all: P.array() }, () => {
      const parts = children(node);
      const alone = parts.find((k) => !seen.get(dot(k.path))?.anyTrue);
      if (alone) return `its part ${dot(alone.path)} can never hold: ${neverReason(programme, alone, seen)}`;
      for (let i = 0; i < parts.length; i++)
        for (let j = i + 1; j < parts.length; j++)
          if (both(parts[i]!, parts[j]!)) return `its parts ${dot(parts[i]!.path)} and ${dot(parts[j]!.path)} contradict each other`;
      return 'no combination of the declared values of its facts satisfies all of its parts';
    })
    .with({ any: P.array() }, () => 'none of its parts can ever hold')
    .with({ not: P.any }, () => 'the condition inside "not" holds for everyone')
    .with({ condition: P.string }, (x) => `condition "${x.condition}" can never hold`)
    .exhaustive();
}

/** Why a condition holds for everyone whose facts are recorded. */
function alwaysReason(programme: Programme, node: Node, seen: ReadonlyMap<string, Seen>): string {
  const eitherFor = (a: Node, b: Node) =>
    search(programme, [a.condition, b.condition], 'recorded', (f) => !holdsFor(programme, a.condition, f) && !holdsFor(programme, b.condition, f)).kind === 'none';
  return match(node.condition)
    .with({ fact: P.string }, (t) => testAlways(programme, t))
    .with({ any: P.array() }, () => {
      const parts = children(node);
      const alone = parts.find((k) => { const v = seen.get(dot(k.path)); return v?.recordedTrue && !v.recordedFalse; });
      if (alone) return `its part ${dot(alone.path)} holds for everyone: ${alwaysReason(programme, alone, seen)}`;
      for (let i = 0; i < parts.length; i++)
        for (let j = i + 1; j < parts.length; j++)
          if (eitherFor(parts[i]!, parts[j]!)) return `its parts ${dot(parts[i]!.path)} and ${dot(parts[j]!.path)} between them cover every case`;
      return 'its parts between them cover every combination of recorded values';
    })
    .with({ all: P.array() }, () => 'each of its parts holds for everyone')
    .with({ not: P.any }, () => 'the condition inside "not" can never hold for a recorded value')
    .with({ condition: P.string }, (x) => `condition "${x.condition}" holds for everyone`)
    .exhaustive();
}

const FIX_NEVER = 'compare the values with the fact declarations under "facts", and check that no two parts of an "all" exclude each other';

/** What one pass over every combination saw of one condition node: an example where it held, and so on. */
interface Seen {
  anyTrue?: Facts;
  recordedTrue?: Facts;
  recordedFalse?: Facts;
}

/**
 * One pass per site: every combination of the facts the site reads is evaluated once, and the explanation
 * the evaluator returns (one child per part, in order) gives the truth of every node of the tree at once.
 */
function observe(programme: Programme, root: Node): Map<string, Seen> | undefined {
  const seen = new Map<string, Seen>();
  const factsByNode = new Map<string, string[]>();
  const nodes = (n: Node): Node[] => [n, ...children(n).flatMap(nodes)];
  for (const n of nodes(root)) {
    factsByNode.set(dot(n.path), factsOf(programme, n.condition));
    seen.set(dot(n.path), {});
  }
  const walk = (n: Node, e: Explanation, facts: Facts) => {
    const key = dot(n.path);
    const s = seen.get(key)!;
    const recorded = factsByNode.get(key)!.every((id) => facts[id] !== undefined);
    if (e.ok) s.anyTrue ??= facts;
    if (recorded && e.ok) s.recordedTrue ??= facts;
    if (recorded && !e.ok) s.recordedFalse ??= facts;
    children(n).forEach((k, i) => {
      const ke = e.children?.[i];
      if (ke) walk(k, ke, facts);
    });
  };
  const scope = { factsById: programme.factsById, conditionsById: programme.conditionsById };
  const complete = forEachCombination(programme, [root.condition], 'any', (facts) => walk(root, evaluate(root.condition, { ...scope, facts }), facts));
  return complete ? seen : undefined;
}

function checkNode(programme: Programme, site: Site, node: Node, seen: ReadonlyMap<string, Seen>, out: Finding[]): void {
  const c = node.condition;
  const top = node.path.length === site.path.length;
  const facts = factsOf(programme, c);
  const s = seen.get(dot(node.path))!;
  const subject = top ? site.what : `this part of ${site.what}`;
  if (!s.anyTrue) {
    const consequence = top ? site.never : 'so it never contributes to the condition around it';
    out.push(finding('lint.unsatisfiable_condition', 'warning', node.path, `${subject} can never hold (${neverReason(programme, node, seen)}), ${consequence}.`, FIX_NEVER));
    return;
  }
  const recordable = facts.every((id) => !emptyRange(programme.factsById.get(id)!));
  if (!asksKnown(programme, c) && recordable) {
    if (!s.recordedTrue) {
      const consequence = top ? site.never.replace(/^so /, 'so, once they are recorded, ') : 'so it never contributes once the facts are recorded';
      out.push(
        finding('lint.unsatisfiable_condition', 'warning', node.path,
          `${subject} holds only while some of ${facts.map((f) => `"${f}"`).join(', ')} is not recorded (for example ${describeFacts(programme, s.anyTrue, facts)}), ${consequence}.`,
          'if it is meant to test that a fact is missing, say so with { fact: …, known: false }; otherwise ' + FIX_NEVER),
      );
      return;
    }
    if (!s.recordedFalse) {
      const severity = top ? site.always.severity : 'info';
      const consequence = top ? site.always.text : 'so it only checks that those facts are recorded';
      out.push(
        finding('lint.always_true_condition', severity, node.path, `${subject} holds for everyone whose ${facts.map((f) => `"${f}"`).join(', ')} is recorded (${alwaysReason(programme, node, seen)}), ${consequence}.`,
          'narrow the condition, or remove it if it is not needed'),
      );
      return;
    }
  }
  for (const k of children(node)) checkNode(programme, site, k, seen, out);
}

/** Conditions that can never hold, or that hold for everyone, wherever the config writes one. */
export const lintConditionValues = (programme: Programme): Finding[] => {
  const out: Finding[] = [];
  for (const site of conditionSites(programme)) {
    const root = { condition: site.condition, path: site.path };
    const seen = observe(programme, root);
    if (seen) checkNode(programme, site, root, seen, out);
    else
      out.push(
        finding('lint.not_analysed', 'info', site.path, `${site.what} reads too many facts and thresholds to check every combination, so the linter did not analyse it.`,
          'nothing to do: it still works as written; only this check was skipped (conditions over fewer facts or fewer number thresholds can be checked)'),
      );
  }
  return out;
};

/** A number fact whose min is above its max: no value can be recorded for it. */
export const lintFactRanges = (programme: Programme): Finding[] =>
  programme.config.facts.flatMap((f, i) =>
    f.type === 'number' && emptyRange(f)
      ? [finding('lint.empty_fact_range', 'error', ['facts', i], `fact "${f.id}" is declared with min ${f.min} above max ${f.max}, so no value can ever be recorded for it and every test of it fails.`, 'swap min and max, or correct the one that is wrong')]
      : [],
  );

/** Facts no condition reads, and named conditions nothing refers to, in the programme or in its readers. */
export const lintUnused = (programme: Programme, context: LintContext): Finding[] => {
  const sites = conditionSites(programme);
  const readers = context.readers ?? [];
  const outside = readers.flatMap((r) => r.conditions);
  const read = new Set([...sites.map((s) => s.condition), ...outside].flatMap((c) => testsOf(programme, c).map((t) => t.fact)));
  const referenced = new Set([...sites.filter((s) => s.namedId === undefined).map((s) => s.condition), ...outside].flatMap((c) => [...namedRefs(programme, c)]));
  const norReaders = readers.length > 0 ? `, nor does ${readers.map((r) => r.name).join(' or ')}` : '';
  const out: Finding[] = [];
  programme.config.facts.forEach((f, i) => {
    if (!read.has(f.id) && !('breakdown' in f && f.breakdown))
      out.push(
        finding('lint.unused_fact', 'info', ['facts', i], `fact "${f.id}" is declared but no condition, referral rule, reservation, priority, payment, waiver or outcome reads it${norReaders}.`,
          'if reports should break figures down by it, say breakdown: true; otherwise remove it, or use it where it was meant to matter'),
      );
  });
  programme.config.conditions.forEach((c, i) => {
    if (!referenced.has(c.id))
      out.push(finding('lint.unused_condition', 'info', ['conditions', i], `condition "${c.id}" is declared but nothing refers to it with { condition: ${c.id} }${norReaders}.`, 'refer to it where it was meant to apply, or remove it'));
  });
  return out;
};
