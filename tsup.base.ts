import { type Options, defineConfig } from 'tsup';

/**
 * Every package builds the same way: ESM for Node 20; a package adds its entries. The type declarations
 * are not tsup's: `tsc -b` writes them for the whole workspace at once (each package's tsconfig.json), into
 * the same dist/, so cleaning keeps them.
 */
export const packageBuild = (options: Options = {}) =>
  defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: false,
    clean: ['!**/*.d.ts', '!tsconfig.tsbuildinfo'],
    sourcemap: true,
    target: 'node20',
    ...options,
  });
