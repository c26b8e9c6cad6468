import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Programme } from '@stegvis/core';
import { type Behaviour, validateBehaviourYaml } from '@stegvis/sim';
import { CliError } from './io.js';
import { type LoadedProgramme, displayPath, formatLocatedIssue, readUserFile } from './load-programme.js';

export interface BehaviourFile {
  /** The path as messages show it. */
  readonly file: string;
  readonly behaviour: Behaviour;
}

/**
 * The behaviour model for a programme: the `--behaviour` file, else `behaviour.yaml` beside the programme.
 * Without `--behaviour`, `optional` returns undefined when there is none beside it (for validate); simulate
 * needs one. A file that is there but invalid is a `CliError` with every issue and its line.
 */
export async function readBehaviour(loaded: LoadedProgramme, programme: Programme, flag: string | undefined, cwd: string, need: 'required'): Promise<BehaviourFile>;
export async function readBehaviour(loaded: LoadedProgramme, programme: Programme, flag: string | undefined, cwd: string, need: 'optional'): Promise<BehaviourFile | undefined>;
export async function readBehaviour(loaded: LoadedProgramme, programme: Programme, flag: string | undefined, cwd: string, need: 'required' | 'optional'): Promise<BehaviourFile | undefined> {
  const file = flag ?? displayPath(cwd, join(dirname(loaded.path), 'behaviour.yaml'));
  if (flag === undefined && need === 'optional' && !(await stat(resolve(cwd, file)).then((s) => s.isFile(), () => false))) return undefined;
  const { text } = await readUserFile(file, cwd, 'behaviour model').catch((e: unknown) => {
    if (flag === undefined && e instanceof CliError)
      throw new CliError(`${file}: no behaviour model beside the programme; write one (see docs/cli.md) or pass --behaviour <file>`);
    throw e;
  });
  const behaviour = validateBehaviourYaml(programme, text);
  if (!behaviour.ok) {
    const n = behaviour.issues.length;
    throw new CliError([`${file} is not a valid behaviour model for ${programme.id} (${n} ${n === 1 ? 'problem' : 'problems'}):`, ...behaviour.issues.map((i) => formatLocatedIssue(file, i))].join('\n'));
  }
  return { file, behaviour: behaviour.value };
}
