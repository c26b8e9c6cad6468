import { describe, expect, it } from 'vitest';
import { progress } from '../src/progress.js';

const capture = (tty: boolean) => {
  let err = '';
  return { io: { stdout: () => {}, stderr: (t: string) => (err += t), stderrIsTTY: tty }, get: () => err };
};

describe('the progress line', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const c = capture(false);
    const p = progress(c.io);
    p.stage('simulating');
    p.update(5, 10);
    p.finish();
    expect(c.get()).toBe('');
  });

  it('on a terminal: the stage, a bar, at most ten redraws a second, cleared at the end', () => {
    const c = capture(true);
    let now = 0;
    const p = progress(c.io, () => now);
    p.stage('simulating');
    p.update(1, 4);
    p.update(2, 4); // within 100 ms: skipped
    now = 200;
    p.update(3, 4);
    p.finish();
    const out = c.get();
    expect(out).toContain('simulating…');
    expect(out).toContain(' 25%');
    expect(out).not.toContain(' 50%');
    expect(out).toContain(' 75%');
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });
});
