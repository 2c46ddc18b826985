import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxySeen {
  /** Requests in flight now, and the most at once. */
  inFlight: number;
  most: number;
  /** Every request forwarded. */
  total: number;
  /** Instant and range queries (`/api/v1/query`, `/api/v1/query_range`): what the bars count. */
  queries: number;
}

/** Forwards to Prometheus, counting requests, queries and the most in flight at once. */
export async function countingProxy(target: string) {
  const seen: ProxySeen = { inFlight: 0, most: 0, total: 0, queries: 0 };
  const server = http.createServer((req, res) => {
    seen.total += 1;
    if (/^\/api\/v1\/query(_range)?(\?|$)/.test(req.url ?? '')) {
      seen.queries += 1;
    }
    seen.inFlight += 1;
    seen.most = Math.max(seen.most, seen.inFlight);
    let done = false;
    const finish = () => {
      if (!done) seen.inFlight -= 1;
      done = true;
    };
    res.on('close', finish);
    const url = new URL(req.url ?? '/', target);
    const upstream = http.request(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host } },
      up => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    /** Queries `fn` caused (nothing else may query meanwhile). */
    async queriesOf<T>(
      fn: () => Promise<T>,
    ): Promise<{ result: T; queries: number }> {
      const before = seen.queries;
      const result = await fn();
      return { result, queries: seen.queries - before };
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type CountingProxy = Awaited<ReturnType<typeof countingProxy>>;
