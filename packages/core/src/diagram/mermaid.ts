import type { Lang } from '../i18n/label.js';
import type { CompiledStep, Programme } from '../programme/compiled.js';
import { type Phase, canDecline, canWait, phaseRules, phases } from '../path/phases.js';
import type { Outcome, StepBlueprint, Target } from '../rules/blueprint.js';
import type { Period } from '../time/calendar.js';
import { participationNote } from './participation-note.js';

export interface DiagramOptions {
  readonly lang: Lang;
}

const words = {
  sv: {
    intake: 'Intag', waiting: 'Väntar på plats', waitingList: 'På väntelistan', referredAdmitted: 'anvisad och antagen', active: 'I programmet', paused: 'Pausad', declined: 'Anvisning avböjd',
    moves: { 'participant.referred': 'anvisad', 'referral.declined': 'avböjd', 'participant.admitted': 'antagen', 'participant.paused': 'pausas', 'participant.resumed': 'återupptas i samma steg', 'participant.exited': 'avslut' },
    done: 'klar', advance: 'går vidare', regression: 'Kan flyttas tillbaka till vilket tidigare steg som helst',
    income: { full: 'Hel egen försörjning', partial: 'Delvis egen försörjning', none: 'Ingen egen försörjning' },
    target: (pct: string, month: number) => `Mål ${pct} % senast månad ${month}`,
    fromIntake: 'från intag', fromEntry: 'i steget', within: 'inom', after: 'efter',
    units: { days: ['dag', 'dagar'], weeks: ['vecka', 'veckor'], months: ['månad', 'månader'] },
  },
  en: {
    intake: 'Intake', waiting: 'Waiting for a place', waitingList: 'On the waiting list', referredAdmitted: 'referred and admitted', active: 'In the programme', paused: 'Paused', declined: 'Referral declined',
    moves: { 'participant.referred': 'referred', 'referral.declined': 'declined', 'participant.admitted': 'admitted', 'participant.paused': 'paused', 'participant.resumed': 'resumed in the same step', 'participant.exited': 'exit' },
    done: 'done', advance: 'advance', regression: 'Can be moved back to any earlier step',
    income: { full: 'Full income of their own', partial: 'Part of their income', none: 'No income of their own' },
    target: (pct: string, month: number) => `Target ${pct} % by month ${month}`,
    fromIntake: 'of intake', fromEntry: 'in the step', within: 'within', after: 'after',
    units: { days: ['day', 'days'], weeks: ['week', 'weeks'], months: ['month', 'months'] },
  },
} as const satisfies Record<Lang, { moves: Record<MoveEvent, string> } & Record<Exclude<Phase, 'exited'>, string> & Record<string, unknown>>;

/** The events that move a participant between phases, each with its words on the diagram's edge. */
type MoveEvent = { [P in Phase]: keyof (typeof phaseRules)[P]['moves'] }[Phase];

type Words = (typeof words)[Lang];

const entities: Record<string, string> = {
  '#': '#35;', '"': '#quot;', ':': '#58;', ';': '#59;', '[': '#91;', ']': '#93;', '{': '#123;', '}': '#125;', '<': '#lt;', '>': '#gt;', '|': '#124;',
};

/**
 * Text for a Mermaid label: one line, with every character Mermaid reads as syntax (quotes, colons,
 * brackets, `;` which ends a statement, `--`) written as an entity code, which Mermaid shows as the character.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#":;[\]{}<>|]/g, (c) => entities[c]!)
    .replace(/-(?=-)/g, '#45;');
}

/** A Mermaid state id: letters, digits and `_`, prefixed so that it never clashes with a keyword or another id. */
export const stepStateId = (step: Pick<CompiledStep, 'id' | 'index'>): string => `s${step.index}_${step.id.replace(/[^A-Za-z0-9_]/g, '_')}`;

export const formatPercent = (share: number, lang: Lang): string => {
  const n = String(Math.round(share * 1000) / 10);
  return lang === 'sv' ? n.replace('.', ',') : n;
};

