/*
 * Product analytics events for the SQL analytics source: sign-ups and
 * logins by partner, and integration calls, as rows of `analytics_events`
 * in the Backstage database (SQLite or PostgreSQL through knex).
 *
 * Rows are a pure function of (seed, end): same arguments, same rows.
 */
import type { Knex } from 'knex';
import { draw, hashKey, normalise } from './random';
import { DEFAULT_SEED, DAY, HOUR, seasonality } from './model';
import {
  DayProfile,
  ErrorClass,
  EVENTS,
  WINDOW_NAMES,
  WINDOWS,
  WindowName,
} from './world';

export const ANALYTICS_TABLE = 'analytics_events';
/** Rows written by this generator carry a `source` starting with this prefix. */
export const ANALYTICS_SOURCE_PREFIX = 'demo-world:';

export type AnalyticsEventType = 'sign_up' | 'login' | 'integration_call';

export interface AnalyticsEvent {
  id: string;
  occurred_at: Date;
  event_type: AnalyticsEventType;
  partner: string;
  outcome: 'success' | 'failure';
  /** Failure class (timeout, rate_limited, auth_expired, bad_request, unknown); null on success and on some failures. */
  error_class: string | null;
  user_id: string;
  source: string;
}

interface Stream {
  type: AnalyticsEventType;
  partner: string;
  /** Mean events per hour before seasonality. */
  perHour: number;
  profile: DayProfile;
  failureRatio: number;
  classes: Partial<Record<ErrorClass, number>>;
}

/** The event streams (type × partner). */
export const ANALYTICS_STREAMS: Stream[] = [
  {
    type: 'sign_up',
    partner: 'google',
    perHour: 3,
    profile: 'consumer',
    failureRatio: 0.02,
    classes: { bad_request: 0.5, unknown: 0.3, '': 0.2 },
  },
  {
    type: 'sign_up',
    partner: 'email',
    perHour: 2.5,
    profile: 'consumer',
    failureRatio: 0.04,
    classes: { bad_request: 0.8, '': 0.2 },
  },
  {
    type: 'sign_up',
    partner: 'linkedin',
    perHour: 0.7,
    profile: 'business',
    failureRatio: 0.06,
    classes: { auth_expired: 0.6, unknown: 0.4 },
  },
  {
    type: 'login',
    partner: 'google',
    perHour: 30,
    profile: 'consumer',
    failureRatio: 0.015,
    classes: { auth_expired: 0.4, timeout: 0.2, unknown: 0.3, '': 0.1 },
  },
  {
    type: 'login',
    partner: 'email',
    perHour: 25,
    profile: 'consumer',
    failureRatio: 0.05,
    classes: { bad_request: 0.9, unknown: 0.1 },
  },
  {
    type: 'login',
    partner: 'linkedin',
    perHour: 6,
    profile: 'business',
    failureRatio: 0.06,
    classes: { auth_expired: 0.7, rate_limited: 0.2, unknown: 0.1 },
  },
  {
    type: 'integration_call',
    partner: 'ridely',
    perHour: 10,
    profile: 'consumer',
    failureRatio: 0.05,
    classes: {
      timeout: 0.45,
      rate_limited: 0.2,
      bad_request: 0.1,
      unknown: 0.15,
      '': 0.1,
    },
  },
  {
    type: 'integration_call',
    partner: 'stripe',
    perHour: 6,
    profile: 'consumer',
    failureRatio: 0.006,
    classes: {
      timeout: 0.2,
      rate_limited: 0.05,
      bad_request: 0.6,
      unknown: 0.1,
      '': 0.05,
    },
  },
  {
    type: 'integration_call',
    partner: 'adyen',
    perHour: 2.5,
    profile: 'consumer',
    failureRatio: 0.012,
    classes: {
      timeout: 0.35,
      bad_request: 0.4,
      auth_expired: 0.05,
      unknown: 0.1,
      '': 0.1,
    },
  },
];

export interface AnalyticsOptions {
  /** End of the generated period (Unix seconds, exclusive). Use the metrics world's T0 to line up the Ridely outage. */
  end: number;
  seed?: number;
}

/**
 * Version of the generated events, in their `source`. Bump when the events
 * change; independent of the metrics model's MODEL_VERSION (the events did
 * not change when the model gained the other conventions' services).
 */
export const ANALYTICS_VERSION = 1;

/** The `source` value of the rows for a seed. */
export function analyticsSource(seed: number): string {
  return `${ANALYTICS_SOURCE_PREFIX}v${ANALYTICS_VERSION}:seed=${seed}`;
}

/**
 * The events of the 28 days before `end` ([end-28d, end)), ordered by time.
 * The Ridely outage of the metrics world (same offsets from `end`) makes
 * most `integration_call`/`ridely` events fail while it lasts.
 */
