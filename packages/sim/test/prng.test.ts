import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, streamKey, threshold } from '../src/prng.js';

/** xoshiro128** written independently, in BigInt, from the reference C code. */
function* reference(s: [bigint, bigint, bigint, bigint]): Generator<number> {
  const M = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  let [s0, s1, s2, s3] = s;
  for (;;) {
    const result = (rotl((s1 * 5n) & M, 7n) * 9n) & M;
    const t = (s1 << 9n) & M;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11n);
    yield Number(result);
  }
}

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.u32());

describe('the seeded generator (xoshiro128**)', () => {
  it('matches the reference algorithm: from state (1, 2, 3, 4) it starts 11520, 0, … and agrees for 10,000 draws', () => {
    const rng = new Rng();
    [rng.s0, rng.s1, rng.s2, rng.s3] = [1, 2, 3, 4];
    const mine = take(rng, 10_000);
    const ref = reference([1n, 2n, 3n, 4n]);
    const theirs = Array.from({ length: 10_000 }, () => ref.next().value as number);
    expect(mine.slice(0, 2)).toEqual([11520, 0]);
    expect(mine).toEqual(theirs);
  });

  it('agrees with the reference from any seeded state', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(65535), fc.nat(10_000_000), (seed, rep, idx) => {
        const rng = new Rng(seed, rep, idx);
        const ref = reference(rng.state().map(BigInt) as [bigint, bigint, bigint, bigint]);
        expect(take(rng, 50)).toEqual(Array.from({ length: 50 }, () => ref.next().value as number));
      }),
      { numRuns: 200 },
    );
  });

  it('the same (seed, replication, participant) gives the same stream, whatever was drawn before or elsewhere', () => {
    const a = take(new Rng(42, 3, 1234), 100);
    const other = new Rng(42, 0, 0);
    take(other, 1000);
    other.seed(42, 3, 1234);
    expect(take(other, 100)).toEqual(a);
  });

  it('streams differ with the seed, the replication and the participant', () => {
    const base = take(new Rng(42, 0, 7), 8);
    expect(take(new Rng(43, 0, 7), 8)).not.toEqual(base);
    expect(take(new Rng(42, 1, 7), 8)).not.toEqual(base);
    expect(take(new Rng(42, 0, 8), 8)).not.toEqual(base);
    // Seeds beyond 32 bits and negative seeds are their own seeds, not folded onto small ones.
    expect(streamKey(2 ** 40 + 5, 0, 0)).not.toBe(streamKey(5, 0, 0));
    expect(streamKey(-5, 0, 0)).not.toBe(streamKey(5, 0, 0));
  });

  it('neighbouring participants get unrelated streams (no two of 200,000 share their first two draws)', () => {
    const seen = new Set<string>();
    const rng = new Rng();
    for (let i = 0; i < 200_000; i++) {
      rng.seed(1, 0, i);
      seen.add(`${rng.u32()}:${rng.u32()}`);
    }
    expect(seen.size).toBe(200_000);
  });

  it('is uniform enough: float() averages 1/2, below(n) fills its bins, threshold(p) hits with probability p', () => {
    const rng = new Rng(9, 0, 0);
    const n = 200_000;
    let sum = 0;
    const bins = new Array(10).fill(0);
    let hits = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const f = rng.float();
      min = Math.min(min, f);
      max = Math.max(max, f);
      sum += f;
      bins[rng.below(10)]++;
      if (rng.u32() < threshold(0.3)) hits++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const b of bins) expect(Math.abs(b - n / 10)).toBeLessThan(n / 10 * 0.03);
    expect(hits / n).toBeCloseTo(0.3, 2);
    expect(threshold(0)).toBe(0);
    expect(threshold(1)).toBe(2 ** 32);
  });

  it('nothing in the simulator uses Math.random', () => {
    const src = fileURLToPath(new URL('../src', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    // Every module of the package: the simulator, the report, indicators and calibration.
    walk(src);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /Math\.random\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
