import { dirname, join } from 'node:path';
import { type Lang, type Programme, programmeLimits } from '@stegvis/core';
import { type Behaviour, validateBehaviourYaml } from '@stegvis/sim';
import { say } from './i18n.js';
import { CliError } from './io.js';
import { type LoadedProgramme, displayPath, formatLocatedIssue, readUserFile } from './load-programme.js';
import { MissingFileError } from './read-input.js';

export interface BehaviourFile {
  /** The path as messages show it. */
  readonly file: string;
  /** The file's text, for the report's assumptions. */
  readonly text: string;
  readonly behaviour: Behaviour;
}

/**
 * The behaviour model for a programme: the `--behaviour` file, else `behaviour.yaml` beside the programme.
 * Without `--behaviour`, `optional` returns undefined when there is none beside it (for validate); simulate
 * needs one. A file that is there but invalid is a `CliError` with every issue and its line.
 */
export async function readBehaviour(loaded: LoadedProgramme, programme: Programme, flag: string | undefined, cwd: string, need: 'required', lang?: Lang): Promise<BehaviourFile>;
export async function readBehaviour(loaded: LoadedProgramme, programme: Programme, flag: string | undefined, cwd: string, need: 'optional', lang?: Lang): Promise<BehaviourFile | undefined>;
export async function readBehaviour(loaded: LoadedProgramme, programme: Programme, flag: string | undefined, cwd: string, need: 'required' | 'optional', lang: Lang = 'en'): Promise<BehaviourFile | undefined> {
  const t = say(lang);
  const file = flag ?? displayPath(cwd, join(dirname(loaded.path), 'behaviour.yaml'));
  let text: string;
  try {
    ({ text } = await readUserFile(file, cwd, 'behaviour model', programmeLimits.maxTextLength));
  } catch (e) {
    if (flag !== undefined || !(e instanceof MissingFileError)) throw e;
    if (need === 'optional') return undefined;
    throw new CliError(
      t(
        `${file}: ingen beteendemodell bredvid programmet; skriv en (se docs/cli.md) eller ange --behaviour <fil>`,
        `${file}: no behaviour model beside the programme; write one (see docs/cli.md) or pass --behaviour <file>`,
      ),
    );
  }
  const behaviour = validateBehaviourYaml(programme, text);
  if (!behaviour.ok) {
    const n = behaviour.issues.length;
    throw new CliError(
      [t(`${file} är inte en giltig beteendemodell för ${programme.id} (${n} problem):`, `${file} is not a valid behaviour model for ${programme.id} (${n} ${n === 1 ? 'problem' : 'problems'}):`), ...behaviour.issues.map((i) => formatLocatedIssue(file, i))].join('\n'),
    );
  }
  return { file, text, behaviour: behaviour.value };
}