export function generateAnalyticsEvents(
  options: AnalyticsOptions,
): AnalyticsEvent[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const end = Math.floor(options.end);
  const start = end - 28 * DAY;
  const source = analyticsSource(seed);
  const outage = EVENTS.find(e => e.kind === 'integration-outage');
  const rows: AnalyticsEvent[] = [];
  const firstHour = Math.floor(start / HOUR);
  const lastHour = Math.floor((end - 1) / HOUR);
  for (const stream of ANALYTICS_STREAMS) {
    const key = hashKey(seed, `events|${stream.type}|${stream.partner}`);
    const classes = Object.keys(stream.classes) as ErrorClass[];
    const weights = normalise(classes.map(c => stream.classes[c] ?? 0));
    for (let h = firstHour; h <= lastHour; h++) {
      const rate =
        stream.perHour * seasonality(stream.profile, h * HOUR + HOUR / 2);
      const n = Math.floor(
        rate * (0.85 + 0.3 * draw(key, h, 1)) + draw(key, h, 2),
      );
      for (let i = 0; i < n; i++) {
        const salt = 100 + i * 8;
        const t = h * HOUR + Math.floor(draw(key, h, salt) * HOUR);
        if (t < start || t >= end) continue;
        const inOutage =
          outage?.kind === 'integration-outage' &&
          stream.type === 'integration_call' &&
          stream.partner === outage.integration &&
          t >= end + outage.from &&
          t < end + outage.to;
        const failureRatio = inOutage ? 0.93 : stream.failureRatio;
        const failed = draw(key, h, salt + 1) < failureRatio;
        let errorClass: string | null = null;
        if (failed) {
          const u = draw(key, h, salt + 2);
          let acc = 0;
          let cls: ErrorClass = classes[classes.length - 1];
          const w = inOutage ? [] : weights;
          if (inOutage) {
            if (u < 0.82) cls = 'timeout';
            else if (u < 0.9) cls = 'unknown';
            else cls = '';
          }
          for (let k = 0; k < w.length; k++) {
            acc += w[k];
            if (u < acc) {
              cls = classes[k];
              break;
            }
          }
          errorClass = cls === '' ? null : cls;
        }
        const user =
          stream.type === 'sign_up'
            ? `u-${h}-${stream.partner}-${i}`
            : `u-${Math.floor(draw(key, h, salt + 3) * 50000)}`;
        rows.push({
          id: `dw${seed}-${stream.type}-${stream.partner}-${h}-${i}`,
          occurred_at: new Date(t * 1000),
          event_type: stream.type,
          partner: stream.partner,
          outcome: failed ? 'failure' : 'success',
          error_class: errorClass,
          user_id: user,
          source,
        });
      }
    }
  }
  rows.sort(
    (a, b) =>
      a.occurred_at.getTime() - b.occurred_at.getTime() ||
      a.id.localeCompare(b.id),
  );
  return rows;
}

type Counts = Record<
  string,
  Record<string, { total: number; success: number; failure: number }>
>;

export interface AnalyticsWindowTruth {
  /** [start, end) in Unix seconds: occurred_at >= start and occurred_at < end. */
  start: number;
  end: number;
  total: number;
  byType: Record<string, number>;
  /** event_type → partner → counts. */
  byTypePartner: Counts;
  /** event_type → partner → success / total (null without events). */
  successRate: Record<string, Record<string, number | null>>;
  /** integration_call failures: partner → error class ('unknown' includes null) → share of failures. */
  errorClasses: Record<string, Record<string, number>>;
}

export interface AnalyticsTruth {
  table: string;
  source: string;
  seed: number;
  end: number;
  endIso: string;
  rows: number;
  windows: Record<WindowName, AnalyticsWindowTruth>;
  /** Per UTC day (YYYY-MM-DD) of occurred_at: event_type → partner → count. */
  days: Record<string, Record<string, Record<string, number>>>;
}

function countWindow(
  rows: AnalyticsEvent[],
  start: number,
  end: number,
): AnalyticsWindowTruth {
  const byType: Record<string, number> = {};
  const byTypePartner: Counts = {};
  const failures: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const r of rows) {
    const t = r.occurred_at.getTime() / 1000;
    if (t < start || t >= end) continue;
    total++;
    byType[r.event_type] = (byType[r.event_type] ?? 0) + 1;
    const p = ((byTypePartner[r.event_type] ??= {})[r.partner] ??= {
      total: 0,
      success: 0,
      failure: 0,
    });
    p.total++;
    p[r.outcome]++;
    if (r.event_type === 'integration_call' && r.outcome === 'failure') {
      const cls = r.error_class ?? 'unknown';
      const f = (failures[r.partner] ??= {});
      f[cls] = (f[cls] ?? 0) + 1;
    }
  }
  const successRate: Record<string, Record<string, number | null>> = {};
  for (const [type, partners] of Object.entries(byTypePartner)) {
    for (const [partner, c] of Object.entries(partners)) {
      (successRate[type] ??= {})[partner] =
        c.total > 0 ? c.success / c.total : null;
    }
  }
  const errorClasses: Record<string, Record<string, number>> = {};
  for (const [partner, classes] of Object.entries(failures)) {
    const sum = Object.values(classes).reduce((a, b) => a + b, 0);
    errorClasses[partner] = Object.fromEntries(
      Object.entries(classes).map(([k, v]) => [k, v / sum]),
    );
  }
  return {
    start,
    end,
    total,
    byType,
    byTypePartner,
    successRate,
    errorClasses,
  };
}

