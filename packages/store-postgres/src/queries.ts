/**
 * Every SQL statement of the store, in one place and one dialect: PGlite and PostgreSQL run the same
 * text. Parameters are always bound, never spliced in; jsonb parameters are passed as JSON text.
 */

/**
 * The checksum of an event row, as SQL over the columns of `r` (a row of `stegvis.events`, or of the rows to
 * append): md5 of the text of a record of the store's event format (`format`, a parameter) and every column the
 * fold reads (`rawEvent`); a record's text quotes what needs it, so no two rows give the same text. Written with
 * the row by `appendCommand` (`appendCommands`) and computed again from the row as it is at every read that folds: a row edited
 * behind the store, moved to another participant or seq, or written by a store of another event format fails
 * it, and is folded the checked way (the schema, the input edge). (A record's text costs the server less than a
 * jsonb array's: 0.8 s against 1.0–1.2 s over 200,000 rows.)
 */
export const eventChecksum = (format: string, participant: string, r: string) =>
  `md5(row(${format}::text, ${participant}, ${r}.seq, ${r}.programme_id, ${r}.programme_version, ${r}.type, ${r}.at_text, ${r}.actor, ${r}.command_id, ${r}.payload)::text)`;

/** Whether the event row `e` is as this store wrote it in event format `format` (see `eventChecksum`). */
const eventTrusted = (format: string) => `coalesce(e.checksum = ${eventChecksum(format, 'e.participant_id', 'e')}, false)`;

/** A deadline row's own columns (`DeadlineOwn`) and its participant's (`DeadlineOwner`), as `json_to_recordset` record types. */
const deadlineOwnRecord = 'deadline_id text, kind text, step_id text, opens_on date, due_on date, status text';
const deadlineOwnerRecord = 'area text, responsible text, programme_id text, programme_version integer, referred_by text';
/** A whole deadline row's columns (the appends' deadline arrays). */
const deadlineRecord = `${deadlineOwnRecord}, ${deadlineOwnerRecord}`;

/** A deadline row's columns in the table's order, as the statements that write rows name them. */
const deadlineColumns = 'participant_id, deadline_id, kind, step_id, opens_on, due_on, status, area, responsible, programme_id, programme_version, referred_by';

/** A deadline row written over the participant's row of the same id. */
const deadlineUpsert = `on conflict (participant_id, deadline_id) do update
      set kind = excluded.kind, step_id = excluded.step_id, opens_on = excluded.opens_on, due_on = excluded.due_on,
          status = excluded.status, area = excluded.area, responsible = excluded.responsible,
          programme_id = excluded.programme_id, programme_version = excluded.programme_version,
          referred_by = excluded.referred_by`;

/**
 * Loads a participant in one round trip: the snapshot row (unless `$3`, replay from the events; its json in `snapshot`), the
 * events after it, the events of command `$2` wherever they are (a repeated command id), and the
 * command's row in `commands` (part 2: its digest, and its refusal as the payload). `trusted` says whether
 * the snapshot is byte for byte what this store wrote in format `$4` (its checksum, see `appendCommand`), and
 * of an event whether its row is as this store wrote it in event format `$5` (see `eventChecksum`).
 */
export const loadParticipant = `
  with snap as (
    select version, programme_id, programme_version, snapshot, checksum
    from stegvis.snapshots where participant_id = $1 and not $3::boolean
  ), base as (
    select coalesce((select version from snap), 0) as version
  )
  select 0 as part, s.version as seq, s.programme_id, s.programme_version,
         null::text as type, null::text as at_text, null::jsonb as actor, null::text as command_id,
         null::jsonb as payload, s.snapshot, false as duplicate, null::text as digest,
         coalesce(s.checksum = md5($4::text || s.snapshot::text), false) as trusted
  from snap s
  union all
  select 1, e.seq, e.programme_id, e.programme_version, e.type, e.at_text, e.actor, e.command_id, e.payload, null,
         ($2::text is not null and e.command_id = $2::text) as duplicate, null, ${eventTrusted('$5')}
  from stegvis.events e
  where e.participant_id = $1
    and (e.seq > (select version from base) or ($2::text is not null and e.command_id = $2::text))
  union all
  select 2, 0, null, null, null, null, null, c.command_id, c.refusal, null, false, c.digest, null
  from stegvis.commands c
  where $2::text is not null and c.participant_id = $1 and c.command_id = $2::text
  order by part, seq`;

