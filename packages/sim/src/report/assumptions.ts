import { type Lang, type Programme, parseYaml } from '@stegvis/core';
import type { Assumptions } from './schema.js';

type Item = Assumptions['items'][number];
type Path = readonly (string | number)[];

/** The text of a line's comment (after a `#` outside quotes), or `null`. */
function commentOf(line: string): string | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(i + 1).trim() || null;
  }
  return null;
}

/**
 * The note a behaviour file gives a number: the comment on its line; else the comment lines just above
 * it; else the comment on the line of the nearest enclosing key that has one. Quoted as written.
 */
function noteFor(lines: readonly string[], locate: (path: Path) => { line: number } | undefined, path: Path): string | null {
  const at = locate(path);
  if (!at) return null;
  const own = commentOf(lines[at.line - 1] ?? '');
  if (own) return own;
  const above: string[] = [];
  for (let l = at.line - 2; l >= 0 && /^\s*#/.test(lines[l]!); l--) above.unshift(lines[l]!.replace(/^\s*#\s?/, '').trim());
  if (above.length > 0) return above.join(' ');
  for (let n = path.length - 1; n > 0; n--) {
    const parent = locate(path.slice(0, n));
    if (parent && parent.line !== at.line) {
      const c = commentOf(lines[parent.line - 1] ?? '');
      if (c) return c;
    }
  }
  return null;
}

const words = {
  advance: { sv: 'går vidare till nästa steg', en: 'moves on to the next step' },
  pause: { sv: 'gör uppehåll', en: 'pauses' },
  regress: { sv: 'går tillbaka ett steg', en: 'goes back a step' },
  resume: { sv: 'återupptar', en: 'resumes' },
  exit: { sv: 'avslutas till', en: 'leaves to' },
  exitAll: { sv: 'avslut (alla)', en: 'exits (all)' },
  perWeek: { sv: 'andel per vecka', en: 'share a week' },
  times: { sv: 'gånger', en: 'times' },
} satisfies Record<string, Record<Lang, string>>;

type Where = { sv: string; en: string };

/** A readable name for the number at `path` of a behaviour model, from the programme's own labels. */
function labelFor(programme: Programme, path: Path, lang: Lang): string {
  const step = (id: string) => programme.stepsById.get(id)?.label[lang] ?? id;
  const outcome = (id: string) => programme.outcomesById.get(id)?.label[lang] ?? id;
  const weekly = (where: string, rest: Path): string => {
    const [what, id] = rest;
    if (what === 'exit') return `${where}: ${words.exit[lang]} ${outcome(String(id))} (${words.perWeek[lang]})`;
    const w = words[what as 'advance' | 'pause' | 'regress'];
    return `${where}: ${w ? w[lang] : String(what)} (${words.perWeek[lang]})`;
  };
  const [head, a, ...rest] = path;
  const t = (w: Where) => w[lang];
  switch (head) {
    case 'steps':
      return weekly(step(String(a)), rest);
    case 'default':
      return weekly(t({ sv: 'Varje steg som inte anger annat', en: 'Every step that says nothing else' }), [a!, ...rest]);
    case 'afterEnd':
      return weekly(`${step(String(a))}, ${t({ sv: 'efter anställningens slut', en: 'after the employment has ended' })}`, rest);
    case 'paused':
      return a === 'resume'
        ? `${t({ sv: 'Under uppehåll', en: 'While paused' })}: ${words.resume[lang]} (${words.perWeek[lang]})`
        : `${t({ sv: 'Under uppehåll', en: 'While paused' })}: ${words.exit[lang]} ${outcome(String(rest[0]))} (${words.perWeek[lang]})`;
    case 'modifiers': {
      const [, what] = rest;
      const w = what === 'exit' ? words.exitAll : words[what as 'advance' | 'pause' | 'regress'];
      return `${t({ sv: 'Justering', en: 'Modifier' })} ${Number(a) + 1}: ${w ? w[lang] : String(what)} ${words.times[lang]}`;
    }
    case 'facts': {
      const fact = programme.factsById.get(String(a));
      const name = fact?.label[lang] ?? String(a);
      if (rest[0] === 'uniform') return `${name}: ${rest[1] === 0 ? t({ sv: 'lägst', en: 'lowest' }) : t({ sv: 'högst', en: 'highest' })}`;
      const value = String(rest[0]);
      const valueLabel =
        fact?.type === 'enum' ? (fact.values.find((v) => v.id === value)?.label[lang] ?? value) : fact?.type === 'boolean' ? t(value === 'true' ? { sv: 'ja', en: 'yes' } : { sv: 'nej', en: 'no' }) : value;
      return `${name}: ${valueLabel} (${t({ sv: 'vikt', en: 'weight' })})`;
    }
    case 'areas':
      return `${programme.config.areas.find((x) => x.id === a)?.label[lang] ?? String(a)} (${t({ sv: 'vikt för arbetsområdet', en: 'weight of the work area' })})`;
    case 'followUpsOnTime':
      return t({ sv: 'Andel uppföljningar som hålls i tid', en: 'Share of follow-ups held on time' });
    case 'intensity': {
      const what = { percent: { sv: 'procent av heltid', en: 'percent of full time' }, daysPerWeek: { sv: 'dagar i veckan', en: 'days a week' }, share: { sv: 'andel av deltagarna', en: 'share of participants' } }[String(rest[0]) as 'percent'];
      return `${t({ sv: 'Omfattning', en: 'Intensity' })} ${Number(a) + 1}: ${what ? t(what) : String(rest[0])}`;
    }
    case 'requirementsOnTime':
      return t({ sv: 'Andel krav med tidsfrist som uppfylls i tid', en: 'Share of requirements with a deadline met on time' });
    default:
      return path.join('.');
  }
}

/** Every number in the data, with its path; numbers inside a modifier's `when` are the condition, not rates. */
function numbers(data: unknown, path: Path = []): { path: Path; value: number }[] {
  if (typeof data === 'number') return [{ path, value: data }];
  if (Array.isArray(data)) return data.flatMap((v, i) => numbers(v, [...path, i]));
  if (data && typeof data === 'object')
    return Object.entries(data).flatMap(([k, v]) => (path[0] === 'modifiers' && path.length === 2 && k === 'when' ? [] : numbers(v, [...path, k])));
  return [];
}

/**
 * What a report's figures rest on: each number of the behaviour model (its YAML text) with a name from
 * the programme's labels and the note the file gives it (its comment, as written). Pure: the caller reads
 * the file. Text that is not YAML gives no items.
 *
 * @example
 * const assumptions = behaviourAssumptions(programme, readFileSync('behaviour.yaml', 'utf8'), 'behaviour.yaml', 'sv');
 */
export function behaviourAssumptions(programme: Programme, text: string, source: string | null, lang: Lang): Assumptions {
  const parsed = parseYaml(text);
  const lines = text.split(/\r?\n/);
  const items: Item[] = parsed.ok
    ? numbers(parsed.value.data).map(({ path, value }) => ({
        path: path.join('.'),
        label: labelFor(programme, path, lang),
        value,
        note: noteFor(lines, parsed.value.locate, path),
      }))
    : [];
  return {
    source,
    statement:
      lang === 'sv'
        ? 'Siffrorna i rapporten kommer från en modell, inte från observationer: en simulering där deltagarna varje vecka går vidare, gör uppehåll eller avslutas med sannolikheterna nedan. Varje tal är ett antagande om inte anteckningen bredvid säger varifrån det kommer; ändras talen, ändras resultaten.'
        : "The figures in this report come from a model, not from observations: a simulation in which participants move on, pause or leave each week with the probabilities below. Each number is an assumption unless the note beside it says where it comes from; change the numbers and the results change.",
    items,
  };
}
