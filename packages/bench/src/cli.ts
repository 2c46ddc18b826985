/*
 * bench: measures the suite's non-functional bars (docs/non-functional.md#what-yarn-bench-measures) as ratios taken in one run,
 * prints them and writes <repo>/.bench/results.json. Exit code 0: every bar holds; 1: a bar
 * is broken; 2: something could not be measured.
 */
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import {
  exampleSloEntries,
  readExampleCatalog,
  seedAnalyticsEvents,
} from '@internal/demo-world';
import {
  acquirePrometheus,
  PrometheusStack,
  StackUnavailableError,
} from './prometheusStack';
import {
  BenchmarkResult,
  detailsTable,
  exitCodeOf,
  resultsJson,
  summaryTable,
} from './report';
import { benchHugeAnswers } from './hugeAnswerBench';
import { benchLoad } from './loadBench';
import { benchOrgScale, readOrgScaleOptions } from './orgScale';
import { benchRollUp } from './rollUpBench';
import { benchScorecard } from './scorecardBench';
import { benchServiceViews } from './serviceViewBench';
import { benchSloRules } from './sloRulesBench';
import { nowMs } from './timing';
import { createViewServices } from './viewServices';
import {
  annotatedServices,
  conventionsOf,
  loadExampleEntities,
  syntheticTribe,
} from './world';

const USAGE = `Usage: bench [--runs N] [--keep] [--org-only | --slo-rules-only]

  --runs N          measured runs of every case after one warm-up (default 7, env BENCH_RUNS)
  --keep            leave the demo world running for the next run (env BENCH_KEEP_DEMO=1)
  --org-only        only the org-scale bars on the real catalog (5/7)
  --slo-rules-only  only the 28-day SLO evaluation with recording rules vs raw (4/7)

Org scale: BENCH_ORG_TEAMS (1000), BENCH_ORG_SMALL_TEAMS (10), BENCH_ORG_USERS (50),
BENCH_ORG_LOAD_SECONDS (60); PostgreSQL at METRICS_TEST_POSTGRES_URL (bin/bench starts one
when unset).

Prometheus: DEMO_PROMETHEUS_URL when set; otherwise the demo world on 127.0.0.1:29090
(BENCH_PROMETHEUS_PORT, BENCH_EXPORTER_PORT), state in <repo>/.demo/bench.
`;

const TRIBE = 'bench-tribe';
const TRIBE_SQUADS = 6;
const TRIBE_SERVICES = 60;
/** A squad owning one Component of each annotated example service, every convention among them. */
const SAMPLER = 'bench-sampler';
const SMALL_ORG = 6;
const LARGE_ORG = 600;
const MAX_PRINTED_PROBLEMS = 5;

/** The repository root: the nearest parent with a package.json declaring workspaces. */
function findRepoRoot(): string {
  // This dev tool always runs from source (bin/bench), never bundled.
  // eslint-disable-next-line no-restricted-syntax
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      JSON.parse(fs.readFileSync(pkg, 'utf8')).workspaces
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('bench: repository root not found');
    dir = parent;
  }
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

