/**
 * Vitest matchers for simulation reports (`buildReport` from @stegvis/sim, or a report read back from
 * JSON): `toMeetTargets`, `toMissTarget` and `toHaveOccupancyWithinCapacity`. They read the report's
 * shape structurally, so this package needs no dependency on the simulator.
 *
 * @example
 * import { expect } from 'vitest';
 * import { setupMatchers } from '@stegvis/testing';
 * setupMatchers(expect);                       // or setupMatchers() inside a vitest run
 * // types: see StegvisMatchers below
 * expect(report).toMeetTargets();
 * expect(report).toMissTarget('step:step3');   // honest: the model says this target is missed
 * expect(report).toHaveOccupancyWithinCapacity();
 */

/** The parts of a report the matchers read. */
export interface TargetLike {
  readonly id: string;
  readonly label: string;
  readonly byMonth: number | null;
  readonly target: number;
  readonly estimate: { readonly share: number; readonly ci: readonly [number, number] | readonly number[]; readonly n: number } | null;
  readonly met: boolean | null;
  readonly ciRelation?: 'above' | 'below' | 'contains' | null;
}
export interface ReportLike {
  readonly programme?: { readonly id: string };
  readonly targets: readonly TargetLike[];
  readonly occupancy?: {
    readonly places: number | null;
    readonly plannedMin?: number | null;
    readonly weekly: readonly { readonly week: number; readonly startDay: number; readonly mean: number; readonly max: number }[];
  };
}

export interface TargetOptions {
  /** Only these targets (ids like `step:step1`, or step ids like `step1`). */
  readonly only?: readonly string[];
  /** Require the whole 95 % interval to reach the target, not only the estimate. */
  readonly strict?: boolean;
}

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

const pct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;

/** One line per target: label, id, month, estimate with its interval, and the target. */
export function describeTarget(t: TargetLike): string {
  const when = t.byMonth !== null ? ` by month ${t.byMonth}` : '';
  const value = t.estimate ? `${pct(t.estimate.share)} (95 % CI ${pct(t.estimate.ci[0]!)}–${pct(t.estimate.ci[1]!)}, n = ${t.estimate.n})` : 'not estimable (nobody followed that long)';
  return `${t.label} [${t.id}]${when}: ${value}, target ${pct(t.target)}`;
}

const selected = (report: ReportLike, only?: readonly string[]) =>
  report.targets.filter((t) => !only || only.includes(t.id) || only.some((o) => t.id === `step:${o}`));

const reaches = (t: TargetLike, strict: boolean) => (t.estimate === null ? false : strict ? t.estimate.ci[0]! >= t.target - 1e-12 : t.met === true);

/** Every target (or those chosen) is met: its estimate reaches the target (`strict`: its interval's lower end). */
export function meetsTargets(report: ReportLike, options: TargetOptions = {}): MatcherResult {
  const targets = selected(report, options.only);
  const missed = targets.filter((t) => !reaches(t, options.strict ?? false));
  const unknown = options.only?.filter((o) => !report.targets.some((t) => t.id === o || t.id === `step:${o}`)) ?? [];
  const pass = targets.length > 0 && missed.length === 0 && unknown.length === 0;
  return {
    pass,
    message: () => {
      if (pass) return `expected the report not to meet its targets, but every one is met:\n${targets.map((t) => `  ✓ ${describeTarget(t)}`).join('\n')}`;
      if (targets.length === 0 && unknown.length === 0) return 'expected the report to meet its targets, but it has none (the programme states no targets)';
      const lines = [
        ...missed.map((t) => `  ✗ ${describeTarget(t)}${options.strict && t.met ? ' (estimate reaches it, the interval does not)' : ''}`),
        ...unknown.map((o) => `  ? no target "${o}" in the report`),
      ];
      return `expected the report to meet ${options.strict ? 'with its whole 95 % interval ' : ''}every target; ${missed.length} of ${targets.length} missed:\n${lines.join('\n')}`;
    },
  };
}