export function formatPeriod(period: Period, lang: Lang): string {
  const units = words[lang].units;
  const parts = (['months', 'weeks', 'days'] as const)
    .filter((u) => period[u] !== undefined && period[u] !== 0)
    .map((u) => `${period[u]} ${units[u][period[u] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(' ') : `0 ${units.days[1]}`;
}

export const formatTarget = (target: Target, lang: Lang): string => words[lang].target(formatPercent(target.share, lang), target.byMonth);

/** The lines under a step's name: its target, and the deadlines it opens (other than the target's own). */
function stepNotes(b: StepBlueprint, lang: Lang): string[] {
  const w = words[lang];
  const deadlines = b.deadlines
    .filter((d) => !(b.target && d.forTarget))
    .map((d) => `${d.label[lang]} ${d.from === 'intake' ? `${w.within} ${formatPeriod(d.after, lang)} ${w.fromIntake}` : `${w.after} ${formatPeriod(d.after, lang)} ${w.fromEntry}`}`);
  return [...(b.target ? [formatTarget(b.target, lang)] : []), ...deadlines];
}

const state = (id: string, label: string): string => `state "${mermaidText(label)}" as ${id}`;
const edge = (from: string, to: string, label?: string): string => (label ? `${from} --> ${to} : ${mermaidText(label)}` : `${from} --> ${to}`);
const indent = (lines: readonly string[], by = '  '): string[] => lines.map((l) => by + l);

/** The participant's path through the steps, inside the `active` state. */
function activeBlock(steps: readonly CompiledStep[], lang: Lang, w: Words): string[] {
  const ids = steps.map(stepStateId);
  const body = [
    ...steps.flatMap((s, i) => [state(ids[i]!, s.label[lang]), ...stepNotes(s.blueprint, lang).map((n) => `${ids[i]} : ${mermaidText(n)}`)]),
    `[*] --> ${ids[0]}`,
    ...steps.slice(1).map((_next, i) => edge(ids[i]!, ids[i + 1]!, steps[i]!.blueprint.autoAdvance ? w.done : w.advance)),
  ];
  return [`${state('active', w.active)} {`, ...indent(body), '}'];
}

const incomes = ['full', 'partial', 'none'] as const;

/** The exit state, its outcomes grouped by how much of the participant's income they cover. */
function exitBlock(exitStep: CompiledStep, outcomes: readonly Outcome[], lang: Lang, w: Words): string[] {
  const groups = incomes
    .map((income) => ({ income, outcomes: outcomes.filter((o) => o.income === income) }))
    .filter((g) => g.outcomes.length > 0);
  const body = groups.flatMap((g) => [state(`exit_${g.income}`, w.income[g.income]), ...g.outcomes.map((o) => `exit_${g.income} : ${mermaidText(o.label[lang])}`)]);
  return [`${state('exited', exitStep.label[lang])} {`, ...indent(body), '}'];
}


/** The follow-ups after exit, as a note beside the exit state. */
function exitFollowUpNote(programme: Programme, lang: Lang): string[] {
  const list = programme.config.followUpAfterExit;
  if (list.length === 0) return [];
  const head = lang === 'sv' ? 'Uppföljning efter avslut' : 'Follow-up after exit';
  const when = list.map((f) => `${f.label?.[lang] ?? f.id} ${words[lang].after} ${formatPeriod(f.after, lang)}`).join(', ');
  return [`note right of exited : ${mermaidText(`${head}: ${when}`)}`];
}

/**
 * Proposals happen inside the path (only `active` takes them), so they are a note on it rather than an
 * edge: which roles propose, and within how long the decision is due (what each may propose is in the page's
 * policy, not on the diagram).
 */
function proposalNote(programme: Programme, lang: Lang): string[] {
  const config = programme.config.proposals;
  if (!config) return [];
  const label = (id: string) => programme.config.roles.find((r) => r.id === id)?.label[lang] ?? id;
  const who = [...new Set(config.allow.flatMap((a) => a.roles))].map(label).join(', ');
  const within = formatPeriod(config.decideWithin, lang);
  const text = lang === 'sv' ? `Förslag från ${who} beslutas inom ${within}` : `Proposals by ${who} are decided within ${within}`;
  return [`note right of active : ${mermaidText(text)}`];
}

/**
 * The participant's machine as a Mermaid `stateDiagram-v2`, for people: intake, the waiting list, the steps
 * in order with their targets, pause and resume, and the exit outcomes grouped by income. Pure text.
 *
 * @example
 * const text = programmeDiagram(programme, { lang: 'sv' });
 * markdown += '```mermaid\n' + text + '```\n';
 */
export function programmeDiagram(programme: Programme, { lang }: DiagramOptions): string {
  const w = words[lang];
  // A programme without places or a waitlisting rule admits in the referral itself: no waiting on its diagram.
  const waits = canWait(programme);
  const present = phases.filter((p) => (p !== 'declined' || canDecline(programme)) && (p !== 'waiting' || waits !== false));
  const block = (p: Phase): string[] =>
    p === 'active'
      ? [
          ...activeBlock(programme.steps, lang, w),
          ...(programme.steps.length > 1 ? [`note left of active : ${mermaidText(w.regression)}`] : []),
          ...participationNote(programme, lang, { period: formatPeriod, escape: mermaidText }),
          ...proposalNote(programme, lang),
        ]
      : p === 'exited'
        ? exitBlock(programme.exitStep, programme.outcomes, lang, w)
        : [state(p, p === 'waiting' && waits === 'rule' ? w.waitingList : w[p])];
  const moves = present.flatMap((p) =>
    Object.entries(phaseRules[p].moves).flatMap(([event, to]) =>
      present.includes(to) ? [edge(p, to, w.moves[event as MoveEvent])]
      : to === 'waiting' ? [edge(p, 'active', w.referredAdmitted)]
      : [],
    ),
  );
  // A phase is final when nothing moves a participant out of it (an exited participant can still be followed up).
  const finals = present.filter((p) => Object.keys(phaseRules[p].moves).length === 0).map((p) => `${p} --> [*]`);
  const lines = [...present.flatMap(block), ...exitFollowUpNote(programme, lang), '[*] --> intake', ...moves, ...finals];
  return ['stateDiagram-v2', ...indent(lines)].join('\n') + '\n';
}
