/**
 * The repository's main job (`npx -y pnpm@10.34.8 start`): the Ljusnarsberg report, written to out/, and
 * how to make the same for the other examples. `npx -y pnpm@10.34.8 start --sv` writes it in Swedish, to
 * out/ljusnarsberg-rapport.html.
 */
import { fileURLToPath } from 'node:url';
import { defaultReportFile } from './commands/report.js';
import { exitCodes, processIo } from './io.js';
import { main } from './main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sv = process.argv.includes('--sv');
const lang = sv ? 'sv' : 'en';
const out = defaultReportFile('ljusnarsberg', lang);
const run = ['--cohort', '200', '--months', '24', '--seed', '1', '--replications', '20', '--lang', lang];
const io = { ...processIo(), cwd: root };

const code = await main(['report', 'examples/ljusnarsberg/programme.yaml', '--out', out, ...run], io);
if (code === exitCodes.ok) {
  const others = ['timra', 'nacka', 'enkoping', 'kungsbacka'];
  const cli = 'node packages/cli/bin/stegvis.mjs';
  process.stdout.write(
    [
      '',
      sv ? 'Samma rapport för de andra exemplen:' : 'The same report for the other examples:',
      ...others.map((e) => `  ${cli} report examples/${e}/programme.yaml --out ${defaultReportFile(e, lang)} ${run.join(' ')}`),
      '',
      sv ? 'Fem deltagare steg för steg, med varje avvisning förklarad: npx -y pnpm@10.34.8 demo --sv' : 'Five participants step by step, with every refusal explained: npx -y pnpm@10.34.8 demo',
      sv ? 'Kommandoraden: docs/cli.md' : 'The command line: docs/cli.md',
      '',
    ].join('\n'),
  );
}
process.exitCode = code;