/** A command id and its digest, with the refusal when it was refused; nothing when the id is taken (then reload). */
export const insertCommand = `
  insert into stegvis.commands (participant_id, command_id, digest, refusal)
  values ($1, $2, $3, $4::jsonb)
  on conflict (participant_id, command_id) do nothing
  returning 1 as inserted`;

/**
 * Whether a participant is still where this store left them: at version `$2` (the seq of their last event)
 * with their snapshot row at it, as `appendCommand` checks before it writes.
 */
export const headCurrent = `
  select (select coalesce(max(seq), 0) from stegvis.events where participant_id = $1) = $2::integer
     and exists (select 1 from stegvis.snapshots where participant_id = $1 and version = $2::integer) as current`;

/**
 * A command's whole write in one statement, so in one round trip and one transaction: the command id's row,
 * the events, the snapshot and the deadline rows that changed, written only when the participant is still at
 * the version the command was decided on (`$2`) and, with `$13`, their snapshot row is still the one at that
 * version (the deadline changes are computed against it: a snapshot row deleted or rewritten since means the
 * index may be too). Answers how many events were appended: 0 when the participant moved on (another writer
 * was first), their snapshot row is not at `$2` (with `$13`), or the command id was taken (`$3`, its row
 * exists): nothing written. A writer appending the same seq at the same moment makes it fail with a unique
 * violation instead, and nothing of it is written either.
 *
 * The snapshot's checksum is md5 of the store's format `$12` and the snapshot's text (a json column keeps it as
 * sent): a row whose checksum holds is one this store wrote in this format, and is loaded without being checked
 * by the schema again. The
 * deadline rows are written after the snapshot row (they read its result), so every writer takes the
 * snapshot row's lock before the deadline rows' (see `writeRebuilt`).
 *
 * $1 participant, $2 expected version, $3 command id, $4 digest, $5 events (jsonb array), $6 new version,
 * $7 programme id, $8 programme version, $9 persisted snapshot, $10 deadline rows to upsert, $11 deadline ids
 * to delete, $12 snapshot format, $13 whether the snapshot row must be at $2, $14 null, or the ids of the
 * participant's deadlines when `$10` holds them all: every other row of theirs is deleted (after a void, whose
 * state is rebuilt from the stream, or when the index may be behind the state), $15 event format (each event
 * row's checksum, see `eventChecksum`), $16 whether the snapshot carries a compliance flag and $17 its referring
 * caseworker (`notCompliant` reads them; see `complianceColumns`).
 */
