import { DateTime } from 'luxon';
import { z } from 'zod';
import { addMonths, dayFromCivil, daysInMonth, dayNumber, isoDate, twoDigits } from './days.js';

/**
 * Calendar time as the programmes speak of it: dates in Europe/Stockholm, periods in days, weeks and months.
 * Deadlines are local calendar dates (inclusive), never instants, so a deadline cannot shift by an hour
 * when the clocks change, and "one month after 31 January" is the last day of February.
 */
export const ZONE = 'Europe/Stockholm';

/** An ISO calendar date, `2026-01-31`. */
export type IsoDate = string;
/** An ISO instant with an offset or `Z`, `2026-01-31T09:00:00+01:00`. */
export type IsoInstant = string;

export const PeriodSchema = z
  .strictObject({
    days: z.number().int().min(0).optional(),
    weeks: z.number().int().min(0).optional(),
    months: z.number().int().min(0).optional(),
  })
  .refine((p) => p.days !== undefined || p.weeks !== undefined || p.months !== undefined, {
    message: 'a period needs days, weeks or months, for example { days: 14 }',
  });
export type Period = z.output<typeof PeriodSchema>;

export const IsoDateSchema = z.iso.date({ message: 'expected a date like 2026-01-31' });

const INSTANT = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?(Z|([+-])(\d\d):?(\d\d))$/;

// An instant is read several times: a command's by its schema, the order check, its day and its events' days; a
// replayed event's by the edge's check of the whole log and then by the fold for its day. The last one read is
// kept, and the others in a direct-mapped memo of 1,024 slots picked by the instant's digits (a log's events come
// back to the fold in the order the edge read them, a year of a participant's instants in a few hundred slots).
// Only instants are kept (what is not one is read again): no other text of an input stays behind in the memo.
let lastInstant = '';
let lastMillis = NaN;
const INSTANT_SLOTS = 1 << 10;
const slotInstant: string[] = new Array<string>(INSTANT_SLOTS).fill('');
// Empty slots hold the empty text, which is no instant.
const slotMillis = new Float64Array(INSTANT_SLOTS).fill(NaN);

/** The memo's slot for an instant: its month, day, hour, minute and second digits mixed (any text gives one). */
const instantSlot = (s: string): number =>
  (((((s.charCodeAt(6) * 31 + s.charCodeAt(8)) * 31 + s.charCodeAt(9)) * 31 + s.charCodeAt(11)) * 31 + s.charCodeAt(12)) * 31 + s.charCodeAt(15) * 7 + s.charCodeAt(18)) &
  (INSTANT_SLOTS - 1);

/**
 * The milliseconds since 1970 of an ISO instant with its offset, or `NaN` when it is not one (the date must
 * exist, the time be a real time of day). Parsed by hand: it is on every command's and every event's path.
 */
export function instantMillis(s: string): number {
  if (s === lastInstant) return lastMillis;
  const slot = instantSlot(s);
  let ms: number;
  if (slotInstant[slot] === s) ms = slotMillis[slot]!;
  else {
    const common = commonInstant(s);
    ms = common === undefined ? parseInstant(s) : common;
    if (!Number.isNaN(ms)) {
      slotInstant[slot] = s;
      slotMillis[slot] = ms;
    }
  }
  lastInstant = s;
  lastMillis = ms;
  return ms;
}

/**
 * The form the engine and every host write (`2026-01-31T09:00:00+01:00`, or `…Z`), read digit by digit: it is on
 * every command's and every event's path. Anything else (no seconds, a fraction, an offset without its colon)
 * is undefined here and read by the pattern below; a digit that is not one gives NaN, and the pattern says no too.
 */
