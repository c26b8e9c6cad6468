import { createHash } from 'node:crypto';
import { DomainEventSchema, ParticipantContextSchema } from '@stegvis/core';
import { z } from 'zod';

const digest = (schema: z.ZodType): string =>
  createHash('sha256').update(JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }))).digest('hex').slice(0, 32);

let snapshots: string | undefined;
let events: string | undefined;

/**
 * The format of the snapshots this store writes: a digest of the JSON Schema of core's participant context.
 * It enters each snapshot's checksum, so a snapshot written under another shape of the context (an older or
 * newer stegvis) is not trusted as is: it is checked against the schema again, and rewritten by the next command.
 */
export function snapshotFormat(): string {
  snapshots ??= digest(ParticipantContextSchema);
  return snapshots;
}

/**
 * The format of the event rows this store writes: a digest of the JSON Schema of core's domain events. It enters
 * each event row's checksum, so a row written under another shape of the events (an older or newer stegvis) is
 * folded the checked way, by the schema and the input edge, as a row without a checksum or one edited by hand is.
 */
export function eventFormat(): string {
  events ??= digest(DomainEventSchema);
  return events;
}

/** The formats a store's checksums are keyed by: its snapshots' and its event rows'. */
export interface Formats {
  readonly snapshot: string;
  readonly event: string;
}

export const storeFormats = (): Formats => ({ snapshot: snapshotFormat(), event: eventFormat() });
