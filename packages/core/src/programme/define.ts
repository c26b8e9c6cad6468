import type { ProgrammeInput } from './schema.js';

/**
 * Identity at run time; for TypeScript users it checks the shape of a programme as they type and keeps
 * its literal ids. Validate with `validateProgramme` before running it.
 *
 * @example
 * export default defineProgramme({ id: 'ljusnarsberg', version: 1, name: 'Samverkan Ljusnarsberg', steps: [...] });
 */
export function defineProgramme<const T extends ProgrammeInput>(programme: T): T {
  return programme;
}
