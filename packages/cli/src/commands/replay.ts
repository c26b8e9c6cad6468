import { type DomainEvent, type Explanation, type Issue, type IssueCode, type Lang, type ParticipantView, type Programme, commandTypes, createEngine, formatExplanation, intensityOn, isBadInput, personalNumberIn, recordLimits } from '@stegvis/core';
import { loadOptionsOf } from '../data-only.js';
import { commandWords, eventWords, incomeWords, issueLine, phaseWords, statusWords, word } from '../words.js';
import { type Io, exitCodes, line } from '../io.js';
import { requireProgramme, readUserFile } from '../load-programme.js';
import { jsonError } from '../read-input.js';

export interface ReplayOptions {
  readonly json?: boolean;
  readonly lang: Lang;
  /** Exit 1 when a command was refused, not only when a line was malformed. */
  readonly strict?: boolean;
  /** Step-kind plugin modules (`--plugin`), besides those of the config file beside the programme. */
  readonly plugin?: readonly string[];
  readonly dataOnly?: boolean;
}

/** What became of one line of the commands file. */
export type LineResult =
  | {
      readonly line: number;
      readonly status: 'accepted';
      readonly command: string;
      readonly events: readonly string[];
      /** Events of this line that a later line voided (`voidEvent`): in the log still, left out of the state. */
      readonly voided?: readonly { readonly seq: number; readonly type: string; readonly byLine: number }[];
    }
  | { readonly line: number; readonly status: 'refused'; readonly command: string | null; readonly code: IssueCode; readonly issues: readonly Issue[]; readonly explanation?: Explanation }
  | { readonly line: number; readonly status: 'malformed'; readonly message: string };

export interface ReplayResult {
  readonly programme: { readonly id: string; readonly version: number };
  readonly participantId: string;
  readonly lines: readonly LineResult[];
  readonly state: {
    readonly phase: string;
    readonly stepId: string | null;
    readonly exit: { readonly outcomeId: string; readonly income: string } | null;
    readonly openDeadlines: readonly { id: string; kind: string; label: { sv: string; en: string }; status: string; opensOn: string; dueOn: string }[];
    readonly flags: readonly { id: string; label: { sv: string; en: string }; since: string | null }[];
    /** In programmes that record participation intensity: the one valid on the participant's last day, or null. */
    readonly intensity?: { readonly percent: number; readonly daysPerWeek: number } | null;
  };
}

type Parsed = { line: number; command: Record<string, unknown> } | { line: number; malformed: string };

/** A commands file holds one participant's commands: far below this, whatever the case. */
export const commandsFileLimit = 100_000_000;

/** One JSON object per non-blank line; a line that is not one is reported, and the rest still run. */
export function parseCommandLines(text: string): Parsed[] {
  const out: Parsed[] = [];
  const max = recordLimits.maxTextLength;
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '') return;
    if (raw.length > max) {
      out.push({ line: lineNo, malformed: `the line has ${raw.length.toLocaleString('en')} characters, more than the limit of ${max.toLocaleString('en')} for one command` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      out.push({ line: lineNo, malformed: jsonError(e) });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      out.push({ line: lineNo, malformed: `expected a JSON object (one command), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` });
    else out.push({ line: lineNo, command: value as Record<string, unknown> });
  });
  return out;
}

/** The participant's id as the output shows it: never one the engine would refuse to record. */
const shownId = (id: string): string => (id.length <= 200 && !personalNumberIn(id) ? id : '(id withheld: not a valid id)');

