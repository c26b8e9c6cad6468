import { sourceBundle } from '../../scripts/source-bundle.mjs';

/**
 * The node arguments that run a workspace TypeScript file in a new process, from source: its bundle
 * (scripts/source-bundle.mjs: one file, rebuilt when a source changes), with the `@stegvis/source` condition
 * for what it loads itself (the worker threads, a user's `.ts` module). Tests that start processes use this
 * instead of tsx's loader, which costs 1.5–2 s of CPU a process start. `--liftoff-only`: V8 compiles
 * WebAssembly once with its baseline compiler and never optimises it again, which in a process that lives
 * seconds saves the 3 s of CPU that optimising PGlite's PostgreSQL would cost.
 */
export const sourceProcess = async (script: string): Promise<string[]> => ['--liftoff-only', '--conditions=@stegvis/source', await sourceBundle(script)];
