import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Programme } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';

/** The repository's examples folder, next to this example. */
export const examplesDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every `examples/<name>/programme.yaml` of the five seed programmes, validated; throws with each
 * issue and its line when one is not valid. A real host loads its own programmes the same way. An
 * example with a `stegvis.config.json` (examples/plugin-kind) needs its plugin's step kinds, which this
 * service does not load, so it is left out.
 */
export function loadExampleProgrammes(dir: string = examplesDir): Programme[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${dir}/${d.name}/programme.yaml`) && !existsSync(`${dir}/${d.name}/stegvis.config.json`))
    .map((d) => d.name)
    .sort()
    .map((name) => loadProgramme(`${dir}/${name}/programme.yaml`));
}
