import { describe, expect, it } from 'vitest';
import { addPeriod } from '@stegvis/core';
import { addMonths, dayFromCivil, dayNumber, isoDate } from '../src/internal/kernel/calendar.js';

/**
 * The kernel's integer calendar must be core's luxon calendar (Europe/Stockholm dates): checked for every
 * day of 15 years, forwards and backwards, for the month counts programmes use, so the kernel can do
 * deadline arithmetic without luxon in its loop.
 */
describe('the kernel calendar equals core’s', () => {
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
  });

  it('adding and subtracting months clamps to the month’s end exactly like addPeriod, every day of 2018–2032', () => {
    const months = [1, 3, 6, 11, 12, 13];
    let checked = 0;
    const wrong: string[] = [];
    for (let d = first; d <= last; d += 1) {
      const iso = isoDate(d);
      for (const m of months) {
        if (isoDate(addMonths(d, m)) !== addPeriod(iso, { months: m })) wrong.push(`${iso} + ${m} months`);
        // core's subtractPeriod is luxon's minus, the same as adding negative months.
        if (isoDate(addMonths(d, -m)) !== addPeriod(iso, { months: -m })) wrong.push(`${iso} − ${m} months`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(30_000);
    expect(isoDate(addMonths(dayNumber('2026-01-31'), 1))).toBe('2026-02-28');
    expect(isoDate(addMonths(dayNumber('2028-01-31'), 1))).toBe('2028-02-29');
    expect(isoDate(addMonths(dayNumber('2026-03-31'), -1))).toBe('2026-02-28');
  }, 60_000);

  it('a memoised answer is never another pair’s (many pairs through the same cache slots)', () => {
    const wrong: string[] = [];
    for (let round = 0; round < 3; round++)
      for (let d = first; d <= last; d += 37)
        for (let m = -30; m <= 30; m++) if (m !== 0 && addMonths(d, m) !== dayNumber(addPeriod(isoDate(d), { months: m }))) wrong.push(`${d} ${m}`);
    expect(wrong).toEqual([]);
  }, 60_000);
});