function commonInstant(s: string): number | undefined {
  const n = s.length;
  if ((n !== 25 && n !== 20) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
  let offset = 0;
  if (n === 20) {
    if (s.charCodeAt(19) !== 90) return undefined;
  } else {
    const sign = s.charCodeAt(19);
    if ((sign !== 43 && sign !== 45) || s.charCodeAt(22) !== 58) return undefined;
    const oh = twoDigits(s, 20);
    const om = twoDigits(s, 23);
    if (!(oh <= 23 && om <= 59)) return NaN;
    offset = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  }
  const y = twoDigits(s, 0) * 100 + twoDigits(s, 2);
  const mo = twoDigits(s, 5);
  const d = twoDigits(s, 8);
  const h = twoDigits(s, 11);
  const mi = twoDigits(s, 14);
  const sec = twoDigits(s, 17);
  // NaN fails every comparison: a character that is not a digit ends here.
  if (!(y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 23 && mi <= 59 && sec <= 59)) return NaN;
  return (dayFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec) * 1000 - offset * 60_000;
}

/** The instant by the pattern alone (every form `instantMillis` reads): the oracle of its digit-by-digit path in the tests. */
export function parseInstant(s: string): number {
  const m = INSTANT.exec(s);
  if (!m) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const sec = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return NaN;
  const frac = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  const offset = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (m[8] !== 'Z' && (Number(m[10]) > 23 || Number(m[11]) > 59)) return NaN;
  return (dayFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec) * 1000 + frac - offset * 60_000;
}

export const IsoInstantSchema = z.string().refine((s) => !Number.isNaN(instantMillis(s)), {
  message: 'expected a time with its offset, like 2026-01-31T09:00:00+01:00 or 2026-01-31T08:00:00Z',
});

// Stockholm's offset changes only on the hour (UTC), so one luxon look-up per hour is exact; a direct-mapped
// memo keeps the last offset of each of 16,384 hour slots (almost two years of hours, most never asked).
const HOUR = 3_600_000;
const OFFSET_SLOTS = 1 << 14;
const offsetHour = new Float64Array(OFFSET_SLOTS).fill(NaN);
const offsetMinutes = new Int16Array(OFFSET_SLOTS);
function stockholmOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR);
  const slot = hour & (OFFSET_SLOTS - 1);
  if (offsetHour[slot] === hour) return offsetMinutes[slot]!;
  const o = DateTime.fromMillis(hour * HOUR, { zone: ZONE }).offset;
  offsetHour[slot] = hour;
  offsetMinutes[slot] = o;
  return o;
}

/** The Stockholm calendar day number on which an instant falls. */
export function localDay(instant: IsoInstant): number {
  const ms = instantMillis(instant);
  return Math.floor((ms + stockholmOffsetMinutes(ms) * 60_000) / 86_400_000);
}

// An event's day is read once an event by the fold, and the events of one command share their instant: the last
// instant's date is kept (its offset and its text are not looked up again).
let lastLocalInstant: IsoInstant | null = null;
let lastLocalDate = '';

/** The Stockholm calendar date on which an instant falls. */
export function localDate(instant: IsoInstant): IsoDate {
  if (instant === lastLocalInstant) return lastLocalDate;
  const date = isoDate(localDay(instant));
  lastLocalInstant = instant;
  lastLocalDate = date;
  return date;
}

/** A date plus a period, month arithmetic clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addPeriod(date: IsoDate, period: Period): IsoDate {
  return isoDate(addMonths(dayNumber(date), period.months ?? 0) + 7 * (period.weeks ?? 0) + (period.days ?? 0));
}

export function subtractPeriod(date: IsoDate, period: Period): IsoDate {
  return isoDate(addMonths(dayNumber(date), -(period.months ?? 0)) - 7 * (period.weeks ?? 0) - (period.days ?? 0));
}

/** Instants compare by their real time, whatever offset they were written with. */
export function compareInstants(a: IsoInstant, b: IsoInstant): number {
  return instantMillis(a) - instantMillis(b);
}

/** A Stockholm wall-clock time (`2026-10-25T09:00`) as an instant with its offset, for hosts and tests. */
export function stockholmInstant(local: string): IsoInstant {
  const dt = DateTime.fromISO(local, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`not a local date-time: ${local}`);
  return dt.toISO({ suppressMilliseconds: true })!;
}
