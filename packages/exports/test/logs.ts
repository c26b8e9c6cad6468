import { readFileSync } from 'node:fs';
import { type DomainEvent, type ExitStatus, type FactValue, type IsoDate, type Programme, addPeriod, createEngine, formatIssues, validateProgrammeYaml } from '@stegvis/core';

/** An example programme, as the CLI reads it. */
export function example(name: string): Programme {
  const r = validateProgrammeYaml(readFileSync(new URL(`../../../examples/${name}/programme.yaml`, import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(formatIssues(r.issues));
  return r.value;
}

/** One participant's life, as the event log written for a test: referred and admitted, left, followed up. */
export interface Life {
  readonly id: string;
  readonly facts: Readonly<Record<string, FactValue>>;
  readonly admitted: IsoDate;
  readonly exit?: { readonly on: IsoDate; readonly outcome: string };
  readonly followUps?: readonly { readonly id: string; readonly on: IsoDate; readonly status: ExitStatus; readonly work?: { since: IsoDate; until?: IsoDate } }[];
}

const at = (d: IsoDate) => `${d}T10:00:00+01:00`;

/** The events the engine records for a life (every command must be accepted: a refusal is a bug in the test). */
export function logOf(programme: Programme, life: Life): DomainEvent[] {
  const engine = createEngine(programme);
  const actor = { id: 'caseworker-1', role: 'caseworker' };
  let s = engine.initial(life.id);
  const events: DomainEvent[] = [];
  const send = (body: Record<string, unknown>) => {
    const r = engine.execute(s, { ...body, participantId: life.id, actor });
    if (!r.ok) throw new Error(`${life.id} ${String(body.type)}: ${JSON.stringify(r.refusal.issues)}`);
    s = r.snapshot;
    events.push(...r.events);
  };
  send({ type: 'refer', at: at(life.admitted), facts: life.facts, ...(programme.config.capacity ? { place: 'granted' } : {}) });
  if (life.exit) send({ type: 'exit', at: at(life.exit.on), outcomeId: life.exit.outcome });
  for (const f of life.followUps ?? []) send({ type: 'recordExitFollowUp', at: at(f.on), followUpId: f.id, status: f.status, ...(f.work ? { work: f.work } : {}) });
  return events;
}

export const month = (d: IsoDate) => addPeriod(d, { months: 1 });
