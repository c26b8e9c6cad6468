/**
 * The estimators against R itself, on a random observed log of 2,500 participants with right-censoring,
 * late entries (left truncation), pauses (some resumed the same day), regressions and competing exits:
 * Nelson–Aalen and Kaplan–Meier against `survival::survfit(Surv(entry, time, event) ~ 1)`, Aalen–Johansen
 * against `etm` with entry times, and Student's t, chi-square tails and the Wilson interval against base R.
 * The scripts are in test/r/; CI installs R from Debian (.ci/run).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProgramme } from '@stegvis/testing';
import { aalenJohansen } from '../src/calibrate/aalen-johansen.js';
import { type Path, type State, ObservedLogSchema, pathOf } from '../src/calibrate/log.js';
import { nelsonAalen } from '../src/calibrate/nelson-aalen.js';
import { chiSquareUpperTail, kaplanMeier, studentTQuantile, survivalAt, wilson } from '../src/report/stats.js';
import { stateKey } from '../src/calibrate/aalen-johansen.js';
import { logArbitrary } from './observed-records.js';
import { type Row, hasR, rscript } from './r/rscript.js';

const programme = loadProgramme(new URL('../../../examples/ljusnarsberg/programme.yaml', import.meta.url));
const steps = programme.steps.map((s) => s.id);
const outcomes = programme.exitStep.blueprint.exit!.outcomes.map((o) => o.id);
const [input] = fc.sample(logArbitrary('ljusnarsberg', steps, outcomes, { minLength: 2500, maxLength: 2500 }), { seed: 2001, numRuns: 1 });
const log = ObservedLogSchema.parse(input);
const paths: Path[] = log.records.map((r) => pathOf(programme, r, log.end));
const TOL = 1e-12;
/** The largest difference from R seen in each comparison, printed at the end for the record. */
const worst: Record<string, number> = {};
const close = (what: string, ours: number, theirs: number, label: string) => {
  const d = Math.abs(ours - theirs);
  worst[what] = Math.max(worst[what] ?? 0, d);
  expect(d, label).toBeLessThan(TOL);
};
afterAll(() => {
  if (hasR) console.log(`largest difference from R: ${Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
});

describe.skipIf(!hasR)('the estimators agree with R', { timeout: 30_000 }, () => {
  it('the log is what the comparison needs: censored, late entries, same-day pauses, regressions', () => {
    expect(paths.filter((p) => !p.exited).length).toBeGreaterThan(300);
    expect(paths.filter((p) => p.observedFrom > p.changes[0]![0]).length).toBeGreaterThan(300);
    expect(log.records.filter((r) => r.pauses.some((q) => q.to === q.from)).length).toBeGreaterThan(20);
    expect(paths.flatMap((p) => p.spells).filter((s) => s.cause.type === 'regress').length).toBeGreaterThan(300);
  });

  // One R run for both: the stays of each step (Nelson–Aalen per cause) and the time in the programme (Kaplan–Meier).
  const stays = steps.map((_, k) => {
    const own = paths.flatMap((p) => p.spells).filter((s) => s.step === k && !s.paused);
    return {
      duration: own.map((s) => s.end - s.start),
      cause: own.map((s) => (s.cause.type === 'censored' ? null : s.cause.type === 'exit' ? `exit:${s.cause.outcome}` : s.cause.type)),
      entry: own.map((s) => s.entry),
    };
  });
  const time = paths.map((p) => {
    const a = p.changes[0]![0];
    return { entry: p.observedFrom > a ? p.observedFrom - 1 - a : -1, duration: p.lastDay - a, cause: p.exited ? 'exit' : '' };
  });
  const survfit = hasR
    ? rscript('kaplan-meier.R', [
        {
          columns: ['group', 'entry', 'duration', 'cause'],
          rows: [
            ...stays.flatMap((x, k) => x.duration.map((d, i): Row => ({ group: steps[k]!, entry: x.entry[i]!, duration: d, cause: x.cause[i] ?? '' }))),
            ...time.map((x): Row => ({ group: 'time', ...x })),
          ],
        },
      ])
    : [];

  it('Nelson–Aalen per step and cause, with delayed entry: survfit’s cumulative hazard', () => {
    let compared = 0;
    stays.forEach((x, k) => {
      const na = nelsonAalen(x.duration, x.cause, x.entry);
      for (const [c, cum] of na.cumulative) {
        const rows = new Map(survfit.filter((r) => r.group === steps[k] && r.cause === c).map((r) => [Number(r.time), r]));
        na.times.forEach((t, j) => {
          const r = rows.get(t)!;
          expect(Number(r['n.risk']), `${steps[k]} ${c} t=${t}`).toBe(na.atRisk[j]);
          close('Nelson–Aalen', cum[j]!, Number(r.cumhaz), `${steps[k]} ${c} t=${t}`);
          compared++;
        });
      }
    });
    expect(compared).toBeGreaterThan(1000);
  });

  it('Kaplan–Meier of the time in the programme, late entries at risk from their entry: survfit', () => {
    const km = kaplanMeier(
      time.map((x) => x.duration),
      time.map((x) => x.cause !== ''),
      time.map((x) => x.entry),
    );
    const r = survfit.filter((x) => x.group === 'time' && x.cause === 'any');
    expect(km.length).toBeGreaterThan(100);
    for (const x of r) {
      close('Kaplan–Meier', survivalAt(km, Number(x.time)), Number(x.surv), `t=${x.time}`);
      const step = km.find((s) => s.t === Number(x.time));
      if (step) expect(step.atRisk).toBe(Number(x['n.risk']));
    }
  });

  it('Aalen–Johansen state occupation with delayed entry: etm', { timeout: 60_000 }, () => {
    // The same data in etm's form: one row per move (from, to, entry, exit] on the time since intake, a
    // late entry's first row starting at its entry, and a censored row after the last move.
    const transitions: Row[] = [];
    const initial = new Map<string, number>();
    paths.forEach((p, i) => {
      const t0 = p.changes[0]![0];
      const byDay = new Map<number, State>();
      for (const [d, s] of p.changes) byDay.set(d - t0, s);
      const days = [...byDay.keys()].sort((a, b) => a - b);
      const entry = p.observedFrom > t0 ? p.observedFrom - 1 - t0 : 0;
      let at = entry;
      let state = stateKey(byDay.get(days.filter((d) => d <= entry).at(-1)!)!);
      if (entry === 0 && p.observedFrom <= t0) initial.set(state, (initial.get(state) ?? 0) + 1);
      for (const d of days.filter((x) => x > entry)) {
        const next = stateKey(byDay.get(d)!);
        if (next === state) continue;
        transitions.push({ id: `p${i}`, from: state, to: next, entry: at, exit: d });
        at = d;
        state = next;
        if (state.startsWith('exit:')) break;
      }
      if (!state.startsWith('exit:') && p.lastDay - t0 > at) transitions.push({ id: `p${i}`, from: state, to: 'cens', entry: at, exit: p.lastDay - t0 });
    });
    const total = [...initial.values()].reduce((a, b) => a + b, 0);
    const days = Array.from({ length: 61 }, (_, k) => k * 10);
    const r = rscript('aalen-johansen.R', [
      { columns: ['id', 'from', 'to', 'entry', 'exit'], rows: transitions },
      { columns: ['state', 'share'], rows: [...initial].map(([state, n]) => ({ state, share: n / total })) },
      { columns: ['day'], rows: days.map((day) => ({ day })) },
    ]);
    const ours = aalenJohansen(paths, days);
    let compared = 0;
    for (const x of r) {
      const j = ours.states.indexOf(x.state!);
      const mine = j < 0 ? 0 : ours.shares[days.indexOf(Number(x.day))]![j]!;
      close('Aalen–Johansen', mine, Number(x.share), `${x.state} day ${x.day}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(61 * 20);
  });

  it("Student's t quantiles, chi-square tails and Wilson intervals: qt, pchisq, prop.test", () => {
    const cases: Row[] = [
      ...[1, 2, 4, 9, 19, 30, 99].flatMap((df) => [0.975, 0.9, 0.995].map((p) => ({ what: 't', a: p, b: df }))),
      ...[
        [0.5, 1],
        [3.84, 1],
        [9.49, 4],
        [2, 4],
        [40, 4],
        [120, 10],
        [0.01, 3],
      ].map(([x, df]) => ({ what: 'chisq', a: x!, b: df! })),
      ...[
        [21, 181],
        [0, 20],
        [7, 10],
        [109, 181],
        [181, 181],
      ].map(([k, n]) => ({ what: 'wilson', a: k!, b: n! })),
    ];
    for (const x of rscript('quantiles.R', [{ columns: ['what', 'a', 'b'], rows: cases }])) {
      const a = Number(x.a);
      const b = Number(x.b);
      if (x.what === 't') expect(Math.abs(studentTQuantile(a, b) - Number(x.value)), `qt(${a}, ${b})`).toBeLessThan(1e-9);
      if (x.what === 'chisq') expect(Math.abs(chiSquareUpperTail(a, b) - Number(x.value)), `pchisq(${a}, ${b})`).toBeLessThan(1e-13);
      if (x.what === 'wilson') {
        const [lo, hi] = wilson(a, b)!;
        expect(Math.abs(lo - Number(x.lo)), `wilson(${a}, ${b})`).toBeLessThan(1e-13);
        expect(Math.abs(hi - Number(x.hi)), `wilson(${a}, ${b})`).toBeLessThan(1e-13);
      }
    }
  });
});
