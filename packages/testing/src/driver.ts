import { type Actor, type CommandInput, type DomainEvent, type Engine, type ExecuteResult, type ParticipantSnapshot, createEngine, type Programme, stockholmInstant } from '@stegvis/core';

type Body = CommandInput extends infer C ? (C extends unknown ? Omit<C, 'participantId' | 'actor' | 'at'> : never) : never;

/**
 * One participant driven through the engine, command by command, the way a case system would:
 * each command dated, made by an actor; the snapshot kept only when the command is accepted.
 */
export class ParticipantDriver {
  snapshot: ParticipantSnapshot;
  readonly log: ExecuteResult[] = [];

  constructor(
    readonly engine: Engine,
    readonly participantId: string,
    private actor: Actor = { id: 'caseworker-1', role: 'caseworker' },
  ) {
    this.snapshot = engine.initial(participantId);
  }

  static for(programme: Programme, participantId: string): ParticipantDriver {
    return new ParticipantDriver(createEngine(programme), participantId);
  }

  as(actor: Actor): this {
    this.actor = actor;
    return this;
  }

  /** `at` is a local Stockholm time `2026-01-31T09:00`, or a full ISO instant. */
  send(at: string, body: Body): ExecuteResult {
    const instant = /[+-]\d\d:\d\d$|Z$/.test(at) ? at : stockholmInstant(at);
    const result = this.engine.execute(this.snapshot, { ...body, participantId: this.participantId, actor: this.actor, at: instant });
    if (result.ok) this.snapshot = result.snapshot;
    this.log.push(result);
    return result;
  }

  get context() {
    return this.snapshot.context;
  }

  deadline(id: string) {
    return this.context.deadlines.find((d) => d.id === id);
  }
}

/**
 * A participant's recorded history as a store would hold it: each command executed on the last accepted
 * snapshot, with the events so far (which a `voidEvent` needs); refused commands leave nothing.
 */
export function recordCommands(engine: Engine, participantId: string, commands: readonly CommandInput[]): { snapshot: ParticipantSnapshot; events: DomainEvent[] } {
  let snapshot = engine.initial(participantId);
  const events: DomainEvent[] = [];
  for (const c of commands) {
    const r = engine.execute(snapshot, c, { events });
    if (r.ok) {
      snapshot = r.snapshot;
      events.push(...r.events);
    }
  }
  return { snapshot, events };
}
