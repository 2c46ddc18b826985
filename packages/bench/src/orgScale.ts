import knexFactory from 'knex';
import { countingProxy } from './countingProxy';
import { OrgBackend, OrgDatabase, startOrgBackend } from './orgBackend';
import { entityViewUrl, freshEnds, getAnswer } from './orgHttp';
import { benchOrgLoad } from './orgLoadBench';
import type { BenchmarkResult } from './report';
import { benchScorecardPage, ScorecardPageRun } from './scorecardPageBench';
import { benchSingleFlight } from './singleFlightBench';
import { benchSweepQueries } from './sweepQueriesBench';
import { orgComponentName, orgTeamName, syntheticOrg } from './syntheticOrg';
import { benchTabQueries } from './tabQueriesBench';
import { benchViewScaling } from './viewScalingBench';
import type { ServiceAnnotations } from './world';

/** The org-scale knobs (env), defaults as docs/non-functional.md#what-yarn-bench-measures says. */
export interface OrgScaleOptions {
  smallTeams: number;
  largeTeams: number;
  users: number;
  loadSeconds: number;
  runs: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name] ?? String(fallback);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number >= 1, got ${raw}`);
  }
  return value;
}

export function readOrgScaleOptions(
  env: NodeJS.ProcessEnv,
  runs: number,
): OrgScaleOptions {
  return {
    smallTeams: whole(env, 'BENCH_ORG_SMALL_TEAMS', 10),
    largeTeams: whole(env, 'BENCH_ORG_TEAMS', 1000),
    users: whole(env, 'BENCH_ORG_USERS', 50),
    loadSeconds: whole(env, 'BENCH_ORG_LOAD_SECONDS', 60),
    runs,
  };
}

const notMeasured = (
  id: string,
  title: string,
  why: string,
): BenchmarkResult => ({
  id,
  title,
  ratios: [],
  details: [],
  problems: [`not measured: ${why}`],
});

/** Drops the databases a backend created under `prefix` on a PostgreSQL server it did not own. */
async function dropDatabases(url: string, prefix: string): Promise<void> {
  const knex = knexFactory({ client: 'pg', connection: url });
  try {
    const rows = await knex('pg_database')
      .select('datname')
      .where('datname', 'like', `${prefix}%`);
    for (const { datname } of rows) {
      await knex.raw('DROP DATABASE IF EXISTS ??', [datname]);
    }
  } finally {
    await knex.destroy();
  }
}

/** The demo-annotated Component whose view links the most callers to catalog entities. */
async function componentWithCallers(
  api: string,
  count: number,
  end: number,
): Promise<{ name: string; callers: number }> {
  let best = { name: orgComponentName(0, 0), callers: -1 };
  for (let n = 0; n < count; n++) {
    const name = orgComponentName(Math.floor(n / 10), n % 10);
    const answer = await getAnswer(
      entityViewUrl(api, name, { range: '1d', end }),
    );
    const items: Array<{ external?: boolean }> =
      answer.body?.callers?.items ?? [];
    const linked = items.filter(item => !item.external).length;
    if (linked > best.callers) best = { name, callers: linked };
  }
  return best;
}

/**
 * Bars a–f of docs/non-functional.md#what-yarn-bench-measures: a synthetic org ingested by
 * the real catalog backend with the metrics plugin beside it, on SQLite and on PostgreSQL.
 */
export async function benchOrgScale(options: {
  prometheusUrl: string;
  services: readonly ServiceAnnotations[];
  postgres: { url?: string; problem?: string };
  scale: OrgScaleOptions;
  progress: (line: string) => void;
}): Promise<BenchmarkResult[]> {
  const { scale, progress, services } = options;
  const results: BenchmarkResult[] = [];
  const proxy = await countingProxy(options.prometheusUrl);
  const start = (teams: number, database: OrgDatabase, prefix: string) =>
    startOrgBackend({
      entities: syntheticOrg({ teams, services }),
      database,
      prefix,
      prometheusUrl: proxy.url,
    });
  const components = (teams: number) => teams * 10;
  const nextEnd = freshEnds(Math.floor(Date.now() / 1000));
  const scorecardRuns: ScorecardPageRun[] = [];
  let small: OrgBackend | undefined;
  let large: OrgBackend | undefined;
  try {
    try {
      progress(
        `org: ingesting ${scale.smallTeams} teams into the catalog (SQLite)`,
      );
      small = await start(scale.smallTeams, { client: 'sqlite' }, 'small');
      progress(
        `org: ingesting ${scale.largeTeams} teams / ${components(
          scale.largeTeams,
        )} Components (SQLite)`,
      );
      large = await start(scale.largeTeams, { client: 'sqlite' }, 'large');
      progress(
        `org: catalog answered them all in ${large.ingestSeconds.toFixed(0)} s`,
      );
    } catch (error) {
      return [
        notMeasured(
          'org-scale',
          'Org scale on the real catalog',
          String(error),
        ),
      ];
    }
    const target = await componentWithCallers(
      small.api,
      Math.min(services.length, components(scale.smallTeams)),
      nextEnd(),
    );
    progress(
      `org: a–c on component:default/${target.name} (${target.callers} linked callers)`,
    );
    results.push(
      await benchViewScaling({
        small: { api: small.api, components: components(scale.smallTeams) },
        large: { api: large.api, components: components(scale.largeTeams) },
        component: target.name,
        callers: target.callers,
        nextEnd,
        runs: scale.runs,
      }),
      await benchTabQueries({
        api: large.api,
        proxy,
        component: target.name,
        nextEnd,
      }),
      await benchSingleFlight({
        api: large.api,
        proxy,
        component: target.name,
        nextEnd,
      }),
    );
    progress('org: d burn-rate sweeps');
    results.push(
      await benchSweepQueries({
        proxy,
        small: { backend: small, teams: scale.smallTeams },
        large: { backend: large, teams: scale.largeTeams },
      }),
    );
    await small.stop();
    small = undefined;
    scorecardRuns.push({ database: 'SQLite', api: large.api });
    progress(`org: f load, ${scale.users} users for ${scale.loadSeconds} s`);
    results.push(
      await benchOrgLoad({
        api: large.api,
        components: Array.from(
          { length: components(scale.largeTeams) },
          (_, n) => orgComponentName(Math.floor(n / 10), n % 10),
        ),
        teams: Array.from({ length: scale.largeTeams }, (_, i) =>
          orgTeamName(i),
        ),
        users: scale.users,
        seconds: scale.loadSeconds,
      }),
    );
    progress('org: e scorecard page (SQLite)');
    const sqliteScorecard = await benchScorecardPage({
      runs: scorecardRuns,
      teams: scale.largeTeams,
    });
    await large.stop();
    large = undefined;

    const pgRun: ScorecardPageRun = { database: 'PostgreSQL' };
    if (!options.postgres.url) {
      pgRun.notMeasured =
        options.postgres.problem ?? 'METRICS_TEST_POSTGRES_URL is not set';
    } else {
      const prefix = `bench_${process.pid}_${Date.now()}_`;
      try {
        progress(`org: ingesting ${scale.largeTeams} teams (PostgreSQL)`);
        large = await start(
          scale.largeTeams,
          { client: 'postgres', url: options.postgres.url },
          prefix,
        );
        progress(
          `org: catalog answered them all in ${large.ingestSeconds.toFixed(
            0,
          )} s`,
        );
        pgRun.api = large.api;
      } catch (error) {
        pgRun.notMeasured = String(error);
      }
      const pg = await benchScorecardPage({
        runs: [pgRun],
        teams: scale.largeTeams,
      });
      results.push(merge(sqliteScorecard, pg));
      await large?.stop();
      large = undefined;
      await dropDatabases(options.postgres.url, prefix).catch(() => undefined);
      return results;
    }
    results.push(
      merge(
        sqliteScorecard,
        await benchScorecardPage({ runs: [pgRun], teams: scale.largeTeams }),
      ),
    );
    return results;
  } finally {
    await small?.stop();
    await large?.stop();
    await proxy.stop();
  }
}

function merge(a: BenchmarkResult, b: BenchmarkResult): BenchmarkResult {
  return {
    ...a,
    ratios: [...a.ratios, ...b.ratios],
    details: [...a.details, ...b.details],
    problems: [...a.problems, ...b.problems],
  };
}
