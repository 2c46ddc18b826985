import type { Config } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import type { Knex } from 'knex';
import {
  checkSqlEventsConfig,
  readSqlEventsConfig,
  SqlEventsColumns,
  SqlEventsConfig,
} from './config';

/** A field events can be grouped by. */
export type SqlEventsDimension = 'type' | 'partner' | 'outcome' | 'errorClass';

/** A field events can be filtered on by value. */
export type SqlEventsFilterField = 'partner' | 'outcome' | 'errorClass';

/** `totals` counts events; `uniques` counts distinct users (the `user` column). */
export type SqlEventsMetric = 'totals' | 'uniques';

/** Time bucket of a series, aligned to UTC. */
export type SqlEventsBucket = 'hour' | 'day';

/** What to count. The range is `[start, end)`: start included, end excluded. */
export interface SqlEventsQuery {
  /** Only these event types; omitted = all types, empty list = nothing. */
  eventTypes?: string[];
  start: Date;
  end: Date;
  /** Fields to group by; empty = one group holding everything. */
  groupBy: SqlEventsDimension[];
  /** Equality filters; `null` matches rows where the field is NULL. */
  where?: Partial<Record<SqlEventsFilterField, string | null>>;
  /** Default `totals`. */
  metric?: SqlEventsMetric;
}

/** A series query: a count per `bucket` per group. */
export interface SqlEventsSeriesQuery extends SqlEventsQuery {
  bucket: SqlEventsBucket;
}

/** The values of the grouped fields (only those in `groupBy`); `null` where the row had none. */
export type SqlEventsGroup = Partial<Record<SqlEventsDimension, string | null>>;

/** One group and its count. */
export type SqlEventsCountRow = SqlEventsGroup & { count: number };

/** Counts per time bucket, zero-filled, one series per group that had events. */
export interface SqlEventsSeries {
  /** Start of every bucket overlapping `[start, end)`, as ISO-8601 UTC strings, oldest first. */
  buckets: string[];
  /** One entry per group with at least one event; `counts[i]` belongs to `buckets[i]`. Empty = no data. */
  series: Array<{ group: SqlEventsGroup; counts: number[] }>;
}

/** Database families the source knows how to query. */
export type SqlEventsDialect = 'sqlite' | 'postgres' | 'other';

/** Most buckets one series query may produce (e.g. about 416 days of hours). */
export const SQL_EVENTS_MAX_BUCKETS = 10_000;

const DIMENSIONS: readonly SqlEventsDimension[] = [
  'type',
  'partner',
  'outcome',
  'errorClass',
];
const FILTER_FIELDS: readonly SqlEventsFilterField[] = [
  'partner',
  'outcome',
  'errorClass',
];
const BUCKET_MS: Record<SqlEventsBucket, number> = {
  hour: 3_600_000,
  day: 86_400_000,
};
// Inlined into SQL (never bound) so SELECT and GROUP BY expressions stay identical.
const SQLITE_BUCKET_FORMAT: Record<SqlEventsBucket, string> = {
  hour: '%Y-%m-%dT%H:00:00Z',
  day: '%Y-%m-%dT00:00:00Z',
};
const PG_TIMESTAMP_TYPES = new Set([
  'timestamp with time zone',
  'timestamp without time zone',
  'date',
]);

/** Which database family a knex instance talks to (from `knex.client.config.client`). */
export function detectSqlEventsDialect(knex: Knex): SqlEventsDialect {
  const client: unknown = knex.client.config?.client;
  const name =
    typeof client === 'string'
      ? client
      : String((knex.client as { dialect?: unknown }).dialect ?? '');
  if (/^(better-sqlite3|sqlite3?)$/.test(name)) return 'sqlite';
  if (/^(pg|pg-native|postgres|postgresql)$/.test(name)) return 'postgres';
  return 'other';
}

function compareGroupValues(
  a: string | null | undefined,
  b: string | null | undefined,
) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // nulls last, in every dialect
  if (b === null || b === undefined) return -1;
  return a < b ? -1 : 1;
}