export const appendCommand = `
  with head as (
    select coalesce(max(seq), 0) as version from stegvis.events where participant_id = $1
  ), go as (
    select 1 from head where version = $2::integer
      and (not $13::boolean or exists (select 1 from stegvis.snapshots where participant_id = $1 and version = $2::integer))
  ), cmd as (
    insert into stegvis.commands (participant_id, command_id, digest, refusal)
    select $1, $3::text, $4::text, null from go where $3::text is not null
    on conflict (participant_id, command_id) do nothing
    returning 1
  ), ev as (
    insert into stegvis.events
      (participant_id, seq, programme_id, programme_version, type, at, at_text, actor, command_id, command_event, payload, checksum)
    select $1, x.seq, x.programme_id, x.programme_version, x.type, x.at_text::timestamptz, x.at_text,
           x.actor, x.command_id, x.command_event, x.payload, ${eventChecksum('$15', '$1::text', 'x')}
    from json_to_recordset($5::json) as x(
      seq integer, programme_id text, programme_version integer, type text, at_text text,
      actor jsonb, command_id text, command_event smallint, payload jsonb)
    where exists (select 1 from go) and ($3::text is null or exists (select 1 from cmd))
    order by x.seq
    returning seq
  ), snap as (
    insert into stegvis.snapshots (participant_id, version, programme_id, programme_version, snapshot, checksum, flagged, referred_by, updated_at)
    select $1, $6::integer, $7::text, $8::integer, s.j, md5($12::text || s.j::text), $16::boolean, $17::text, now()
    from (select $9::json as j) as s
    where exists (select 1 from ev)
    on conflict (participant_id) do update
      set version = excluded.version, programme_id = excluded.programme_id, programme_version = excluded.programme_version,
          snapshot = excluded.snapshot, checksum = excluded.checksum, flagged = excluded.flagged, referred_by = excluded.referred_by,
          updated_at = now()
      where stegvis.snapshots.version < excluded.version
    returning 1
  ), up as (
    insert into stegvis.deadlines
      (${deadlineColumns})
    select $1, x.deadline_id, x.kind, x.step_id, x.opens_on, x.due_on, x.status, x.area, x.responsible,
           x.programme_id, x.programme_version, x.referred_by
    from json_to_recordset($10::json) as x(
      ${deadlineRecord})
    where exists (select 1 from snap)
    ${deadlineUpsert}
    returning 1
  ), gone as (
    delete from stegvis.deadlines
    where participant_id = $1 and exists (select 1 from snap)
      and (deadline_id = any($11::text[]) or ($14::text[] is not null and not deadline_id = any($14::text[])))
    returning 1
  )
  select (select count(*) from ev)::int as appended`;


/**
 * `appendCommand` for two or more commands, each on a different participant (its array form for one write cost the
 * server 50–85 µs more executing it, 0.33–0.41 ms against 0.27–0.31 ms in `pg_stat_statements` over 1,500 alternated
 * begin/append/rollback loops: the single writer's write stays `appendCommand`; `group-commit.test.ts` checks that
 * the two write the same rows). Their writes in one statement, so in one round trip and one transaction (a commit
 * and its WAL flush shared by all of them: concurrent commands are written together, see `writer.ts`). Each command is its own element of `$1` and keeps its own guard: its command id's row, events,
 * snapshot and deadline rows that changed are written only when its participant is still at the version it was
 * decided on (`expected`) and, with `indexed`, their snapshot row is still the one at that version (the deadline
 * changes are computed against it: a snapshot row deleted or rewritten since means the index may be too), and its
 * command id (`command_id`) was not taken (its row exists). Answers, for each element in order (`i`), how many
 * events were appended: 0 when that command's guard failed, and nothing of it written; the others are written all
 * the same. A writer appending the same seq at the same moment makes the whole statement fail with a unique
 * violation instead, and nothing of any element is written.
 *
 * A snapshot's checksum is md5 of the store's format `$2` and the snapshot's text (a json column keeps it as sent):
 * a row whose checksum holds is one this store wrote in this format, and is loaded without being checked by the
 * schema again. Each snapshot is a parameter of its own (`$4` is element 0's, `$5` element 1's …), not a field of
 * `$1`: `json_to_recordset` took the server 120–160 µs more for a 5 KB snapshot inside its array than the 40 µs of
 * checking it as a json parameter; so there is one statement text for each number of writes (`appendCommands(n)`). One write goes through
 * `appendCommand`.
 * The deadline rows are written after the snapshot rows (they read its result), so every writer takes a snapshot
 * row's lock before its deadline rows' (see `writeRebuilt`). The events go in as `events` lists them, in seq order
 * (no sort: one cost 30–70 µs of the server's time a command).
 *
 * An element of `$1`: i (its position), participant_id, expected (the version), command_id and digest (or null),
 * events (the rows, see `eventRecords`), version (the new one), programme_id and programme_version, upsert (deadline
 * rows to write), remove (deadline ids to delete), indexed (whether the snapshot row must be at expected), keep (null,
 * or the ids of the participant's deadlines when `upsert` holds them all: every other row of theirs is deleted —
 * after a void, whose state is rebuilt from the stream, or when the index may be behind the state), flagged and
 * referred_by (the compliance columns, see `complianceColumns`). `$3` is the event format (each event row's checksum,
 * see `eventChecksum`).
 */