/** Expected answers for the events of (seed, end): per window ending at `end`, and per day. */
export function computeAnalyticsTruth(
  options: AnalyticsOptions,
  rows: AnalyticsEvent[] = generateAnalyticsEvents(options),
): AnalyticsTruth {
  const seed = options.seed ?? DEFAULT_SEED;
  const end = Math.floor(options.end);
  const windows = {} as Record<WindowName, AnalyticsWindowTruth>;
  for (const w of WINDOW_NAMES)
    windows[w] = countWindow(rows, end - WINDOWS[w], end);
  const days: AnalyticsTruth['days'] = {};
  for (const r of rows) {
    const day = r.occurred_at.toISOString().slice(0, 10);
    const d = ((days[day] ??= {})[r.event_type] ??= {});
    d[r.partner] = (d[r.partner] ?? 0) + 1;
  }
  return {
    table: ANALYTICS_TABLE,
    source: analyticsSource(seed),
    seed,
    end,
    endIso: new Date(end * 1000).toISOString(),
    rows: rows.length,
    windows,
    days,
  };
}

/** Creates `analytics_events` if missing (no migration needed). */
export async function ensureAnalyticsTable(
  knex: Knex,
  table: string = ANALYTICS_TABLE,
): Promise<void> {
  if (await knex.schema.hasTable(table)) return;
  await knex.schema.createTable(table, t => {
    t.string('id', 128).primary();
    t.timestamp('occurred_at', { useTz: true }).notNullable().index();
    t.string('event_type', 32).notNullable();
    t.string('partner', 64).notNullable();
    t.string('outcome', 16).notNullable();
    t.string('error_class', 32).nullable();
    t.string('user_id', 64).notNullable();
    t.string('source', 64).notNullable().index();
    t.index(['event_type', 'partner', 'occurred_at']);
  });
}

const toMs = (v: unknown): number | undefined =>
  v === null || v === undefined
    ? undefined
    : new Date(v as string | number | Date).getTime();

export interface SeedResult {
  table: string;
  rows: number;
  inserted: number;
  /** True when the table already held exactly these rows. */
  unchanged: boolean;
}

/**
 * Seeds `analytics_events` with the events of (seed, end). Idempotent: when
 * the table already holds this generator's rows for (seed, end) nothing is
 * written; otherwise this generator's previous rows (any seed, source
 * `demo-world:…`) are replaced in one transaction. Other rows are untouched.
 *
 * `occurred_at` is bound as a Date: PostgreSQL stores a timestamptz, SQLite
 * (better-sqlite3 through knex) stores milliseconds since the epoch — query
 * it with Date bindings on both.
 */
export async function seedAnalyticsEvents(
  knex: Knex,
  options: AnalyticsOptions & { table?: string; batchSize?: number },
): Promise<SeedResult> {
  const table = options.table ?? ANALYTICS_TABLE;
  const seed = options.seed ?? DEFAULT_SEED;
  const rows = generateAnalyticsEvents({ end: options.end, seed });
  const source = analyticsSource(seed);
  await ensureAnalyticsTable(knex, table);

  const existing = await knex(table)
    .where('source', source)
    .count({ n: '*' })
    .min({ min: 'occurred_at' })
    .max({ max: 'occurred_at' })
    .first();
  const others = await knex(table)
    .where('source', 'like', `${ANALYTICS_SOURCE_PREFIX}%`)
    .whereNot('source', source)
    .count({ n: '*' })
    .first();
  const first = rows[0]?.occurred_at.getTime();
  const last = rows[rows.length - 1]?.occurred_at.getTime();
  if (
    Number(existing?.n ?? 0) === rows.length &&
    Number(others?.n ?? 0) === 0 &&
    toMs(existing?.min) === first &&
    toMs(existing?.max) === last
  ) {
    return { table, rows: rows.length, inserted: 0, unchanged: true };
  }

  const batchSize = options.batchSize ?? 500;
  await knex.transaction(async trx => {
    await trx(table)
      .where('source', 'like', `${ANALYTICS_SOURCE_PREFIX}%`)
      .delete();
    for (let i = 0; i < rows.length; i += batchSize) {
      await trx(table).insert(rows.slice(i, i + batchSize));
    }
  });
  return { table, rows: rows.length, inserted: rows.length, unchanged: false };
}
