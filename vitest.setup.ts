import fc from 'fast-check';

// One random seed per run, printed so a failure can be replayed: FC_SEED=<seed> pnpm test.
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() ^ (Math.random() * 0x100000000);
const numRuns = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : undefined;
fc.configureGlobal({ seed, ...(numRuns ? { numRuns } : {}) });
if (!(globalThis as { __fcSeedPrinted?: boolean }).__fcSeedPrinted) {
  (globalThis as { __fcSeedPrinted?: boolean }).__fcSeedPrinted = true;
  console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed})`);
}
