/*
 * Process and network helpers: pid files, stopping our own processes,
 * loopback HTTP (node:http, no global fetch) and port checks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { ServiceUnavailableError } from '@backstage/errors';

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Resolves a command on PATH (or an absolute path); undefined when missing. */
export function which(command: string): string | undefined {
  if (command.includes('/')) {
    return fs.existsSync(command) ? path.resolve(command) : undefined;
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

/** First line of `<bin> --version`. */
export function versionOf(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10000 });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0].trim();
}

/** The command line of a live (non-zombie) process, or undefined. */
export function processCommandLine(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    if (state === 'Z' || state === 'X') return undefined;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    // Not Linux /proc, or gone: fall back to signal 0.
    try {
      process.kill(pid, 0);
      return '';
    } catch {
      return undefined;
    }
  }
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The pid in `file` if that process is alive and its command line contains
 * `marker` (so a recycled pid of another program is never touched).
 */
export function ownedPid(file: string, marker: string): number | undefined {
  const pid = readPid(file);
  if (pid === undefined) return undefined;
  const cmd = processCommandLine(pid);
  if (cmd === undefined) return undefined;
  if (cmd !== '' && !cmd.includes(marker)) return undefined;
  return pid;
}

/** Live processes (by /proc) whose command line contains every marker. */
export function findProcesses(markers: string[]): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter(e => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const e of entries) {
    const pid = Number(e);
    if (pid === process.pid) continue;
    const cmd = processCommandLine(pid);
    if (cmd && markers.every(m => cmd.includes(m))) pids.push(pid);
  }
  return pids;
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves when the process is gone. */
export async function stopProcess(pid: number, graceMs = 15000): Promise<void> {
  const alive = () => processCommandLine(pid) !== undefined;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await sleep(100);
  if (alive()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    const killDeadline = Date.now() + 5000;
    while (alive() && Date.now() < killDeadline) await sleep(100);
  }
}

export interface HttpResult {
  status: number;
  body: string;
}

/** GET over loopback with a timeout (own agent: unaffected by test network guards). */
export function httpGet(url: string, timeoutMs = 5000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent: new http.Agent({ keepAlive: false }), timeout: timeoutMs },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)),
    );
    req.on('error', reject);
  });
}

export interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PromMatrixSeries {
  metric: Record<string, string>;
  /** [Unix seconds, value as Prometheus prints it ("NaN", "+Inf", …)]. */
  values: Array<[number, string]>;
}

/** The `data` of a Prometheus API answer; throws with Prometheus's message when it failed. */
export async function promApi(
  baseUrl: string,
  apiPath: string,
  params: Record<string, string>,
  what: string,
): Promise<any> {
  const res = await httpGet(
    `${baseUrl}${apiPath}?${new URLSearchParams(params)}`,
    30000,
  );
  let json: any;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new ServiceUnavailableError(
      `Prometheus answered ${res.status}: ${res.body.slice(0, 200)}`,
    );
  }
  if (json.status !== 'success') {
    throw new ServiceUnavailableError(
      `${what} failed: ${json.errorType}: ${json.error}`,
    );
  }
  return json.data;
}

/** Instant query through Prometheus's HTTP API; returns the vector (or scalar as one sample). */
export async function promQuery(
  baseUrl: string,
  query: string,
  time?: number,
): Promise<PromVectorSample[]> {
  const data = await promApi(
    baseUrl,
    '/api/v1/query',
    { query, ...(time !== undefined ? { time: String(time) } : {}) },
    `PromQL ${query}`,
  );
  if (data.resultType === 'scalar') {
    return [{ metric: {}, value: data.result }];
  }
  return data.result;
}

/** Range query through Prometheus's HTTP API: one point per step from `start` to `end`. */
export async function promQueryRange(
  baseUrl: string,
  query: string,
  range: { start: number; end: number; step: number },
): Promise<PromMatrixSeries[]> {
  const data = await promApi(
    baseUrl,
    '/api/v1/query_range',
    {
      query,
      start: String(range.start),
      end: String(range.end),
      step: String(range.step),
    },
    `PromQL range query ${query}`,
  );
  return data.result;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A free TCP port on 127.0.0.1 (for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The last `lines` lines of a log file (for error messages). */
export function tail(file: string, lines = 15): string {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}
