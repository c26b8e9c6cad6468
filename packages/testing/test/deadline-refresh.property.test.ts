import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CommandInput, type Programme, createEngine, isOpen } from '@stegvis/core';
// Not part of the package's API: the full refresh is what the incremental one must agree with.
import { refreshDeadlines } from '../../core/src/path/evolve.js';
import { copyDeadline } from '../../core/src/state/deadline.js';
import { actorFor, commandSequence, loadProgramme, programmeArbitrary, recordCommands } from '../src/index.js';

/**
 * `evolve` re-checks a deadline's condition only after an event that changed a part of the state the condition
 * reads (`recordReads`, from the record-condition rules and the context reader's table). It must agree with
 * checking every deadline after every event: after each event of the log a full refresh of the state changes
 * nothing — no deadline left open has a condition that holds, none has a status other than the calendar's for
 * the day. After an event on the day of the one before, a deadline whose condition reads nothing it changed is
 * not looked at at all (its status is that day's already): the same full refresh holds that skip to account
 * (skipping on a day that moved fails it). On generated programmes and on the seeds, with
 * random command sequences and, mixed in, follow-ups attended by every joint role (so that follow-up deadlines
 * are met, not only requirements).
 */

const RUNS = Math.max(150, Number(process.env.FC_RUNS ?? 150));
const PID = 'D-1';
const seeds = ['ljusnarsberg', 'nacka', 'timra', 'kungsbacka', 'enkoping'].map((n) => loadProgramme(new URL(`../../../examples/${n}/programme.yaml`, import.meta.url)));

/** A random sequence with follow-ups of the whole joint team inserted after some of its commands. */
const sequence = (programme: Programme) =>
  fc
    .record({
      commands: commandSequence(programme, PID, { maxLength: 40 }),
      followUps: fc.array(fc.tuple(fc.nat(), actorFor(programme, 'recordFollowUp'), fc.nat()), { maxLength: 6 }),
    })
    .map(({ commands, followUps }) => {
      const out = [...commands];
      const steps = programme.steps.map((s) => s.id);
      for (const [at, actor, pick] of followUps.sort((a, b) => b[0] - a[0])) {
        if (out.length === 0) break;
        const i = at % out.length;
        const evaluation = pick % 3 === 0 && steps.length > 0 ? { kind: 'evaluation' as const, stepId: steps[pick % steps.length]! } : {};
        const f = { type: 'recordFollowUp' as const, participantId: PID, at: out[i]!.at, actor, participantTookPart: true, attendedBy: programme.config.followUps?.jointWith ?? [], ...evaluation };
        out.splice(i + 1, 0, f as CommandInput);
      }
      return { programme, commands: out };
    });

describe('the incremental deadline refresh equals a full one', () => {
  it(`after every event, on ${RUNS} generated programmes and ${RUNS} runs of the seeds`, () => {
    let open = 0;
    // Open deadlines after an event on the same day as the one before: what the day's skip leaves as it is.
    let sameDay = 0;
    const met = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.oneof(programmeArbitrary().chain(({ programme }) => sequence(programme)), fc.constantFrom(...seeds).chain(sequence)),
        ({ programme, commands }) => {
          const engine = createEngine(programme);
          let s = engine.initial(PID);
          const log = recordCommands(engine, PID, commands).events;
          for (const [i, event] of log.entries()) {
            // A void takes the log it voids in: the state is the fold of the stream up to it.
            const r = event.type === 'event.voided' ? engine.replay(PID, log.slice(0, i + 1)) : engine.apply(s, event);
            expect(r.ok).toBe(true);
            if (!r.ok) return;
            const before = s.context;
            s = r.value;
            const ctx = s.context;
            open += ctx.deadlines.filter(isOpen).length;
            if (before.today === ctx.today) sameDay += before.deadlines.filter(isOpen).length;
            for (const d of ctx.deadlines) if (d.status === 'met' && !before.deadlines.some((b) => b.id === d.id && b.status === 'met')) met.set(d.metWhen.type, (met.get(d.metWhen.type) ?? 0) + 1);
            expect(refreshDeadlines(programme, ctx, ctx.today!, null).deadlines).toEqual(ctx.deadlines);
            // The copy evolve changes a deadline on has every field, in the order the deadline has them.
            for (const d of ctx.deadlines) expect(JSON.stringify(copyDeadline(d))).toBe(JSON.stringify(d));
          }
        },
      ),
      { numRuns: 2 * RUNS },
    );
    // Deadlines were open, and met by the kinds of condition the seeds and the generator use.
    // (Over seven seeds, 1,723–3,641 open and 741–2,369 on an unmoved day at 150 runs: the bounds sit well below both.)
    expect(open).toBeGreaterThan(RUNS * 5);
    expect(sameDay).toBeGreaterThan(RUNS * 2);
    for (const kind of ['assessmentCompleted', 'planEstablished', 'requirementMet', 'stepLeft', 'followUp']) expect(met.get(kind) ?? 0, kind).toBeGreaterThan(RUNS / 20);
  });
});
