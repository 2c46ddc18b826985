import { createMetricsStores } from '@metrics-suite/backstage-plugin-metrics-backend';
import knexFactory from 'knex';
import type { BenchmarkResult } from './report';
import { StoreCalls } from './countingStore';
import { countedScorecard } from './scorecardServices';
import { SeededRows, seedTeams } from './seedTeams';
import { median, nowMs } from './timing';

// docs/architecture.md#stores: org roll-ups read stored history with a fixed number of queries; a read per
// team would turn the scorecard of a large organisation into thousands of queries.
export const SCORECARD_READ_BOUND = 1;

interface Case {
  teams: number;
  seeded: SeededRows;
  seedMs: number;
  /** Store reads and writes of the first assessment of the day, which stores every team. */
  firstReads: number;
  firstWrites: number;
  /** Most reads and writes of one later assessment. */
  reads: number;
  writes: number;
  readsByMethod: string;
  medianMs: number;
  stages: Map<number, number>;
  problems: string[];
}

async function runCase(teams: number, runs: number, now: Date): Promise<Case> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  try {
    const stores = await createMetricsStores({
      database: { getClient: async () => knex },
    });
    const seedStart = nowMs();
    const seeded = await seedTeams(stores, teams, now);
    const seedMs = nowMs() - seedStart;
    const { maturity, calls } = await countedScorecard({
      knex,
      stores,
      teams,
      now: now,
    });

    // The first call of the day writes every team's assessment; later ones only read.
    const first = await maturity.assessAll();
    const firstReads = calls.reads;
    const firstWrites = calls.writes;
    const stages = new Map<number, number>();
    for (const team of first) {
      stages.set(team.stage, (stages.get(team.stage) ?? 0) + 1);
    }
    let reads = 0;
    let writes = 0;
    const times: number[] = [];
    let readsByMethod = '';
    const problems: string[] = [];
    for (let run = 0; run < runs; run++) {
      calls.reset();
      const start = nowMs();
      const result = await maturity.assessAll();
      times.push(nowMs() - start);
      if (result.length !== teams) {
        problems.push(`assessAll returned ${result.length} of ${teams} teams`);
      }
      reads = Math.max(reads, calls.reads);
      writes = Math.max(writes, calls.writes);
      readsByMethod = [...calls.byMethod]
        .filter(([method]) => StoreCalls.isRead(method))
        .map(([method, n]) => `${method} ${n}`)
        .join(', ');
    }
    return {
      teams,
      seeded,
      seedMs,
      firstReads,
      firstWrites,
      reads,
      writes,
      readsByMethod,
      medianMs: median(times),
      stages,
      problems,
    };
  } finally {
    await knex.destroy();
  }
}

const rowsOf = (s: SeededRows) =>
  s.views +
  s.goals +
  s.followUps +
  s.reviews +
  s.definitionChanges +
  s.assessments;

const stagesText = (stages: Map<number, number>) =>
  [...stages.entries()]
    .sort(([a], [b]) => a - b)
    .map(([stage, n]) => `${stage}:${n}`)
    .join(' ');

/**
 * Bar 3: MaturityService.assessAll (the org scorecard) over a few teams and a hundred times
 * as many, with proportionally seeded history in the database stores on SQLite.
 */
export async function benchScorecard(options: {
  small: number;
  large: number;
  runs: number;
  now: Date;
}): Promise<BenchmarkResult> {
  const { runs, now } = options;
  const small = await runCase(options.small, runs, now);
  const large = await runCase(options.large, runs, now);
  const problems = [...small.problems, ...large.problems];
  // Same habits in the same proportions must give the same stages in the same proportions.
  const scale = large.teams / small.teams;
  for (const [stage, n] of small.stages) {
    if ((large.stages.get(stage) ?? 0) !== n * scale) {
      problems.push(
        `stages do not scale with the teams: ${stagesText(
          small.stages,
        )} vs ${stagesText(large.stages)}`,
      );
      break;
    }
  }
  const perTeam = (c: Case) => c.medianMs / c.teams;
  return {
    id: 'org-scorecard',
    title: 'Org scorecard',
    ratios: [
      {
        id: 'scorecard-reads',
        label: `store reads, ${large.teams} vs ${small.teams} teams`,
        numerator: {
          label: `${large.teams} teams`,
          value: large.reads,
          unit: 'reads',
        },
        denominator: {
          label: `${small.teams} teams`,
          value: small.reads,
          unit: 'reads',
        },
        bound: SCORECARD_READ_BOUND,
      },
      {
        id: 'scorecard-time-per-team',
        label: `time per team, ${large.teams} vs ${small.teams} teams`,
        numerator: {
          label: `${large.teams} teams`,
          value: perTeam(large),
          unit: 'ms/team',
        },
        denominator: {
          label: `${small.teams} teams`,
          value: perTeam(small),
          unit: 'ms/team',
        },
      },
    ],
    details: [small, large].map(c => ({
      teams: c.teams,
      'seeded rows': rowsOf(c.seeded),
      'seed ms': c.seedMs,
      'reads (first of day)': c.firstReads,
      'writes (first of day)': c.firstWrites,
      reads: c.reads,
      writes: c.writes,
      'reads by method': c.readsByMethod,
      'assessAll ms': c.medianMs,
      'ms per team': perTeam(c),
      stages: stagesText(c.stages),
    })),
    problems,
  };
}
