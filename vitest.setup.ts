import fc from 'fast-check';
import { inject } from 'vitest';

// The run's one seed, chosen and printed once by test/setup/seed.ts: FC_SEED=<seed> replays every file.
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
fc.configureGlobal({ seed: inject('fcSeed'), ...(numRuns ? { numRuns } : {}) });
