import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import knexFactory, { Knex } from 'knex';
import { SQL_EVENTS_DEFAULT_COLUMNS, SqlEventsConfig } from './config';
import { detectSqlEventsDialect, SqlEventsSource } from './SqlEventsSource';

const POSTGRES_URL = process.env.METRICS_TEST_POSTGRES_URL;

interface EventRow {
  at: string;
  type: string;
  partner: string | null;
  outcome: string | null;
  errorClass: string | null;
  user: string;
}

function event(
  at: string,
  type: string,
  partner: string | null,
  outcome: string | null,
  errorClass: string | null,
  user: string,
): EventRow {
  return { at, type, partner, outcome, errorClass, user };
}

const SYNC = 'integration_sync';

/** Range under test: [2025-01-01, 2025-01-03). */
const EVENTS: EventRow[] = [
  event('2024-12-31T23:59:59.999Z', SYNC, 'github', 'success', null, 'u1'), // before the range
  event('2025-01-01T00:10:00.000Z', SYNC, 'github', 'success', null, 'u1'),
  event('2025-01-01T00:50:00.000Z', SYNC, 'github', 'failure', 'timeout', 'u2'),
  event('2025-01-01T01:05:00.000Z', SYNC, 'jira', 'success', null, 'u1'),
  event('2025-01-01T01:59:59.999Z', SYNC, 'jira', 'failure', null, 'u3'),
  event('2025-01-01T23:59:00.000Z', SYNC, 'github', 'success', null, 'u1'),
  event('2025-01-02T00:00:00.000Z', SYNC, 'github', 'failure', 'auth', 'u2'),
  event('2025-01-02T12:00:00.000Z', 'page_view', null, null, null, 'u1'),
  event('2025-01-03T00:00:00.000Z', SYNC, 'github', 'success', null, 'u1'), // at the end: excluded
];

const START = new Date('2025-01-01T00:00:00.000Z');
const END = new Date('2025-01-03T00:00:00.000Z');

type TimeStorage = 'date' | 'text' | 'timestamptz' | 'timestamp';

interface Backend {
  name: string;
  dialect: 'sqlite' | 'postgres';
  /** How times are stored in the alternative table. */
  alternative: TimeStorage;
  setup(): Promise<{ knex: Knex; schema?: string }>;
  teardown(knex: Knex, schema?: string): Promise<void>;
}

async function createEventsTable(
  knex: Knex,
  schema: string | undefined,
  table: string,
  columns: typeof SQL_EVENTS_DEFAULT_COLUMNS,
  storage: TimeStorage,
  rows: EventRow[],
) {
  const builder = schema ? knex.schema.withSchema(schema) : knex.schema;
  await builder.createTable(table, t => {
    if (storage === 'text') t.text(columns.time);
    else
      t.timestamp(columns.time, {
        useTz: storage !== 'timestamp',
        precision: 3,
      });
    t.string(columns.type).notNullable();
    t.string(columns.partner).nullable();
    t.string(columns.outcome).nullable();
    t.string(columns.errorClass).nullable();
    t.string(columns.user).notNullable();
  });
  const records = rows.map(row => ({
    [columns.time]:
      storage === 'date' || storage === 'timestamptz'
        ? new Date(row.at)
        : // text (SQLite) and timestamp without time zone (PostgreSQL, UTC wall time)
          row.at.replace('T', ' ').replace('Z', ''),
    [columns.type]: row.type,
    [columns.partner]: row.partner,
    [columns.outcome]: row.outcome,
    [columns.errorClass]: row.errorClass,
    [columns.user]: row.user,
  }));
  const insert = schema ? knex(table).withSchema(schema) : knex(table);
  await insert.insert(records);
}

const sqlite: Backend = {
  name: 'SQLite (better-sqlite3, in memory)',
  dialect: 'sqlite',
  alternative: 'text',
  async setup() {
    return {
      knex: knexFactory({
        client: 'better-sqlite3',
        connection: { filename: ':memory:' },
        useNullAsDefault: true,
      }),
    };
  },
  async teardown(knex) {
    await knex.destroy();
  },
};

const postgres: Backend = {
  name: 'PostgreSQL (METRICS_TEST_POSTGRES_URL)',
  dialect: 'postgres',
  alternative: 'timestamp',
  async setup() {
    const knex = knexFactory({ client: 'pg', connection: POSTGRES_URL });
    const schema = `metrics_sql_events_test_${process.pid}_${Date.now()}`;
    await knex.raw('create schema ??', [schema]);
    return { knex, schema };
  },
  async teardown(knex, schema) {
    if (schema) await knex.raw('drop schema ?? cascade', [schema]);
    await knex.destroy();
  },
};

