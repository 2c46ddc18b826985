import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to the next requests. */
export type Fault =
  | 'none'
  | 'reset'
  | 'slow'
  | '503'
  | '422'
  | 'malformed'
  | 'truncated'
  | 'huge';

/**
 * A proxy between the backend and a real Prometheus that injects one fault at a time:
 * connection resets, hangs, error statuses, bodies that are not JSON or cut short, and answers
 * far larger than any limit. `none` forwards unchanged.
 */
export async function startFaultProxy(target: string) {
  let fault: Fault = 'none';
  /** Huge answers the client stopped reading before their end. */
  let abandoned = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      switch (fault) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'slow':
          // Never answers; the client must give up on its own.
          return;
        case '503':
          res.writeHead(503, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              status: 'error',
              errorType: 'unavailable',
              error: 'TSDB not ready',
            }),
          );
          return;
        case '422':
          res.writeHead(422, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({
              status: 'error',
              errorType: 'execution',
              error:
                'found duplicate series for the match group {service="payments", team="secret"} on the right hand-side of the operation',
            }),
          );
          return;
        case 'malformed':
          res.writeHead(502, { 'Content-Type': 'text/html' });
          res.end('<html><body>Bad gateway</body></html>');
          return;
        case 'huge': {
          // 200,000 series streamed without Content-Length, as a real huge answer comes.
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write(
            '{"status":"success","data":{"resultType":"vector","result":[',
          );
          let next = 0;
          const series = (n: number) =>
            `${
              n ? ',' : ''
            }{"metric":{"service":"s${n}","pod":"pod-${n}-abcdefghij"},"value":[1,"1"]}`;
          const more = () => {
            while (next < 200_000) {
              const from = next;
              const chunk = Array.from({ length: 1000 }, (_, j) =>
                series(from + j),
              ).join('');
              next += 1000;
              if (!res.write(chunk)) {
                res.once('drain', more);
                return;
              }
            }
            res.end(']}}');
          };
          res.on('error', () => undefined);
          res.on('close', () => {
            if (!res.writableFinished) abandoned += 1;
          });
          more();
          return;
        }
        default:
          break;
      }
      const url = new URL(req.url ?? '/', target);
      const upstream = http.request(
        url,
        { method: req.method, headers: { ...req.headers, host: url.host } },
        up => {
          if (fault === 'truncated') {
            const parts: Buffer[] = [];
            up.on('data', c => parts.push(c));
            up.on('end', () => {
              const whole = Buffer.concat(parts);
              res.writeHead(200, { 'Content-Type': 'application/json' });
              res.end(whole.subarray(0, Math.floor(whole.length / 2)));
            });
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next: Fault) {
      fault = next;
    },
    /** How many huge answers the client went away from before their end. */
    get abandoned() {
      return abandoned;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
