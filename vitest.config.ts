import { availableParallelism } from 'node:os';
import { type TestProjectInlineConfiguration, defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript source through the `@stegvis/source` export condition,
// so tests need no build step. One run covers every package, every example and the docs.
const conditions = ['@stegvis/source', 'module', 'node', 'development|production'];

const slow = {
  database: ['packages/store-postgres/test/**/*.test.ts', 'examples/embed-service/test/**/*.test.ts'],
  browser: ['packages/*/test/**/*.browser.test.ts'],
  docs: ['test/docs.test.ts'],
};

/** What every project shares. Timeouts only catch hangs: under a loaded machine a PGlite start or a child process takes seconds. */
const project = (name: string, test: NonNullable<TestProjectInlineConfiguration['test']>): TestProjectInlineConfiguration => ({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@stegvis/source'] } },
  test: {
    name,
    exclude: ['**/node_modules/**', '**/dist/**'],
    setupFiles: ['./vitest.setup.ts'],
    // The test files share no state, so a worker keeps the modules it loaded (zod, xstate, PGlite's
    // WebAssembly, the packages) from one file to the next. A file that mocks modules or changes globals
    // would need a project of its own with isolate: true.
    isolate: false,
    // --liftoff-only: V8 compiles WebAssembly with its baseline compiler and never optimises it. The only
    // WebAssembly the tests run is PGlite's PostgreSQL, and a worker's optimising of it costs more CPU than the
    // queries then save: the store files took 25 % less CPU so, export.test.ts (a store in the unit project)
    // 7.5 s instead of 12.5 (the test processes that open PGlite do the same).
    execArgv: ['--liftoff-only'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    ...test,
  },
});

export default defineConfig({
  test: {
    // Every core: vitest's default leaves one idle, which on two cores halves the run.
    maxWorkers: availableParallelism(),
    globalSetup: ['./test/setup/seed.ts', './test/setup/pglite.ts'],
    // vitest queues the files project by project in the order of their names: browser, database and docs,
    // the few long files, start first and the many short unit files fill in around them.
    projects: [
      project('unit', {
        include: ['packages/*/test/**/*.test.ts', 'examples/*.test.ts', 'examples/*/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**', ...slow.database, ...slow.browser, ...slow.docs],
      }),
      project('database', { include: slow.database, globalSetup: ['./test/setup/database.ts'] }),
      project('browser', { include: slow.browser, globalSetup: ['./test/setup/browser.ts'] }),
      project('docs', { include: slow.docs }),
    ],
  },
});
