import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addPeriod, localDate, stockholmInstant } from '@stegvis/core';
import { ParticipantDriver } from '@stegvis/testing';
import { validateProgramme } from '@stegvis/core';
import { minimal } from './fixtures/minimal.js';

describe('calendar time in Europe/Stockholm', () => {
  it('one month after 31 January is the last day of February (and 29 February in a leap year)', () => {
    expect(addPeriod('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(addPeriod('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(addPeriod('2026-01-31', { months: 3 })).toBe('2026-04-30');
    expect(addPeriod('2026-03-31', { months: 12 })).toBe('2027-03-31');
  });

  it('14 days across the October clock change is 14 calendar days, not 14 × 24 hours', () => {
    // 2026-10-25 03:00 CEST becomes 02:00 CET.
    expect(addPeriod('2026-10-20', { days: 14 })).toBe('2026-11-03');
    expect(stockholmInstant('2026-10-20T09:00')).toBe('2026-10-20T09:00:00+02:00');
    expect(stockholmInstant('2026-11-03T09:00')).toBe('2026-11-03T09:00:00+01:00');
  });

  it('the day an instant falls on is the Stockholm day, not the UTC day', () => {
    expect(localDate('2026-10-25T23:30:00Z')).toBe('2026-10-26'); // 00:30 CET
    expect(localDate('2026-06-30T22:30:00Z')).toBe('2026-07-01'); // 00:30 CEST
    expect(localDate('2026-01-31T22:59:59Z')).toBe('2026-01-31');
  });

  it('the day of an instant read again, after others or right after itself, is the day luxon gives it (the last one read is kept)', () => {
    // A few instants around midnight and the clock changes, in every order and repeated: a kept answer that
    // is not the instant's own would show as another one's day.
    const instants = ['2026-10-25T23:30:00Z', '2026-10-25T22:30:00Z', '2026-03-29T00:30:00+01:00', '2026-06-30T22:30:00Z', '2026-06-30T21:30:00Z', '2026-01-31T22:59:59Z', '2026-01-31T23:00:00Z'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...instants), { minLength: 1, maxLength: 12 }), (list) => {
        for (const i of list) expect(localDate(i)).toBe(DateTime.fromISO(i, { setZone: true }).setZone('Europe/Stockholm').toISODate());
      }),
    );
  });

  it('adding a period never moves a date backwards, and more months never give an earlier date', () => {
    const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.nat(36), fc.nat(36), (d, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addPeriod(d, { months: lo }) <= addPeriod(d, { months: hi })).toBe(true);
        expect(addPeriod(d, { months: lo }) >= d).toBe(true);
      }),
    );
  });

  it('a deadline across the October clock change falls due on its calendar day, whatever the offset of the tick', () => {
    const r = validateProgramme(minimal());
    if (!r.ok) throw new Error('fixture invalid');
    const p = ParticipantDriver.for(r.value, 'P-dst');
    p.send('2026-10-20T09:00', { type: 'refer', facts: {} });
    expect(p.deadline('assessment.due')!.dueOn).toBe('2026-11-03');
    // 23:30 UTC on 3 November is 00:30 on the 4th in Stockholm: overdue.
    p.send('2026-11-03T22:30:00Z', { type: 'tick' });
    expect(p.deadline('assessment.due')!.status).toBe('due');
    p.send('2026-11-03T23:30:00Z', { type: 'tick' });
    expect(p.deadline('assessment.due')!.status).toBe('overdue');
  });

  it('a referral on 31 January has its 3-month target on 30 April', () => {
    const r = validateProgramme(minimal());
    if (!r.ok) throw new Error('fixture invalid');
    const p = ParticipantDriver.for(r.value, 'P-jan31');
    p.send('2026-01-31T09:00', { type: 'refer', facts: {} });
    expect(p.deadline('step1.target')!.dueOn).toBe('2026-04-30');
  });
});
