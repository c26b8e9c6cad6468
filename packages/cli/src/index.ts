export { main, version } from './main.js';
export { CliError, exitCodes, processIo } from './io.js';
export type { Io } from './io.js';
export { loadProgramme, requireProgramme } from './load-programme.js';
export type { LoadedProgramme } from './load-programme.js';
export { replayCommands, parseCommandLines, formatReplay } from './commands/replay.js';
export type { ReplayResult, LineResult } from './commands/replay.js';
