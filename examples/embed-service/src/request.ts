/**
 * What the service reads from a request besides the command and the token (see `auth.ts`): the
 * idempotency key, the language of explanations, and the query of `/deadlines/due`.
 * Every check returns issues in core's shape (`code`, `path`, `message`, `fix?`), never throws.
 */
import type { Lang } from '@stegvis/core';

/** An issue as the service answers it: core's shape, with the service's own codes besides core's and the store's. */
export interface ApiIssue {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly fix?: string;
}

export const apiIssue = (code: string, path: readonly (string | number)[], message: string, fix?: string): ApiIssue =>
  fix === undefined ? { code, path, message } : { code, path, message, fix };

/** The headers earlier versions took the actor from: refused now, so a case system still sending them learns why. */
export const UNTRUSTED_ACTOR_HEADERS = ['x-actor-id', 'x-actor-role'] as const;
export const IDEMPOTENCY_KEY = 'idempotency-key';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const header = (headers: Headers, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** The optional idempotency key, and what is wrong with the headers: a key of the wrong size, or actor headers. */
export function headersOf(headers: Headers): { commandId?: string; issues: ApiIssue[] } {
  const issues: ApiIssue[] = [];
  for (const name of UNTRUSTED_ACTOR_HEADERS)
    if (headers[name] !== undefined)
      issues.push(apiIssue('request.untrusted_header', ['headers', name], `the header ${name} is not read: the actor comes from the signed token only`, `remove ${name}; send Authorization: Bearer <token>`));
  const key = header(headers, IDEMPOTENCY_KEY);
  if (key !== undefined && (key.length === 0 || key.length > 200))
    issues.push(apiIssue('request.invalid_header', ['headers', IDEMPOTENCY_KEY], 'the idempotency key must be 1 to 200 characters', 'send one key per command, such as a UUID'));
  return { ...(key ? { commandId: key } : {}), issues };
}

/**
 * The language of explanations from `Accept-Language`: the first of sv and en in the client's order of
 * preference (`sv-SE,sv;q=0.9,en;q=0.8` is Swedish); Swedish when the header names neither.
 */
export function languageOf(acceptLanguage: string | string[] | undefined, fallback: Lang = 'sv'): Lang {
  const text = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  const ranked = text
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { lang } of ranked) if (lang === 'sv' || lang === 'en') return lang;
  return fallback;
}

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const date = /^\d{4}-\d{2}-\d{2}$/;
const id = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

/** An ISO instant with its offset, as the engine wants it; a `+` sent unencoded in a query (it arrives as a space) is taken back. */
export function parseInstant(raw: string): string | undefined {
  const s = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
  return instant.test(s) && !Number.isNaN(Date.parse(s)) ? s : undefined;
}

export function isDate(s: string): boolean {
  if (!date.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const statuses = ['upcoming', 'due', 'overdue'] as const;

/** What `GET /deadlines/due` was asked, checked. */
export interface DueQuery {
  readonly now: string;
  readonly kinds?: string[];
  readonly statuses?: (typeof statuses)[number][];
  readonly area?: string;
  readonly responsible?: string;
  readonly programmeId?: string;
  readonly until?: string;
  readonly limit?: number;
}

const dueParams = ['now', 'kind', 'status', 'area', 'responsible', 'programme', 'until', 'limit'] as const;

/** Checks the query of `/deadlines/due`: `now` required; lists as `kind=a,b` or `kind=a&kind=b`; nothing unknown. */
export function dueQueryOf(query: Readonly<Record<string, string | string[] | undefined>>, programmeIds: readonly string[]): { query?: DueQuery; issues: ApiIssue[] } {
  const issues: ApiIssue[] = [];
  const bad = (name: string, message: string, fix?: string) => issues.push(apiIssue('request.invalid_query', ['query', name], message, fix));
  for (const name of Object.keys(query))
    if (!(dueParams as readonly string[]).includes(name)) bad(name, 'unknown query parameter', `use ${dueParams.join(', ')}`);
  const list = (name: string): string[] | undefined => {
    const v = query[name];
    if (v === undefined) return undefined;
    const xs = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x.length > 0);
    return xs;
  };
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (Array.isArray(v)) {
      bad(name, `give ${name} once`);
      return undefined;
    }
    return v;
  };

  const rawNow = one('now');
  let now: string | undefined;
  if (rawNow === undefined) {
    if (!Array.isArray(query.now)) bad('now', 'missing query parameter now: the host\'s clock, an ISO instant with its offset', 'add now=2026-03-02T07:00:00%2B01:00 (a + in a URL is %2B)');
  } else {
    now = parseInstant(rawNow);
    if (!now) bad('now', `now must be an ISO instant with its offset, like 2026-03-02T07:00:00+01:00 or 2026-03-02T06:00:00Z`, 'a + in a URL is %2B');
  }
  const kinds = list('kind');
  for (const k of kinds ?? []) if (!id.test(k)) bad('kind', `"${k.slice(0, 40)}" is not a deadline kind (followUp, assessment, actionPlan, stepTarget, evaluation ...)`);
  const sts = list('status');
  for (const s of sts ?? []) if (!(statuses as readonly string[]).includes(s)) bad('status', `"${s.slice(0, 40)}" is not a status`, `use ${statuses.join(', ')}`);
  const area = one('area');
  if (area !== undefined && !id.test(area)) bad('area', `"${area.slice(0, 40)}" is not an area id`);
  const responsible = one('responsible');
  if (responsible !== undefined && !id.test(responsible)) bad('responsible', `"${responsible.slice(0, 40)}" is not an administration id`);
  const programmeId = one('programme');
  if (programmeId !== undefined && !programmeIds.includes(programmeId)) bad('programme', 'no programme of that id runs here', `use one of ${programmeIds.join(', ')}`);
  const until = one('until');
  if (until !== undefined && !isDate(until)) bad('until', `until must be a date like 2026-03-08; got "${until.slice(0, 40)}"`);
  const rawLimit = one('limit');
  const limit = rawLimit === undefined ? undefined : Number(rawLimit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10_000)) bad('limit', 'limit must be a whole number from 1 to 10000');

  if (issues.length > 0 || now === undefined) return { issues };
  return {
    issues,
    query: {
      now,
      ...(kinds && kinds.length > 0 ? { kinds } : {}),
      ...(sts && sts.length > 0 ? { statuses: sts as (typeof statuses)[number][] } : {}),
      ...(area !== undefined ? { area } : {}),
      ...(responsible !== undefined ? { responsible } : {}),
      ...(programmeId !== undefined ? { programmeId } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(limit !== undefined ? { limit } : {}),
    },
  };
}

/** `GET /compliance/not-compliant?programme=…`: the one optional parameter, a programme that runs here. */
export function notCompliantQueryOf(query: Readonly<Record<string, string | string[] | undefined>>, programmeIds: readonly string[]): { programme?: string; issues: ApiIssue[] } {
  const issues: ApiIssue[] = [];
  for (const name of Object.keys(query)) if (name !== 'programme') issues.push(apiIssue('request.invalid_query', ['query', name], 'unknown query parameter', 'use programme, or none'));
  const v = query.programme;
  if (v === undefined) return { issues };
  if (Array.isArray(v) || !programmeIds.includes(v))
    issues.push(apiIssue('request.invalid_query', ['query', 'programme'], 'programme must be one programme that runs here', `use one of ${programmeIds.join(', ')}`));
  return issues.length > 0 ? { issues } : { programme: v as string, issues };
}
