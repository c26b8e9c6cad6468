import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's fast-check seed: every test file uses it (vitest.setup.ts), so one FC_SEED replays them all. */
    fcSeed: number;
  }
}

/** Global setup of the whole run: one fast-check seed, printed once. */
export default function setup(project: TestProject): void {
  const given = process.env.FC_SEED;
  if (given !== undefined && !/^-?\d+$/.test(given)) throw new Error('FC_SEED must be a whole number, the seed a run printed (fast-check seed …)');
  const seed = given !== undefined ? Number(given) : (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  project.provide('fcSeed', seed);
  console.log(`fast-check seed ${seed} (replay with FC_SEED=${seed} npx -y pnpm@10.34.8 test)`);
}
