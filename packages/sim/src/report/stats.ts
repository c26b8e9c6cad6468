/**
 * Small, dependency-free statistics for the report and the calibration: the Wilson interval of a
 * binomial share, Student's t quantiles (for intervals over replications), percentiles and the
 * Kaplan–Meier estimate of a duration distribution with right-censored rows.
 */

/** The normal quantile for a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** The Wilson score interval of `k` successes out of `n` (95 % by default); `null` when `n` is 0. */
export function wilson(k: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [clamp01(centre - half), clamp01(centre + half)];
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** ln Γ(x), Lanczos approximation (g = 7, n = 9), accurate to about 15 digits for x > 0. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the regularised incomplete beta function (Numerical Recipes, betacf). */
function betaCf(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** I_x(a, b), the regularised incomplete beta function. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaCf(a, b, x)) / a : 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The `p` quantile of Student's t with `df` degrees of freedom (bisection on the CDF). */
export function studentTQuantile(p: number, df: number): number {
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The `q` quantile (0…1) of sorted values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

const t975s = new Map<number, number>();
/** The 97.5 % quantile of Student's t, remembered per degrees of freedom: a report asks for the same few thousands of times. */
export function t975(df: number): number {
  let q = t975s.get(df);
  if (q === undefined) t975s.set(df, (q = studentTQuantile(0.975, df)));
  return q;
}

export interface ShareEstimate {
  /** The estimated share (0…1). */
  readonly share: number;
  /** 95 % confidence interval of the share. */
  readonly ci: [number, number];
  /** How the interval was made. */
  readonly method: 'wilson' | 'replications';
  /** Successes and trials summed over replications. */
  readonly k: number;
  readonly n: number;
  /** With replications: the 2.5 % and 97.5 % percentiles of the replications' shares (where one cohort of this size falls). */
  readonly spread?: [number, number];
}

/**
 * A share with its 95 % interval. With one replication (or only one that has any trials) the Wilson
 * interval of the pooled counts; with R > 1 the mean of the replications' shares and a Student t
 * interval over them (R − 1 degrees of freedom), which takes the between-replication variation into
 * account (queues and capacity make participants of one replication dependent).
 */
export function shareEstimate(ks: readonly number[], ns: readonly number[]): ShareEstimate | null {
  let k = 0;
  let n = 0;
  const shares: number[] = [];
  for (let r = 0; r < ns.length; r++) {
    k += ks[r]!;
    n += ns[r]!;
    if (ns[r]! > 0) shares.push(ks[r]! / ns[r]!);
  }
  if (n === 0) return null;
  if (shares.length < 2) return { share: k / n, ci: wilson(k, n)!, method: 'wilson', k, n };
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  const variance = shares.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (shares.length - 1);
  const half = t975(shares.length - 1) * Math.sqrt(variance / shares.length);
  const sorted = [...shares].sort((a, b) => a - b);
  return {
    share: mean,
    ci: [clamp01(mean - half), clamp01(mean + half)],
    method: 'replications',
    k,
    n,
    spread: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
  };
}

export interface KaplanMeierStep {
  /** A time at which at least one event happened. */
  readonly t: number;
  /** At risk just before `t`: entered before `t` and not yet out (censored at `t` count as at risk). */
  readonly atRisk: number;
  readonly events: number;
  /** S(t) after the events at `t`. */
  readonly survival: number;
}

/**
 * How many are at risk at each time of a sorted sweep: those who entered before `t` (delayed entry,
 * left truncation) less those whose duration ended before `t`. Without entries everyone enters at −∞.
 * A row whose entry is not before its duration is never at risk and must be left out by the caller.
 */
export class RiskSet {
  private readonly entries: Float64Array | null;
  private e = 0;
  private left = 0;
  constructor(
    private readonly n: number,
    entry?: ArrayLike<number>,
  ) {
    this.entries = entry ? Float64Array.from(entry).sort() : null;
  }
  /** At risk at `t`; call with non-decreasing `t`, then `leave` those whose duration is `t`. */
  at(t: number): number {
    if (!this.entries) return this.n - this.left;
    while (this.e < this.n && this.entries[this.e]! < t) this.e++;
    return this.e - this.left;
  }
  leave(count: number): void {
    this.left += count;
  }
}

/** Indices of the rows that are ever at risk (entry before duration), sorted by duration. */
export function byDuration(durations: ArrayLike<number>, entry?: ArrayLike<number>): number[] {
  const rows: number[] = [];
  for (let i = 0; i < durations.length; i++) if (!entry || entry[i]! < durations[i]!) rows.push(i);
  return rows.sort((a, b) => durations[a]! - durations[b]!);
}

/**
 * The Kaplan–Meier estimate of S(t) = P(T > t) from durations, each an event (`event[i]` true) or
 * right-censored at that time. Ties: all events at a time are taken together; rows censored at a time
 * are still at risk at that time. With `entry` (left truncation, delayed entry), row i is at risk at t
 * only when entry[i] < t ≤ duration[i]: it was observed only from its entry on, so it says nothing about
 * earlier times (as `survival::survfit(Surv(entry, duration, event) ~ 1)`). Rows with entry ≥ duration
 * are never at risk and are left out.
 */
export function kaplanMeier(durations: ArrayLike<number>, event: ArrayLike<boolean | number>, entry?: ArrayLike<number>): KaplanMeierStep[] {
  const order = byDuration(durations, entry);
  const n = order.length;
  const risk = new RiskSet(n, entry ? order.map((i) => entry[i]!) : undefined);
  const steps: KaplanMeierStep[] = [];
  let s = 1;
  let i = 0;
  while (i < n) {
    const t = durations[order[i]!]!;
    const atRisk = risk.at(t);
    let d = 0;
    let c = 0;
    while (i < n && durations[order[i]!] === t) {
      if (event[order[i]!]) d++;
      else c++;
      i++;
    }
    if (d > 0) {
      s *= 1 - d / atRisk;
      steps.push({ t, atRisk, events: d, survival: s });
    }
    risk.leave(d + c);
  }
  return steps;
}

/** S(t) from a Kaplan–Meier curve (a right-continuous step function; 1 before the first event). */
export function survivalAt(steps: readonly KaplanMeierStep[], t: number): number {
  let s = 1;
  for (const k of steps) {
    if (k.t > t) break;
    s = k.survival;
  }
  return s;
}

/**
 * The `q` quantile of the duration from a Kaplan–Meier curve: the first event time at which
 * S(t) ≤ 1 − q (the median is q = 0.5). `null` when the curve never falls that far (too much censoring).
 */
export function kmQuantile(steps: readonly KaplanMeierStep[], q: number): number | null {
  for (const s of steps) if (s.survival <= 1 - q + 1e-12) return s.t;
  return null;
}

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularised upper incomplete gamma function: the series for P = 1 − Q
 * below a + 1, Lentz's continued fraction for Q itself above (so small tails keep their digits).
 */
export function regularisedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return front * h;
}

/** P(X ≥ x) for a chi-square variable with `df` degrees of freedom (R: `pchisq(x, df, lower.tail = FALSE)`). */
export const chiSquareUpperTail = (x: number, df: number): number => regularisedGammaQ(df / 2, x / 2);