/** The target is missed: its estimate is below the target. (Not estimable is neither met nor missed.) */
export function missesTarget(report: ReportLike, id: string): MatcherResult {
  const t = report.targets.find((x) => x.id === id || x.id === `step:${id}`);
  const pass = t !== undefined && t.met === false;
  return {
    pass,
    message: () =>
      !t
        ? `expected the report to miss the target "${id}", but it has no such target (it has: ${report.targets.map((x) => x.id).join(', ') || 'none'})`
        : pass
          ? `expected the target not to be missed:\n  ✗ ${describeTarget(t)}`
          : `expected the target to be missed, but ${t.met === null ? 'it cannot be estimated' : 'it is met'}:\n  ${t.met ? '✓' : '?'} ${describeTarget(t)}`,
  };
}

/** No day of any week (in any replication) has more participants than the programme's places. */
export function occupancyWithinCapacity(report: ReportLike, options: { places?: number } = {}): MatcherResult {
  const places = options.places ?? report.occupancy?.places ?? null;
  const weeks = report.occupancy?.weekly ?? [];
  const over = places === null ? [] : weeks.filter((w) => w.max > places);
  const pass = places !== null && over.length === 0;
  return {
    pass,
    message: () => {
      if (places === null) return 'expected occupancy within capacity, but the programme states no places (pass { places } to check against a number)';
      if (pass) return `expected occupancy to exceed ${places} places in some week, but the most on any day was ${weeks.reduce((a, w) => Math.max(a, w.max), 0)}`;
      const shown = over.slice(0, 10).map((w) => `  ✗ week ${w.week} (from day ${w.startDay}): up to ${w.max} participants, mean ${w.mean.toFixed(1)}`);
      return `expected occupancy within ${places} places; ${over.length} week(s) over:\n${shown.join('\n')}${over.length > 10 ? `\n  … and ${over.length - 10} more` : ''}`;
    },
  };
}

/** The matchers in the shape `expect.extend` takes. */
export const stegvisMatchers = {
  toMeetTargets(received: ReportLike, options?: TargetOptions) {
    return meetsTargets(received, options);
  },
  toMissTarget(received: ReportLike, id: string) {
    return missesTarget(received, id);
  },
  toHaveOccupancyWithinCapacity(received: ReportLike, options?: { places?: number }) {
    return occupancyWithinCapacity(received, options);
  },
};

interface ExpectLike {
  extend(matchers: Record<string, (this: unknown, received: never, ...args: never[]) => MatcherResult>): void;
}

/**
 * Registers the matchers with vitest's `expect` (pass it, or call inside a vitest run to use the
 * running `expect`). This module never imports vitest at runtime, so importing @stegvis/testing
 * outside a test runner stays cheap and safe.
 */
export function setupMatchers(expect?: ExpectLike): void {
  const target = expect ?? ((globalThis as Record<symbol, unknown>)[Symbol.for('expect-global')] as ExpectLike | undefined);
  if (!target) throw new Error('setupMatchers: no vitest expect found; call it in a test file, or pass expect: setupMatchers(expect)');
  target.extend(stegvisMatchers as unknown as Record<string, (this: unknown, received: never, ...args: never[]) => MatcherResult>);
}

/**
 * The matchers' types. Add them to vitest's `expect` once, in a test file or a `.d.ts` of your suite:
 *
 *   import type { StegvisMatchers } from '@stegvis/testing';
 *   declare module 'vitest' {
 *     interface Matchers<T = any> extends StegvisMatchers<T> {}
 *   }
 *
 * (The augmentation lives in your suite, not here: with pnpm, this package and your tests may see two
 * copies of vitest, and TypeScript cannot augment the copy it deduplicates.)
 */
export interface StegvisMatchers<R = unknown> {
  /** Every target in the report is met (`strict`: with its whole 95 % interval). Lists each missed target. */
  toMeetTargets(options?: TargetOptions): R;
  /** The target (`step:<id>`, a step id, or an indicator id) is missed by the model's estimate. */
  toMissTarget(id: string): R;
  /** No week has a day over the programme's places (or `places`). */
  toHaveOccupancyWithinCapacity(options?: { places?: number }): R;
}
