/**
 * An HTTP service on Fastify that shows how a municipal case system embeds stegvis: the case system
 * sends commands (its user, signed in at the identity provider, as the actor; its clock as `at`), reads
 * a participant's state, events and the deadlines that fall due. Every request is authenticated by a
 * signed token (`auth.ts`), every read authorised by the programme's policy (`mayRead` in core), and
 * every access to a participant written to the access log. `buildServer` only builds the app; the host
 * decides where it listens.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import {
  CommandSchema,
  type Engine,
  type Explanation,
  type Lang,
  type ParticipantSnapshot,
  type Programme,
  commandTypes,
  createEngine,
  explainVoids,
  formatExplanation,
  localDate,
  mayRead,
  readScope,
  statusOn,
  toDotPath,
  voidedSeqs,
} from '@stegvis/core';
import { type AnyIssue, type ExecuteOutcome, type ProgrammeRef, type RetryOptions, type Store, isStorableText, retrying, unstorableText } from '@stegvis/store-postgres';
import { type Actor, type AuthOptions, createAuthenticator } from './auth.js';
import { type ApiIssue, IDEMPOTENCY_KEY, apiIssue, dueQueryOf, headersOf, notCompliantQueryOf, languageOf, parseInstant } from './request.js';

export interface ServerOptions {
  /** The event store (`createStore`), already migrated. The service never closes it: the host does. */
  readonly store: Store;
  /** The programmes the store runs, every version: to name a new participant's programme and to validate commands. */
  readonly programmes: readonly Programme[];
  /**
   * Where to write one line per request: method, route pattern (`/participants/:id/commands`, never the
   * participant's id), status and time. Nothing is logged without it; bodies and headers never are.
   */
  readonly log?: (line: string) => void;
  /** How `retrying` retries a command that met a concurrent writer (default: 5 attempts). */
  readonly retry?: RetryOptions;
  /** How every request is authenticated: signed tokens verified against the identity provider's keys. */
  readonly auth: AuthOptions;
  /** Where to write who read or changed which participant, one entry per request that touched participants (opaque ids only). */
  readonly accessLog?: (entry: AccessEntry) => void;
  /** The clock of the access log's times (default: the system clock). */
  readonly clock?: () => Date;
}

/** One line of the access log: who (the verified actor), what, which participants, when, and the answer. No bodies, no names. */
export interface AccessEntry {
  readonly at: string;
  readonly actor: Actor;
  readonly action: 'command' | 'read' | 'readEvents' | 'list';
  /** The route pattern, never the URL. */
  readonly route: string;
  readonly status: number;
  /** The participants read or changed (for a command, also those its freed place went to). */
  readonly participants: readonly string[];
  readonly commandType?: string;
}

/** Every error the service answers: a code, a one-line message, the issues with their paths, and for a refusal by a rule, its explanation. */
export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly issues: readonly ApiIssue[];
  readonly explanation?: { readonly lang: Lang; readonly text: string; readonly tree: Explanation };
}

/** Where the parts of a command come from in HTTP: a path into the command becomes a path into the request. */
const requestPath = (path: readonly (string | number)[]): readonly (string | number)[] => {
  const [head, next] = path;
  if (head === 'participantId') return ['params', 'id'];
  if (head === 'commandId') return ['headers', IDEMPOTENCY_KEY];
  if (head === 'actor') return ['headers', 'authorization', ...(next === undefined ? [] : [next === 'id' ? 'sub' : 'role'])];
  return path;
};

const toApi = (issues: readonly AnyIssue[] | readonly ApiIssue[]): ApiIssue[] =>
  issues.map((i) => apiIssue(i.code, requestPath(i.path), i.message, i.fix));

