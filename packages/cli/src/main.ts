import { Argument, Command, CommanderError, Option } from 'commander';
import type { Lang } from '@stegvis/core';
import { integer, langOption, pluginOption } from './args.js';
import { diagramCommand } from './commands/diagram.js';
import { type ReplayOptions, replayCommand } from './commands/replay.js';
import { type ExportKind, type ExportOptions, exportCommand, exportKinds } from './commands/export.js';
import { type ReportFlags, reportCommand } from './commands/report.js';
import { type SchemaOptions, schemaCommand } from './commands/schema.js';
import { simulateCommand } from './commands/simulate.js';
import { type SimulationFlags, simulationDefaults } from './simulation.js';
import { type ValidateOptions, validateCommand } from './commands/validate.js';
import { KEY_ENV, pseudonymiseCommand } from './commands/pseudonymise.js';
import { dataOnlyOption } from './data-only.js';
import { CliError, type Io, exitCodes, line } from './io.js';

export const version = '0.1.0';

const replayHelp = `
The commands file holds one participant's COMMANDS (not recorded events), one JSON object per line,
each as the engine takes it, e.g.
  {"type":"refer","participantId":"P-001","at":"2026-01-12T09:00:00+01:00","actor":{"id":"cw-1","role":"caseworker"},"facts":{}}
Blank lines are skipped. A line that is not a JSON object is reported with its line number and the
replay goes on with the next one. Exit 1 when a line was malformed or a command was bad input (not
fitting the schema, over the input limits, a personnummer where an id goes); with --strict, also
when a rule refused a command.`;

const pseudonymiseHelp = `
The events file holds recorded EVENTS (as the store or engine wrote them), one JSON object per line.
Participant and actor ids become keyed HMAC-SHA-256 pseudonyms; the same key gives the same
pseudonyms, so exports can be joined, and without the key they cannot be traced back. The key is
read from --key-file or from ${KEY_ENV}, never from an argument. Command ids are dropped; the free
text of assessment and plan contents is reduced to "(text removed)" (--contents drop removes it).`;

const moduleWarning = 'A .ts/.mts/.cts/.js/.mjs programme is code and runs with your rights; --data-only refuses it.';

const schemaHelp = `
The step kinds are the built-in ones, those the config file in the current directory
(stegvis.config.json or .yaml) names, and each --plugin. Point a programme's $schema line at the file:
  # yaml-language-server: $schema=./programme.schema.json`;

