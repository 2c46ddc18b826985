import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Which column holds each field of an event. */
export interface SqlEventsColumns {
  /** When the event happened (PostgreSQL: timestamp or timestamptz; SQLite: ms since epoch or ISO text). */
  time: string;
  /** The event name, e.g. `integration_sync`. */
  type: string;
  /** The third party involved (nullable). */
  partner: string;
  /** `success` / `failure` (nullable). */
  outcome: string;
  /** Failure classification (nullable). */
  errorClass: string;
  /** Who triggered the event; counted distinct for `metric: 'uniques'`. */
  user: string;
}

/** The `metrics.sqlEvents` configuration, read once and checked. */
export interface SqlEventsConfig {
  /** Schema (PostgreSQL) or attached database (SQLite) holding the table; default: the connection's. */
  schema?: string;
  table: string;
  columns: SqlEventsColumns;
}

export const SQL_EVENTS_DEFAULT_TABLE = 'analytics_events';
export const SQL_EVENTS_DEFAULT_COLUMNS: Readonly<SqlEventsColumns> = {
  time: 'occurred_at',
  type: 'event_type',
  partner: 'partner',
  outcome: 'outcome',
  errorClass: 'error_class',
  user: 'user_id',
};

/** A plain SQL identifier. Identifiers cannot be bound as parameters, so nothing else is allowed. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PostgreSQL truncates longer identifiers. */
export const SQL_IDENTIFIER_MAX_LENGTH = 63;

/** Throws InputError (naming `where`) unless `value` is a plain SQL identifier. */
export function checkSqlIdentifier(value: string, where: string): string {
  if (!SQL_IDENTIFIER.test(value) || value.length > SQL_IDENTIFIER_MAX_LENGTH) {
    throw new InputError(
      `${where} must be a plain SQL identifier (a letter or "_", then letters, digits or "_", at most ${SQL_IDENTIFIER_MAX_LENGTH} characters), got "${value}"`,
    );
  }
  return value;
}

/** Throws InputError unless every identifier of `config` is a plain SQL identifier. */
export function checkSqlEventsConfig(config: SqlEventsConfig): SqlEventsConfig {
  if (config.schema !== undefined) {
    checkSqlIdentifier(config.schema, 'metrics.sqlEvents.schema');
  }
  checkSqlIdentifier(config.table, 'metrics.sqlEvents.table');
  for (const key of Object.keys(SQL_EVENTS_DEFAULT_COLUMNS) as Array<
    keyof SqlEventsColumns
  >) {
    checkSqlIdentifier(config.columns[key], `metrics.sqlEvents.columns.${key}`);
  }
  return config;
}

/**
 * Reads and checks `metrics.sqlEvents`; throws InputError naming the bad key.
 * Every key is optional: without the section the defaults describe the demo's
 * `analytics_events` table.
 */
export function readSqlEventsConfig(root: Config): SqlEventsConfig {
  const config = root.getOptionalConfig('metrics.sqlEvents');
  const columnsConfig = config?.getOptionalConfig('columns');
  const known = new Set(Object.keys(SQL_EVENTS_DEFAULT_COLUMNS));
  for (const key of columnsConfig?.keys() ?? []) {
    if (!known.has(key)) {
      throw new InputError(
        `metrics.sqlEvents.columns.${key} is not a known column; use ${[
          ...known,
        ].join(', ')}`,
      );
    }
  }
  const columns = { ...SQL_EVENTS_DEFAULT_COLUMNS };
  for (const key of Object.keys(columns) as Array<keyof SqlEventsColumns>) {
    columns[key] = columnsConfig?.getOptionalString(key) ?? columns[key];
  }
  const schema = config?.getOptionalString('schema');
  return checkSqlEventsConfig({
    ...(schema !== undefined ? { schema } : {}),
    table: config?.getOptionalString('table') ?? SQL_EVENTS_DEFAULT_TABLE,
    columns,
  });
}
