import type { Path, State } from './log.js';

/** Average days in a month, for the month marks of state occupation (time since intake, not calendar months). */
export const DAYS_PER_MONTH = 365.25 / 12;

export const stateKey = (s: State): string => (s.type === 'exit' ? `exit:${s.outcome}@${s.from}` : `${s.type}:${s.step}`);

export interface StateOccupation {
  /** The states, as keys: `step:<index>`, `paused:<index>`, `exit:<outcomeId>@<fromIndex>`. */
  readonly states: readonly string[];
  /** Days since intake at which `shares` are given. */
  readonly days: readonly number[];
  /** `shares[k][j]`: the estimated probability of being in `states[j]` at `days[k]`. */
  readonly shares: readonly (readonly number[])[];
}

/**
 * The Aalen–Johansen estimator of state occupation probabilities P(state at day t since intake), in
 * discrete days: P(t) = P(t − 1) · (I + ΔA(t)), ΔA_hj(t) = N_hj(t) / Y_h(t), where Y_h(t) counts those
 * in h at the end of day t − 1 and still observed on day t, and N_hj(t) those of them in j at the end of
 * day t. Several moves on one day count as one, from the state before to the state after. Participants
 * still in the programme are censored after their last observed day: they leave the risk sets, not the
 * estimate. A late entry (a record with `observedFrom` after its admission: left truncation) joins the
 * risk set of its state only after the day before it was first observed, E = observedFrom − 1 − intake,
 * so Y_h(t) counts it for t > E (as `etm` with entry times). Exits are absorbing. The initial
 * distribution is the states at the end of the intake day of those observed from intake.
 * Each step of the product moves probability between states and keeps the total, so the shares sum
 * to 1 at every time.
 */
export function aalenJohansen(paths: readonly Path[], days: readonly number[]): StateOccupation {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const absorbingState: boolean[] = [];
  const id = (s: State): number => {
    const k = stateKey(s);
    let i = index.get(k);
    if (i === undefined) {
      i = keys.length;
      keys.push(k);
      index.set(k, i);
      absorbingState.push(s.type === 'exit');
    }
    return i;
  };

  interface Move {
    readonly t: number;
    readonly path: number;
    readonly from: number;
    readonly to: number;
  }
  const moves: Move[] = [];
  const removals: { t: number; path: number }[] = [];
  const entrants: { t: number; state: number }[] = [];
  const initial: number[] = [];
  const pathState: number[] = [];

  paths.forEach((p, pi) => {
    const t0 = p.changes[0]![0];
    const byDay = new Map<number, State>();
    for (const [d, s] of p.changes) byDay.set(Math.max(0, d - t0), s);
    const days = [...byDay.keys()].sort((a, b) => a - b);
    // A late entry is at risk only after the day before it was first observed; the state that day is its entry state.
    const late = p.observedFrom > t0;
    const entry = late ? p.observedFrom - 1 - t0 : 0;
    let prev = -1;
    for (const d of days) {
      if (d > entry) break;
      prev = id(byDay.get(d)!);
    }
    if (late) entrants.push({ t: entry, state: prev });
    else initial.push(prev);
    pathState.push(prev);
    for (const d of days) {
      if (d <= entry) continue;
      if (absorbingState[prev]) break;
      const next = id(byDay.get(d)!);
      if (next !== prev) moves.push({ t: d, path: pi, from: prev, to: next });
      prev = next;
    }
    if (!absorbingState[prev]) removals.push({ t: Math.max(entry + 1, p.lastDay - t0 + 1), path: pi });
  });
  // Without anyone observed from intake, the admission is taken to enter the first step.
  if (initial.length === 0 && paths.length > 0) initial.push(id({ type: 'step', step: 0 }));

  const nStates = keys.length;
  let p = new Float64Array(nStates);
  const counts = new Float64Array(nStates);
  for (const s of initial) p[s]! += 1 / initial.length;
  paths.forEach((path, pi) => {
    if (path.observedFrom <= path.changes[0]![0] && !absorbingState[pathState[pi]!]) counts[pathState[pi]!]!++;
  });
  entrants.sort((a, b) => a.t - b.t);
  let nextEntrant = 0;

  const eventDays = [...new Set([...moves.map((m) => m.t), ...removals.map((r) => r.t)])].sort((a, b) => a - b);
  const movesAt = new Map<number, Move[]>();
  for (const m of moves) (movesAt.get(m.t) ?? movesAt.set(m.t, []).get(m.t)!).push(m);
  const removalsAt = new Map<number, number[]>();
  for (const r of removals) (removalsAt.get(r.t) ?? removalsAt.set(r.t, []).get(r.t)!).push(r.path);

  const wanted = days.map((d, k) => ({ d, k })).sort((a, b) => a.d - b.d);
  const shares: number[][] = days.map(() => []);
  let w = 0;
  const snapshotBefore = (t: number) => {
    while (w < wanted.length && wanted[w]!.d < t) {
      shares[wanted[w]!.k] = Array.from(p);
      w++;
    }
  };

  for (const t of eventDays) {
    snapshotBefore(t);
    for (; nextEntrant < entrants.length && entrants[nextEntrant]!.t < t; nextEntrant++) if (!absorbingState[entrants[nextEntrant]!.state]) counts[entrants[nextEntrant]!.state]!++;
    for (const pi of removalsAt.get(t) ?? []) if (!absorbingState[pathState[pi]!]) counts[pathState[pi]!]!--;
    const ms = movesAt.get(t);
    if (!ms) continue;
    const before = p;
    const after = Float64Array.from(p);
    const risk = Float64Array.from(counts);
    for (const m of ms) {
      const share = before[m.from]! / risk[m.from]!;
      after[m.from]! -= share;
      after[m.to]! += share;
    }
    for (const m of ms) {
      counts[m.from]!--;
      if (!absorbingState[m.to]) counts[m.to]!++;
      pathState[m.path] = m.to;
    }
    // Rounding can leave −1e-17 where a state empties.
    for (let j = 0; j < nStates; j++) if (after[j]! < 0 && after[j]! > -1e-12) after[j] = 0;
    p = after;
  }
  snapshotBefore(Number.POSITIVE_INFINITY);
  return { states: keys, days, shares };
}