const backends: Array<[string, Backend, string | undefined]> = [
  [sqlite.name, sqlite, undefined],
  [
    postgres.name,
    postgres,
    POSTGRES_URL ? undefined : 'METRICS_TEST_POSTGRES_URL is not set',
  ],
];

describe.each(backends)(
  'SqlEventsSource on %s',
  (_name, backend, skipReason) => {
    if (skipReason) {
      // eslint-disable-next-line jest/no-disabled-tests
      it.skip(`skipped: ${skipReason}`, () => {
        expect(skipReason).toBeUndefined();
      });
      return;
    }

    let knex: Knex;
    let schema: string | undefined;
    let source: SqlEventsSource;

    function makeSource(config: Partial<SqlEventsConfig> = {}) {
      return new SqlEventsSource({
        knex,
        config: {
          ...(schema ? { schema } : {}),
          table: 'analytics_events',
          columns: { ...SQL_EVENTS_DEFAULT_COLUMNS },
          ...config,
        },
      });
    }

    beforeAll(async () => {
      ({ knex, schema } = await backend.setup());
      await createEventsTable(
        knex,
        schema,
        'analytics_events',
        SQL_EVENTS_DEFAULT_COLUMNS,
        backend.dialect === 'sqlite' ? 'date' : 'timestamptz',
        EVENTS,
      );
      source = makeSource();
    });

    afterAll(async () => {
      if (knex) await backend.teardown(knex, schema);
    });

    it('detects the dialect', () => {
      expect(source.dialect).toBe(backend.dialect);
    });

    describe('countByGroup', () => {
      it('counts by partner over [start, end)', async () => {
        await expect(
          source.countByGroup({
            eventTypes: [SYNC],
            start: START,
            end: END,
            groupBy: ['partner'],
          }),
        ).resolves.toEqual([
          { partner: 'github', count: 4 },
          { partner: 'jira', count: 2 },
        ]);
      });

      it('counts everything as one group without groupBy', async () => {
        await expect(
          source.countByGroup({ start: START, end: END, groupBy: [] }),
        ).resolves.toEqual([{ count: 7 }]);
      });

      it('groups by type', async () => {
        await expect(
          source.countByGroup({ start: START, end: END, groupBy: ['type'] }),
        ).resolves.toEqual([
          { type: SYNC, count: 6 },
          { type: 'page_view', count: 1 },
        ]);
      });

      it('groups by outcome and error class for one partner, keeping NULL classes', async () => {
        await expect(
          source.countByGroup({
            eventTypes: [SYNC],
            start: START,
            end: END,
            groupBy: ['outcome', 'errorClass'],
            where: { partner: 'github' },
          }),
        ).resolves.toEqual([
          { outcome: 'success', errorClass: null, count: 2 },
          { outcome: 'failure', errorClass: 'auth', count: 1 },
          { outcome: 'failure', errorClass: 'timeout', count: 1 },
        ]);
      });

      it('sorts NULL groups last among equal counts', async () => {
        await expect(
          source.countByGroup({
            eventTypes: [SYNC],
            start: START,
            end: END,
            groupBy: ['errorClass'],
            where: { outcome: 'failure' },
          }),
        ).resolves.toEqual([
          { errorClass: 'auth', count: 1 },
          { errorClass: 'timeout', count: 1 },
          { errorClass: null, count: 1 },
        ]);
      });

      it('filters on NULL with where: null', async () => {
        await expect(
          source.countByGroup({
            start: START,
            end: END,
            groupBy: ['type'],
            where: { partner: null },
          }),
        ).resolves.toEqual([{ type: 'page_view', count: 1 }]);
      });

      it('counts distinct users with metric uniques', async () => {
        await expect(
          source.countByGroup({
            eventTypes: [SYNC],
            start: START,
            end: END,
            groupBy: ['partner'],
            metric: 'uniques',
          }),
        ).resolves.toEqual([
          { partner: 'github', count: 2 },
          { partner: 'jira', count: 2 },
        ]);
      });

      it('includes start and excludes end, to the millisecond', async () => {
        const count = (start: string, end: string) =>
          source.countByGroup({
            eventTypes: [SYNC],
            start: new Date(start),
            end: new Date(end),
            groupBy: [],
          });
        await expect(
          count('2025-01-01T01:59:59.999Z', '2025-01-02T00:00:00.000Z'),
        ).resolves.toEqual([{ count: 2 }]);
        await expect(
          count('2025-01-01T01:59:59.998Z', '2025-01-01T01:59:59.999Z'),
        ).resolves.toEqual([]);
        await expect(
          count('2025-01-02T00:00:00.000Z', '2025-01-03T00:00:00.001Z'),
        ).resolves.toEqual([{ count: 2 }]);
      });

      it('returns nothing for an empty range, unknown types or an empty type list', async () => {
        const base = {
          start: new Date('2026-01-01'),
          end: new Date('2026-02-01'),
          groupBy: [],
        };
        await expect(source.countByGroup(base)).resolves.toEqual([]);
        await expect(
          source.countByGroup({
            ...base,
            start: START,
            end: END,
            eventTypes: ['nope'],
          }),
        ).resolves.toEqual([]);
        await expect(
          source.countByGroup({
            ...base,
            start: START,
            end: END,
            eventTypes: [],
          }),
        ).resolves.toEqual([]);
      });

      it('binds values, so quotes in them are just characters', async () => {
        await expect(
          source.countByGroup({
            start: START,
            end: END,
            groupBy: [],
            where: { partner: "x' or '1'='1" },
            eventTypes: ["'; drop table analytics_events; --"],
          }),
        ).resolves.toEqual([]);
        await expect(
          source.countByGroup({ start: START, end: END, groupBy: [] }),
        ).resolves.toEqual([{ count: 7 }]);
      });
    });

    describe('series', () => {
      it('buckets by hour, zero-filled, one series per partner', async () => {
        await expect(
          source.series({
            eventTypes: [SYNC],
            start: START,
            end: new Date('2025-01-01T03:00:00.000Z'),
            groupBy: ['partner'],
            bucket: 'hour',
          }),
        ).resolves.toEqual({
          buckets: [
            '2025-01-01T00:00:00.000Z',
            '2025-01-01T01:00:00.000Z',
            '2025-01-01T02:00:00.000Z',
          ],
          series: [
            { group: { partner: 'github' }, counts: [2, 0, 0] },
            { group: { partner: 'jira' }, counts: [0, 2, 0] },
          ],
        });
      });

      it('buckets by UTC day without groups', async () => {
        await expect(
          source.series({ start: START, end: END, groupBy: [], bucket: 'day' }),
        ).resolves.toEqual({
          buckets: ['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'],
          series: [{ group: {}, counts: [5, 2] }],
        });
      });

      it('starts the first bucket at the bucket boundary but counts only from start', async () => {
        await expect(
          source.series({
            eventTypes: [SYNC],
            start: new Date('2025-01-01T00:30:00.000Z'),
            end: new Date('2025-01-01T01:30:00.000Z'),
            groupBy: ['outcome'],
            bucket: 'hour',
          }),
        ).resolves.toEqual({
          buckets: ['2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z'],
          series: [
            { group: { outcome: 'failure' }, counts: [1, 0] },
            { group: { outcome: 'success' }, counts: [0, 1] },
          ],
        });
      });

      it('counts distinct users per bucket', async () => {
        await expect(
          source.series({
            start: START,
            end: END,
            groupBy: [],
            bucket: 'day',
            metric: 'uniques',
          }),
        ).resolves.toEqual({
          buckets: ['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'],
          series: [{ group: {}, counts: [3, 2] }],
        });
      });

      it('returns every bucket and no series when nothing happened', async () => {
        await expect(
          source.series({
            start: new Date('2026-01-01T00:00:00Z'),
            end: new Date('2026-01-01T03:00:00Z'),
            groupBy: ['partner'],
            bucket: 'hour',
          }),
        ).resolves.toEqual({
          buckets: [
            '2026-01-01T00:00:00.000Z',
            '2026-01-01T01:00:00.000Z',
            '2026-01-01T02:00:00.000Z',
          ],
          series: [],
        });
        await expect(
          source.series({
            start: START,
            end: END,
            groupBy: [],
            bucket: 'day',
            eventTypes: [],
          }),
        ).resolves.toEqual({
          buckets: ['2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z'],
          series: [],
        });
      });
    });

    it(`reads times stored as ${backend.alternative}`, async () => {
      const columns = {
        time: 'ts',
        type: 'name',
        partner: 'vendor',
        outcome: 'result',
        errorClass: 'err',
        user: 'actor',
      };
      await createEventsTable(
        knex,
        schema,
        'product_events',
        columns,
        backend.alternative,
        [
          ...EVENTS,
          // SQLite text may carry an offset: 02:30+02:00 is 00:30Z.
          ...(backend.alternative === 'text'
            ? [
                {
                  ...event('', SYNC, 'github', 'success', null, 'u9'),
                  at: '2025-01-01T02:30:00+02:00',
                },
              ]
            : []),
        ],
      );
      const custom = makeSource({ table: 'product_events', columns });
      const github = backend.alternative === 'text' ? 3 : 2;

      await expect(
        custom.series({
          eventTypes: [SYNC],
          start: START,
          end: new Date('2025-01-01T02:00:00.000Z'),
          groupBy: ['partner'],
          bucket: 'hour',
        }),
      ).resolves.toEqual({
        buckets: ['2025-01-01T00:00:00.000Z', '2025-01-01T01:00:00.000Z'],
        series: [
          { group: { partner: 'github' }, counts: [github, 0] },
          { group: { partner: 'jira' }, counts: [0, 2] },
        ],
      });
      await expect(
        custom.countByGroup({ start: START, end: END, groupBy: ['type'] }),
      ).resolves.toEqual([
        { type: SYNC, count: backend.alternative === 'text' ? 7 : 6 },
        { type: 'page_view', count: 1 },
      ]);
    });

    it('names the missing table', async () => {
      const missing = makeSource({ table: 'no_such_table' });
      const error = await missing
        .countByGroup({ start: START, end: END, groupBy: [] })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toMatch(
        /The SQL events table .*"no_such_table" does not exist \(metrics\.sqlEvents\.table\)/,
      );
    });

    it('names the config key of a missing column', async () => {
      const wrong = makeSource({
        columns: { ...SQL_EVENTS_DEFAULT_COLUMNS, partner: 'vendor' },
      });
      const error = await wrong
        .countByGroup({ start: START, end: END, groupBy: ['partner'] })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toBe(
        'The SQL events table "analytics_events" has no column "vendor" (metrics.sqlEvents.columns.partner)',
      );
      // Columns a query does not use are not required.
      await expect(
        wrong.countByGroup({ start: START, end: END, groupBy: ['type'] }),
      ).resolves.toHaveLength(2);
    });

    if (backend.dialect === 'postgres') {
      it('refuses a time column that is not a timestamp', async () => {
        const wrong = makeSource({
          columns: { ...SQL_EVENTS_DEFAULT_COLUMNS, time: 'event_type' },
        });
        const error = await wrong
          .countByGroup({ start: START, end: END, groupBy: [] })
          .catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(
          /metrics\.sqlEvents\.columns\.time must name a timestamp/,
        );
      });
    }
  },
);

