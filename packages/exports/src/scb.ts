import { createHash } from 'node:crypto';
import { csv } from './cells.js';
import type { Period } from './esf.js';
import type { ParticipantRecord } from './participants.js';

/** One month of SCB's participant file: a start in the month it happened, an end in the month it happened. */
export interface ScbMonth {
  readonly month: string;
  /** The month's file (CSV), and its SHA-256, by which a later run sees whether the month changed. */
  readonly text: string;
  readonly digest: string;
}

const monthsOf = (p: Period): string[] => {
  const out: string[] = [];
  let [y, m] = p.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = p.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return out;
    out.push(month);
    m === 12 ? ((y += 1), (m = 1)) : (m += 1);
  }
};

/**
 * SCB's monthly participant file for each month of the period, keyed by the opaque participant id: SCB
 * joins its registers by personal identity number, which stegvis never holds, so the host replaces the id
 * with it at its own edge. Rows: `participant,event,date` with event `start` (admitted) or `end` (exited),
 * in participant-id order.
 */
export function scbMonths(records: readonly ParticipantRecord[], period: Period): ScbMonth[] {
  return monthsOf(period).map((month) => {
    const rows: (string | number)[][] = [];
    for (const r of records) {
      if (r.enteredOn?.startsWith(month)) rows.push([r.id, 'start', r.enteredOn]);
      if (r.enteredOn !== null && r.leftOn?.startsWith(month)) rows.push([r.id, 'end', r.leftOn]);
    }
    const text = csv([['month', 'participant', 'event', 'date'], ...rows.map((x) => [month, ...x])]);
    return { month, text, digest: createHash('sha256').update(text).digest('hex') };
  });
}

/**
 * The resend rule: correcting a month means resending it and every later month. Given the digests of the
 * months sent before, the months to send now: from the first month that is new or whose file changed, to
 * the end. Nothing changed: nothing to send.
 */
export function scbToSend(months: readonly ScbMonth[], sent: Readonly<Record<string, string>>): ScbMonth[] {
  const first = months.findIndex((m) => sent[m.month] !== m.digest);
  return first < 0 ? [] : months.slice(first);
}
