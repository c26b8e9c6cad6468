import { type DomainEvent, type ExitStatus, type FactValue, type IsoDate, type Programme, effectiveEvents, localDate } from '@stegvis/core';

/** What one follow-up after exit found, with what the programme says it reports as. */
export interface FoundAfterExit {
  readonly followUpId: string;
  readonly reportsAs: 'onLeaving' | 'sixMonthsAfterLeaving' | undefined;
  readonly on: IsoDate;
  readonly status: ExitStatus;
  readonly work?: { readonly since: IsoDate; readonly until?: IsoDate };
}

/**
 * One participant as the exports see them: an opaque id, the facts they had when admitted (entry), the
 * days they entered and left (Stockholm dates), and what the follow-ups after exit found. Never exported as
 * such: Kolada's and ESF+'s figures are aggregates; SCB's file carries the id and the two dates only.
 */
export interface ParticipantRecord {
  readonly id: string;
  readonly enteredOn: IsoDate | null;
  readonly leftOn: IsoDate | null;
  readonly factsAtEntry: Readonly<Record<string, FactValue>>;
  readonly afterExit: readonly FoundAfterExit[];
}

export interface SummariseOptions {
  /**
   * Which events count, beyond the effective ones: voided events and the voids are always left out first
   * (core's `effectiveEvents`), so every export is computed over the stream as if they had not happened.
   */
  readonly keep?: (event: DomainEvent, stream: readonly DomainEvent[]) => boolean;
}

/** A participant's stream, folded into what the exports need. Pure; the events are the store's. */
export function summarise(programme: Programme, stream: readonly DomainEvent[], options: SummariseOptions = {}): ParticipantRecord | null {
  const effective = effectiveEvents(stream);
  const events = options.keep ? effective.filter((e) => options.keep!(e, effective)) : effective;
  const first = events[0];
  if (!first) return null;
  let facts: Record<string, FactValue> = {};
  let enteredOn: IsoDate | null = null;
  let factsAtEntry: Record<string, FactValue> = {};
  let leftOn: IsoDate | null = null;
  const afterExit: FoundAfterExit[] = [];
  const reportsAs = new Map(programme.config.followUpAfterExit.map((f) => [f.id, f.reportsAs]));
  for (const e of events) {
    const day = localDate(e.at);
    if (e.type === 'participant.referred') facts = { ...e.payload.facts };
    else if (e.type === 'facts.updated') facts = { ...facts, ...e.payload.facts };
    if (e.type === 'participant.admitted' && enteredOn === null) enteredOn = day;
    // Facts at entry: as they stand at the end of the admission day (a correction that day counts).
    if (enteredOn !== null && day === enteredOn) factsAtEntry = { ...facts };
    if (e.type === 'participant.exited') leftOn = day;
    if (e.type === 'exitFollowUp.recorded')
      afterExit.push({ followUpId: e.payload.followUpId, reportsAs: reportsAs.get(e.payload.followUpId), on: day, status: e.payload.status, ...(e.payload.work ? { work: e.payload.work } : {}) });
  }
  return { id: first.participantId, enteredOn, leftOn, factsAtEntry, afterExit };
}

/** Every stream summarised, in participant-id order (so outputs do not depend on the order read). */
export function summariseAll(programme: Programme, streams: Iterable<readonly DomainEvent[]>, options: SummariseOptions = {}): ParticipantRecord[] {
  const out: ParticipantRecord[] = [];
  for (const s of streams) {
    const r = summarise(programme, s, options);
    if (r) out.push(r);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
