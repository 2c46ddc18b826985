import { spawn } from 'node:child_process';
import path from 'node:path';

// Away from the ports of a developer's demo world (9090/9464), CI's two (19090/19464 and
// 19091/19465) and the portal.
export const BENCH_PROMETHEUS_PORT = 29090;
export const BENCH_EXPORTER_PORT = 29464;

/** A Prometheus to measure against, and how to let go of it. */
export interface PrometheusStack {
  url: string;
  /** `DEMO_PROMETHEUS_URL`, or the demo world this run started or found running. */
  origin: 'DEMO_PROMETHEUS_URL' | 'started' | 'already running';
  release(): Promise<void>;
}

/** The demo-world CLI could not provide a Prometheus; its output said why. */
export class StackUnavailableError extends Error {}

function runDemoWorld(
  repoRoot: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  quiet = false,
): Promise<number> {
  const bin = path.join(repoRoot, 'packages/demo-world/bin/demo-world');
  return new Promise((resolve, reject) => {
    // Its progress goes to stderr, so stdout holds only the benchmark's table.
    const child = spawn(process.execPath, [bin, ...args], {
      env,
      stdio: quiet ? 'ignore' : ['ignore', process.stderr, process.stderr],
    });
    child.once('error', reject);
    child.once('exit', code => resolve(code ?? 1));
  });
}

/**
 * Uses `DEMO_PROMETHEUS_URL` when set. Otherwise brings the demo world up with its CLI on the
 * bench's own ports and state folder, and takes it down on release unless it was already up
 * (someone keeps it running between benchmark runs) or `keep` is set.
 */
export async function acquirePrometheus(options: {
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  keep: boolean;
}): Promise<PrometheusStack> {
  const { repoRoot, env, keep } = options;
  if (env.DEMO_PROMETHEUS_URL) {
    return {
      url: env.DEMO_PROMETHEUS_URL.replace(/\/+$/, ''),
      origin: 'DEMO_PROMETHEUS_URL',
      release: async () => {},
    };
  }
  const prometheusPort =
    env.BENCH_PROMETHEUS_PORT ?? `${BENCH_PROMETHEUS_PORT}`;
  const demoEnv: NodeJS.ProcessEnv = {
    ...env,
    DEMO_PROMETHEUS_PORT: prometheusPort,
    DEMO_EXPORTER_PORT: env.BENCH_EXPORTER_PORT ?? `${BENCH_EXPORTER_PORT}`,
    DEMO_STATE_DIR: path.join(repoRoot, '.demo', 'bench'),
  };
  const wasUp = (await runDemoWorld(repoRoot, ['status'], demoEnv, true)) === 0;
  if (!wasUp) {
    const code = await runDemoWorld(repoRoot, ['up'], demoEnv);
    if (code !== 0) {
      throw new StackUnavailableError(
        `demo-world up exited with ${code} (see its message above)`,
      );
    }
  }
  return {
    url: `http://127.0.0.1:${prometheusPort}`,
    origin: wasUp ? 'already running' : 'started',
    release: async () => {
      if (wasUp || keep) return;
      await runDemoWorld(repoRoot, ['down'], demoEnv);
    },
  };
}
