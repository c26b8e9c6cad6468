import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Programme } from '@stegvis/core';
import { loadProgramme } from '@stegvis/testing';

/** The repository's examples folder, next to this example. */
export const examplesDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every `examples/<name>/programme.yaml` (the five seed programmes), validated; throws with each
 * issue and its line when one is not valid. A real host loads its own programmes the same way.
 */
export function loadExampleProgrammes(dir: string = examplesDir): Programme[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${dir}/${d.name}/programme.yaml`))
    .map((d) => d.name)
    .sort()
    .map((name) => loadProgramme(`${dir}/${name}/programme.yaml`));
}