/**
 * Counts product events kept in a database table (the way teams use Redash), e.g. the demo's
 * `analytics_events`. Table and column names come from configuration and are checked to be
 * plain identifiers; every value is a bound parameter.
 *
 * Time handling: ranges and buckets are UTC. PostgreSQL `timestamp` (without time zone) columns
 * are taken to hold UTC. SQLite values may be milliseconds since the epoch (what knex stores for
 * a JS Date) or ISO-8601 / `YYYY-MM-DD HH:MM:SS` text (UTC unless it carries an offset).
 */
export class SqlEventsSource {
  readonly #knex: Knex;
  readonly #config: SqlEventsConfig;
  readonly #dialect: SqlEventsDialect;
  #columnTypes?: Promise<Map<string, string>>;

  constructor(options: { knex: Knex; config: SqlEventsConfig }) {
    this.#knex = options.knex;
    this.#config = checkSqlEventsConfig(options.config);
    this.#dialect = detectSqlEventsDialect(options.knex);
  }

  /** Reads `metrics.sqlEvents` and queries through the given knex instance. */
  static fromConfig(root: Config, options: { knex: Knex }): SqlEventsSource {
    return new SqlEventsSource({
      knex: options.knex,
      config: readSqlEventsConfig(root),
    });
  }

  get dialect(): SqlEventsDialect {
    return this.#dialect;
  }

  /** Event counts per group over `[start, end)`, largest first; groups without events are absent. */
  async countByGroup(query: SqlEventsQuery): Promise<SqlEventsCountRow[]> {
    const q = checkQuery(query);
    if (q.eventTypes?.length === 0) return [];
    await this.#checkColumns(q);
    const builder = this.#filtered(q);
    for (const dimension of q.groupBy) {
      const column = this.#column(dimension);
      builder.select({ [dimension]: column }).groupBy(column);
    }
    builder.select(this.#countExpression(q.metric));
    const rows: Array<Record<string, unknown>> = await builder;
    return rows
      .map(row => ({ ...toGroup(row, q.groupBy), count: Number(row.count) }))
      .filter(row => row.count > 0)
      .sort(
        (a, b) =>
          b.count - a.count ||
          q.groupBy.reduce(
            (order, d) => order || compareGroupValues(a[d], b[d]),
            0,
          ),
      );
  }

  /** Event counts per UTC `bucket` and group over `[start, end)`, zero-filled. */
  async series(query: SqlEventsSeriesQuery): Promise<SqlEventsSeries> {
    const q = checkQuery(query);
    if (query.bucket !== 'hour' && query.bucket !== 'day') {
      throw new InputError(
        `bucket must be "hour" or "day", got "${query.bucket}"`,
      );
    }
    const size = BUCKET_MS[query.bucket];
    const first = Math.floor(q.start.getTime() / size) * size;
    const count = Math.ceil((q.end.getTime() - first) / size);
    if (count > SQL_EVENTS_MAX_BUCKETS) {
      throw new InputError(
        `The range holds ${count} ${query.bucket} buckets; at most ${SQL_EVENTS_MAX_BUCKETS} are allowed`,
      );
    }
    const bucketStarts = Array.from(
      { length: count },
      (_, i) => first + i * size,
    );
    const buckets = bucketStarts.map(ms => new Date(ms).toISOString());
    if (q.eventTypes?.length === 0) return { buckets, series: [] };

    const types = await this.#checkColumns(q);
    const bucketSql = this.#bucketExpression(query.bucket, types);
    const builder = this.#filtered(q);
    builder
      .select(this.#knex.raw('? as ??', [bucketSql, 'bucket']))
      .groupBy(bucketSql);
    for (const dimension of q.groupBy) {
      const column = this.#column(dimension);
      builder.select({ [dimension]: column }).groupBy(column);
    }
    builder.select(this.#countExpression(q.metric));
    const rows: Array<Record<string, unknown>> = await builder;

    const index = new Map(bucketStarts.map((ms, i) => [ms, i]));
    const byGroup = new Map<
      string,
      { group: SqlEventsGroup; counts: number[]; total: number }
    >();
    for (const row of rows) {
      const i = index.get(this.#bucketMs(row.bucket));
      const n = Number(row.count);
      if (i === undefined || !(n > 0)) continue;
      const group = toGroup(row, q.groupBy);
      const key = JSON.stringify(q.groupBy.map(d => group[d]));
      let entry = byGroup.get(key);
      if (!entry) {
        entry = { group, counts: new Array(count).fill(0), total: 0 };
        byGroup.set(key, entry);
      }
      entry.counts[i] += n;
      entry.total += n;
    }
    const series = [...byGroup.values()]
      .sort(
        (a, b) =>
          b.total - a.total ||
          q.groupBy.reduce(
            (order, d) => order || compareGroupValues(a.group[d], b.group[d]),
            0,
          ),
      )
      .map(({ group, counts }) => ({ group, counts }));
    return { buckets, series };
  }

  #column(field: keyof SqlEventsColumns): string {
    return this.#config.columns[field];
  }

  #countExpression(metric: SqlEventsMetric): Knex.Raw {
    return metric === 'uniques'
      ? this.#knex.raw('count(distinct ??) as ??', [
          this.#column('user'),
          'count',
        ])
      : this.#knex.raw('count(*) as ??', ['count']);
  }

