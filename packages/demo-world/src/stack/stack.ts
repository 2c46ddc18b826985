/*
 * The demo stack: history generation + promtool, Prometheus and the live
 * exporter as background processes owned by the state folder.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  computeHistory,
  OpenMetricsFile,
  blockRanges,
  writeOpenMetricsRange,
} from '../history';
import {
  createModel,
  currentT0,
  modelFingerprint,
  MODEL_VERSION,
} from '../model';
import {
  PrometheusRuleFile,
  backfillRuleFile,
  renderRuleFile,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { exampleRuleFile, readExampleCatalog } from '../rules';
import { computeGroundTruth } from '../truth';
import {
  backfillRange,
  evaluateRecordings,
  recordingsOpenMetrics,
} from './backfill';
import {
  BIN_PATH,
  StackConfig,
  StatePaths,
  repoRoot,
  statePaths,
} from './config';
import {
  findProcesses,
  httpGet,
  ownedPid,
  portInUse,
  promQuery,
  sleep,
  stopProcess,
  tail,
  versionOf,
  which,
} from './proc';

/** What `up` leaves in world.json. */
export interface WorldState {
  modelVersion: number;
  /** modelFingerprint() of the model that generated the history. */
  fingerprint: string;
  seed: number;
  t0: number;
  t0Iso: string;
  generatedAt: string;
  /** {@link WorldRules.digest} of the recordings backfilled into this world. */
  backfilledRules: string;
  stats: {
    series: number;
    samples: number;
    openMetricsBytes: number;
    files: number;
    backfill: BackfillStats;
    seconds: {
      generate: number;
      promtool: number;
      truth: number;
      /** Evaluating the hourly recordings over the history and loading them. */
      backfill: number;
      total: number;
    };
  };
}

/** What the backfill of the hourly recordings wrote. */
export interface BackfillStats {
  /** Whole hours evaluated, Unix seconds; absent when the history holds none. */
  start?: number;
  end?: number;
  /** Range queries sent (one per backfilled rule). */
  queries: number;
  series: number;
  samples: number;
}

/** The rules the demo's Prometheus loads: the example catalog's SLO rules. */
export interface WorldRules {
  file: PrometheusRuleFile;
  /** The hourly recordings of `file`, backfilled over the history. */
  backfill: PrometheusRuleFile;
  /** Digest of the rendered `backfill`: a world backfilled for other rules is regenerated. */
  digest: string;
  /** `file` as YAML, as it is written to the state folder. */
  yaml: string;
}

/** The example catalog's rules (examples/entities.yaml, app-config.yaml). */
export function worldRules(root: string = repoRoot()): WorldRules {
  const file = exampleRuleFile(readExampleCatalog(root));
  const backfill = backfillRuleFile(file);
  return {
    file,
    backfill,
    digest: createHash('sha256')
      .update(renderRuleFile(backfill))
      .digest('hex')
      .slice(0, 16),
    yaml: renderRuleFile(file, {
      comment:
        "The demo world's rules (packages/demo-world, examples/entities.yaml); rewritten on every `demo-world up`.",
    }),
  };
}

/** A problem the user can fix; the message says how. */
export class StackError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export const INSTALL_HINT =
  'sudo apt-get update && sudo apt-get install -y prometheus';

type Log = (line: string) => void;

