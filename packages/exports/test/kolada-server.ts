import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** An answer of the test server: a status and a body, or `hang` (never answer) for the timeout. */
export type Answer = { readonly status?: number; readonly body: string; readonly headers?: Readonly<Record<string, string>> } | 'hang';

/** A recorded answer in `test/kolada-api/`, with `NEXT` in its `next_url` pointing at the server. */
export const recorded = (name: string, origin: string): string => readFileSync(new URL(`./kolada-api/${name}`, import.meta.url), 'utf8').replaceAll('NEXT', `${origin}/v3`);

/**
 * A local Kolada on port 0: `route` answers each request by its path and query (`/v3/kpi?title=…`); the
 * requests it saw are kept, in order. `close` ends it, hanging requests included.
 */
export async function koladaServer(route: (url: URL, origin: string) => Answer): Promise<{ origin: string; base: string; seen: URL[]; close: () => Promise<void> }> {
  const seen: URL[] = [];
  let origin = '';
  let closing: Promise<void> | undefined;
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', origin);
    seen.push(url);
    const answer = route(url, origin);
    if (answer === 'hang') return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    base: `${origin}/v3`,
    seen,
    // Once: a test may close its server early (nobody there), and the after-each closes it again.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      })),
  };
}

/** `serve(route)` starts a local Kolada for one test; each is closed after its test. */
export function koladaServers(): (route: (url: URL, origin: string) => Answer) => ReturnType<typeof koladaServer> {
  let servers: Awaited<ReturnType<typeof koladaServer>>[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  return async (route) => {
    const s = await koladaServer(route);
    servers.push(s);
    return s;
  };
}
