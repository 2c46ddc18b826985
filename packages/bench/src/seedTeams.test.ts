import { createMetricsStores } from '@metrics-suite/backstage-plugin-metrics-backend';
import knexFactory, { Knex } from 'knex';
import { countedScorecard } from './scorecardServices';
import { TEAM_PROFILES, seedTeams } from './seedTeams';

describe('seedTeams', () => {
  let knex: Knex;
  const now = new Date('2026-11-19T12:00:00Z');

  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  });

  afterEach(() => knex.destroy());

  async function assess(teams: number, at: Date = now) {
    const stores = await createMetricsStores({
      database: { getClient: async () => knex },
    });
    const seeded = await seedTeams(stores, teams, at);
    const { maturity, calls } = await countedScorecard({
      knex,
      stores,
      teams,
      now: at,
    });
    return { seeded, calls, maturity };
  }

  // Weeks start on Monday: the first and last day of a week must not change a stage.
  it.each([
    '2026-11-16T00:30:00Z',
    '2026-11-19T12:00:00Z',
    '2026-11-22T23:30:00Z',
  ])(
    'gives each habit its stage, from nothing to acting (%s)',
    async instant => {
      const { maturity } = await assess(
        TEAM_PROFILES.length,
        new Date(instant),
      );
      const stages = (await maturity.assessAll()).map(t => [
        t.entityRef,
        t.stage,
      ]);
      expect(stages).toEqual([
        ['group:default/team-0001', 0],
        ['group:default/team-0002', 1],
        ['group:default/team-0003', 2],
        ['group:default/team-0004', 3],
        ['group:default/team-0005', 4],
        ['group:default/team-0006', 6],
      ]);
    },
  );

  it('seeds rows in proportion to the teams', async () => {
    const six = (await assess(6)).seeded;
    await knex.destroy();
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    const twelve = (await assess(12)).seeded;
    for (const key of Object.keys(six) as Array<keyof typeof six>) {
      expect(twelve[key]).toBe(2 * six[key]);
    }
    expect(six.views).toBeGreaterThan(0);
  });

  it('counts the store reads and writes of the scorecard', async () => {
    const { calls, maturity } = await assess(12);
    await maturity.assessAll();
    // The twelve first assessments are saved in one batch.
    expect(calls.writes).toBe(1);
    calls.reset();
    await maturity.assessAll();
    expect(calls.writes).toBe(0);
    expect(Object.fromEntries(calls.byMethod)).toEqual({
      listViews: 1,
      listGoals: 1,
      listReviews: 1,
      listDefinitionChanges: 1,
      listAssessments: 1,
    });
    expect(calls.reads).toBe(5);
  });
});
