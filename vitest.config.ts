import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript source through the `@stegvis/source` export
// condition, so tests need no build step. One run covers every package and every example.
const conditions = ['@stegvis/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@stegvis/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*.test.ts', 'examples/*/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: ['./vitest.setup.ts'],
  },
});
