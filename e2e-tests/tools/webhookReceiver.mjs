// A local incoming-webhook receiver for tests, demos and e2e: stores every POST (path, time,
// body, the status it answered) and serves them at GET /received. No dependencies.
//
// usage: node e2e-tests/tools/webhookReceiver.mjs [--port 7099] [--host 127.0.0.1]
//          [--fail-status 500 --fail-count 2] [--delay-ms 0]
//   --fail-status/--fail-count: answer that status to the first N POSTs, then 200.
//   --delay-ms: wait that long before answering those N (or every POST when N is 0).
// Control while running:
//   GET /received            every POST so far, oldest first (?path=/hooks/x filters)
//   DELETE /received         forget them
//   POST /control            {"status":500,"count":2,"delayMs":0}: the next `count` POSTs
// Prints "webhook receiver listening on http://HOST:PORT" once it listens (--port 0: any port).
import http from 'node:http';
import { pathToFileURL } from 'node:url';

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function answer(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Starts a receiver; resolves to { url, port, received, close() } once it listens. */
export function startWebhookReceiver({
  port = 7099,
  host = '127.0.0.1',
  failStatus = 500,
  failCount = 0,
  delayMs = 0,
} = {}) {
  const received = [];
  // The delay applies to the planned answers, or to every answer when none is planned.
  const makePlan = (status, count, wait) => ({
    status,
    count,
    delayMs: wait,
    delayEvery: count === 0,
  });
  let plan = makePlan(failStatus, failCount, delayMs);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const body = await readBody(req);
    if (url.pathname === '/received' && req.method === 'GET') {
      const path = url.searchParams.get('path');
      answer(res, 200, path ? received.filter(r => r.path === path) : received);
      return;
    }
    if (url.pathname === '/received' && req.method === 'DELETE') {
      received.length = 0;
      answer(res, 200, { cleared: true });
      return;
    }
    if (url.pathname === '/control' && req.method === 'POST') {
      const next = parse(body);
      plan = makePlan(
        Number(next.status ?? 500),
        Number(next.count ?? 0),
        Number(next.delayMs ?? 0),
      );
      answer(res, 200, plan);
      return;
    }
    if (req.method !== 'POST') {
      answer(res, 405, { error: 'POST a webhook body, or GET /received' });
      return;
    }
    const planned = plan.count > 0;
    if (planned) plan.count -= 1;
    const status = planned ? plan.status : 200;
    const wait = planned || plan.delayEvery ? plan.delayMs : 0;
    received.push({
      path: url.pathname,
      receivedAt: new Date().toISOString(),
      status,
      body: parse(body),
    });
    if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
    if (res.destroyed) return;
    answer(
      res,
      status,
      status < 300 ? { ok: true } : { error: `planned ${status}` },
    );
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        url: `http://${host}:${actual}`,
        received,
        close: () => new Promise(done => server.close(() => done())),
      });
    });
  });
}

function flag(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const receiver = await startWebhookReceiver({
    port: Number(flag(args, 'port', process.env.WEBHOOK_RECEIVER_PORT ?? 7099)),
    host: flag(args, 'host', '127.0.0.1'),
    failStatus: Number(flag(args, 'fail-status', 500)),
    failCount: Number(flag(args, 'fail-count', 0)),
    delayMs: Number(flag(args, 'delay-ms', 0)),
  });
  console.log(`webhook receiver listening on ${receiver.url}`);
  const stop = () => receiver.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
