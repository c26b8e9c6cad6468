/**
 * The contract between the simulator and the report: one row per simulated participant, as typed arrays
 * (a struct of arrays), so a million participants fit in tens of megabytes and cross worker threads as
 * transferable buffers. Days are whole days from the simulation's start date (day 0); -1 means "never"
 * (not yet, or censored at the horizon).
 */
export interface Trajectories {
  /** Rows. */
  readonly n: number;
  /** The number of path steps (the programme's `steps`, without the exit step). */
  readonly steps: number;
  /** The simulation's first day (ISO date) and how many days it ran. */
  readonly startDate: string;
  readonly horizonDays: number;
  /** Which replication (0-based) each row belongs to. */
  readonly replication: Uint16Array;
  readonly referredDay: Int32Array;
  /** -1: declined, or still waiting at the horizon. */
  readonly admittedDay: Int32Array;
  readonly declined: Uint8Array;
  /** -1: still in the programme at the horizon (right-censored). */
  readonly exitDay: Int32Array;
  /** Index into the exit step's `outcomes`, -1 when not exited. */
  readonly outcome: Int16Array;
  /** `n × steps`, row-major: the day step `s` of row `i` was completed (by advance or by an exit that completes it), or -1. */
  readonly stepCompletedDay: Int32Array;
  /** Index into `programme.steps` of the step a row is at when it exits or at the horizon; -1 before admission. */
  readonly lastStep: Int16Array;
  /** Per declared fact (by id): boolean 0/1, enum value index, number value; -1 unknown. */
  readonly facts: Readonly<Record<string, Int32Array>>;
  /** Index into `programme.config.areas`, -1 none. */
  readonly area: Int16Array;
  readonly regressions: Uint16Array;
  readonly pausedDays: Int32Array;
  /**
   * `n × followUps` (the programme's `followUpAfterExit`, in order), row-major: what follow-up `f` of row `i`
   * found, as an index into core's `exitStatuses`; -1 when it was not held (not exited, not due by the
   * horizon, or not in the behaviour model). It is held on the day it falls due: the exit day + its `after`.
   */
  readonly afterExitStatus: Int16Array;
  /**
   * Per flag a deadline can raise (by id: `lockIn` for a time-limited employment past its end), the days the
   * row carried it.
   */
  readonly flagDays: Readonly<Record<string, Int32Array>>;
  /**
   * Deadline compliance per deadline kind (`assessment`, `actionPlan`, `followUp`, `stepTarget`,
   * `evaluation`, `requirement`, `employmentEnd`…): for each kind, three `n`-long counters.
   */
  readonly deadlines: Readonly<Record<string, { readonly metOnTime: Uint16Array; readonly metLate: Uint16Array; readonly missed: Uint16Array }>>;
}
