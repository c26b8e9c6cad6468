/**
 * The structure the code must keep, checked by dependency-cruiser (`npx -y pnpm@10.34.8 check:deps`):
 * no import cycle between modules or between folders of a package, the simulator's internals used only by
 * the simulator (and its tests), and no clock, file or network in core.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders of a package depend on each other in one direction: the tree shows the flow.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'sim-internals-stay-internal',
      comment: 'packages/sim/src/internal is the kernel and the runners: only the simulator and its own tests and bench use it.',
      severity: 'error',
      from: { pathNot: '^packages/sim/' },
      to: { path: '^packages/sim/src/internal/' },
    },
    {
      name: 'deterministic-core',
      comment: 'core reads no clock, file or network: time, seeds and data are passed in.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { dependencyTypes: ['core'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['@stegvis/source', 'import', 'node', 'default'] },
  },
};
