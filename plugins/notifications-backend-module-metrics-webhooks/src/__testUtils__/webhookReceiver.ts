import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

// The repository's local receiver (e2e-tests/tools/webhookReceiver.mjs) as a child process,
// so the tests POST over real HTTP to the same receiver the demo and e2e use. Test-only.

const SCRIPT = path.resolve(
  __dirname,
  '../../../../e2e-tests/tools/webhookReceiver.mjs',
);

export interface ReceivedPost {
  path: string;
  receivedAt: string;
  status: number;
  body: any;
}

export interface TestReceiver {
  url: string;
  received(path?: string): Promise<ReceivedPost[]>;
  /** The next `count` POSTs answer `status` after `delayMs`. */
  plan(status: number, count: number, delayMs?: number): Promise<void>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', chunk => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', code => reject(new Error(`receiver exited ${code}`)));
  });
  const call = async (method: string, where: string, body?: object) => {
    const res = await fetch(`${url}${where}`, {
      method,
      ...(body && { body: JSON.stringify(body) }),
    });
    return res.json();
  };
  return {
    url,
    received: async where =>
      call(
        'GET',
        `/received${where ? `?path=${encodeURIComponent(where)}` : ''}`,
      ),
    plan: async (status, count, delayMs = 0) => {
      await call('POST', '/control', { status, count, delayMs });
    },
    clear: async () => {
      await call('DELETE', '/received');
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      await new Promise(resolve => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      });
    },
  };
}