const appendCommandsOf = (n: number) => `
  with input as (
    select x.*, s.snapshot from json_to_recordset($1::json) as x(
      i integer, participant_id text, expected integer, command_id text, digest text, events json, version integer,
      programme_id text, programme_version integer, upsert json, remove text[], indexed boolean, keep text[],
      flagged boolean, referred_by text)
    join (values ${Array.from({ length: n }, (_, i) => `(${i}, $${i + 4}::json)`).join(', ')}) as s(i, snapshot) on s.i = x.i
  ), go as (
    select x.* from input x
    where (select coalesce(max(e.seq), 0) from stegvis.events e where e.participant_id = x.participant_id) = x.expected
      and (not x.indexed or exists (select 1 from stegvis.snapshots s where s.participant_id = x.participant_id and s.version = x.expected))
  ), cmd as (
    insert into stegvis.commands (participant_id, command_id, digest, refusal)
    select participant_id, command_id, digest, null from go where command_id is not null
    on conflict (participant_id, command_id) do nothing
    returning participant_id
  ), ok as (
    select g.* from go g where g.command_id is null or g.participant_id in (select participant_id from cmd)
  ), ev as (
    insert into stegvis.events
      (participant_id, seq, programme_id, programme_version, type, at, at_text, actor, command_id, command_event, payload, checksum)
    select o.participant_id, r.seq, r.programme_id, r.programme_version, r.type, r.at_text::timestamptz, r.at_text,
           r.actor, r.command_id, r.command_event, r.payload, ${eventChecksum('$3', 'o.participant_id', 'r')}
    from ok o cross join lateral json_to_recordset(o.events) as r(
      seq integer, programme_id text, programme_version integer, type text, at_text text,
      actor jsonb, command_id text, command_event smallint, payload jsonb)
    returning participant_id
  ), snap as (
    insert into stegvis.snapshots (participant_id, version, programme_id, programme_version, snapshot, checksum, flagged, referred_by, updated_at)
    select o.participant_id, o.version, o.programme_id, o.programme_version, o.snapshot, md5($2::text || o.snapshot::text), o.flagged, o.referred_by, now()
    from ok o
    where o.participant_id in (select participant_id from ev)
    on conflict (participant_id) do update
      set version = excluded.version, programme_id = excluded.programme_id, programme_version = excluded.programme_version,
          snapshot = excluded.snapshot, checksum = excluded.checksum, flagged = excluded.flagged, referred_by = excluded.referred_by,
          updated_at = now()
      where stegvis.snapshots.version < excluded.version
    returning participant_id
  ), up as (
    insert into stegvis.deadlines
      (${deadlineColumns})
    select o.participant_id, d.deadline_id, d.kind, d.step_id, d.opens_on, d.due_on, d.status, d.area, d.responsible,
           d.programme_id, d.programme_version, d.referred_by
    from ok o cross join lateral json_to_recordset(o.upsert) as d(
      ${deadlineRecord})
    where o.participant_id in (select participant_id from snap)
    ${deadlineUpsert}
    returning 1
  ), gone as (
    delete from stegvis.deadlines d
    using ok o
    where d.participant_id = o.participant_id and o.participant_id in (select participant_id from snap)
      and (d.deadline_id = any(o.remove) or (o.keep is not null and not d.deadline_id = any(o.keep)))
    returning 1
  )
  select x.i, (select count(*) from ev where ev.participant_id = x.participant_id)::int as appended from input x order by x.i`;

/** The most writes `appendCommands` takes in one statement (one write goes through `appendCommand`). */
export const appendBatchLimit = 16;
const appendTexts = Array.from({ length: appendBatchLimit - 1 }, (_, i) => appendCommandsOf(i + 2));
/** `appendCommands` for `n` writes (2 to `appendBatchLimit`). */
export const appendCommands = (n: number): string => appendTexts[n - 2]!;

