import { fileURLToPath } from 'node:url';
import { main } from '../src/index.js';

/** The repository root: the CLI runs from there, as a user in a fresh clone would. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixture = (name: string) => `packages/cli/test/fixtures/${name}`;
export const examples = ['enkoping', 'kungsbacka', 'ljusnarsberg', 'nacka', 'timra'] as const;

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with its output captured, from the repository root. */
export const run = (...argv: string[]): Promise<Run> => runIn(repoRoot, ...argv);

/** Runs the CLI in-process from another directory. */
export async function runIn(cwd: string, ...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {} });
  return { code, stdout, stderr };
}

/** No stack trace: no "    at fn (file:line)" frames and no "Error:" class prefixes. */
export const hasStack = (text: string) => /^\s+at .+[:(]\d+/m.test(text) || /\b(TypeError|ReferenceError|SyntaxError|ZodError)\b/.test(text);

/** Words of the CLI's and the page's own English, which Swedish output must not have (ids and quoted notes aside). */
export const english = /\b(the|and|of|with|by|month|months|week|weeks|share|target|targets|participants?|referred|admitted|exited|still in|deadlines?|cost|runs?|interval|show|numbers|outcomes?|income|exits?|steps?|from|to|none|mean|peak|places|waiting|group|everyone|per cohort)\b/i;
