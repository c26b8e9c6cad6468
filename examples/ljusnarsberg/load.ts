import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Programme, StegvisError, validateProgrammeYaml } from '@stegvis/core';

/** Reads and validates the Ljusnarsberg programme beside this file. */
export function loadLjusnarsberg(): Programme {
  const text = readFileSync(fileURLToPath(new URL('./programme.yaml', import.meta.url)), 'utf8');
  const result = validateProgrammeYaml(text);
  if (!result.ok) throw new StegvisError(result.issues[0]!.code, result.issues);
  return result.value;
}
