/**
 * The one calendar: arithmetic on day numbers (days since 1970-01-01), integer only, no allocation. The
 * engine's `addPeriod` on ISO dates and the simulation kernel both use it. Deadlines are Stockholm *calendar
 * dates*, so date arithmetic is pure civil-calendar arithmetic: months are added first and clamped to the
 * month's end (31 Jan + 1 month = 28/29 Feb), then weeks and days — what luxon does, checked against it
 * over every day of decades (`packages/core/test/calendar.test.ts`).
 */

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`). */
export function dayFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year of a day number. */
function civil(day: number, out: Int32Array): void {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
}

const scratch = new Int32Array(3);

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number): number => (m === 2 && isLeap(y) ? 29 : monthLength[m - 1]!);

// A direct-mapped memo of `addMonths`: simulations ask for the same few (day, months) pairs again and again.
const MEMO = 1 << 14;
const memoKey = new Float64Array(MEMO).fill(NaN);
const memoValue = new Int32Array(MEMO);

/** `day` plus `months` calendar months, clamped to the end of the month (negative months go back). */
export function addMonths(day: number, months: number): number {
  if (months === 0) return day;
  const key = day * 4096 + months;
  const h = (Math.imul(day, 0x9e3779b1) ^ Math.imul(months, 0x85ebca6b)) >>> 18;
  if (memoKey[h] === key) return memoValue[h]!;
  const v = addMonthsUncached(day, months);
  memoKey[h] = key;
  memoValue[h] = v;
  return v;
}

function addMonthsUncached(day: number, months: number): number {
  civil(day, scratch);
  const total = scratch[0]! * 12 + (scratch[1]! - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const d = Math.min(scratch[2]!, daysInMonth(y, m));
  return dayFromCivil(y, m, d);
}

/** A period as the kernel holds it: whole months, and days (weeks × 7 + days). */
export interface DayPeriod {
  readonly months: number;
  readonly days: number;
}

export const toDayPeriod = (p: { months?: number; weeks?: number; days?: number }): DayPeriod => ({
  months: p.months ?? 0,
  days: (p.weeks ?? 0) * 7 + (p.days ?? 0),
});

/** core's `addPeriod`: months first (clamped), then weeks and days. */
export const addDayPeriod = (day: number, months: number, days: number): number => addMonths(day, months) + days;
/** core's `subtractPeriod`: months back first (clamped), then weeks and days. */
export const subtractDayPeriod = (day: number, months: number, days: number): number => addMonths(day, -months) - days;

/** `2026-01-31` → its day number. */
export function dayNumber(iso: string): number {
  // `YYYY-MM-DD…` read digit by digit (every date of every deadline passes here); other years by the pattern.
  if (iso.length >= 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const y = twoDigits(iso, 0) * 100 + twoDigits(iso, 2);
    const mo = twoDigits(iso, 5);
    const d = twoDigits(iso, 8);
    if (y >= 0 && mo >= 0 && d >= 0) return dayFromCivil(y, mo, d);
  }
  const m = /^(-?\d{4,})-(\d\d)-(\d\d)/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return dayFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Two decimal digits at `i`, or NaN (which fails every comparison after it). */
export function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

// A direct-mapped memo of `isoDate`: a participant's events and deadlines ask for the same few days again and again.
const DATE_SLOTS = 1 << 12;
const dateDay = new Float64Array(DATE_SLOTS).fill(NaN);
const dateText: string[] = new Array<string>(DATE_SLOTS).fill('');

/** A day number → `2026-01-31`. */
export function isoDate(day: number): string {
  const slot = day & (DATE_SLOTS - 1);
  if (dateDay[slot] === day) return dateText[slot]!;
  const text = formatDate(day);
  dateDay[slot] = day;
  dateText[slot] = text;
  return text;
}

function formatDate(day: number): string {
  civil(day, scratch);
  const y = scratch[0]!;
  const pad = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${y < 0 ? '-' : ''}${String(Math.abs(y)).padStart(4, '0')}-${pad(scratch[1]!)}-${pad(scratch[2]!)}`;
}
