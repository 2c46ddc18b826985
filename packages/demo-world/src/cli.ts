/*
 * demo-world CLI: up | down | status | truth | generate | seed-events | exporter
 */
import fs from 'node:fs';
import { InputError } from '@backstage/errors';
import { knex as createKnex, Knex } from 'knex';
import path from 'node:path';
import { computeAnalyticsTruth, seedAnalyticsEvents } from './analytics';
import { startExporter } from './exporter';
import { computeHistory, writeOpenMetricsFiles } from './history';
import { createModel, currentT0 } from './model';
import { ConfigError, loadConfig, statePaths } from './stack/config';
import { down, status, StackError, up } from './stack/stack';
import { computeGroundTruth } from './truth';

const USAGE = `Usage: demo-world <command> [options]

Commands:
  up [--fresh]     Generate the world if needed, load it with promtool, start
                   Prometheus and the live exporter in the background, wait
                   until Prometheus has scraped the exporter; print the URLs.
                   Idempotent. --fresh regenerates the world ending now.
  down             Stop Prometheus and the exporter (nothing left running).
  status [--json]  Show what is running (exit 0 when up, 1 when not).
  truth            Print the path of the ground-truth JSON (exit 1 if none).
  generate --out DIR [--t0 SECONDS]
                   Write the OpenMetrics history and truth.json to DIR only.
  seed-events (--sqlite FILE | --pg URL) [--end SECONDS]
                   Create and seed the analytics_events table.

Environment:
  DEMO_PROMETHEUS_PORT (9090)  DEMO_EXPORTER_PORT (9464)  DEMO_SEED (42)
  DEMO_STATE_DIR (<repo>/.demo)  DEMO_REUSE_MAX_AGE_MINUTES (120)
  DEMO_OUTAGE_MINUTES (0: a new world's history ends that long before now)
  DEMO_PROMETHEUS_BIN / DEMO_PROMTOOL_BIN  DEMO_UP_TIMEOUT_SECONDS (90)
  DEMO_KEEP_OPENMETRICS=1 (keep the .om files in <state>/openmetrics)
`;

function parseArgs(argv: string[]) {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--'))
        flags[a.slice(2)] = argv[++i];
      else flags[a.slice(2)] = true;
    } else positional.push(a);
  }
  return { flags, positional };
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const info = (line: string) => process.stdout.write(`demo-world: ${line}\n`);

function numberFlag(
  v: string | true | undefined,
  name: string,
): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n))
    throw new ConfigError(`--${name} needs a number`);
  return n;
}