function program(io: Io, cwd: string, done: (code: number) => void): Command {
  const root = new Command('stegvis')
    .description('stegvis: check, draw, simulate and replay a labour-market programme written as data')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .allowExcessArguments(false);

  root
    .command('validate')
    .description('check a programme against the schema and the linter')
    .argument('<programme>', 'the programme: .yaml, .yml or .json, or a .ts/.mts/.cts/.js/.mjs module with a default export')
    .option('--no-lint', 'check the schema only')
    .option('--behaviour <file>', 'a behaviour model whose conditions count as reading facts (default: behaviour.yaml beside the programme, if there is one)')
    .addOption(pluginOption())
    .addOption(dataOnlyOption())
    .addHelpText('after', `\n${moduleWarning}`)
    .action(async (file: string, opts: ValidateOptions) => done(await validateCommand(file, opts, io, cwd)));

  root
    .command('diagram')
    .description('print the programme as Mermaid text, a stateDiagram-v2: intake, the steps with their targets and deadlines, pause and the exits; paste it into any Mermaid renderer')
    .argument('<programme>', 'the programme file')
    .addOption(langOption())
    .addOption(pluginOption())
    .addOption(dataOnlyOption())
    .action(async (file: string, opts: { lang: Lang; dataOnly?: boolean; plugin?: string[] }) => done(await diagramCommand(file, opts, io, cwd)));

  const simulationOptions = (c: Command): Command =>
    c
      .option('--behaviour <file>', 'the behaviour model (default: behaviour.yaml beside the programme)')
      .option('--cohort <n>', 'participants referred', integer(1, 10_000_000), simulationDefaults.cohort)
      .option('--months <m>', 'months simulated', integer(1, 240), simulationDefaults.months)
      .option('--seed <s>', 'the random seed: the same seed gives the same numbers', integer(0, 2 ** 31 - 1), simulationDefaults.seed)
      .option('--replications <r>', 'independent runs, pooled', integer(1, 10_000), simulationDefaults.replications)
      .option('--workers <k>', 'worker threads (default: one, or every core for 50,000 rows or more)', integer(1, 256))
      .option('--per-week <n>', 'referrals a week (default: the cohort spread evenly over the whole simulation)', integer(1, 10_000_000))
      .option('--observed <file>', 'observed outcome counts to compare with (default: an observed*.yaml for the programme beside it)')
      .addOption(langOption())
      .addOption(pluginOption())
      .addOption(dataOnlyOption());

  simulationOptions(
    root
      .command('simulate')
      .description('simulate a cohort: steps against targets, outcomes, occupancy, deadlines')
      .argument('<programme>', 'the programme file'),
  )
    .option('--json', 'print the report as JSON (the shape of ReportSchema in @stegvis/sim)')
    .action(async (file: string, opts: SimulationFlags & { json?: boolean }) => done(await simulateCommand(file, opts, io, cwd)));

  simulationOptions(
    root
      .command('report')
      .description('write one self-contained HTML report: the diagram and charts of a simulated cohort')
      .argument('<programme>', 'the programme file')
      .option('--out <file>', 'where to write the HTML file (default: out/<programme>-report.html, or out/<programme>-rapport.html with --lang sv)')
      .option('--compare <file>', 'a second version of the programme, or a second behaviour model, simulated the same way and shown side by side'),
  ).action(async (file: string, opts: ReportFlags) => done(await reportCommand(file, opts, io, cwd)));

  root
    .command('replay')
    .description("replay one participant's commands through the engine")
    .argument('<programme>', 'the programme file')
    .argument('<commands.jsonl>', "one participant's commands, one JSON object per line")
    .option('--json', 'print the result as JSON')
    .option('--strict', 'exit 1 when a command was refused')
    .addOption(langOption())
    .addOption(pluginOption())
    .addOption(dataOnlyOption())
    .addHelpText('after', replayHelp)
    .action(async (file: string, commands: string, opts: ReplayOptions) => done(await replayCommand(file, commands, opts, io, cwd)));

  root
    .command('export')
    .description('the figures a municipality files, from the event store: Kolada (yearly, by gender), the ESF+ table, SCB\'s monthly file')
    .addArgument(new Argument('<kind>', 'what to export').choices(exportKinds))
    .argument('<programme>', 'the programme file')
    .requiredOption('--store <dir|url>', 'the event store: a PGlite data directory, or a postgres:// URL')
    .option('--year <year>', 'Kolada: the year')
    .option('--from <date>', 'ESF+ and SCB: the first day of the period')
    .option('--to <date>', 'ESF+ and SCB: the last day of the period')
    .option('--sent <manifest.json>', 'SCB: the manifest the previous export wrote (months from the first changed one are resent)')
    .option('--out <dir>', 'SCB: where to write the month files and the manifest')
    .addOption(langOption())
    .addOption(pluginOption())
    .addOption(dataOnlyOption())
    .action(async (kind: ExportKind, file: string, opts: ExportOptions) => done(await exportCommand(kind, file, opts, io, cwd)));

  root
    .command('schema')
    .description('write the JSON Schema of a programme for the step kinds in use (the built-in ones and the plugins)')
    .addOption(pluginOption())
    .option('--out <file>', 'where to write it (default: stdout)')
    .addOption(dataOnlyOption())
    .addHelpText('after', schemaHelp)
    .action(async (opts: SchemaOptions) => done(await schemaCommand(opts, io, cwd)));

  root
    .command('pseudonymise')
    .description("write a programme's recorded events with participants and actors pseudonymised")
    .argument('<events.jsonl>', 'recorded events, one JSON object per line')
    .option('--key-file <file>', `a file holding the municipality's key, at least 32 bytes (or set ${KEY_ENV})`)
    .option('--out <file>', 'where to write the pseudonymised events (default: stdout)')
    .addOption(new Option('--contents <what>', 'the free text of contents: keep which items were written, or drop them').choices(['presence', 'drop']).default('presence'))
    .addHelpText('after', pseudonymiseHelp)
    .action(async (events: string, opts: { keyFile?: string; out?: string; contents: 'presence' | 'drop' }) => done(await pseudonymiseCommand(events, opts, io, cwd)));

  return root;
}

/**
 * The whole CLI as a function: `argv` without the node and script paths, output through `io`, the exit
 * code returned. Nothing escapes as an exception: a mistake of the user's is one clear message on
 * stderr, and a bug is one "internal error" line naming the error's class (its message and stack only with STEGVIS_DEBUG=1).
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let code: number = exitCodes.ok;
  try {
    await program(io, cwd, (c) => (code = c)).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    // Commander has already printed its message (or the help) through io.
    if (e instanceof CommanderError) return e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    const err = line(io.stderr);
    if (e instanceof CliError) {
      err(`stegvis: ${e.message}`);
      return e.exitCode;
    }
    // Only the error's class: its message may quote the input, which may hold personal data.
    const name = e instanceof Error ? e.name : typeof e;
    err(`stegvis: internal error (${name}), please report it; STEGVIS_DEBUG=1 prints the details`);
    if (io.env?.STEGVIS_DEBUG === '1') err(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return exitCodes.internal;
  }
}