export interface OccupationSummary {
  readonly month: number;
  readonly day: number;
  /** Per step id: at the step (not paused). */
  readonly atStep: Readonly<Record<string, number>>;
  readonly paused: number;
  /** Per outcome id: exited to it. */
  readonly exited: Readonly<Record<string, number>>;
  /**
   * Per step id: through the step — at a later step (or paused there), or exited from a later step or
   * to an outcome that completes this step or a later one. What "75 % through step 1 after 3 months" measures.
   */
  readonly through: Readonly<Record<string, number>>;
}

/** Month-by-month summaries of an Aalen–Johansen estimate (month m at day round(m × 30.44)). */
export function summariseOccupation(
  occupation: StateOccupation,
  stepIds: readonly string[],
  completesIndex: (outcomeId: string) => number,
): OccupationSummary[] {
  const parsed = occupation.states.map((k) => {
    const ex = /^exit:(.+)@(\d+)$/.exec(k);
    if (ex) return { type: 'exit' as const, outcome: ex[1]!, from: Number(ex[2]) };
    const [type, step] = k.split(':');
    return { type: type as 'step' | 'paused', step: Number(step) };
  });
  return occupation.days.map((day, k) => {
    const row = occupation.shares[k]!;
    const atStep: Record<string, number> = Object.fromEntries(stepIds.map((s) => [s, 0]));
    const exited: Record<string, number> = {};
    const through: Record<string, number> = Object.fromEntries(stepIds.map((s) => [s, 0]));
    let paused = 0;
    parsed.forEach((s, j) => {
      const v = row[j] ?? 0;
      let reached: number;
      if (s.type === 'exit') {
        exited[s.outcome] = (exited[s.outcome] ?? 0) + v;
        reached = Math.max(s.from - 1, completesIndex(s.outcome));
      } else {
        if (s.type === 'paused') paused += v;
        else atStep[stepIds[s.step]!] = (atStep[stepIds[s.step]!] ?? 0) + v;
        reached = s.step - 1;
      }
      for (let q = 0; q <= reached && q < stepIds.length; q++) through[stepIds[q]!]! += v;
    });
    return { month: Math.round(day / (365.25 / 12)), day, atStep, paused, exited, through };
  });
}
