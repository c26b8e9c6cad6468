import { createHash } from 'node:crypto';
import { ParticipantContextSchema } from '@stegvis/core';
import { z } from 'zod';

let format: string | undefined;

/**
 * The format of the snapshots this store writes: a digest of the JSON Schema of core's participant context.
 * It enters each snapshot's checksum, so a snapshot written under another shape of the context (an older or
 * newer stegvis) is not trusted as is: it is checked against the schema again, and rewritten by the next command.
 */
export function snapshotFormat(): string {
  format ??= createHash('sha256').update(JSON.stringify(z.toJSONSchema(ParticipantContextSchema, { unrepresentable: 'any' }))).digest('hex').slice(0, 32);
  return format;
}
