export {
  detectSqlEventsDialect,
  SQL_EVENTS_MAX_BUCKETS,
  SqlEventsSource,
} from './SqlEventsSource';
export type {
  SqlEventsBucket,
  SqlEventsCountRow,
  SqlEventsDialect,
  SqlEventsDimension,
  SqlEventsFilterField,
  SqlEventsGroup,
  SqlEventsMetric,
  SqlEventsQuery,
  SqlEventsSeries,
  SqlEventsSeriesQuery,
} from './SqlEventsSource';
export {
  checkSqlIdentifier,
  readSqlEventsConfig,
  SQL_EVENTS_DEFAULT_COLUMNS,
  SQL_EVENTS_DEFAULT_TABLE,
} from './config';
export type { SqlEventsColumns, SqlEventsConfig } from './config';
