/**
 * The participant the simulation's weekly policy drives (`simulate/runner.ts`), written once against this
 * port. The kernel implements it in typed arrays (`KernelParticipant`); the tests implement it over core's
 * engine, one XState snapshot per participant, and the same runner must give the same trajectories.
 *
 * Days are day numbers (see `calendar.ts`); steps, requirements, outcomes and deadline templates are
 * indices into the compiled kernel; a command returns whether it was accepted (a refusal changes nothing).
 */
export interface SimParticipant {
  /** `INTAKE` … `DECLINED` (see `compile.ts`). */
  readonly phase: number;
  /** The current step, −1 before admission. */
  readonly step: number;
  /** Overdue deadlines that raise a flag (a time-limited employment past its end): the behaviour's `afterEnd` applies. */
  readonly flagged: number;
  readonly hasPlan: boolean;
  /** The runner's memo: the first day it must look at the deadlines again (`NONE` when a deadline opens). */
  nextDuty: number;

  /** A participant before referral, with these facts (encoded as `encodeFacts` does), their profile and area. */
  reset(facts: ArrayLike<number>, profile: number, area: number): void;
  refer(day: number, placeGranted: boolean): boolean;
  admit(day: number): boolean;
  /**
   * What "advancing" means in a behaviour model: record the current step (its assessment or plan), or mark
   * every requirement met with its evidence, then move on where the step's completion allows it.
   */
  progress(day: number): boolean;
  markRequirement(day: number, requirement: number): boolean;
  regress(day: number, to: number): boolean;
  pause(day: number): boolean;
  resume(day: number): boolean;
  exit(day: number, outcome: number): boolean;
  /** A follow-up (or, with `evaluationOf` ≥ 0, the evaluation of that step) attended by the roles whose bits are set. */
  followUp(day: number, evaluationOf: number, roles: number): boolean;
  tick(day: number): boolean;
  /** What follow-up after exit `index` found on `day`: `status` indexes core's `exitStatuses` (work since the exit). */
  exitFollowUp(day: number, index: number, status: number): boolean;

  /** Deadlines, in the order core lists them; the open ones (not met or cancelled) by position in that list. */
  readonly deadlineCount: number;
  readonly openCount: number;
  openAt(j: number): number;
  deadlineTemplate(i: number): number;
  deadlineStatus(i: number): number;
  deadlineOpens(i: number): number;
  deadlineDue(i: number): number;
  deadlineMetDay(i: number): number;
  /** The day the runner plans to meet a deadline, `NONE` while unplanned. */
  hold(i: number): number;
  setHold(i: number, day: number): void;

  /** What the trajectories record. */
  readonly referredDay: number;
  readonly intakeDay: number;
  readonly exitDay: number;
  readonly exitOutcome: number;
  readonly regressions: number;
  /** Days paused so far, counting a pause still open on `day`. */
  pausedDaysOn(day: number): number;
  /** The day step `s` was completed, `NONE` if it is not. */
  stepCompletedDay(s: number): number;
}

/**
 * Places and the waiting list as the runner uses them, for one replication: the kernel's `FastRoster`, or
 * core's own `admit`/`leave`/`fill` behind an adapter in the tests. Seats are row indices within the
 * replication; `admitted[0 … n)` are the rows the last `fill` or `leave` admitted, in order.
 */
export interface RosterPort {
  /** A place now if one can be given (true), else the waiting list. */
  admit(row: number, profile: number, area: number, since: number): boolean;
  /** The waiting list without trying for a place (a referral rule said "waitlist"). */
  wait(row: number, profile: number, area: number, since: number): void;
  fill(): number;
  leave(row: number): number;
  isWaiting(row: number): boolean;
  readonly admitted: Int32Array;
}
