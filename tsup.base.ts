import { type Options, defineConfig } from 'tsup';

/** Every package builds the same way: ESM for Node 20 with type declarations; a package adds its entries. */
export const packageBuild = (options: Options = {}) =>
  defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, clean: true, sourcemap: true, target: 'node20', ...options });
