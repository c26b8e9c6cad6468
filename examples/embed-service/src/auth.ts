/**
 * Who is asking: every request carries `Authorization: Bearer <JWT>`, signed by the municipality's
 * identity provider. The token is verified with `jose` against a configured key set (a JWKS file, or a
 * JWKS URL: https anywhere, plain http only on loopback), its issuer and audience checked and its expiry
 * enforced; the actor is its `sub` and its role claim, and nothing the client says besides.
 */
import { type JSONWebKeySet, type JWTPayload, createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { isStorableText } from '@stegvis/store-postgres';
import { type ApiIssue, apiIssue } from './request.js';

export interface AuthOptions {
  /** The identity provider's public keys: a key set (read from a JWKS file), or the URL it is published at. */
  readonly jwks: JSONWebKeySet | URL;
  /** The `iss` every token must carry. */
  readonly issuer: string;
  /** The `aud` every token must carry: this service. */
  readonly audience: string;
  /** The claim that holds the user's role in the programme (default `stegvis_role`). */
  readonly roleClaim?: string;
  /** Signature algorithms accepted (default RS256, PS256, ES256, EdDSA; never `none` or HMAC). */
  readonly algorithms?: readonly string[];
  /** Seconds of clock difference allowed for `exp` and `nbf` (default 30). */
  readonly clockToleranceSeconds?: number;
}

export interface Actor {
  readonly id: string;
  readonly role: string;
}

export type Authentication = { ok: true; actor: Actor } | { ok: false; status: 401 | 503; issue: ApiIssue };

const AUTH: readonly (string | number)[] = ['headers', 'authorization'];
const unauthorised = (code: string, message: string, fix: string): Authentication => ({ ok: false, status: 401, issue: apiIssue(code, AUTH, message, fix) });
const loopback = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/** Checks the options once, at start: a key set fetched over plain http from another host could be swapped on the way. */
export function checkAuthOptions(o: AuthOptions): string[] {
  const problems: string[] = [];
  if (o.jwks instanceof URL && o.jwks.protocol !== 'https:' && !(o.jwks.protocol === 'http:' && loopback.has(o.jwks.hostname)))
    problems.push('the JWKS URL must be https, or http on loopback (127.0.0.1, ::1, localhost)');
  if (!(o.jwks instanceof URL) && (!Array.isArray(o.jwks.keys) || o.jwks.keys.length === 0)) problems.push('the JWKS has no keys');
  if (o.issuer.trim() === '') problems.push('the issuer is empty');
  if (o.audience.trim() === '') problems.push('the audience is empty');
  return problems;
}

/**
 * A verifier for the configured key set. Never echoes the token or a claim's value in an answer: the
 * messages say which check failed and what to do.
 *
 * @example
 * const authenticate = createAuthenticator({ jwks: JSON.parse(readFileSync('jwks.json', 'utf8')), issuer, audience });
 * const who = await authenticate(request.headers.authorization);
 */
export function createAuthenticator(o: AuthOptions): (authorization: string | undefined) => Promise<Authentication> {
  const problems = checkAuthOptions(o);
  if (problems.length > 0) throw new Error(`auth: ${problems.join('; ')}`);
  const keys = o.jwks instanceof URL ? createRemoteJWKSet(o.jwks) : createLocalJWKSet(o.jwks);
  const roleClaim = o.roleClaim ?? 'stegvis_role';
  const algorithms = [...(o.algorithms ?? ['RS256', 'PS256', 'ES256', 'EdDSA'])];
  return async (authorization) => {
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(authorization?.trim() ?? '');
    if (!authorization) return unauthorised('auth.missing_token', 'no Authorization header: every request needs a signed token', 'send Authorization: Bearer <token from the identity provider>');
    if (!match) return unauthorised('auth.invalid_token', 'the Authorization header is not "Bearer" and a JWT', 'send Authorization: Bearer <token from the identity provider>');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1]!, keys, { issuer: o.issuer, audience: o.audience, algorithms, clockTolerance: o.clockToleranceSeconds ?? 30, requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return unauthorised('auth.expired_token', 'the token has expired', 'sign in again, or get a new token from the identity provider');
      if (error instanceof errors.JWTClaimValidationFailed)
        return unauthorised('auth.invalid_token', `the token's "${error.claim}" claim is not what this service accepts`, 'ask for a token issued for this service (its issuer and audience)');
      if (error instanceof errors.JWKSTimeout || (error instanceof Error && /fetch|ECONNREFUSED|Expected 200 OK/.test(error.message)))
        return { ok: false, status: 503, issue: apiIssue('auth.keys_unavailable', AUTH, 'the identity provider\'s keys could not be fetched', 'retry later; if it persists, check the JWKS URL') };
      return unauthorised('auth.invalid_token', 'the token\'s signature does not verify against the configured keys, or its algorithm is not accepted', 'get a token from the identity provider this service trusts');
    }
    const id = payload.sub;
    const role = payload[roleClaim];
    if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !isStorableText(id))
      return unauthorised('auth.invalid_token', 'the token\'s "sub" is not an opaque user id of 1 to 200 characters', 'have the identity provider put the case system\'s user id in "sub"');
    if (typeof role !== 'string' || role.length === 0 || role.length > 100 || !isStorableText(role))
      return unauthorised('auth.invalid_token', `the token has no "${roleClaim}" claim naming the user's role`, `have the identity provider add "${roleClaim}": one of the programme's roles (caseworker, workSupervisor ...)`);
    return { ok: true, actor: { id, role } };
  };
}