function parseRuns(argv: string[], env: NodeJS.ProcessEnv): number {
  const i = argv.indexOf('--runs');
  const unknown = argv.filter(
    (arg, j) =>
      arg !== '--keep' &&
      arg !== '--org-only' &&
      arg !== '--slo-rules-only' &&
      arg !== '--runs' &&
      !(i >= 0 && j === i + 1),
  );
  if (unknown.length > 0) {
    throw new RangeError(`unknown argument ${unknown[0]}`);
  }
  if (argv.includes('--org-only') && argv.includes('--slo-rules-only')) {
    throw new RangeError('--org-only and --slo-rules-only exclude each other');
  }
  const raw = i >= 0 ? argv[i + 1] : env.BENCH_RUNS ?? '7';
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    throw new RangeError(
      `--runs / BENCH_RUNS must be a whole number from 1 to 50, got ${raw}`,
    );
  }
  return runs;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let runs: number;
  let orgScale: ReturnType<typeof readOrgScaleOptions>;
  const orgOnly = argv.includes('--org-only');
  const sloRulesOnly = argv.includes('--slo-rules-only');
  const everything = !orgOnly && !sloRulesOnly;
  try {
    runs = parseRuns(argv, process.env);
    orgScale = readOrgScaleOptions(process.env, runs);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const repoRoot = findRepoRoot();
  const started = nowMs();
  const startedAt = new Date();

  let stack: PrometheusStack;
  try {
    stack = await acquirePrometheus({
      repoRoot,
      env: process.env,
      keep: argv.includes('--keep') || process.env.BENCH_KEEP_DEMO === '1',
    });
  } catch (error) {
    if (error instanceof StackUnavailableError) {
      process.stderr.write(
        `bench: no Prometheus to measure against: ${error.message}\n`,
      );
      return 2;
    }
    throw error;
  }
  const { release } = stack;

  // Ctrl-C during the views still takes down the demo world this run started.
  const interrupted = () => {
    progress('interrupted');
    release().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);

  const results: BenchmarkResult[] = [];
  const events = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  try {
    progress(
      `Prometheus ${stack.url} (${stack.origin}); ${runs} runs after a warm-up`,
    );
    const examples = loadExampleEntities(repoRoot);
    if (!sloRulesOnly) {
      await seedAnalyticsEvents(events, {
        end: Math.floor(Date.now() / 1000),
      });
    }

    const services = annotatedServices(examples);
    if (everything) {
      progress('1/7 service views of every example Component');
      const exampleViews = await createViewServices({
        prometheusUrl: stack.url,
        entities: examples,
        knex: events,
      });
      results.push(
        await benchServiceViews({
          services: exampleViews,
          entities: examples,
          runs,
        }),
      );

      progress(
        `2/7 squad roll-up: ${SAMPLER} (${services.length} services, ${
          conventionsOf(services).length
        } conventions) vs ${TRIBE} (${TRIBE_SERVICES} services)`,
      );
      const tribeViews = await createViewServices({
        prometheusUrl: stack.url,
        entities: [
          ...examples,
          // The small group holds every convention the tribe holds, so the bar compares
          // queries per convention: more for the tribe means a per-service query crept in.
          ...syntheticTribe({
            name: SAMPLER,
            squads: 1,
            components: services.length,
            services,
          }),
          ...syntheticTribe({
            name: TRIBE,
            squads: TRIBE_SQUADS,
            components: TRIBE_SERVICES,
            services,
          }),
        ],
        knex: events,
      });
      results.push(
        await benchRollUp({
          services: tribeViews,
          squad: SAMPLER,
          tribe: TRIBE,
          conventions: conventionsOf(services).length,
          runs,
        }),
      );

      const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
      progress(`3/7 cache-busting load for ${seconds} s`);
      results.push(
        await benchLoad({
          prometheusUrl: stack.url,
          entities: examples,
          seconds,
        }),
      );
    }
    if (!orgOnly) {
      const slos = exampleSloEntries(
        readExampleCatalog(repoRoot),
      ).entries.flatMap(e => e.slos);
      progress(
        `4/7 28-day SLO evaluation of ${slos.length} SLOs, recording rules vs raw`,
      );
      results.push(
        await benchSloRules({ prometheusUrl: stack.url, slos, runs }),
      );
    }
    if (!sloRulesOnly) {
      progress('5/7 org scale on the real catalog');
      results.push(
        ...(await benchOrgScale({
          prometheusUrl: stack.url,
          services,
          postgres: {
            url: process.env.METRICS_TEST_POSTGRES_URL || undefined,
            problem: process.env.BENCH_POSTGRES_PROBLEM || undefined,
          },
          scale: orgScale,
          progress,
        })),
      );
    }
  } finally {
    await events.destroy();
    process.off('SIGINT', interrupted);
    await release();
  }

  if (everything) {
    progress(`6/7 org scorecard: ${SMALL_ORG} vs ${LARGE_ORG} teams`);
    results.push(
      await benchScorecard({
        small: SMALL_ORG,
        large: LARGE_ORG,
        runs,
        now: startedAt,
      }),
    );
    // Against a Prometheus stand-in of its own: the answers are made huge on purpose.
    progress('7/7 huge Prometheus answers while /health is asked');
    results.push(await benchHugeAnswers());
  }

  const out = process.stdout;
  out.write(`\n${summaryTable(results)}\n`);
  for (const result of results) {
    out.write(`\n${result.title}\n${detailsTable(result)}\n`);
    // The first few say what went wrong; the JSON has them all.
    for (const problem of result.problems.slice(0, MAX_PRINTED_PROBLEMS)) {
      out.write(`  problem: ${problem}\n`);
    }
    if (result.problems.length > MAX_PRINTED_PROBLEMS) {
      out.write(
        `  … and ${
          result.problems.length - MAX_PRINTED_PROBLEMS
        } more problems\n`,
      );
    }
  }
  const seconds = Math.round((nowMs() - started) / 100) / 10;
  const file = path.join(repoRoot, '.bench', 'results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify(
      resultsJson(results, {
        startedAt: startedAt.toISOString(),
        seconds,
        runs,
        prometheus: stack.url,
        prometheusOrigin: stack.origin,
        node: process.version,
      }),
      // Microseconds are below the noise of any of these timings.
      (_key, value) =>
        typeof value === 'number' && !Number.isInteger(value)
          ? Math.round(value * 1000) / 1000
          : value,
      2,
    )}\n`,
  );
  const code = exitCodeOf(results);
  out.write(
    `\n${
      ['every bar holds', 'a bar is broken', 'some measurements are invalid'][
        code
      ]
    } (${seconds}s); results in ${
      path.relative(process.cwd(), file) || file
    }\n`,
  );
  return code;
}
