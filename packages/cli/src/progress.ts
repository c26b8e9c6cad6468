import type { Io } from './io.js';

export interface Progress {
  /** What is being done now (`simulating 1,000 participants…`). */
  stage(text: string): void;
  /** `done` of `total` units of the current stage. */
  update(done: number, total: number): void;
  /** Clears the line. */
  finish(): void;
}

const silent: Progress = { stage: () => {}, update: () => {}, finish: () => {} };

/**
 * One line of progress on stderr, drawn only when stderr is a terminal (never into a pipe, a file or a
 * test's capture), redrawn at most ten times a second, and cleared at the end.
 */
export function progress(io: Io, now: () => number = Date.now): Progress {
  if (!io.stderrIsTTY) return silent;
  let label = '';
  let last = -Infinity;
  let drawn = false;
  const draw = (text: string) => {
    io.stderr(`\r\x1b[2K${text}`);
    drawn = true;
  };
  return {
    stage(text) {
      label = text;
      last = -Infinity;
      draw(`${label}…`);
    },
    update(done, total) {
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      const share = total > 0 ? Math.min(1, done / total) : 0;
      const full = Math.round(share * 24);
      draw(`${label} [${'█'.repeat(full)}${'░'.repeat(24 - full)}] ${String(Math.round(share * 100)).padStart(3)}%`);
    },
    finish() {
      if (drawn) io.stderr('\r\x1b[2K');
      drawn = false;
    },
  };
}