/** Checks prometheus and promtool exist; returns their resolved paths. */
export function checkTools(config: StackConfig): {
  prometheus: string;
  promtool: string;
} {
  const prometheus = which(config.prometheusBin);
  const promtool = which(config.promtoolBin);
  const missing = [
    !prometheus && `prometheus (${config.prometheusBin})`,
    !promtool && `promtool (${config.promtoolBin})`,
  ].filter(Boolean);
  if (!prometheus || !promtool) {
    throw new StackError(
      [
        `Prometheus is missing: ${missing.join(' and ')} not found on PATH.`,
        `Install Debian's prometheus package (it ships both):`,
        ``,
        `  ${INSTALL_HINT}`,
        ``,
        `or point DEMO_PROMETHEUS_BIN / DEMO_PROMTOOL_BIN at the binaries.`,
      ].join('\n'),
      3,
    );
  }
  return { prometheus, promtool };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function readWorld(paths: StatePaths): WorldState | undefined {
  try {
    return JSON.parse(fs.readFileSync(paths.world, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Prometheus's argument naming this state folder's TSDB. */
function promArg(paths: StatePaths) {
  return `--storage.tsdb.path=${paths.prometheusData}`;
}

/** The exporter's argument naming this state folder. */
function exporterArg(paths: StatePaths) {
  return `--state=${paths.stateDir}`;
}

// Markers for matching command lines (arguments are space-separated there, and
// the trailing space keeps /x/.demo from matching /x/.demo/test).
const promMarker = (paths: StatePaths) => `${promArg(paths)} `;
const exporterMarker = (paths: StatePaths) => `${exporterArg(paths)} `;

/** Pids of our running Prometheus and exporter (verified by command line). */
export function runningProcesses(paths: StatePaths) {
  return {
    prometheus: ownedPid(paths.prometheusPid, promMarker(paths)),
    exporter: ownedPid(paths.exporterPid, exporterMarker(paths)),
  };
}

function urls(config: StackConfig) {
  return {
    prometheus: `http://127.0.0.1:${config.prometheusPort}`,
    exporter: `http://127.0.0.1:${config.exporterPort}/metrics`,
  };
}

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

function limiter(n: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    while (active >= n) await new Promise<void>(r => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function runPromtool(
  promtool: string,
  file: string,
  dataDir: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      promtool,
      [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--max-block-duration=54h',
        file,
        dataDir,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (err) {
          reject(
            new StackError(
              `promtool failed on ${file}:\n${stderr || err.message}`,
            ),
          );
        } else resolve();
      },
    );
  });
}

/**
 * Generates the world ending at `t0`: OpenMetrics files (one per promtool
 * block, newest first), loaded by promtool (two at a time) into a fresh
 * TSDB folder, and the ground truth (computed while promtool runs); then the
 * hourly SLO recordings of `rules`, evaluated over the history by a
 * Prometheus of its own (see backfill.ts) and loaded by promtool too.
 */
export async function generateWorld(options: {
  config: StackConfig;
  prometheus: string;
  promtool: string;
  rules?: WorldRules;
  t0?: number;
  log?: Log;
}): Promise<WorldState> {
  const { config, prometheus, promtool } = options;
  const rules = options.rules ?? worldRules();
  const log = options.log ?? (() => {});
  const paths = statePaths(config.stateDir);
  const started = Date.now();
  const t0 = options.t0 ?? currentT0();
  fs.rmSync(paths.prometheusData, { recursive: true, force: true });
  fs.rmSync(paths.openMetrics, { recursive: true, force: true });
  fs.rmSync(paths.truth, { force: true });
  fs.rmSync(paths.world, { force: true });
  fs.mkdirSync(paths.prometheusData, { recursive: true });
  fs.mkdirSync(paths.openMetrics, { recursive: true });

  const model = createModel({ seed: config.seed, t0 });
  log(
    `generating 28 days of history ending ${new Date(
      t0 * 1000,
    ).toISOString()} (seed ${config.seed}, ${model.size} series)`,
  );
  const history = computeHistory(model);
  const limit = limiter(
    Math.max(1, Math.min(2, os.availableParallelism?.() ?? os.cpus().length)),
  );
  const files: OpenMetricsFile[] = [];
  const loads: Promise<number>[] = [];
  for (const range of blockRanges(model)) {
    const f = writeOpenMetricsRange(
      model,
      history,
      path.join(paths.openMetrics, `history-${range.from}.om`),
      range,
    );
    files.push(f);
    loads.push(
      limit(async () => {
        await runPromtool(promtool, f.file, paths.prometheusData);
        if (!config.keepOpenMetrics) fs.rmSync(f.file, { force: true });
        return Date.now();
      }),
    );
    // Let finished promtool runs hand over to the next file.
    await new Promise(r => setImmediate(r));
  }
  const generatedAt = Date.now();
  const truthStart = Date.now();
  const truth = computeGroundTruth(model);
  fs.writeFileSync(paths.truth, `${JSON.stringify(truth, null, 2)}\n`);
  const truthSeconds = (Date.now() - truthStart) / 1000;
  const results = await Promise.allSettled(loads);
  const failed = results.find(r => r.status === 'rejected') as
    | PromiseRejectedResult
    | undefined;
  if (failed) throw failed.reason;
  const promtoolDone = Math.max(
    ...results.map(r => (r.status === 'fulfilled' ? r.value : 0)),
  );

  const backfillStarted = Date.now();
  const backfill = await backfillHistory({
    config,
    paths,
    prometheus,
    promtool,
    rules,
    range: backfillRange(model.start, model.t0),
  });
  const backfillSeconds = (Date.now() - backfillStarted) / 1000;
  if (!config.keepOpenMetrics)
    fs.rmSync(paths.openMetrics, { recursive: true, force: true });

  const samples = files.reduce((a, f) => a + f.samples, 0);
  const bytes = files.reduce((a, f) => a + f.bytes, 0);
  const tenths = (n: number) => Math.round(n * 10) / 10;
  const world: WorldState = {
    modelVersion: MODEL_VERSION,
    fingerprint: modelFingerprint(model),
    seed: config.seed,
    t0,
    t0Iso: new Date(t0 * 1000).toISOString(),
    generatedAt: new Date().toISOString(),
    backfilledRules: rules.digest,
    stats: {
      series: model.size,
      samples,
      openMetricsBytes: bytes,
      files: files.length,
      backfill,
      seconds: {
        generate: tenths((generatedAt - started) / 1000),
        promtool: tenths(
          (Math.max(promtoolDone, generatedAt) - started) / 1000,
        ),
        truth: tenths(truthSeconds),
        backfill: tenths(backfillSeconds),
        total: tenths((Date.now() - started) / 1000),
      },
    },
  };
  fs.writeFileSync(paths.world, `${JSON.stringify(world, null, 2)}\n`);
  log(
    `history: ${model.size} series, ${samples.toLocaleString('en')} samples, ` +
      `${(bytes / 1e6).toFixed(0)} MB OpenMetrics in ${files.length} blocks; ` +
      `hourly SLO recordings: ${
        backfill.series
      } series, ${backfill.samples.toLocaleString('en')} samples in ${
        world.stats.seconds.backfill
      }s; ` +
      `loaded by promtool in ${world.stats.seconds.total}s`,
  );
  return world;
}

/** Prometheus's arguments for this state folder, with `configFile`. */
function prometheusArgs(
  config: StackConfig,
  paths: StatePaths,
  configFile: string,
): string[] {
  return [
    `--config.file=${configFile}`,
    promArg(paths),
    '--storage.tsdb.retention.time=60d',
    `--web.listen-address=127.0.0.1:${config.prometheusPort}`,
    // History older than 3 days has 15-30 min between samples: a longer
    // lookback keeps raw series continuous in graphs.
    '--query.lookback-delta=31m',
  ];
}

/** Starts Prometheus in the background over this state folder's TSDB. */
function startPrometheus(
  bin: string,
  config: StackConfig,
  paths: StatePaths,
  configFile: string,
): { pid: number; exited: () => boolean } {
  const child = spawnDetached(
    bin,
    prometheusArgs(config, paths, configFile),
    paths.prometheusLog,
    paths.stateDir,
  );
  fs.writeFileSync(paths.prometheusPid, String(child.pid));
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  return { pid: child.pid!, exited: () => exited };
}

async function waitForPrometheusReady(
  config: StackConfig,
  prometheus: { exited: () => boolean },
  what = 'Prometheus to be ready',
): Promise<void> {
  await waitFor(
    what,
    config.upTimeoutSeconds * 1000,
    async () =>
      (await httpGet(`${urls(config).prometheus}/-/ready`, 2000)).status === 200
        ? true
        : undefined,
    () => !prometheus.exited(),
  );
}

/**
 * Backfills the hourly SLO recordings over the freshly loaded history: a Prometheus without
 * scrapes or rules serves the history while each rule is evaluated at every whole hour, then
 * the samples go into the TSDB with promtool, before the stack's own Prometheus starts (a
 * running Prometheus 2.42 does not pick up blocks added to its folder until it restarts;
 * blocks overlapping the history's are merged by its vertical compaction).
 */
async function backfillHistory(options: {
  config: StackConfig;
  paths: StatePaths;
  prometheus: string;
  promtool: string;
  rules: WorldRules;
  range: ReturnType<typeof backfillRange>;
}): Promise<BackfillStats> {
  const { config, paths, range } = options;
  if (!range) return { queries: 0, series: 0, samples: 0 };
  fs.writeFileSync(
    paths.backfillConfig,
    '# Generated by demo-world: the Prometheus that evaluates the backfill (no scrapes, no rules).\nglobal: {}\n',
  );
  fs.writeFileSync(paths.prometheusLog, '');
  const server = startPrometheus(
    options.prometheus,
    config,
    paths,
    paths.backfillConfig,
  );
  let evaluated: Awaited<ReturnType<typeof evaluateRecordings>>;
  try {
    await waitForPrometheusReady(
      config,
      server,
      "the backfill's Prometheus to be ready",
    );
    evaluated = await evaluateRecordings({
      prometheusUrl: urls(config).prometheus,
      file: options.rules.backfill,
      range,
    });
  } catch (e) {
    throw new StackError(
      `backfilling the SLO recordings failed: ${(e as Error).message}\n--- ${
        paths.prometheusLog
      }\n${tail(paths.prometheusLog)}`,
    );
  } finally {
    await stopProcess(server.pid);
    fs.rmSync(paths.prometheusPid, { force: true });
  }
  const file = path.join(paths.openMetrics, 'slo-recordings.om');
  fs.mkdirSync(paths.openMetrics, { recursive: true });
  fs.writeFileSync(file, recordingsOpenMetrics(evaluated.series));
  await runPromtool(options.promtool, file, paths.prometheusData);
  return {
    start: range.start,
    end: range.end,
    queries: evaluated.queries,
    series: evaluated.series.length,
    samples: evaluated.series.reduce((n, s) => n + s.samples.length, 0),
  };
}

/** The stack's prometheus.yml: scrape the exporter, evaluate the `ruleFiles` (absolute paths). */
export function prometheusConfigYaml(
  config: StackConfig,
  ruleFiles: readonly string[] = [],
): string {
  return [
    '# Generated by demo-world on every `up`; edits are overwritten.',
    'global:',
    '  scrape_interval: 15s',
    '  scrape_timeout: 10s',
    '  evaluation_interval: 15s',
    ...(ruleFiles.length > 0
      ? ['rule_files:', ...ruleFiles.map(f => `  - ${JSON.stringify(f)}`)]
      : []),
    'scrape_configs:',
    '  - job_name: demo-world',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${config.exporterPort}']`,
    '    metric_relabel_configs:',
    '      # The promtool history has no job/instance labels: drop them from the',
    '      # live samples so history and live data are the same series.',
    '      - action: labeldrop',
    '        regex: job|instance',
    '',
  ].join('\n');
}

function openLog(file: string): number {
  return fs.openSync(file, 'a');
}

function spawnDetached(
  command: string,
  args: string[],
  logFile: string,
  cwd: string,
): ChildProcess {
  const fd = openLog(logFile);
  try {
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    child.unref();
    return child;
  } finally {
    fs.closeSync(fd);
  }
}

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  alive?: () => boolean,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (alive && !alive()) throw new StackError(`${what}: the process exited`);
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = (e as Error).message;
    }
    await sleep(250);
  }
  throw new StackError(
    `timed out after ${timeoutMs / 1000}s waiting for ${what}${
      lastError ? ` (${lastError})` : ''
    }`,
  );
}

async function healthy(config: StackConfig): Promise<boolean> {
  const u = urls(config);
  try {
    const [p, e] = await Promise.all([
      httpGet(`${u.prometheus}/-/ready`, 3000),
      httpGet(`http://127.0.0.1:${config.exporterPort}/healthz`, 3000),
    ]);
    return p.status === 200 && e.status === 200;
  } catch {
    return false;
  }
}

function acquireLock(paths: StatePaths): () => void {
  fs.mkdirSync(paths.stateDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(paths.lock, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(paths.lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(paths.lock, 'utf8'));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (alive && holder !== process.pid) {
        throw new StackError(
          `another demo-world command (pid ${holder}) is running on ${paths.stateDir}`,
        );
      }
      fs.rmSync(paths.lock, { force: true });
    }
  }
  throw new StackError(`cannot lock ${paths.lock}`);
}

export interface UpResult {
  prometheusUrl: string;
  exporterUrl: string;
  truthFile: string;
  t0: number;
  seed: number;
  reused: boolean;
  alreadyUp: boolean;
  seconds: number;
}

/** Brings the stack up (idempotent). */
export async function up(
  config: StackConfig,
  options: { fresh?: boolean; log?: Log } = {},
): Promise<UpResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const tools = checkTools(config);
  const paths = statePaths(config.stateDir);
  const rules = worldRules();
  const release = acquireLock(paths);
  try {
    const u = urls(config);
    let world = readWorld(paths);
    const running = runningProcesses(paths);
    const result = (reused: boolean, alreadyUp: boolean): UpResult => ({
      prometheusUrl: u.prometheus,
      exporterUrl: u.exporter,
      truthFile: paths.truth,
      t0: world!.t0,
      seed: world!.seed,
      reused,
      alreadyUp,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    });

    // The stored world matches this seed and this code (same numbers), and its backfilled
    // recordings are those of the current rules.
    const current =
      world !== undefined &&
      world.modelVersion === MODEL_VERSION &&
      world.seed === config.seed &&
      world.backfilledRules === rules.digest &&
      world.fingerprint ===
        modelFingerprint(createModel({ seed: world.seed, t0: world.t0 }));
    if (running.prometheus && running.exporter && world && !options.fresh) {
      const cmd = fs.readFileSync(
        `/proc/${running.prometheus}/cmdline`,
        'utf8',
      );
      if (
        !cmd.includes(`127.0.0.1:${config.prometheusPort}\0`) ||
        !fs
          .readFileSync(paths.prometheusConfig, 'utf8')
          .includes(`127.0.0.1:${config.exporterPort}'`)
      ) {
        throw new StackError(
          `the stack of ${paths.stateDir} is already up on other ports; run \`demo-world down\` first`,
        );
      }
      const rulesLoaded = readText(paths.rules) === rules.yaml;
      if (current && rulesLoaded && (await healthy(config))) {
        log('already up');
        return result(true, true);
      }
    }
    if (running.prometheus || running.exporter) {
      log('stopping the previous (partial, unhealthy or outdated) stack');
      await stopAll(paths);
    }
    for (const [name, port, env] of [
      ['Prometheus', config.prometheusPort, 'DEMO_PROMETHEUS_PORT'],
      ['the exporter', config.exporterPort, 'DEMO_EXPORTER_PORT'],
    ] as const) {
      if (await portInUse(port)) {
        throw new StackError(
          `port ${port} (for ${name}) is already in use by another program; free it or set ${env} to another port`,
        );
      }
    }

    const age = world ? Date.now() / 1000 - world.t0 : Infinity;
    const reusable =
      !options.fresh &&
      current &&
      age <= config.reuseMaxAgeSeconds &&
      fs.existsSync(paths.truth) &&
      fs.existsSync(paths.prometheusData) &&
      fs.readdirSync(paths.prometheusData).length > 0;
    if (reusable) {
      log(
        `reusing the world generated at T0=${world!.t0Iso} (${Math.round(
          age / 60,
        )} min ago)`,
      );
    } else {
      world = await generateWorld({
        config,
        prometheus: tools.prometheus,
        promtool: tools.promtool,
        rules,
        t0: currentT0() - config.outageSeconds,
        log,
      });
    }

    fs.writeFileSync(paths.rules, rules.yaml);
    fs.writeFileSync(
      paths.prometheusConfig,
      prometheusConfigYaml(config, [paths.rules]),
    );
    for (const f of [paths.prometheusLog, paths.exporterLog])
      fs.writeFileSync(f, '');

    const exporter = spawnDetached(
      process.execPath,
      [
        BIN_PATH,
        'exporter',
        exporterArg(paths),
        `--seed=${world!.seed}`,
        `--t0=${world!.t0}`,
        `--port=${config.exporterPort}`,
      ],
      paths.exporterLog,
      paths.stateDir,
    );
    fs.writeFileSync(paths.exporterPid, String(exporter.pid));
    let exporterExited = false;
    exporter.once('exit', () => {
      exporterExited = true;
    });

    const prometheusStarted = Date.now();
    const prometheus = startPrometheus(
      tools.prometheus,
      config,
      paths,
      paths.prometheusConfig,
    );

    const timeout = config.upTimeoutSeconds * 1000;
    try {
      await waitFor(
        'the exporter',
        timeout,
        async () =>
          (
            await httpGet(
              `http://127.0.0.1:${config.exporterPort}/healthz`,
              2000,
            )
          ).status === 200
            ? true
            : undefined,
        () => !exporterExited,
      );
    } catch (e) {
      await stopAll(paths);
      throw new StackError(
        `${(e as Error).message}\n--- ${paths.exporterLog}\n${tail(
          paths.exporterLog,
        )}`,
      );
    }
    try {
      await waitForPrometheusReady(config, prometheus);
      log(
        `Prometheus ready after ${seconds(
          started,
        )}s; waiting for its first scrape of the exporter (every 15 s)`,
      );
      // A sample scraped by this Prometheus process (older runs may have left some in its WAL).
      const since = Math.floor(prometheusStarted / 1000);
      await waitFor(
        'the first scrape of the exporter',
        timeout,
        async () => {
          const r = await promQuery(
            u.prometheus,
            `max(timestamp(up{job="demo-world"} == 1)) >= ${since} and on() max(timestamp(http_server_requests_total)) >= ${since}`,
          );
          return r.length > 0 ? true : undefined;
        },
        () => !prometheus.exited(),
      );
    } catch (e) {
      await stopAll(paths);
      throw new StackError(
        `${(e as Error).message}\n--- ${paths.prometheusLog}\n${tail(
          paths.prometheusLog,
        )}`,
      );
    }
    return result(reusable, false);
  } finally {
    release();
  }
}

