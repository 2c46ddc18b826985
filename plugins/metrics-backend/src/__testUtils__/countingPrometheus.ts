import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A Prometheus on a real loopback port for tests whose backends run their own HTTP clients
// (msw cannot tell two backends in one process apart). Every query answers an empty result,
// as a Prometheus without the series does, and is counted by the path prefix it came on, so
// each replica pointed at its own prefix (`http://…/a`, `http://…/b`) is counted apart.
// Test-only: lives under `__testUtils__`.

const QUERY = /^\/([^/]+)\/api\/v1\/(query|query_range)$/;

export interface CountingPrometheus {
  /** The base URL a replica named `prefix` is configured with. */
  urlFor(prefix: string): string;
  /** PromQL queries (instant and range) received on `prefix` so far. */
  queries(prefix: string): number;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startCountingPrometheus(): Promise<CountingPrometheus> {
  const counts = new Map<string, number>();
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = QUERY.exec(url.pathname);
    res.setHeader('content-type', 'application/json');
    if (match) {
      const [, prefix, kind] = match;
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
      const form = new URLSearchParams(body);
      if (!form.get('query') && !url.searchParams.get('query')) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            status: 'error',
            errorType: 'bad_data',
            error: 'no query',
          }),
        );
        return;
      }
      const resultType = kind === 'query' ? 'vector' : 'matrix';
      res.end(
        JSON.stringify({ status: 'success', data: { resultType, result: [] } }),
      );
      return;
    }
    // Metadata endpoints (series, label values): nothing known.
    res.end(JSON.stringify({ status: 'success', data: [] }));
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    urlFor: prefix => `http://127.0.0.1:${port}/${prefix}`,
    queries: prefix => counts.get(prefix) ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
