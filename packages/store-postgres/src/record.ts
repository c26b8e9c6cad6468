import { z } from 'zod';

/**
 * The store's own record in the events table: a participant moved to a newer programme version with
 * a step mapping. It takes its place in the participant's sequence (`seq`) like an event; the loader
 * replays it by migrating the state (see `migration.ts`), so the events after it run under `to`.
 */
export const MIGRATED = 'participant.migrated' as const;

const Ref = z.strictObject({ id: z.string().min(1), version: z.number().int() });

export const MigrationRecordSchema = z.strictObject({
  from: Ref,
  to: Ref,
  steps: z.record(z.string(), z.string()),
});
export type MigrationRecord = z.output<typeof MigrationRecordSchema>;