/** Stops Prometheus and the exporter of this state folder (pid files, then a /proc sweep). */
export async function stopAll(paths: StatePaths): Promise<number[]> {
  const stopped: number[] = [];
  const running = runningProcesses(paths);
  const stray = [
    ...findProcesses([promMarker(paths)]),
    ...findProcesses([BIN_PATH, 'exporter', exporterMarker(paths)]),
  ];
  const pids = [
    ...new Set(
      [running.exporter, running.prometheus, ...stray].filter(
        (p): p is number => p !== undefined,
      ),
    ),
  ];
  await Promise.all(pids.map(pid => stopProcess(pid)));
  stopped.push(...pids);
  fs.rmSync(paths.prometheusPid, { force: true });
  fs.rmSync(paths.exporterPid, { force: true });
  return stopped;
}

/** Stops the stack (idempotent). */
export async function down(config: StackConfig): Promise<number[]> {
  const paths = statePaths(config.stateDir);
  if (!fs.existsSync(paths.stateDir)) return [];
  const release = acquireLock(paths);
  try {
    return await stopAll(paths);
  } finally {
    release();
  }
}

export interface StatusResult {
  up: boolean;
  prometheus: { pid?: number; url: string; ready: boolean };
  exporter: { pid?: number; url: string; ready: boolean };
  world?: WorldState;
  truthFile?: string;
  tools: { prometheus?: string; promtool?: string; version?: string };
}

export async function status(config: StackConfig): Promise<StatusResult> {
  const paths = statePaths(config.stateDir);
  const running = runningProcesses(paths);
  const u = urls(config);
  const ready = async (url: string) => {
    try {
      return (await httpGet(url, 2000)).status === 200;
    } catch {
      return false;
    }
  };
  const [pReady, eReady] = await Promise.all([
    running.prometheus ? ready(`${u.prometheus}/-/ready`) : false,
    running.exporter
      ? ready(`http://127.0.0.1:${config.exporterPort}/healthz`)
      : false,
  ]);
  const prometheusBin = which(config.prometheusBin);
  return {
    up: Boolean(running.prometheus && running.exporter && pReady && eReady),
    prometheus: { pid: running.prometheus, url: u.prometheus, ready: pReady },
    exporter: { pid: running.exporter, url: u.exporter, ready: eReady },
    world: readWorld(paths),
    truthFile: fs.existsSync(paths.truth) ? paths.truth : undefined,
    tools: {
      prometheus: prometheusBin,
      promtool: which(config.promtoolBin),
      version: prometheusBin ? versionOf(prometheusBin) : undefined,
    },
  };
}
