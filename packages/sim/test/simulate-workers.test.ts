import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProgramme } from '@stegvis/testing';
import { type Trajectories, simulate, simulateSync, simulateWithStats, validateBehaviourYaml } from '../src/index.js';

/**
 * Many threads, one result: rows are split between worker threads, each simulating its share with the
 * rows' own random streams into shared memory; the arrays must be byte for byte those of one thread.
 * Under vitest the workers load the TypeScript source (tsx's loader and the `@stegvis/source` condition).
 */

const load = (name: string) => {
  const programme = loadProgramme(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url));
  const b = validateBehaviourYaml(programme, readFileSync(new URL(`../../../examples/${name}/behaviour.yaml`, import.meta.url), 'utf8'));
  if (!b.ok) throw new Error(JSON.stringify(b.issues));
  return { programme, behaviour: b.value };
};

/** Every array of the trajectories, by path, as bytes. */
function arrays(t: Trajectories): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (path: string, x: unknown) => {
    if (ArrayBuffer.isView(x)) out.set(path, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
    else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(`${path}.${k}`, v);
  };
  walk('t', t);
  return out;
}

function expectByteEqual(a: Trajectories, b: Trajectories) {
  const x = arrays(a);
  const y = arrays(b);
  expect([...x.keys()].sort()).toEqual([...y.keys()].sort());
  expect(x.size).toBeGreaterThan(14);
  for (const [k, v] of x) expect(v.equals(y.get(k)!), k).toBe(true);
}

describe('simulate on worker threads', () => {
  const ljus = load('ljusnarsberg');

  it('cohort 20,000 × 24 months: 1 thread, 2 workers and 3 workers give byte-equal arrays', async () => {
    const options = { cohort: 20_000, months: 24, seed: 2026, intake: { type: 'spread' as const, perWeek: 400 } };
    const one = simulateSync(ljus.programme, ljus.behaviour, options);
    const two = await simulateWithStats(ljus.programme, ljus.behaviour, { ...options, workers: 2 });
    const three = await simulate(ljus.programme, ljus.behaviour, { ...options, workers: 3 });
    expect(two.stats.workers).toBe(2);
    expect(two.stats.workerHeapUsed).toHaveLength(1);
    expect(one.exitDay.buffer).toBeInstanceOf(ArrayBuffer);
    expect(two.trajectories.exitDay.buffer).toBeInstanceOf(SharedArrayBuffer);
    expectByteEqual(one, two.trajectories);
    expectByteEqual(one, three);
    // The work really was shared: the last rows (a worker's share) are filled in.
    expect(Array.from(two.trajectories.referredDay.subarray(19_000)).some((d) => d > 0)).toBe(true);
    expect(two.stats.participantWeeks).toBeGreaterThan(20_000 * 10);
  }, 120_000);

  it('a programme with places is split by whole replications, with the same result', async () => {
    const nacka = load('nacka');
    const options = { cohort: 300, months: 12, seed: 9, replications: 3, intake: { type: 'spread' as const, perWeek: 12 } };
    const one = simulateSync(nacka.programme, nacka.behaviour, options);
    const two = await simulateWithStats(nacka.programme, nacka.behaviour, { ...options, workers: 2 });
    expect(two.stats.workers).toBe(2);
    expectByteEqual(one, two.trajectories);
  }, 120_000);

  it('more workers than rows or replications is fine, and a single replication with places stays on one thread', async () => {
    const nacka = load('nacka');
    const r = await simulateWithStats(nacka.programme, nacka.behaviour, { cohort: 50, months: 6, seed: 1, workers: 4 });
    expect(r.stats.workers).toBe(1);
    const tiny = await simulateWithStats(ljus.programme, ljus.behaviour, { cohort: 3, months: 6, seed: 1, workers: 8 });
    expect(tiny.stats.workers).toBe(3);
    expectByteEqual(tiny.trajectories, simulateSync(ljus.programme, ljus.behaviour, { cohort: 3, months: 6, seed: 1 }));
  }, 120_000);
});