const errorBody = (code: string, issues: readonly ApiIssue[], lang?: Lang, explanation?: Explanation): ErrorBody => {
  const first = issues[0];
  return {
    code,
    message: first ? `${toDotPath(first.path)}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}` : code,
    issues,
    ...(explanation && lang ? { explanation: { lang, text: formatExplanation(explanation, lang), tree: explanation } } : {}),
  };
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields the service puts into a command itself: a body that sends them is told where they come from. */
const fromElsewhere: Readonly<Record<string, string>> = {
  participantId: 'comes from the path, /participants/:id/commands',
  actor: 'comes from the signed token (Authorization: Bearer …)',
  commandId: `comes from the header Idempotency-Key`,
};

/**
 * Builds the Fastify app (not listening). Routes:
 * `POST /participants/:id/commands`, `GET /participants/:id`, `GET /participants/:id/events`, `GET /deadlines/due`, `GET /compliance/not-compliant`.
 *
 * @example
 * const app = buildServer({ store, programmes });
 * await app.listen({ host: '127.0.0.1', port: 3000 });
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const { store, programmes } = options;
  if (programmes.length === 0) throw new Error('buildServer needs at least one programme');
  const log = options.log ?? (() => undefined);
  const programmeIds = [...new Set(programmes.map((p) => p.id))].sort();

  const engines = new Map<string, Engine>();
  const engineOf = (ref: ProgrammeRef): Engine | undefined => {
    const key = `${ref.id}@${ref.version}`;
    if (!engines.has(key)) {
      const p = programmes.find((x) => x.id === ref.id && x.version === ref.version);
      if (p) engines.set(key, createEngine(p));
    }
    return engines.get(key);
  };
  const newest = (id: string): ProgrammeRef | undefined => {
    const versions = programmes.filter((p) => p.id === id).map((p) => p.version);
    return versions.length > 0 ? { id, version: Math.max(...versions) } : undefined;
  };
  // The schema is the same for every programme; the engine phrases its issues (path, message, fix) as core does.
  const probe = engineOf({ id: programmes[0]!.id, version: programmes[0]!.version })!;

  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 200 }, bodyLimit: 256 * 1024, return503OnClosing: true });
  const authenticate = createAuthenticator(options.auth);
  const now = options.clock ?? (() => new Date());
  const actors = new WeakMap<object, Actor>();
  const accessed = new WeakMap<object, Omit<AccessEntry, 'at' | 'actor' | 'route' | 'status'>>();
  const actorOf = (request: object): Actor => actors.get(request)!;
  /** The newest version of each programme: its policy decides what a role may read. */
  const newestOf = [...new Set(programmes.map((p) => p.id))].map((id) => programmes.filter((p) => p.id === id).sort((a, b) => b.version - a.version)[0]!);

  // Who asks, before anything else: an unknown route or a bad body answers nothing to an unauthenticated client.
  app.addHook('onRequest', async (request, reply) => {
    const who = await authenticate(request.headers.authorization);
    if (!who.ok) {
      reply.header('www-authenticate', 'Bearer realm="stegvis"');
      return reply.code(who.status).send(errorBody(who.issue.code, [who.issue]));
    }
    actors.set(request, who.actor);
  });

  // Text PostgreSQL cannot hold (NUL, a lone surrogate) is bad input wherever it is: refused here, before the store.
  app.addHook('preHandler', async (request, reply) => {
    const params = request.params as Record<string, unknown> | undefined;
    const key = request.headers[IDEMPOTENCY_KEY];
    const path =
      (params && Object.keys(params).length > 0 ? unstorableText(params, ['params']) : undefined) ??
      unstorableText(request.query ?? {}, ['query']) ??
      (typeof key === 'string' && !isStorableText(key) ? ['headers', IDEMPOTENCY_KEY] : undefined) ??
      (request.body !== undefined ? unstorableText(request.body) : undefined);
    if (path)
      return reply.code(400).send(errorBody('request.unstorable_text', [apiIssue('request.unstorable_text', path, 'the text holds a NUL character (U+0000) or a lone surrogate (U+D800–U+DFFF without its pair)', 'remove the character; send text as valid Unicode (UTF-8)')]));
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    log(`${request.method} ${route} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`);
    const access = accessed.get(request);
    const actor = actors.get(request);
    if (access && actor && options.accessLog) options.accessLog({ at: now().toISOString(), actor, route, status: reply.statusCode, ...access });
  });

  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send(errorBody('request.unknown_route', [apiIssue('request.unknown_route', ['url'], `no route ${request.method} ${request.url.split('?')[0]}`, 'the routes are POST /participants/:id/commands, GET /participants/:id, GET /participants/:id/events GET /deadlines/due and GET /compliance/not-compliant')])),
  );

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const answer = (code: string, message: string, fix?: string) => reply.code(status).send(errorBody(code, [apiIssue(code, ['body'], message, fix)]));
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return answer('request.malformed_json', 'the body is not valid JSON', 'send the command as a JSON object');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return answer('request.malformed_json', 'the body is empty', 'send the command as a JSON object');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return answer('request.unsupported_media_type', `the body must be JSON, not ${String(request.headers['content-type'] ?? 'unspecified').slice(0, 60)}`, 'send Content-Type: application/json');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return answer('request.too_large', 'the body is too large for a command');
    }
    if (status < 500) return answer('request.invalid', error.message);
    // No stack trace and no message to the client, and only the error's code in the log: messages may carry data.
    log(`error in ${request.method} ${request.routeOptions.url ?? '(no route)'}: ${error.code ?? error.name}`);
    return reply.code(500).send(errorBody('internal', [apiIssue('internal', [], 'the service failed; nothing is known to have been written', 'retry; if it persists, see the service log')]));
  });

  /** The store could not read or write: a broken database is 503, anything else (a corrupt event, a missing programme version) 500. */
  const failed = (reply: FastifyReply, issues: readonly AnyIssue[]) => {
    if (issues.some((i) => i.code === 'store.database'))
      return reply.code(503).send(errorBody('store.database', [apiIssue('store.database', [], 'the event store is unavailable', 'retry later')]));
    log(`store failure: ${issues.map((i) => i.code).join(', ')}`);
    return reply.code(500).send(errorBody(issues[0]?.code ?? 'internal', toApi(issues)));
  };

  const unknownParticipant = (reply: FastifyReply, id: string) =>
    reply.code(404).send(errorBody('participant.unknown', [apiIssue('participant.unknown', ['params', 'id'], 'no participant with this id has any events', 'send "refer" with "programme" first')]));

  /** Whether a participant has no events at all: what a store.unknown_programme on load means when no programme was named. */
  const hasNoEvents = async (id: string): Promise<boolean | undefined> => {
    const events = await store.events(id);
    return events.ok ? events.value.length === 0 : undefined;
  };

  /** What a caseworker's screen shows: phase, step, open deadlines (as of `today`, when given) and flags. */
  const participantOf = (engine: Engine, snapshot: ParticipantSnapshot, version: number, today?: string) => {
    const view = engine.view(snapshot);
    const step = view.stepId ? engine.programme.stepsById.get(view.stepId) : undefined;
    return {
      participantId: view.participantId,
      programme: { id: engine.programme.id, version: engine.programme.version },
      version,
      phase: view.phase,
      step: step ? { id: step.id, label: step.label } : null,
      openDeadlines: view.openDeadlines.map((d) => ({
        id: d.id,
        kind: d.kind,
        label: d.label,
        ...(d.stepId ? { stepId: d.stepId } : {}),
        opensOn: d.opensOn,
        dueOn: d.dueOn,
        status: today ? statusOn(d, today) : d.status,
      })),
      flags: view.flags,
    };
  };

  const participantId = (id: string): ApiIssue[] =>
    id.length === 0 || id.length > 200 ? [apiIssue('request.invalid_path', ['params', 'id'], 'the participant id must be 1 to 200 characters')] : [];

  const readForbidden = (reply: FastifyReply, lang: Lang, explanation?: Explanation) =>
    reply
      .code(403)
      .send(errorBody('read.forbidden', [apiIssue('read.forbidden', ['headers', 'authorization'], 'your role may not read this participant in this programme', 'ask someone whose role the programme\'s policy lets act on the participant')], lang, explanation));

  /** A role that may read nobody in any programme is refused before any lookup, so it cannot learn which ids exist. */
  const readsNothing = (actor: Actor) => newestOf.every((p) => readScope(p, actor.role) === 'none');

  /** Loads a participant for a reader: 404 when unknown, 403 when the policy does not let them read; otherwise the loaded state. */
  const loadForReader = async (request: object, reply: FastifyReply, id: string, lang: Lang) => {
    const actor = actorOf(request);
    if (readsNothing(actor)) return { answered: readForbidden(reply, lang) };
    const loaded = await store.load(id);
    if (!loaded.ok) {
      if (loaded.issues[0]?.code === 'store.unknown_programme' && (await hasNoEvents(id))) return { answered: unknownParticipant(reply, id) };
      return { answered: failed(reply, loaded.issues) };
    }
    if (loaded.value.version === 0) return { answered: unknownParticipant(reply, id) };
    const may = mayRead(loaded.value.engine.programme, loaded.value.snapshot.context, actor);
    if (!may.ok) return { answered: readForbidden(reply, lang, may) };
    return { loaded: loaded.value };
  };

  app.post<{ Params: { id: string } }>('/participants/:id/commands', async (request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    reply.header('content-language', lang);
    const id = request.params.id;
    const body: unknown = request.body;
    if (!isObject(body))
      return reply.code(400).send(errorBody('request.invalid', [apiIssue('request.invalid', ['body'], 'expected a JSON object: the command without participantId, like {"type":"advance","at":"2026-03-02T09:00:00+01:00"}')]));

    const { programme: programmeField, ...fields } = body;
    const headers = headersOf(request.headers);
    const issues: ApiIssue[] = [...participantId(id), ...headers.issues];
    for (const [field, where] of Object.entries(fromElsewhere))
      if (field in fields) issues.push(apiIssue('request.invalid', [field], `"${field}" ${where}`, `remove "${field}" from the body`));
    if (issues.length > 0) return reply.code(400).send(errorBody(issues[0]!.code, issues));

    const type = fields.type;
    if (typeof type !== 'string' || !(commandTypes as readonly string[]).includes(type))
      return reply.code(400).send(
        errorBody('command.invalid', [
          apiIssue('command.invalid', ['type'], type === undefined ? 'the command has no "type"' : `unknown command type ${JSON.stringify(type).slice(0, 60)}`, `use one of ${commandTypes.join(', ')}`),
        ]),
      );

    const command = { ...fields, participantId: id, actor: actorOf(request), ...(headers.commandId ? { commandId: headers.commandId } : {}) };
    accessed.set(request, { action: 'command', participants: [id], commandType: type });
    if (!CommandSchema.safeParse(command).success) {
      const r = probe.execute(probe.initial(id), command);
      const schemaIssues = r.ok ? [] : r.refusal.issues.filter((i) => i.code === 'command.invalid');
      return reply.code(400).send(errorBody('command.invalid', schemaIssues.length > 0 ? toApi(schemaIssues) : [apiIssue('command.invalid', [], 'the command does not fit its schema')]));
    }

    // A new participant needs a programme: `"programme": "nacka"` (its newest version) or `{ "id": "nacka", "version": 1 }`.
    let start: ProgrammeRef | undefined;
    if (programmeField !== undefined) {
      const ref =
        typeof programmeField === 'string' ? newest(programmeField)
        : isObject(programmeField) && typeof programmeField.id === 'string' && typeof programmeField.version === 'number' && engineOf({ id: programmeField.id, version: programmeField.version })
          ? { id: programmeField.id, version: programmeField.version }
          : undefined;
      if (!ref)
        return reply.code(400).send(
          errorBody('request.unknown_programme', [apiIssue('request.unknown_programme', ['programme'], 'no programme of that id and version runs here', `use one of ${programmeIds.join(', ')}`)]),
        );
      start = ref;
    }

    const outcome: ExecuteOutcome = await retrying(() => store.execute(command, start ? { programme: start } : {}), options.retry);
    if (outcome.ok) {
      const engine = engineOf(outcome.snapshot.context.programme);
      const status = outcome.duplicate || outcome.events.length === 0 ? 200 : 201;
      if (outcome.duplicate) reply.header('idempotent-replayed', 'true');
      if (outcome.admitted.length > 0) accessed.set(request, { action: 'command', participants: [id, ...outcome.admitted.map((a) => a.participantId)], commandType: type });
      return reply.code(status).send({
        duplicate: outcome.duplicate,
        events: outcome.events,
        ...(engine ? { participant: participantOf(engine, outcome.snapshot, outcome.version) } : {}),
      });
    }
    switch (outcome.kind) {
      case 'refused': {
        const { code, issues: refusalIssues, explanation } = outcome.refusal;
        const status = code === 'command.invalid' ? 400 : code === 'command.forbidden' ? 403 : code === 'store.command_id_reused' ? 409 : 422;
        if (outcome.duplicate) reply.header('idempotent-replayed', 'true');
        return reply.code(status).send(errorBody(code, toApi(refusalIssues), lang, explanation));
      }
      case 'conflict':
        return reply.code(409).send(errorBody('store.conflict', toApi(outcome.issues)));
      case 'failed': {
        const first = outcome.issues[0];
        if (first?.code === 'store.wrong_programme') return reply.code(422).send(errorBody(first.code, toApi(outcome.issues)));
        if (first?.code === 'store.unknown_programme' && start === undefined && (await hasNoEvents(id))) {
          if (type !== 'refer') return unknownParticipant(reply, id);
          return reply.code(400).send(
            errorBody('request.missing_programme', [apiIssue('request.missing_programme', ['programme'], 'a referral starts a new participant on a programme: say which', `add "programme": one of ${programmeIds.join(', ')}`)]),
          );
        }
        return failed(reply, outcome.issues);
      }
    }
  });

  app.get<{ Params: { id: string }; Querystring: Record<string, string | string[] | undefined> }>('/participants/:id', async (request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    const { id } = request.params;
    const issues = participantId(id);
    const unknown = Object.keys(request.query).filter((k) => k !== 'now');
    for (const k of unknown) issues.push(apiIssue('request.invalid_query', ['query', k], `unknown query parameter "${k}"`, 'the only one is now'));
    const rawNow = request.query.now;
    const now = typeof rawNow === 'string' ? parseInstant(rawNow) : undefined;
    if (rawNow !== undefined && now === undefined)
      issues.push(apiIssue('request.invalid_query', ['query', 'now'], 'now must be one ISO instant with its offset, like 2026-03-02T07:00:00+01:00', 'a + in a URL is %2B'));
    if (issues.length > 0) return reply.code(400).send(errorBody(issues[0]!.code, issues));
    accessed.set(request, { action: 'read', participants: [id] });
    const r = await loadForReader(request, reply, id, lang);
    if (!r.loaded) return r.answered;
    return participantOf(r.loaded.engine, r.loaded.snapshot, r.loaded.version, now ? localDate(now) : undefined);
  });

  app.get<{ Params: { id: string } }>('/participants/:id/events', async (request, reply) => {
    const lang = languageOf(request.headers['accept-language']);
    const { id } = request.params;
    const issues = participantId(id);
    if (issues.length > 0) return reply.code(400).send(errorBody(issues[0]!.code, issues));
    accessed.set(request, { action: 'readEvents', participants: [id] });
    const r = await loadForReader(request, reply, id, lang);
    if (!r.loaded) return r.answered;
    const events = await store.events(id);
    if (!events.ok) return failed(reply, events.issues);
    // Voided events stay in the log; `voided` names them, and the explanation says why, in the reader's language.
    const why = explainVoids(events.value);
    return { participantId: id, events: events.value, voided: [...voidedSeqs(events.value)], ...(why ? { voidedExplanation: formatExplanation(why, lang) } : {}) };
  });

  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/deadlines/due', async (request, reply) => {
    const { query, issues } = dueQueryOf(request.query, programmeIds);
    if (!query) return reply.code(400).send(errorBody(issues[0]?.code ?? 'request.invalid_query', issues));
    const { now, ...filter } = query;
    // Only the participants the reader may see: by each programme's policy, everyone, their own referrals, or no one.
    const actor = actorOf(request);
    const scopes = newestOf.map((p) => [p.id, readScope(p, actor.role)] as const);
    const readableBy = { all: scopes.filter(([, s]) => s === 'all').map(([p]) => p), ownReferrals: scopes.filter(([, s]) => s === 'ownReferrals').map(([p]) => p), actorId: actor.id };
    const due = await store.dueDeadlines(now, { ...filter, readableBy });
    if (!due.ok) {
      if (due.issues.every((i) => i.code === 'store.invalid_query')) return reply.code(400).send(errorBody('request.invalid_query', due.issues.map((i) => apiIssue('request.invalid_query', ['query', ...i.path], i.message, i.fix))));
      return failed(reply, due.issues);
    }
    accessed.set(request, { action: 'list', participants: [...new Set(due.value.map((d) => d.participantId))] });
    return { now, today: localDate(now), deadlines: due.value };
  });

  // Who is eligible but not compliant (issue 15): of the participants the reader may see, those still meeting the
  // referral rules who carry a compliance flag at their last event, each with the referring caseworker to notify.
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/compliance/not-compliant', async (request, reply) => {
    const { programme, issues } = notCompliantQueryOf(request.query, programmeIds);
    if (issues.length > 0) return reply.code(400).send(errorBody('request.invalid_query', issues));
    const actor = actorOf(request);
    const scopes = newestOf.map((p) => [p.id, readScope(p, actor.role)] as const);
    const readableBy = { all: scopes.filter(([, s]) => s === 'all').map(([p]) => p), ownReferrals: scopes.filter(([, s]) => s === 'ownReferrals').map(([p]) => p), actorId: actor.id };
    const listed = await store.notCompliant({ ...(programme ? { programmeId: programme } : {}), readableBy });
    if (!listed.ok) return failed(reply, listed.issues);
    accessed.set(request, { action: 'list', participants: listed.value.map((x) => x.participantId) });
    return { participants: listed.value };
  });

  return app;
}