/** Runs a participant's commands through the engine, in order; a refused command changes nothing. */
export function replayCommands(programme: Programme, text: string): ReplayResult {
  const engine = createEngine(programme);
  const parsed = parseCommandLines(text);
  const first = parsed.find((p): p is Extract<Parsed, { command: unknown }> => 'command' in p && typeof p.command.participantId === 'string');
  const participantId = (first?.command.participantId as string | undefined) ?? 'P-001';
  let snapshot = engine.initial(participantId);
  const lines: LineResult[] = [];
  // The events so far, for a void (which rebuilds the state from them), and which line recorded each.
  const log: DomainEvent[] = [];
  const lineOf = new Map<number, number>();
  const voidedIn = new Map<number, { seq: number; type: string; byLine: number }[]>();
  for (const p of parsed) {
    if ('malformed' in p) {
      lines.push({ line: p.line, status: 'malformed', message: p.malformed });
      continue;
    }
    const type = typeof p.command.type === 'string' && (commandTypes as readonly string[]).includes(p.command.type) ? p.command.type : null;
    const r = engine.execute(snapshot, p.command, { events: log });
    if (r.ok) {
      snapshot = r.snapshot;
      for (const e of r.events) {
        log.push(e);
        lineOf.set(e.seq, lines.length);
        if (e.type !== 'event.voided') continue;
        const at = lineOf.get(e.payload.eventSeq)!;
        const list = voidedIn.get(at) ?? [];
        list.push({ seq: e.payload.eventSeq, type: log[e.payload.eventSeq - 1]!.type, byLine: p.line });
        voidedIn.set(at, list);
      }
      lines.push({ line: p.line, status: 'accepted', command: type ?? '?', events: r.events.map((e) => e.type) });
    } else {
      const { code, issues, explanation } = r.refusal;
      lines.push({ line: p.line, status: 'refused', command: type, code, issues, ...(explanation ? { explanation } : {}) });
    }
  }
  const marked = lines.map((l, i) => (l.status === 'accepted' && voidedIn.has(i) ? { ...l, voided: voidedIn.get(i)! } : l));
  return { programme: { id: programme.id, version: programme.version }, participantId: shownId(participantId), lines: marked, state: { ...stateOf(engine.view(snapshot)), ...intensityState(programme, snapshot.context) } };
}

function stateOf(view: ParticipantView): ReplayResult['state'] {
  const exit = view.context.exit;
  return {
    phase: view.phase,
    stepId: view.stepId,
    exit: exit ? { outcomeId: exit.outcomeId, income: exit.income } : null,
    openDeadlines: [...view.openDeadlines].sort((a, b) => a.dueOn.localeCompare(b.dueOn)).map((d) => ({ id: d.id, kind: d.kind, label: d.label, status: d.status, opensOn: d.opensOn, dueOn: d.dueOn })),
    flags: view.flags.map((f) => ({ id: f.id, label: f.label, since: f.since })),
  };
}

const intensityState = (programme: Programme, ctx: ParticipantView['context']) =>
  programme.config.intensity ? { intensity: (ctx.today === null ? undefined : intensityOn(ctx, ctx.today)) ?? null } : {};

const t = (lang: Lang, sv: string, en: string) => (lang === 'sv' ? sv : en);