/**
 * One page of the rebuild: the next `$3` events after (`$1`, `$2`) in (participant, seq) order, the index's order, one
 * row per participant of the page: `trusted`, whether every one of their rows here is as this store wrote it in event
 * format `$4` (see `eventChecksum`), and `events`, the rows as one JSON text of eight arrays, one per column (seq, type,
 * at_text, command_id, programme_id, programme_version, actor, payload), in the page's order. The last participant of a
 * full page may go on in the next. One row a participant, not a row an event: the driver's work on a page of 20,000
 * events (a string per column and an object per row, the jsonb columns parsed one by one) took this process 120–180 ms
 * against 40–60 ms for the same events this way, for about the server's time (a JSON object an event, built by
 * `json_build_object`, had cost the server twice that).
 */
export const rebuildPage = `
  select participant_id, bool_and(trusted) as trusted,
         '[' || json_agg(seq)::text || ',' || json_agg(type)::text || ',' || json_agg(at_text)::text || ',' || json_agg(command_id)::text
             || ',' || json_agg(programme_id)::text || ',' || json_agg(programme_version)::text
             || ',[' || string_agg(actor::text, ',') || '],[' || string_agg(payload::text, ',') || ']]' as events
  from (
    select participant_id, seq, programme_id, programme_version, type, at_text, actor, command_id, payload, ${eventTrusted('$4')} as trusted
    from stegvis.events e
    where (participant_id, seq) > ($1::text, $2::integer)
    order by participant_id, seq
    limit $3
  ) as page
  group by participant_id
  order by participant_id`;

/**
 * The rebuilt snapshots and deadline rows of `n` participants, in one statement. A participant is written only when
 * their stored snapshot is not newer than the rebuilt one, and not while a command of theirs is being written (its row
 * is locked: skipped, that command leaves them current); the deadline rows of those written are replaced, after their
 * snapshot rows are locked, the order every writer takes them in.
 * $1 the snapshot rows but their snapshots (JSON array of i, participant_id, version, programme_id, programme_version,
 * flagged, referred_by), $2 the deadline rows' own columns (JSON array of i — the participant's element of `$1` — and
 * `DeadlineOwn`), $3 what each participant's state gives all their deadline rows (JSON array of i and `DeadlineOwner`),
 * $4 snapshot format, and each participant's snapshot a parameter of its own (`$5` is element 0's, `$6` element 1's …),
 * checked as json once and kept as its own text (the column is json, its checksum over that text). Inside `$1`,
 * `json_to_recordset` cost the server about as much again as checking each snapshot once (110 against 70–80 ms of
 * backend CPU for a page of 464 snapshots, 4.9 MB), so there is one statement text for each number of participants
 * (`rebuildWriteLimit` at most; made for each write, tens of µs, not kept); the owner's columns once a participant, not
 * on each of their ~26 deadline rows, made the page's deadline array 1.9 MB instead of 3.2 (50–60 against 70–100 ms to
 * parse). No jsonb is built.
 */
