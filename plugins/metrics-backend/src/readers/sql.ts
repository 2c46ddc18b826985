import type {
  SqlIntegrationDefinition,
  SqlKpiDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { SqlEventsSource } from '../sources/sql';
import { Period, instantsOf } from './period';
import type { IntegrationReading, KpiReading } from './readings';
import type { SourceReader } from './SourceReader';

// The one table of events this source reads (metrics.sqlEvents).
const SQL_SOURCE_ID = 'sql:events';

type CountQuery = Parameters<SqlEventsSource['countByGroup']>[0];

/** Events of one type over the period. */
function countOver(
  sql: SqlEventsSource,
  eventType: string,
  period: Period,
  query: Omit<CountQuery, 'eventTypes' | 'start' | 'end'>,
) {
  return sql.countByGroup({
    eventTypes: [eventType],
    ...instantsOf(period),
    ...query,
  });
}

/** An integration's events by outcome and error class. */
export async function readSqlIntegration(
  definition: SqlIntegrationDefinition,
  sql: SqlEventsSource,
  period: Period,
): Promise<IntegrationReading> {
  const rows = await countOver(sql, definition.eventType, period, {
    groupBy: ['outcome', 'errorClass'],
    where: { partner: definition.partner },
  });
  return {
    // Events without an outcome say nothing about success: left out, not counted as either.
    rows: rows
      .filter(row => row.outcome)
      .map(row => ({
        integration: definition.name,
        outcome: row.outcome!,
        errorClass: row.errorClass,
        count: row.count,
      })),
  };
}

/** A KPI's event count (or distinct users). */
export async function readSqlKpi(
  definition: SqlKpiDefinition,
  sql: SqlEventsSource,
  period: Period,
): Promise<KpiReading> {
  const rows = await countOver(sql, definition.eventType, period, {
    groupBy: [],
    where:
      definition.partner !== undefined ? { partner: definition.partner } : {},
    metric: definition.metric,
  });
  // No row means no events: a count of 0, not missing data.
  return { value: rows.reduce((sum, row) => sum + row.count, 0) };
}

export const sqlReader: SourceReader<'sql'> = {
  missing: (_definition, sources, what) =>
    sources.sql
      ? undefined
      : `${what} reads SQL events, but metrics.sqlEvents is not configured`,
  sourceId: () => SQL_SOURCE_ID,
  integration: (definition, sources, period) =>
    readSqlIntegration(definition, sources.sql!, period),
  kpi: (definition, sources, period) =>
    readSqlKpi(definition, sources.sql!, period),
};
