#!/usr/bin/env node
// Dev launcher: runs the CLI from its TypeScript source, no build needed. The workspace's modules are
// bundled once into node_modules/.cache (scripts/source-bundle.mjs; rebuilt when a source changes), which
// starts in a fraction of tsx's time; the `@stegvis/source` condition resolves what the CLI loads itself
// (worker threads, a `.ts` programme or plugin) to source too.
import { fileURLToPath } from 'node:url';
import { runSource } from '../../../scripts/source-bundle.mjs';

process.exit(await runSource(fileURLToPath(new URL('../src/cli.ts', import.meta.url)), process.argv.slice(2)));
