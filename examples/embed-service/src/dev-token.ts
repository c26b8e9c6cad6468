/**
 * For trying the service on your own machine: a key pair of a pretend identity provider, and a token.
 * The first run writes dev-keys/private.json (keep it to yourself) and dev-keys/jwks.json (the public key
 * set the service verifies against); each run prints a token for the user and role given, valid one hour.
 *
 *   npx -y pnpm@10.34.8 --filter @stegvis/example-embed-service dev-token mou-caseworker-3 caseworker
 *
 * Never in production: there the municipality's identity provider signs the tokens.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';

export const DEV_ISSUER = 'https://idp.example.invalid/stegvis-dev';
export const DEV_AUDIENCE = 'stegvis-embed-service';

const [sub, role] = process.argv.slice(2);
if (!sub || !role) {
  console.error('usage: dev-token <user id> <role>, for example: dev-token mou-caseworker-3 caseworker');
  process.exit(1);
}
const dir = 'dev-keys';
if (!existsSync(`${dir}/private.json`)) {
  mkdirSync(dir, { recursive: true });
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  writeFileSync(`${dir}/private.json`, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }), { mode: 0o600 });
  writeFileSync(`${dir}/jwks.json`, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }, null, 2));
  console.error(`wrote ${dir}/jwks.json and ${dir}/private.json; start the service with:`);
  console.error(`  STEGVIS_JWKS=${dir}/jwks.json STEGVIS_JWT_ISSUER=${DEV_ISSUER} STEGVIS_JWT_AUDIENCE=${DEV_AUDIENCE} npx -y pnpm@10.34.8 --filter @stegvis/example-embed-service start`);
}
const jwk = JSON.parse(readFileSync(`${dir}/private.json`, 'utf8')) as { kid: string };
const key = await importJWK(jwk, 'ES256');
const token = await new SignJWT({ stegvis_role: role })
  .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
  .setSubject(sub)
  .setIssuer(DEV_ISSUER)
  .setAudience(DEV_AUDIENCE)
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(key);
console.log(token);