describe('SqlEventsSource without a database', () => {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  afterAll(() => knex.destroy());
  const source = SqlEventsSource.fromConfig(new ConfigReader({}), { knex });
  const base = { start: START, end: END, groupBy: [] };

  it.each<[string, object, RegExp]>([
    [
      'an invalid start',
      { start: new Date('x') },
      /start must be a valid date/,
    ],
    ['start equal to end', { end: START }, /start must be before end/],
    ['start after end', { start: END, end: START }, /start must be before end/],
    [
      'an unknown groupBy field',
      { groupBy: ['user'] },
      /groupBy may hold type, partner, outcome, errorClass; got "user"/,
    ],
    [
      'a repeated groupBy field',
      { groupBy: ['type', 'type'] },
      /groupBy must not repeat/,
    ],
    [
      'an unknown where field',
      { where: { type: 'x' } },
      /where may filter on partner, outcome, errorClass; got "type"/,
    ],
    [
      'a non-string where value',
      { where: { partner: 3 } },
      /where\.partner must be a string or null/,
    ],
    [
      'an unknown metric',
      { metric: 'sum' },
      /metric must be "totals" or "uniques"/,
    ],
    [
      'non-string event types',
      { eventTypes: [1] },
      /eventTypes must be a list of strings/,
    ],
  ])(
    'rejects %s with an InputError before touching the database',
    async (_, change, message) => {
      const error = await source
        .countByGroup({ ...base, ...change } as never)
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
    },
  );

  it('rejects an unknown bucket and too many buckets', async () => {
    await expect(
      source.series({ ...base, bucket: 'week' as never }),
    ).rejects.toThrow(/bucket must be "hour" or "day"/);
    await expect(
      source.series({
        ...base,
        start: new Date('2020-01-01'),
        end: new Date('2025-01-01'),
        bucket: 'hour',
      }),
    ).rejects.toThrow(
      /The range holds 43848 hour buckets; at most 10000 are allowed/,
    );
  });

  it('refuses identifiers that are not plain SQL identifiers', () => {
    expect(
      () =>
        new SqlEventsSource({
          knex,
          config: {
            table: 'events; drop table x',
            columns: { ...SQL_EVENTS_DEFAULT_COLUMNS },
          },
        }),
    ).toThrow(InputError);
  });
});

describe('detectSqlEventsDialect', () => {
  it.each([
    ['better-sqlite3', 'sqlite'],
    ['sqlite3', 'sqlite'],
    ['pg', 'postgres'],
    ['postgres', 'postgres'],
    ['postgresql', 'postgres'],
    ['mysql2', 'other'],
  ])('maps client %s to %s', (client, dialect) => {
    const fake = { client: { config: { client } } } as unknown as Knex;
    expect(detectSqlEventsDialect(fake)).toBe(dialect);
  });

  it('falls back to the dialect of a client class', () => {
    const fake = {
      client: { config: { client: class {} }, dialect: 'postgresql' },
    } as unknown as Knex;
    expect(detectSqlEventsDialect(fake)).toBe('postgres');
  });
});