export function formatReplay(programme: Programme, file: string, r: ReplayResult, lang: Lang): string {
  const out: string[] = [];
  const count = (status: LineResult['status']) => r.lines.filter((l) => l.status === status).length;
  const command = (type: string | null) => (type === null ? '?' : word(commandWords, type, lang));
  out.push(`${programme.name[lang]} (${r.programme.id} v${r.programme.version}): ${t(lang, 'kommandon för', 'commands for')} ${r.participantId} ${t(lang, 'från', 'from')} ${file}`);
  out.push('');
  for (const l of r.lines) {
    const at = `  ${t(lang, 'rad', 'line')} ${String(l.line).padStart(3)}`;
    if (l.status === 'accepted') {
      out.push(`${at}  ✓ ${command(l.command).padEnd(22)} → ${l.events.map((e) => word(eventWords, e, lang)).join(', ') || t(lang, 'inget ändrades', 'nothing changed')}`);
      for (const v of l.voided ?? [])
        out.push(`        ${t(lang, 'makulerad', 'voided')}: ${word(eventWords, v.type, lang)} (${t(lang, 'händelse', 'event')} ${v.seq}, ${t(lang, 'rad', 'line')} ${v.byLine}) — ${t(lang, 'ingår inte i läget', 'left out of the state')}`);
    }
    else if (l.status === 'malformed') out.push(`${at}  ! ${t(lang, 'felaktig rad', 'malformed line')}: ${l.message}`);
    else {
      out.push(`${at}  ✗ ${command(l.command).padEnd(22)} → ${t(lang, 'avvisat', 'refused')} (${l.code})`);
      for (const i of l.issues) out.push(`        ${issueLine(i, lang)}`);
      if (l.explanation) out.push(formatExplanation(l.explanation, lang, 4));
    }
  }
  const s = r.state;
  const step = s.stepId ? programme.stepsById.get(s.stepId) : undefined;
  out.push('');
  out.push(`${t(lang, 'Läge', 'State')}: ${count('accepted')} ${t(lang, 'godtagna', 'accepted')}, ${count('refused')} ${t(lang, 'avvisade', 'refused')}, ${count('malformed')} ${t(lang, 'felaktiga rader', 'malformed lines')}`);
  out.push(`  ${t(lang, 'fas', 'phase').padEnd(16)}${word(phaseWords, s.phase, lang)}`);
  if (step) out.push(`  ${t(lang, 'steg', 'step').padEnd(16)}${step.label[lang]} (${step.id})`);
  if (s.exit) {
    const outcome = programme.outcomesById.get(s.exit.outcomeId);
    out.push(`  ${t(lang, 'avslut', 'exit').padEnd(16)}${outcome ? outcome.label[lang] : s.exit.outcomeId} (${s.exit.outcomeId}, ${t(lang, 'försörjning', 'income')}: ${word(incomeWords, s.exit.income, lang)})`);
  }
  if (s.intensity !== undefined)
    out.push(`  ${t(lang, 'omfattning', 'intensity').padEnd(16)}${s.intensity ? t(lang, `${s.intensity.percent} % av heltid, ${s.intensity.daysPerWeek} dagar i veckan`, `${s.intensity.percent} % of full time, ${s.intensity.daysPerWeek} days a week`) : t(lang, 'inte angiven', 'not set')}`);
  out.push(`  ${t(lang, 'öppna tidsfrister', 'open deadlines')}${s.openDeadlines.length === 0 ? `: ${t(lang, 'inga', 'none')}` : ''}`);
  for (const d of s.openDeadlines) out.push(`    ${word(statusWords, d.status, lang).padEnd(9)} ${t(lang, 'senast', 'due')} ${d.dueOn}  ${d.label[lang]}`);
  out.push(`  ${t(lang, 'flaggor', 'flags')}${s.flags.length === 0 ? `: ${t(lang, 'inga', 'none')}` : ''}`);
  for (const f of s.flags) out.push(`    ${f.label[lang]}${f.since ? ` (${t(lang, 'sedan', 'since')} ${f.since})` : ''}`);
  return out.join('\n');
}

/**
 * `stegvis replay <programme> <commands.jsonl>`: one participant's commands, one JSON object per line,
 * through the engine. Exit 1 when a line is malformed (or, with `--strict`, a command was refused).
 */
export async function replayCommand(programmeFile: string, commandsFile: string, options: ReplayOptions, io: Io, cwd: string): Promise<number> {
  const { programme } = await requireProgramme(programmeFile, cwd, loadOptionsOf(options, io));
  const { text } = await readUserFile(commandsFile, cwd, 'commands', commandsFileLimit);
  const result = replayCommands(programme, text);
  if (options.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else line(io.stdout)(formatReplay(programme, commandsFile, result, options.lang));
  // A command that is itself bad input (not fitting the schema, too large, an identity number where an id goes) is as wrong as a malformed line.
  const malformed = result.lines.some((l) => l.status === 'malformed' || (l.status === 'refused' && isBadInput(l.code)));
  const refused = result.lines.some((l) => l.status === 'refused');
  return malformed || (options.strict && refused) ? exitCodes.problems : exitCodes.ok;
}
