import type { RosterPort } from './port.js';
import { COL_GROUPS, COL_RANK, type CompiledKernel } from './compile.js';

const NOT_IN = 0;
const ENROLLED = 1;
const WAITING_SEAT = 2;

interface SeatClass {
  readonly rank: number;
  readonly groups: number;
  readonly area: number;
  rows: Int32Array;
  since: Int32Array;
  head: number;
  tail: number;
}

/**
 * core's roster (`admit`, `leave`, `fill`, `placeFor`, `waitingOrder` in `capacity/roster.ts`) for many
 * participants at once, in integers. Seats are rows (0…n−1, ordered like core orders participant ids) with
 * the profile of their facts and an area. The waiting list is one FIFO queue per class of seats that core
 * cannot tell apart (priority rank, reserved groups, area), so finding the next seat to admit looks at the
 * head of each class only. Seats must join the waiting list in (referral day, row) order, as they do in a
 * simulation. `kernel-roster.test.ts` proves it equal to core's functions on random sequences.
 *
 * @example
 * const roster = new FastRoster(kernel, cohort);
 * if (roster.admit(row, profile, area, day)) p.refer(day, null, true); else p.refer(day, null, false);
 * const n = roster.leave(row);           // rows admitted from the waiting list: roster.admitted[0..n)
 */
export class FastRoster implements RosterPort {
  private readonly places: number;
  private readonly reserved: Int32Array;
  private readonly areaPlaces: Int32Array;
  enrolled = 0;
  waiting = 0;
  readonly enrolledInGroup: Int32Array;
  readonly waitingInGroup: Int32Array;
  readonly enrolledInArea: Int32Array;
  private readonly state: Uint8Array;
  private readonly rowGroups: Int32Array;
  private readonly rowArea: Int16Array;
  private readonly rowClass: Int32Array;
  private readonly classes: SeatClass[] = [];
  private readonly classIndex = new Map<number, number>();
  /** Rows admitted by the last `leave` or `fill`, in order. */
  admitted: Int32Array;

  constructor(
    private readonly kernel: CompiledKernel,
    rows: number,
  ) {
    const cap = kernel.capacity;
    this.places = cap ? cap.places : Number.MAX_SAFE_INTEGER;
    this.reserved = cap ? cap.reservedPlaces : new Int32Array(0);
    this.areaPlaces = kernel.areaPlaces;
    this.enrolledInGroup = new Int32Array(this.reserved.length);
    this.waitingInGroup = new Int32Array(this.reserved.length);
    this.enrolledInArea = new Int32Array(this.areaPlaces.length);
    this.state = new Uint8Array(rows);
    this.rowGroups = new Int32Array(rows);
    this.rowArea = new Int16Array(rows);
    this.rowClass = new Int32Array(rows).fill(-1);
    this.admitted = new Int32Array(16);
  }

  /** Whether a roster is needed at all: limited places, or an area with its own limit. */
  static needed(kernel: CompiledKernel): boolean {
    return kernel.capacity !== null || kernel.areaPlaces.some((p) => p >= 0);
  }

  isEnrolled(row: number): boolean {
    return this.state[row] === ENROLLED;
  }

  isWaiting(row: number): boolean {
    return this.state[row] === WAITING_SEAT;
  }

  /** core's `placeFor`: places held for a reserved group with someone waiting are not free for others. */
  private fits(groups: number, area: number): boolean {
    let held = 0;
    for (let r = 0; r < this.reserved.length; r++) {
      if ((groups & (1 << r)) !== 0 || this.waitingInGroup[r]! === 0) continue;
      const unused = this.reserved[r]! - this.enrolledInGroup[r]!;
      if (unused > 0) held += unused;
    }
    if (this.kernel.capacity && this.enrolled + held >= this.places) return false;
    if (area >= 0 && this.areaPlaces[area]! >= 0 && this.enrolledInArea[area]! >= this.areaPlaces[area]!) return false;
    return true;
  }

  private enrol(row: number): void {
    this.state[row] = ENROLLED;
    this.enrolled++;
    const g = this.rowGroups[row]!;
    for (let r = 0; r < this.reserved.length; r++) if ((g & (1 << r)) !== 0) this.enrolledInGroup[r]!++;
    const a = this.rowArea[row]!;
    if (a >= 0) this.enrolledInArea[a]!++;
  }

  private setSeat(row: number, profile: number, area: number): void {
    this.rowGroups[row] = this.kernel.table.get(profile, COL_GROUPS);
    this.rowArea[row] = area;
  }