  /** The time column as milliseconds since the epoch (SQLite stores either numbers or text). */
  #sqliteMs(): Knex.Raw {
    const time = this.#column('time');
    return this.#knex.raw(
      "round(case when typeof(??) in ('integer', 'real') then ?? else (julianday(??) - 2440587.5) * 86400000.0 end)",
      [time, time, time],
    );
  }

  // Knex builders and raws are thenables: never return them from an async function.
  #bucketExpression(
    bucket: SqlEventsBucket,
    types: Map<string, string>,
  ): Knex.Raw {
    const time = this.#column('time');
    if (this.#dialect === 'sqlite') {
      return this.#knex.raw(
        `strftime('${SQLITE_BUCKET_FORMAT[bucket]}', cast(? as integer) / 1000, 'unixepoch')`,
        [this.#sqliteMs()],
      );
    }
    if (this.#dialect === 'postgres') {
      const type = types.get(time);
      // date_trunc on a timestamptz would use the session time zone: convert to UTC first.
      const utc =
        type === 'timestamp with time zone'
          ? "?? at time zone 'UTC'"
          : 'cast(?? as timestamp)';
      return this.#knex.raw(
        `extract(epoch from date_trunc('${bucket}', ${utc}))`,
        [time],
      );
    }
    throw new NotImplementedError(
      'Time series from the SQL events source need SQLite or PostgreSQL',
    );
  }

  #bucketMs(value: unknown): number {
    if (this.#dialect === 'sqlite') return Date.parse(String(value));
    return Math.round(Number(value) * 1000); // epoch seconds (numeric comes back as a string)
  }

  /** Column types by name, read once; a missing table is not remembered, so it may appear later. */
  #columnTypesMap(): Promise<Map<string, string>> {
    if (!this.#columnTypes) {
      const builder = this.#knex(this.#config.table);
      if (this.#config.schema) builder.withSchema(this.#config.schema);
      this.#columnTypes = (
        builder.columnInfo() as Promise<Record<string, Knex.ColumnInfo>>
      )
        .then(info => {
          const types = new Map(
            Object.entries(info).map(([name, column]) => [
              name,
              String(column.type).toLowerCase(),
            ]),
          );
          if (types.size === 0) {
            const where = this.#config.schema
              ? `"${this.#config.schema}"."${this.#config.table}"`
              : `"${this.#config.table}"`;
            throw new NotFoundError(
              `The SQL events table ${where} does not exist (metrics.sqlEvents.table)`,
            );
          }
          return types;
        })
        .catch(error => {
          this.#columnTypes = undefined;
          throw error;
        });
    }
    return this.#columnTypes;
  }

  /**
   * Checks the columns a query needs, so a wrong mapping gives a clear message rather than an
   * SQL error; returns the column types.
   */
  async #checkColumns(q: CheckedQuery): Promise<Map<string, string>> {
    const fields: Array<keyof SqlEventsColumns> = [
      'time',
      ...(q.eventTypes ? (['type'] as const) : []),
      ...q.groupBy,
      ...(Object.keys(q.where) as SqlEventsFilterField[]),
      ...(q.metric === 'uniques' ? (['user'] as const) : []),
    ];
    const types = await this.#columnTypesMap();
    for (const field of new Set(fields)) {
      const column = this.#column(field);
      const type = types.get(column);
      if (type === undefined) {
        throw new NotFoundError(
          `The SQL events table "${
            this.#config.table
          }" has no column "${column}" (metrics.sqlEvents.columns.${field})`,
        );
      }
      if (
        field === 'time' &&
        this.#dialect === 'postgres' &&
        !PG_TIMESTAMP_TYPES.has(type)
      ) {
        throw new InputError(
          `Column "${column}" of "${
            this.#config.table
          }" has type ${type}; metrics.sqlEvents.columns.time must name a timestamp, timestamptz or date column`,
        );
      }
    }
    return types;
  }

  /** FROM + WHERE for a checked query. */
  #filtered(q: CheckedQuery): Knex.QueryBuilder {
    const where = Object.entries(q.where) as Array<
      [SqlEventsFilterField, string | null]
    >;
    const builder = this.#knex(this.#config.table);
    if (this.#config.schema) builder.withSchema(this.#config.schema);
    const time = this.#column('time');
    if (this.#dialect === 'sqlite') {
      const ms = this.#sqliteMs();
      builder
        .where(ms, '>=', q.start.getTime())
        .andWhere(ms, '<', q.end.getTime());
    } else if (this.#dialect === 'postgres') {
      // An ISO string with `Z` is exact for timestamptz and read as UTC wall time for timestamp.
      builder
        .where(time, '>=', q.start.toISOString())
        .andWhere(time, '<', q.end.toISOString());
    } else {
      builder.where(time, '>=', q.start).andWhere(time, '<', q.end);
    }
    if (q.eventTypes) builder.whereIn(this.#column('type'), q.eventTypes);
    for (const [field, value] of where) {
      if (value === null) builder.whereNull(this.#column(field));
      else builder.where(this.#column(field), value);
    }
    return builder;
  }
}

interface CheckedQuery {
  eventTypes?: string[];
  start: Date;
  end: Date;
  groupBy: SqlEventsDimension[];
  where: Partial<Record<SqlEventsFilterField, string | null>>;
  metric: SqlEventsMetric;
}

function checkQuery(query: SqlEventsQuery): CheckedQuery {
  const { start, end } = query;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    throw new InputError('start must be a valid date');
  }
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) {
    throw new InputError('end must be a valid date');
  }
  if (start.getTime() >= end.getTime()) {
    throw new InputError('start must be before end');
  }
  if (
    query.eventTypes !== undefined &&
    (!Array.isArray(query.eventTypes) ||
      query.eventTypes.some(t => typeof t !== 'string'))
  ) {
    throw new InputError('eventTypes must be a list of strings');
  }
  const groupBy = query.groupBy ?? [];
  if (!Array.isArray(groupBy)) {
    throw new InputError('groupBy must be a list');
  }
  for (const dimension of groupBy) {
    if (!DIMENSIONS.includes(dimension)) {
      throw new InputError(
        `groupBy may hold ${DIMENSIONS.join(', ')}; got "${String(dimension)}"`,
      );
    }
  }
  if (new Set(groupBy).size !== groupBy.length) {
    throw new InputError('groupBy must not repeat a field');
  }
  const where: CheckedQuery['where'] = {};
  for (const [field, value] of Object.entries(query.where ?? {})) {
    if (!FILTER_FIELDS.includes(field as SqlEventsFilterField)) {
      throw new InputError(
        `where may filter on ${FILTER_FIELDS.join(', ')}; got "${field}"`,
      );
    }
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') {
      throw new InputError(`where.${field} must be a string or null`);
    }
    where[field as SqlEventsFilterField] = value;
  }
  const metric = query.metric ?? 'totals';
  if (metric !== 'totals' && metric !== 'uniques') {
    throw new InputError(
      `metric must be "totals" or "uniques", got "${String(metric)}"`,
    );
  }
  return {
    ...(query.eventTypes ? { eventTypes: [...new Set(query.eventTypes)] } : {}),
    start,
    end,
    groupBy,
    where,
    metric,
  };
}

function toGroup(
  row: Record<string, unknown>,
  groupBy: SqlEventsDimension[],
): SqlEventsGroup {
  const group: SqlEventsGroup = {};
  for (const dimension of groupBy) {
    const value = row[dimension];
    group[dimension] =
      value === null || value === undefined ? null : String(value);
  }
  return group;
}