export const writeRebuilt = (n: number): string => `
  with input as (
    select x.*, s.snapshot from json_to_recordset($1::json) as x(i integer, participant_id text, version integer, programme_id text,
                                                                   programme_version integer, flagged boolean, referred_by text)
    join (values ${Array.from({ length: n }, (_, i) => `(${i}, $${i + 5}::json)`).join(', ')}) as s(i, snapshot) on s.i = x.i
  ), locked as (
    select s.participant_id, s.version from stegvis.snapshots s
    where s.participant_id in (select participant_id from input)
    for update of s skip locked
  ), writable as (
    select i.* from input i left join locked l using (participant_id)
    where (l.participant_id is not null and l.version <= i.version)
       or (l.participant_id is null and not exists (select 1 from stegvis.snapshots s where s.participant_id = i.participant_id))
  ), snap as (
    insert into stegvis.snapshots (participant_id, version, programme_id, programme_version, snapshot, checksum, flagged, referred_by, updated_at)
    select participant_id, version, programme_id, programme_version, snapshot, md5($4::text || snapshot::text), flagged, referred_by, now() from writable
    on conflict (participant_id) do update
      set version = excluded.version, programme_id = excluded.programme_id, programme_version = excluded.programme_version,
          snapshot = excluded.snapshot, checksum = excluded.checksum, flagged = excluded.flagged, referred_by = excluded.referred_by,
          updated_at = now()
      where stegvis.snapshots.version <= excluded.version
    returning participant_id
  ), rows as (
    select w.participant_id, d.deadline_id, d.kind, d.step_id, d.opens_on, d.due_on, d.status, o.area, o.responsible, o.programme_id,
           o.programme_version, o.referred_by
    from json_to_recordset($2::json) as d(i integer, ${deadlineOwnRecord})
    join json_to_recordset($3::json) as o(i integer, ${deadlineOwnerRecord}) on o.i = d.i
    join input w on w.i = d.i
    where w.participant_id in (select participant_id from snap)
  ), fresh as (
    -- those written now who had no deadline rows: theirs are inserted without a conflict check, which cost the server as
    -- much as the insert itself (a probe of the key per row); no other writer adds them meanwhile, since every writer
    -- locks the snapshot row (held here) before it writes deadline rows
    select participant_id from snap where not exists (select 1 from stegvis.deadlines d where d.participant_id = snap.participant_id)
  ), added as (
    insert into stegvis.deadlines
      (${deadlineColumns})
    select ${deadlineColumns}
    from rows where participant_id in (select participant_id from fresh)
    returning 1
  ), up as (
    insert into stegvis.deadlines
      (${deadlineColumns})
    select ${deadlineColumns}
    from rows where participant_id not in (select participant_id from fresh)
    ${deadlineUpsert}
      -- a row the rebuild finds as it was is left alone, not written again
      where (stegvis.deadlines.kind, stegvis.deadlines.step_id, stegvis.deadlines.opens_on, stegvis.deadlines.due_on, stegvis.deadlines.status,
             stegvis.deadlines.area, stegvis.deadlines.responsible, stegvis.deadlines.programme_id, stegvis.deadlines.programme_version,
             stegvis.deadlines.referred_by)
        is distinct from (excluded.kind, excluded.step_id, excluded.opens_on, excluded.due_on, excluded.status, excluded.area,
             excluded.responsible, excluded.programme_id, excluded.programme_version, excluded.referred_by)
    returning 1
  ), gone as (
    -- by the index on (participant_id, …), not a scan of every deadline row for each page
    delete from stegvis.deadlines d
    where d.participant_id = any(array(select participant_id from snap))
      and not exists (select 1 from rows r where r.participant_id = d.participant_id and r.deadline_id = d.deadline_id)
    returning 1
  )
  select (select count(*) from snap)::int as written`;

/** The most participants `writeRebuilt` writes in one statement (a page of more is written in several). */
export const rebuildWriteLimit = 1_000;

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
 * The statements a command runs, prepared once per connection on a server (`pg.ts`): their plans are
 * kept instead of parsing and planning them on every command.
 */
export const preparedStatements: ReadonlyMap<string, string> = new Map([
  [loadParticipant, 'stegvis_load'],
  [appendCommand, 'stegvis_append'],
  ...appendTexts.map((text, i) => [text, `stegvis_append_${i + 2}`] as const),
  [headCurrent, 'stegvis_current'],
  [insertCommand, 'stegvis_command'],
]);

/**
 * The snapshots that carry a compliance flag: the snapshot is written with every event, so it is the state at the
 * last event. Found by the columns written with it (`flagged`, `referred_by`), not by reading every snapshot's json;
 * a row whose columns no store of this version wrote (null) is read and judged from its snapshot. Filtered by programme and by who may read, in the query; in participant order (`$1` programme or null, `$2` whether to filter by reader, `$3` all, `$4` own referrals, `$5` the reader).
 */
export const flaggedSnapshots = `
  select participant_id, programme_id, programme_version, snapshot->'context' as context
  from stegvis.snapshots
  where flagged is not false
    and ($1::text is null or programme_id = $1::text)
    and (not $2::boolean or programme_id = any($3::text[])
         or (programme_id = any($4::text[]) and coalesce(referred_by, snapshot->'context'->'referral'->>'caseworkerId') = $5::text))
  order by participant_id`;
