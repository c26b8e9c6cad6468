/**
 * Seeded randomness for the simulator: xoshiro128** (Blackman and Vigna), one independent stream per
 * participant. A stream's seed is derived from `(seed, replication, participant index)` by a 32-bit
 * hash, so a row draws the same numbers whichever worker simulates it and however rows are partitioned.
 * No `Math.random` anywhere: the same seed gives bit-identical results.
 */

/** A strong 32-bit finaliser (the splitmix32 / murmur3 avalanche): every input bit flips about half the output bits. */
export function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

const GOLDEN = 0x9e3779b9;

/** The 32-bit stream key of one participant of one replication under one seed. */
export function streamKey(seed: number, replication: number, index: number): number {
  const s = Math.floor(Math.abs(seed));
  const lo = s >>> 0;
  const hi = Math.floor(s / 0x100000000) >>> 0;
  let h = mix32(lo ^ GOLDEN);
  h = mix32((h + hi + (seed < 0 ? 0x85ebca6b : 0)) >>> 0);
  h = mix32((h ^ Math.imul(replication + 1, 0x27d4eb2f)) >>> 0);
  h = mix32((h + Math.imul(index + 1, GOLDEN)) >>> 0);
  return h;
}

/**
 * xoshiro128**: 128 bits of state in four 32-bit words, period 2^128 − 1. Reseeding in place allocates
 * nothing, so one generator object serves every row a loop visits.
 *
 * @example
 * const rng = new Rng();
 * rng.seed(42, 0, 17);          // participant 17 of replication 0 under seed 42
 * const u = rng.float();        // [0, 1)
 */
export class Rng {
  s0 = 0;
  s1 = 0;
  s2 = 0;
  s3 = 0;

  constructor(seed = 0, replication = 0, index = 0) {
    this.seed(seed, replication, index);
  }

  /** Positions this generator at the start of the stream of `(seed, replication, index)`. */
  seed(seed: number, replication: number, index: number): this {
    // splitmix32 expands the 32-bit key into the four state words.
    let z = streamKey(seed, replication, index);
    z = (z + GOLDEN) >>> 0;
    this.s0 = mix32(z);
    z = (z + GOLDEN) >>> 0;
    this.s1 = mix32(z);
    z = (z + GOLDEN) >>> 0;
    this.s2 = mix32(z);
    z = (z + GOLDEN) >>> 0;
    this.s3 = mix32(z);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    return this;
  }

  /** The next 32 random bits, as an unsigned integer. */
  u32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.u32() * 2.3283064365386963e-10;
  }

  /** An integer in [0, n), unbiased enough for n ≪ 2^32 (multiply-shift). */
  below(n: number): number {
    return Math.floor(this.u32() * 2.3283064365386963e-10 * n);
  }

  /** The state, to save and restore a stream (tests). */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A probability as a threshold on `u32()`: `u32() < threshold(p)` happens with probability p (to 2^-32). */
export function threshold(p: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return 0x100000000;
  return Math.round(p * 0x100000000);
}