  /** core's `admit`: a place now if one can be given, else the waiting list. Returns whether a place was given. */
  admit(row: number, profile: number, area: number, since: number): boolean {
    this.setSeat(row, profile, area);
    if (this.fits(this.rowGroups[row]!, area)) {
      this.enrol(row);
      return true;
    }
    this.queue(row, profile, since);
    return false;
  }

  /** Puts a seat on the waiting list without trying for a place (a referral rule said "waitlist"). */
  wait(row: number, profile: number, area: number, since: number): void {
    this.setSeat(row, profile, area);
    this.queue(row, profile, since);
  }

  private queue(row: number, profile: number, since: number): void {
    const rank = this.kernel.table.get(profile, COL_RANK);
    const groups = this.rowGroups[row]!;
    const area = this.rowArea[row]!;
    const key = (rank * 0x40000000 + groups) * 0x10000 + (area + 1);
    let ci = this.classIndex.get(key);
    if (ci === undefined) {
      ci = this.classes.push({ rank, groups, area, rows: new Int32Array(16), since: new Int32Array(16), head: 0, tail: 0 }) - 1;
      this.classIndex.set(key, ci);
    }
    const c = this.classes[ci]!;
    if (c.tail > c.head) {
      const lastSince = c.since[c.tail - 1]!;
      const lastRow = c.rows[c.tail - 1]!;
      if (since < lastSince || (since === lastSince && row < lastRow)) throw new Error('FastRoster: seats must join the waiting list in (referral day, row) order');
    }
    if (c.tail === c.rows.length) {
      const rows = new Int32Array(c.rows.length * 2);
      rows.set(c.rows);
      c.rows = rows;
      const s = new Int32Array(c.since.length * 2);
      s.set(c.since);
      c.since = s;
    }
    c.rows[c.tail] = row;
    c.since[c.tail] = since;
    c.tail++;
    this.state[row] = WAITING_SEAT;
    this.rowClass[row] = ci;
    this.waiting++;
    for (let r = 0; r < this.reserved.length; r++) if ((groups & (1 << r)) !== 0) this.waitingInGroup[r]!++;
  }

  private unwait(row: number): void {
    this.state[row] = NOT_IN;
    this.waiting--;
    const g = this.rowGroups[row]!;
    for (let r = 0; r < this.reserved.length; r++) if ((g & (1 << r)) !== 0) this.waitingInGroup[r]!--;
  }

  /** core's `fill`: admits from the waiting list, in its order, while someone on it can be given a place. Returns how many. */
  fill(): number {
    let n = 0;
    for (;;) {
      let best: SeatClass | null = null;
      let bestAt = -1;
      for (let ci = 0; ci < this.classes.length; ci++) {
        const c = this.classes[ci]!;
        const at = this.headOfIndex(c, ci);
        if (at < 0 || !this.fits(c.groups, c.area)) continue;
        if (
          best === null ||
          c.rank < best.rank ||
          (c.rank === best.rank && (c.since[at]! < best.since[bestAt]! || (c.since[at] === best.since[bestAt] && c.rows[at]! < best.rows[bestAt]!)))
        ) {
          best = c;
          bestAt = at;
        }
      }
      if (best === null) return n;
      const row = best.rows[bestAt]!;
      best.head = bestAt + 1;
      this.unwait(row);
      this.enrol(row);
      if (n === this.admitted.length) {
        const a = new Int32Array(n * 2);
        a.set(this.admitted);
        this.admitted = a;
      }
      this.admitted[n++] = row;
    }
  }

  /** The first live row of a class's queue, skipping rows that left, or −1. */
  private headOfIndex(c: SeatClass, ci: number): number {
    while (c.head < c.tail) {
      const row = c.rows[c.head]!;
      if (this.state[row] === WAITING_SEAT && this.rowClass[row] === ci) return c.head;
      c.head++;
    }
    return -1;
  }

  /** core's `leave`: the seat is given up (or the waiting ends) and freed places go to those waiting. Returns how many were admitted. */
  leave(row: number): number {
    const s = this.state[row];
    if (s === ENROLLED) {
      this.state[row] = NOT_IN;
      this.enrolled--;
      const g = this.rowGroups[row]!;
      for (let r = 0; r < this.reserved.length; r++) if ((g & (1 << r)) !== 0) this.enrolledInGroup[r]!--;
      const a = this.rowArea[row]!;
      if (a >= 0) this.enrolledInArea[a]!--;
    } else if (s === WAITING_SEAT) this.unwait(row);
    return this.fill();
  }
}
