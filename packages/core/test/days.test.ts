import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../src/time/calendar.js';
import { ZONE, addDayPeriod, addMonths, addPeriod, dayFromCivil, dayNumber, instantMillis, isoDate, localDate, subtractDayPeriod } from '@stegvis/core';

/**
 * The one calendar (day numbers, integer arithmetic) against luxon, the outside oracle: every day of 15 years
 * for month arithmetic, random periods of months, weeks and days, Stockholm dates of random instants around
 * the daylight-saving changes, and instants parsed as luxon parses them.
 */
type Period = { months?: number; weeks?: number; days?: number };
/**
 * Date arithmetic in luxon, in Stockholm as the engine once did it, and in UTC: a date is its midnight, which
 * Stockholm never skips (its clocks change at 02:00 and 03:00), so both give the same date — the property
 * below checks that they do — and UTC is eight times faster, which the exhaustive tests need.
 */
const luxonIn = (zone: string) => ({
  plus: (iso: string, p: Period) => DateTime.fromISO(iso, { zone }).plus(p).toISODate()!,
  minus: (iso: string, p: Period) => DateTime.fromISO(iso, { zone }).minus(p).toISODate()!,
});
const stockholm = luxonIn(ZONE);
const { plus: luxonPlus, minus: luxonMinus } = luxonIn('utc');

