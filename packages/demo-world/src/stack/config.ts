import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SEED } from '../model';

/** The package folder (packages/demo-world). This dev tool always runs from source, never bundled. */
// eslint-disable-next-line no-restricted-syntax
export const PACKAGE_DIR = path.resolve(__dirname, '../..');
/** The CLI script, used to start the exporter in the background. */
export const BIN_PATH = path.join(PACKAGE_DIR, 'bin', 'demo-world');

/** The repository root: the nearest parent with a package.json declaring workspaces. */
export function repoRoot(): string {
  let dir = PACKAGE_DIR;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces) return dir;
      } catch {
        // keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(PACKAGE_DIR, '../..');
    dir = parent;
  }
}

/** A configuration problem; the message says what to change. */
export class ConfigError extends Error {}

export interface StackConfig {
  stateDir: string;
  prometheusPort: number;
  exporterPort: number;
  seed: number;
  /** A stopped world younger than this is restarted over its data instead of regenerated. */
  reuseMaxAgeSeconds: number;
  /**
   * A new world's history ends this long before `up`, as if its Prometheus had been down
   * since: neither samples nor SLO recordings in between (0 for none).
   */
  outageSeconds: number;
  prometheusBin: string;
  promtoolBin: string;
  keepOpenMetrics: boolean;
  /** Seconds `up` waits for Prometheus to be ready and to scrape the exporter. */
  upTimeoutSeconds: number;
}

function intEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  check: (n: number) => boolean = () => true,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || !check(n)) {
    throw new ConfigError(`${name}=${raw} is not valid`);
  }
  return n;
}

const isPort = (n: number) => n > 0 && n < 65536;

/** Reads the configuration from the environment (see README.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const stateDir = path.resolve(
    env.DEMO_STATE_DIR || path.join(repoRoot(), '.demo'),
  );
  const config: StackConfig = {
    stateDir,
    prometheusPort: intEnv(env, 'DEMO_PROMETHEUS_PORT', 9090, isPort),
    exporterPort: intEnv(env, 'DEMO_EXPORTER_PORT', 9464, isPort),
    seed: intEnv(env, 'DEMO_SEED', DEFAULT_SEED),
    reuseMaxAgeSeconds:
      intEnv(env, 'DEMO_REUSE_MAX_AGE_MINUTES', 120, n => n >= 0) * 60,
    outageSeconds:
      intEnv(env, 'DEMO_OUTAGE_MINUTES', 0, n => n >= 0 && n <= 1_440) * 60,
    prometheusBin: env.DEMO_PROMETHEUS_BIN || 'prometheus',
    promtoolBin: env.DEMO_PROMTOOL_BIN || 'promtool',
    keepOpenMetrics: env.DEMO_KEEP_OPENMETRICS === '1',
    upTimeoutSeconds: intEnv(env, 'DEMO_UP_TIMEOUT_SECONDS', 90, n => n > 0),
  };
  if (config.prometheusPort === config.exporterPort) {
    throw new ConfigError(
      `DEMO_PROMETHEUS_PORT and DEMO_EXPORTER_PORT must differ (both ${config.exporterPort})`,
    );
  }
  return config;
}

/** Paths inside the state folder. */
export function statePaths(stateDir: string) {
  return {
    stateDir,
    world: path.join(stateDir, 'world.json'),
    truth: path.join(stateDir, 'truth.json'),
    prometheusConfig: path.join(stateDir, 'prometheus.yml'),
    /** The example catalog's SLO rules, in prometheus.yml's `rule_files`. */
    rules: path.join(stateDir, 'slo-rules.yml'),
    /** Config of the Prometheus that evaluates the backfill (no scrapes, no rules). */
    backfillConfig: path.join(stateDir, 'prometheus-backfill.yml'),
    prometheusData: path.join(stateDir, 'prometheus-data'),
    openMetrics: path.join(stateDir, 'openmetrics'),
    prometheusPid: path.join(stateDir, 'prometheus.pid'),
    exporterPid: path.join(stateDir, 'exporter.pid'),
    prometheusLog: path.join(stateDir, 'prometheus.log'),
    exporterLog: path.join(stateDir, 'exporter.log'),
    lock: path.join(stateDir, 'lock'),
  };
}

export type StatePaths = ReturnType<typeof statePaths>;
