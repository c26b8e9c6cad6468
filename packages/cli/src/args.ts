import { InvalidArgumentError, Option } from 'commander';

/** A parser for a whole-number flag: anything else is an argument error (exit 2) saying what fits. */
export const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => (value: string): number => {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`Expected a whole number, ${range}.`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(`Expected a whole number ${range}.`);
  return n;
};

export const langOption = () => new Option('--lang <lang>', 'the language of labels').choices(['sv', 'en']).default('en');