describe('the calendar equals luxon', () => {
  const first = dayNumber('2018-01-01');
  const last = dayNumber('2032-12-31');

  it('day numbers and ISO dates round-trip, and agree with Date.UTC', () => {
    const wrong: number[] = [];
    for (let d = first - 600_000; d <= last + 600_000; d++) {
      const iso = isoDate(d);
      if (dayNumber(iso) !== d || iso !== new Date(d * 86_400_000).toISOString().slice(0, 10)) wrong.push(d);
    }
    expect(wrong).toEqual([]);
    expect(dayFromCivil(1970, 1, 1)).toBe(0);
    expect(isoDate(dayNumber('2026-10-25'))).toBe('2026-10-25');
  }, 60_000);

  it('adding and subtracting months clamps to the month’s end exactly like luxon, every day of 2018–2032', () => {
    const months = [1, 3, 6, 11, 12, 13];
    let checked = 0;
    const wrong: string[] = [];
    for (let d = first; d <= last; d += 1) {
      const iso = isoDate(d);
      for (const m of months) {
        if (isoDate(addMonths(d, m)) !== luxonPlus(iso, { months: m })) wrong.push(`${iso} + ${m} months`);
        if (isoDate(addMonths(d, -m)) !== luxonMinus(iso, { months: m })) wrong.push(`${iso} − ${m} months`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(30_000);
    expect(isoDate(addMonths(dayNumber('2026-01-31'), 1))).toBe('2026-02-28');
    expect(isoDate(addMonths(dayNumber('2028-01-31'), 1))).toBe('2028-02-29');
    expect(isoDate(addMonths(dayNumber('2026-03-31'), -1))).toBe('2026-02-28');
  }, 60_000);

  it('a period of months, weeks and days, added and subtracted, as luxon does it, in Stockholm as in UTC (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: first, max: last }),
        fc.record({ months: fc.integer({ min: 0, max: 30 }), weeks: fc.integer({ min: 0, max: 60 }), days: fc.integer({ min: 0, max: 400 }) }, { requiredKeys: [] }),
        (d, p) => {
          const iso = isoDate(d);
          expect(luxonPlus(iso, p)).toBe(stockholm.plus(iso, p));
          expect(luxonMinus(iso, p)).toBe(stockholm.minus(iso, p));
          expect(addPeriod(iso, p)).toBe(luxonPlus(iso, p));
          expect(isoDate(addDayPeriod(d, p.months ?? 0, 7 * (p.weeks ?? 0) + (p.days ?? 0)))).toBe(luxonPlus(iso, p));
          expect(isoDate(subtractDayPeriod(d, p.months ?? 0, 7 * (p.weeks ?? 0) + (p.days ?? 0)))).toBe(luxonMinus(iso, p));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a memoised answer is never another pair’s (many pairs through the same cache slots)', () => {
    const wrong: string[] = [];
    for (let round = 0; round < 3; round++)
      for (let d = first; d <= last; d += 37)
        for (let m = -30; m <= 30; m++) if (m !== 0 && addMonths(d, m) !== dayNumber(luxonPlus(isoDate(d), { months: m }))) wrong.push(`${d} ${m}`);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('the Stockholm date of an instant, any offset, around every daylight-saving change of 2020–2030 (property)', () => {
    const changes = Array.from({ length: 11 }, (_, i) => 2020 + i).flatMap((y) => [Date.UTC(y, 2, 31 - ((Math.floor((5 * y) / 4) + 4) % 7), 1), Date.UTC(y, 9, 31 - ((Math.floor((5 * y) / 4) + 1) % 7), 1)]);
    const near = fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -36 * 3600, max: 36 * 3600 })).map(([c, s]) => Math.floor(c + s * 1000));
    const anywhere = fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2032, 11, 31) });
    fc.assert(
      fc.property(fc.oneof(near, anywhere), fc.constantFrom(0, 60, 120, -300, 330, 840, -600, 45), (ms, offset) => {
        const written = DateTime.fromMillis(ms, { zone: offset === 0 ? 'utc' : `UTC${offset > 0 ? '+' : '-'}${Math.floor(Math.abs(offset) / 60)}${Math.abs(offset) % 60 ? `:${String(Math.abs(offset) % 60).padStart(2, '0')}` : ''}` }).toISO()!;
        expect(instantMillis(written)).toBe(ms);
        expect(localDate(written)).toBe(DateTime.fromISO(written, { setZone: true }).setZone(ZONE).toISODate());
      }),
      { numRuns: 3000 },
    );
  });

  it('an instant read again, after thousands of others (the memo of the instants read), is read as the pattern reads it (property)', () => {
    // More instants than the memo has slots, so that they share slots; and text that is no instant, the empty text too.
    const written = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }).map((t) => `${new Date(t).toISOString().slice(0, 19)}+01:00`);
    const any = fc.oneof(written, fc.constantFrom('', 'tomorrow', '2026-02-30T09:00:00+01:00', '2026-01-31T09:00:00.5Z', '2026-01-31T09:00:00Z'));
    fc.assert(
      fc.property(fc.array(any, { minLength: 1, maxLength: 3000 }), (list) => {
        for (const s of [...list, ...[...list].reverse(), ...list]) expect(Object.is(instantMillis(s), parseInstant(s)), s).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('instants: what luxon reads with an offset is read the same; what is not an instant is NaN', () => {
    for (const s of ['2026-01-31T09:00:00+01:00', '2026-01-31T09:00+01:00', '2026-01-31T08:00:00Z', '2026-01-31T09:00:00.123+0100', '2026-10-25T02:30:00+02:00'])
      expect(instantMillis(s), s).toBe(DateTime.fromISO(s, { setZone: true }).toMillis());
    for (const s of ['2026-02-30T09:00:00+01:00', '2026-13-01T09:00:00Z', '2026-01-31T25:00:00Z', '2026-01-31T09:00:00', '2026-01-31', 'tomorrow', '2026-01-31T09:61:00Z'])
      expect(instantMillis(s), s).toBeNaN();
  });

  it('instants in the engine’s own form, read digit by digit, as the pattern reads them; any one character changed too (property)', () => {
    const ms = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 11, 31) });
    const offset = fc.constantFrom('Z', '+01:00', '+02:00', '-05:30', '+14:00', '-00:00', '+23:59', '+24:00', '+01:60');
    const written = fc.tuple(ms, offset).map(([t, o]) => new Date(t).toISOString().slice(0, 19) + o);
    const changed = fc.tuple(written, fc.nat(), fc.constantFrom(...'0123456789-:+TZzx .'.split(''))).map(([s, i, c]) => s.slice(0, i % s.length) + c + s.slice((i % s.length) + 1));
    fc.assert(
      fc.property(fc.oneof(written, changed), (s) => {
        expect(Object.is(instantMillis(s), parseInstant(s)), s).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // Days that do not exist and times that are not times, in the fast path's own shape.
    for (const s of ['2026-02-29T09:00:00+01:00', '2028-02-29T09:00:00+01:00', '2026-04-31T09:00:00Z', '2026-00-10T09:00:00Z', '2026-01-00T09:00:00Z', '2026-01-31T24:00:00Z', '2026-01-31T09:00:60Z'])
      expect(Object.is(instantMillis(s), parseInstant(s)), s).toBe(true);
  });

  it('ISO dates read digit by digit as the pattern reads them, and a memoised date is never another day’s', () => {
    const byPattern = (iso: string) => {
      const m = /^(-?\d{4,})-(\d\d)-(\d\d)/.exec(iso)!;
      return dayFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
    };
    for (const iso of ['2026-01-31', '0001-01-01', '9999-12-31', '2026-01-31T09:00:00Z', '12026-01-31', '-0001-03-01', '2024-02-29'])
      expect(dayNumber(iso), iso).toBe(byPattern(iso));
    // Days 4,096 apart share a memo slot: each must get its own text back, however they alternate.
    const wrong: number[] = [];
    for (let round = 0; round < 3; round++)
      for (let d = first; d <= last; d += 4096 - 7)
        for (const day of [d, d + 4096, d, d - 4096]) if (isoDate(day) !== new Date(day * 86_400_000).toISOString().slice(0, 10)) wrong.push(day);
    expect(wrong).toEqual([]);
  });
});
