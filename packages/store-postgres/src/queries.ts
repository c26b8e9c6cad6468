/**
 * Every SQL statement of the store, in one place and one dialect: PGlite and PostgreSQL run the same
 * text. Parameters are always bound, never spliced in; jsonb parameters are passed as JSON text.
 */

/**
 * Loads a participant in one round trip: the snapshot row (unless `$3`, replay from the events), the
 * events after it, the events of command `$2` wherever they are (a repeated command id), and the
 * command's row in `commands` (part 2: its digest, and its refusal as the payload).
 */
export const loadParticipant = `
  with snap as (
    select version, programme_id, programme_version, snapshot
    from stegvis.snapshots where participant_id = $1 and not $3::boolean
  ), base as (
    select coalesce((select version from snap), 0) as version
  )
  select 0 as part, s.version as seq, s.programme_id, s.programme_version,
         null::text as type, null::text as at_text, null::jsonb as actor, null::text as command_id,
         s.snapshot as payload, false as duplicate, null::text as digest
  from snap s
  union all
  select 1, e.seq, e.programme_id, e.programme_version, e.type, e.at_text, e.actor, e.command_id, e.payload,
         ($2::text is not null and e.command_id = $2::text) as duplicate, null
  from stegvis.events e
  where e.participant_id = $1
    and (e.seq > (select version from base) or ($2::text is not null and e.command_id = $2::text))
  union all
  select 2, 0, null, null, null, null, null, c.command_id, c.refusal, false, c.digest
  from stegvis.commands c
  where $2::text is not null and c.participant_id = $1 and c.command_id = $2::text
  order by part, seq`;

/** A command id and its digest, with the refusal when it was refused; nothing when the id is taken (then reload). */
export const insertCommand = `
  insert into stegvis.commands (participant_id, command_id, digest, refusal)
  values ($1, $2, $3, $4::jsonb)
  on conflict (participant_id, command_id) do nothing
  returning 1 as inserted`;

export const insertEvents = `
  insert into stegvis.events
    (participant_id, seq, programme_id, programme_version, type, at, at_text, actor, command_id, command_event, payload)
  select x.participant_id, x.seq, x.programme_id, x.programme_version, x.type, x.at_text::timestamptz, x.at_text,
         x.actor, x.command_id, x.command_event, x.payload
  from jsonb_to_recordset($1::jsonb) as x(
    participant_id text, seq integer, programme_id text, programme_version integer, type text, at_text text,
    actor jsonb, command_id text, command_event smallint, payload jsonb)
  order by x.seq`;

export const upsertSnapshot = `
  insert into stegvis.snapshots (participant_id, version, programme_id, programme_version, snapshot, updated_at)
  values ($1, $2, $3, $4, $5::jsonb, now())
  on conflict (participant_id) do update
    set version = excluded.version, programme_id = excluded.programme_id,
        programme_version = excluded.programme_version, snapshot = excluded.snapshot, updated_at = now()
    where stegvis.snapshots.version < excluded.version`;

export const upsertDeadlines = `
  insert into stegvis.deadlines
    (participant_id, deadline_id, kind, step_id, opens_on, due_on, status, area, responsible, programme_id, programme_version, referred_by)
  select $1, x.deadline_id, x.kind, x.step_id, x.opens_on, x.due_on, x.status, x.area, x.responsible,
         x.programme_id, x.programme_version, x.referred_by
  from jsonb_to_recordset($2::jsonb) as x(
    deadline_id text, kind text, step_id text, opens_on date, due_on date, status text, area text,
    responsible text, programme_id text, programme_version integer, referred_by text)
  on conflict (participant_id, deadline_id) do update
    set kind = excluded.kind, step_id = excluded.step_id, opens_on = excluded.opens_on, due_on = excluded.due_on,
        status = excluded.status, area = excluded.area, responsible = excluded.responsible,
        programme_id = excluded.programme_id, programme_version = excluded.programme_version,
        referred_by = excluded.referred_by`;

export const deleteDeadlines = `delete from stegvis.deadlines where participant_id = $1 and deadline_id = any($2::text[])`;

/** Every deadline row of a participant: after a void their deadlines are rebuilt from the stream. */
export const deleteAllDeadlines = `delete from stegvis.deadlines where participant_id = $1`;

/** A participant's events in order, as `store.events` and a void read them. */
export const participantEvents = `select seq, programme_id, programme_version, type, at_text, actor, command_id, payload from stegvis.events where participant_id = $1 order by seq`;

/**
 * The deadlines that fall due by `$2` (default: today, `$1`), with their status on `$1` computed from
 * the dates: the stored status is only as fresh as the participant's last event, except that met and
 * cancelled are final and never returned. Served by the partial indexes on open deadlines.
 */
export const dueDeadlines = `
  select participant_id, deadline_id, kind, step_id, opens_on::text as opens_on, due_on::text as due_on,
         computed as status, area, responsible, programme_id, programme_version
  from (
    select d.participant_id, d.deadline_id, d.kind, d.step_id, d.opens_on, d.due_on, d.area, d.responsible,
           d.programme_id, d.programme_version,
           case when d.due_on < $1::date then 'overdue' when d.opens_on <= $1::date then 'due' else 'upcoming' end as computed
    from stegvis.deadlines d
    where d.status not in ('met', 'cancelled')
      and d.opens_on <= coalesce($2::date, $1::date)
      and ($3::text[] is null or d.kind = any($3::text[]))
      and ($4::text is null or d.programme_id = $4::text)
      and ($5::text is null or d.area = $5::text)
      and ($6::text is null or d.responsible = $6::text)
      and ($9::text[] is null or d.programme_id = any($9::text[])
           or ($10::text[] is not null and d.programme_id = any($10::text[]) and d.referred_by = $11::text))
  ) as open
  where ($7::text[] is null or computed = any($7::text[]))
  order by open.due_on, open.participant_id, open.deadline_id
  limit $8`;

/** The roster lock of one programme: held to the end of the transaction, so places are decided one at a time. */
export const lockRoster = `select pg_advisory_xact_lock(hashtext('stegvis.places:' || $1::text))`;

export const selectRoster = `
  select participant_id, status, facts, area, since_text, arrival::float8 as arrival
  from stegvis.places where programme_id = $1`;

/** A participant's row in the roster, kept from the state after each command; since and arrival are set once. */
export const upsertPlace = `
  insert into stegvis.places (programme_id, participant_id, status, facts, area, since_text, arrival)
  values ($1, $2, $3, $4::jsonb, $5, $6, nextval('stegvis.place_arrival'))
  on conflict (programme_id, participant_id) do update
    set status = excluded.status, facts = excluded.facts, area = excluded.area`;

export const deletePlace = `delete from stegvis.places where programme_id = $1 and participant_id = $2`;

/**
 * The snapshots that carry a compliance flag: the snapshot is written with every event, so it is the state at the
 * last event. Filtered by programme and by who may read, in the query; in participant order (`$1` programme or null, `$2` whether to filter by reader, `$3` all, `$4` own referrals, `$5` the reader).
 */
export const flaggedSnapshots = `
  select participant_id, programme_id, programme_version, snapshot->'context' as context
  from stegvis.snapshots
  where snapshot->'context'->'participation'->'flags' <> '{}'::jsonb
    and ($1::text is null or programme_id = $1::text)
    and (not $2::boolean or programme_id = any($3::text[])
         or (programme_id = any($4::text[]) and snapshot->'context'->'referral'->>'caseworkerId' = $5::text))
  order by participant_id`;
