import { type Issue, type Path, issue } from '../errors/issue.js';
import type { Label } from '../i18n/label.js';
import type { Fact, FactValue } from './facts.js';

type Of<T extends Fact['type']> = Extract<Fact, { type: T }>;

/**
 * What each type of fact means to every part that handles fact values: checking a value, saying what is
 * expected, and the number code the simulation kernel and the trajectories hold (`NaN`: not recorded). One
 * entry per type, so a new type of fact is a type error until every reading of it is written.
 */
interface FactTypeRule<F extends Fact> {
  fits(f: F, value: unknown): value is FactValue;
  /** "true or false", "a number", "one of a, b, c". */
  expected(f: F): string;
  /** What is wrong with a value of the right type that the declaration still rules out ("at least 16"). */
  outside(f: F, value: FactValue): string | undefined;
  /** The value as a number: boolean 0/1, enum the index of its value, number itself; `NaN` when it does not fit. */
  encode(f: F, value: FactValue): number;
  /** The value of a code, or undefined for "not recorded" (`NaN`) or a code the fact cannot have. */
  decode(f: F, code: number): FactValue | undefined;
  /** A value written as text (a key in a behaviour model's distribution), or undefined when it is none. */
  parse(f: F, text: string): FactValue | undefined;
  /** The values a fact of this type can take, when they are finitely many, each at the index its code is. */
  values(f: F): readonly FactValue[] | null;
  readonly label: Label;
}

export const factTypeRules = {
  boolean: {
    fits: (_f, v): v is boolean => typeof v === 'boolean',
    expected: () => 'true or false',
    outside: () => undefined,
    encode: (_f, v) => (v === true ? 1 : v === false ? 0 : NaN),
    decode: (_f, c) => (c === 1 ? true : c === 0 ? false : undefined),
    parse: (_f, t) => (t === 'true' ? true : t === 'false' ? false : undefined),
    values: () => [false, true],
    label: { sv: 'ja eller nej', en: 'yes or no' },
  },
  number: {
    fits: (_f, v): v is number => typeof v === 'number' && Number.isFinite(v),
    expected: () => 'a number',
    outside: (f, v) => (f.min !== undefined && (v as number) < f.min ? `at least ${f.min}` : f.max !== undefined && (v as number) > f.max ? `at most ${f.max}` : undefined),
    encode: (_f, v) => (typeof v === 'number' ? v : NaN),
    decode: (_f, c) => (Number.isNaN(c) ? undefined : c),
    parse: (_f, t) => (t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : undefined),
    values: () => null,
    label: { sv: 'ett tal', en: 'a number' },
  },
  enum: {
    fits: (f, v): v is string => typeof v === 'string' && f.values.some((x) => x.id === v),
    expected: (f) => `one of ${f.values.map((v) => v.id).join(', ')}`,
    outside: () => undefined,
    encode: (f, v) => {
      const i = f.values.findIndex((x) => x.id === v);
      return i === -1 ? NaN : i;
    },
    decode: (f, c) => (Number.isInteger(c) && c >= 0 && c < f.values.length ? f.values[c]!.id : undefined),
    parse: (f, t) => (f.values.some((x) => x.id === t) ? t : undefined),
    values: (f) => f.values.map((v) => v.id),
    label: { sv: 'ett av värdena', en: 'one of the values' },
  },
} satisfies { [T in Fact['type']]: FactTypeRule<Of<T>> };

/** The rule of a fact's type. */
export const factType = <F extends Fact>(f: F): FactTypeRule<F> => factTypeRules[f.type] as unknown as FactTypeRule<F>;

/** Checks a value against its declaration. Messages name the fact, never the participant. */
export function checkFactValue(fact: Fact, value: unknown, path: Path, code: Issue['code']): Issue[] {
  const rule = factType(fact);
  if (!rule.fits(fact, value)) return [issue(code, path, `fact "${fact.id}" is ${rule.expected(fact)}`)];
  const outside = rule.outside(fact, value);
  return outside ? [issue(code, path, `fact "${fact.id}" is ${outside}`)] : [];
}
