import { DateTime } from 'luxon';
import { z } from 'zod';

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

export const IsoInstantSchema = z
  .string()
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid && /T/.test(s) && /(Z|[+-]\d\d:?\d\d)$/.test(s), {
    message: 'expected a time with its offset, like 2026-01-31T09:00:00+01:00 or 2026-01-31T08:00:00Z',
  });

/** The Stockholm calendar date on which an instant falls. */
export function localDate(instant: IsoInstant): IsoDate {
  return DateTime.fromISO(instant, { setZone: true }).setZone(ZONE).toISODate()!;
}

/** A date plus a period, month arithmetic clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addPeriod(date: IsoDate, period: Period): IsoDate {
  return DateTime.fromISO(date, { zone: ZONE })
    .plus({ months: period.months ?? 0, weeks: period.weeks ?? 0, days: period.days ?? 0 })
    .toISODate()!;
}

export function subtractPeriod(date: IsoDate, period: Period): IsoDate {
  return DateTime.fromISO(date, { zone: ZONE })
    .minus({ months: period.months ?? 0, weeks: period.weeks ?? 0, days: period.days ?? 0 })
    .toISODate()!;
}

/** Instants compare by their real time, whatever offset they were written with. */
export function compareInstants(a: IsoInstant, b: IsoInstant): number {
  return DateTime.fromISO(a, { setZone: true }).toMillis() - DateTime.fromISO(b, { setZone: true }).toMillis();
}

/** A Stockholm wall-clock time (`2026-10-25T09:00`) as an instant with its offset, for hosts and tests. */
export function stockholmInstant(local: string): IsoInstant {
  const dt = DateTime.fromISO(local, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`not a local date-time: ${local}`);
  return dt.toISO({ suppressMilliseconds: true })!;
}
