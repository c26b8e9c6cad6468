/**
 * Day arithmetic on the simulation's day numbers (whole days from its start date, day 0). Months are
 * calendar months, clamped to the month's end as core's `addPeriod` does (31 January + 1 month is the
 * last day of February), so "by month 3 after intake" is the same date the engine's target deadline has.
 * Plain UTC date arithmetic: day numbers are calendar dates, so no time zone is involved.
 */

const DAY_MS = 86_400_000;

export function parseIsoDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export const isoDateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The ISO date of simulation day `day`. */
export const dateOfDay = (startDate: string, day: number): string => isoDateOf(parseIsoDate(startDate) + day * DAY_MS);

/** Whole days from `from` to `to` (ISO dates). */
export const daysBetween = (from: string, to: string): number => Math.round((parseIsoDate(to) - parseIsoDate(from)) / DAY_MS);

function addMonthsMs(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay));
}

/** An ISO date plus `months` calendar months (negative: earlier), clamped to the month's end. */
export const addMonthsIso = (iso: string, months: number): string => isoDateOf(addMonthsMs(parseIsoDate(iso), months));

/**
 * A table of "day `a` plus `m` calendar months" as day numbers, for a ∈ [0, days) and m ∈ [0, months]:
 * `table[a * (months + 1) + m]`. Built once per report, so a million rows need no date arithmetic.
 */
export function monthTable(startDate: string, days: number, months: number): Int32Array {
  const start = parseIsoDate(startDate);
  const out = new Int32Array(Math.max(0, days) * (months + 1));
  for (let a = 0; a < days; a++) {
    const base = start + a * DAY_MS;
    for (let m = 0; m <= months; m++) out[a * (months + 1) + m] = Math.round((addMonthsMs(base, m) - start) / DAY_MS);
  }
  return out;
}

/** Whole calendar months from the start date that fit in the horizon (the last day is `horizonDays − 1`). */
export function monthsInHorizon(startDate: string, horizonDays: number): number {
  const start = parseIsoDate(startDate);
  let m = 0;
  while (Math.round((addMonthsMs(start, m + 1) - start) / DAY_MS) <= horizonDays - 1) m++;
  return m;
}

/** Monday = 0 … Sunday = 6 for simulation day 0. */
export const weekdayOfStart = (startDate: string): number => (new Date(parseIsoDate(startDate)).getUTCDay() + 6) % 7;

/** Weekdays (Monday–Friday) among days [from, to) when day 0 is weekday `w0` (Monday = 0). */
export function weekdaysBetween(from: number, to: number, w0: number): number {
  if (to <= from) return 0;
  const count = (d: number): number => {
    // weekdays in [0, d)
    const full = Math.floor(d / 7);
    let n = full * 5;
    for (let i = full * 7; i < d; i++) if ((w0 + i) % 7 < 5) n++;
    return n;
  };
  return count(to) - count(from);
}
