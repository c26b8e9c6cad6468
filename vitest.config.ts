import { defineConfig } from 'vitest/config';

// One vitest run covers every package and every example, so examples are tested like code.
export default defineConfig({
  resolve: { conditions: ['@stegvis/source'] },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: ['./vitest.setup.ts'],
  },
});
