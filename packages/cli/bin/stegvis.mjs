#!/usr/bin/env node
// Dev launcher: runs the CLI's TypeScript source through tsx, resolving the workspace packages to their
// source with the `@stegvis/source` export condition, so no build is needed.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsx = require.resolve('tsx/cli');
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const r = spawnSync(process.execPath, [tsx, '--conditions=@stegvis/source', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
