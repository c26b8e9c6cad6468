/**
 * The cost of compliance rules per command: Nacka's programme as shipped (intensity and one rule over missed
 * attendance) against the same programme without them, each participant through the same commands — a plan, then
 * twelve weeks of attendance three days a week and an evening tick every day. Run:
 * `npx -y pnpm@10.34.8 exec tsx --conditions=@stegvis/source packages/core/bench/participation.bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { addPeriod, createEngine, parseYaml, stockholmInstant, validateProgramme } from '@stegvis/core';
import { countFromEnv } from '../../../scripts/bench-env.js';

const data = parseYaml(readFileSync(new URL('../../../examples/nacka/programme.yaml', import.meta.url), 'utf8'));
if (!data.ok) throw new Error('nacka');
const shipped = data.value.data as Record<string, unknown>;
const { compliance: _c, intensity: _i, ...without } = shipped;
const build = (d: unknown) => {
  const r = validateProgramme(d);
  if (!r.ok) throw new Error('invalid');
  return r.value;
};
const cw = { id: 'cw', role: 'caseworker' };
const fm = { id: 'fm', role: 'workSupervisor' };
const sys = { id: 'clock', role: 'system' };

function run(programme: ReturnType<typeof build>, participants: number, withIntensity: boolean): { commands: number; ms: number } {
  const engine = createEngine(programme);
  let commands = 0;
  const t0 = performance.now();
  for (let p = 0; p < participants; p++) {
    const id = `P${p}`;
    let s = engine.initial(id);
    const send = (actor: object, local: string, body: object) => {
      const r = engine.execute(s, { ...body, participantId: id, actor, at: stockholmInstant(local) });
      commands++;
      if (!r.ok) throw new Error(JSON.stringify(r.refusal.issues));
      s = r.snapshot;
    };
    send(cw, '2002-03-04T09:00', { type: 'refer', facts: { referrer: 'aktivum' }, place: 'granted' });
    send(cw, '2002-03-04T10:00', { type: 'completeAssessment', contents: { physical: 'a', cooperation: 'b', instructions: 'c', timekeeping: 'd' } });
    send(cw, '2002-03-04T11:00', { type: 'establishPlan', contents: { activities: 'a', attendanceAgreement: 'b' }, subGoals: ['g'], participantTookPart: true, ...(withIntensity ? { intensity: { percent: 60, daysPerWeek: 3 } } : {}) });
    for (let d = 0; d < 84; d++) {
      const day = addPeriod('2002-03-04', { days: d });
      if (d % 7 === 0 || d % 7 === 2 || (d % 7 === 4 && d % 3 !== 0)) send(fm, `${day}T16:00`, { type: 'recordAttendance', date: day, hours: 6 });
      send(sys, `${day}T20:00`, { type: 'tick' });
    }
  }
  return { commands, ms: performance.now() - t0 };
}

const N = countFromEnv('PARTICIPANTS', 300);
for (const round of [1, 2]) {
  const a = run(build(without), N, false);
  const b = run(build(shipped), N, true);
  const rate = (x: { commands: number; ms: number }) => Math.round(x.commands / (x.ms / 1000));
  console.log(`round ${round}: without compliance ${rate(a)} commands/s (${a.commands} in ${Math.round(a.ms)} ms); with intensity and one rule ${rate(b)} commands/s (${b.commands} in ${Math.round(b.ms)} ms)`);
}
