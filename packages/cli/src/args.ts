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

/** `--plugin <module>`, repeatable: a step-kind plugin module, relative to the current directory (or an installed package). */
export const pluginOption = () =>
  new Option('--plugin <module>', 'a step-kind plugin module: a .ts or .js file, or an installed package (repeatable; adds to those the config file names)').argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
