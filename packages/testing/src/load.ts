import { readFileSync } from 'node:fs';
import { type Programme, type StepKindRegistry, StegvisError, formatIssue, validateProgrammeYaml } from '@stegvis/core';

/**
 * Reads and validates a programme file for a test; throws with every issue, each with its line.
 *
 * @example
 * const programme = loadProgramme(new URL('./programme.yaml', import.meta.url));
 */
export function loadProgramme(file: string | URL, registry?: StepKindRegistry): Programme {
  const text = readFileSync(file, 'utf8');
  const result = validateProgrammeYaml(text, registry ? { registry } : {});
  if (result.ok) return result.value;
  const where = (i: (typeof result.issues)[number]) => (i.location ? `line ${i.location.line}: ` : '');
  const error = new StegvisError(result.issues[0]!.code, result.issues);
  error.message = `${String(file)} is not a valid programme:\n${result.issues.map((i) => where(i) + formatIssue(i)).join('\n')}`;
  throw error;
}