async function runExporter(flags: Record<string, string | true>) {
  const seed = numberFlag(flags.seed, 'seed');
  const t0 = numberFlag(flags.t0, 't0');
  const port = numberFlag(flags.port, 'port');
  if (t0 === undefined || port === undefined)
    throw new ConfigError('exporter needs --t0 and --port');
  const model = createModel({ seed, t0 });
  const handle = await startExporter({ model, port, host: '127.0.0.1' });
  info(
    `exporter (pid ${process.pid}) serving ${
      handle.url
    }, continuing T0=${new Date(model.t0 * 1000).toISOString()}, ${
      model.size
    } series`,
  );
  const stop = () => {
    info('exporter stopping');
    handle.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await new Promise(() => {});
}

async function runSeedEvents(
  flags: Record<string, string | true>,
  seed: number,
) {
  const end = numberFlag(flags.end, 'end') ?? currentT0();
  let db: Knex;
  if (typeof flags.sqlite === 'string') {
    db = createKnex({
      client: 'better-sqlite3',
      connection: { filename: flags.sqlite },
      useNullAsDefault: true,
    });
  } else if (typeof flags.pg === 'string') {
    db = createKnex({ client: 'pg', connection: flags.pg });
  } else {
    throw new ConfigError(
      'seed-events needs --sqlite FILE or --pg CONNECTION_STRING',
    );
  }
  try {
    const result = await seedAnalyticsEvents(db, { end, seed });
    const truth = computeAnalyticsTruth({ end, seed });
    info(
      `${
        result.unchanged ? 'already seeded' : `inserted ${result.inserted} rows`
      } into ${result.table} (end ${truth.endIso}, seed ${seed})`,
    );
    if (typeof flags.truth === 'string') {
      fs.writeFileSync(flags.truth, `${JSON.stringify(truth, null, 2)}\n`);
      info(`analytics truth written to ${flags.truth}`);
    }
  } finally {
    await db.destroy();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { flags, positional } = parseArgs(argv);
  const command = positional[0];
  try {
    if (!command || command === 'help' || flags.help) {
      out(USAGE);
      return command ? 0 : 1;
    }
    const config = loadConfig();
    switch (command) {
      case 'up': {
        const r = await up(config, { fresh: Boolean(flags.fresh), log: info });
        const world = JSON.parse(
          fs.readFileSync(statePaths(config.stateDir).world, 'utf8'),
        );
        info(
          r.alreadyUp
            ? `already up (${r.seconds}s)`
            : `up in ${r.seconds}s (${
                r.reused ? 'reused the existing world' : 'generated a new world'
              })`,
        );
        out(
          `  Prometheus:   ${r.prometheusUrl}  (UI: ${r.prometheusUrl}/graph)`,
        );
        out(`  Exporter:     ${r.exporterUrl}`);
        out(
          `  T0:           ${r.t0} (${new Date(
            r.t0 * 1000,
          ).toISOString()}), seed ${r.seed}`,
        );
        out(`  Ground truth: ${r.truthFile}`);
        out(
          `  SLO rules:    ${statePaths(config.stateDir).rules}  (alerts: ${
            r.prometheusUrl
          }/alerts)`,
        );
        out(
          `  History:      ${world.stats.series} series, ${world.stats.samples} samples`,
        );
        return 0;
      }
      case 'down': {
        const stopped = await down(config);
        info(
          stopped.length
            ? `stopped pid ${stopped.join(', ')}`
            : 'nothing was running',
        );
        return 0;
      }
      case 'status': {
        const s = await status(config);
        if (flags.json) {
          out(JSON.stringify(s, null, 2));
        } else {
          info(s.up ? 'up' : 'down');
          out(
            `  Prometheus: ${
              s.prometheus.pid ? `pid ${s.prometheus.pid}` : 'not running'
            }${s.prometheus.ready ? `, ready at ${s.prometheus.url}` : ''}`,
          );
          out(
            `  Exporter:   ${
              s.exporter.pid ? `pid ${s.exporter.pid}` : 'not running'
            }${s.exporter.ready ? `, serving ${s.exporter.url}` : ''}`,
          );
          if (s.world)
            out(
              `  World:      T0 ${s.world.t0Iso} (${s.world.t0}), seed ${s.world.seed}, ${s.world.stats.series} series, ${s.world.stats.samples} samples`,
            );
          out(`  Truth:      ${s.truthFile ?? '(none; run `demo-world up`)'}`);
          out(
            `  Tools:      ${s.tools.prometheus ?? 'prometheus MISSING'}, ${
              s.tools.promtool ?? 'promtool MISSING'
            }${s.tools.version ? ` (${s.tools.version})` : ''}`,
          );
        }
        return s.up ? 0 : 1;
      }
      case 'truth': {
        const file = statePaths(config.stateDir).truth;
        if (!fs.existsSync(file)) {
          process.stderr.write(
            `demo-world: no ground truth yet at ${file}; run \`demo-world up\` first\n`,
          );
          return 1;
        }
        out(file);
        return 0;
      }
      case 'generate': {
        if (typeof flags.out !== 'string')
          throw new ConfigError('generate needs --out DIR');
        const dir = path.resolve(flags.out);
        const model = createModel({
          seed: config.seed,
          t0: numberFlag(flags.t0, 't0') ?? currentT0(),
        });
        const files = writeOpenMetricsFiles(model, dir, {
          history: computeHistory(model),
        });
        fs.writeFileSync(
          path.join(dir, 'truth.json'),
          `${JSON.stringify(computeGroundTruth(model), null, 2)}\n`,
        );
        info(
          `wrote ${files.length} OpenMetrics files (${files.reduce(
            (a, f) => a + f.samples,
            0,
          )} samples) and truth.json to ${dir}`,
        );
        info(
          `load with: promtool tsdb create-blocks-from openmetrics --max-block-duration=54h FILE DATA_DIR`,
        );
        return 0;
      }
      case 'seed-events':
        await runSeedEvents(flags, config.seed);
        return 0;
      case 'exporter':
        await runExporter(flags);
        return 0;
      default:
        process.stderr.write(
          `demo-world: unknown command ${command}\n\n${USAGE}`,
        );
        return 1;
    }
  } catch (e) {
    if (
      e instanceof StackError ||
      e instanceof ConfigError ||
      e instanceof InputError
    ) {
      process.stderr.write(`demo-world: ${e.message}\n`);
      return e instanceof StackError ? e.exitCode : 2;
    }
    throw e;
  }
}
