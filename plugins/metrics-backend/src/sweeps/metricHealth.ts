import {
  IntegrationDefinition,
  IntegrationItem,
  IntegrationRow,
  KpiDefinition,
  summarizeIntegrations,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** An integration's calls over a period, as the views summarize them. */
export type IntegrationCounts = Pick<
  IntegrationItem,
  'requests' | 'failures' | 'successRate' | 'unknownShare'
>;

/** One integration of one service, read for the integration alerts. */
export interface IntegrationHealth {
  entityRef: string;
  definition: IntegrationDefinition;
  /** Over the alerts' window. */
  current: IntegrationCounts;
  /** The last 7 days and the 7 days before: read for the conventional counter only. */
  weeks?: { last: IntegrationCounts; before: IntegrationCounts };
}

/** One KPI with a target of one service, read for the KPI alerts. */
export interface KpiHealth {
  entityRef: string;
  definition: KpiDefinition;
  /** Over the alerts' window; null when the source has no data for it. */
  value: number | null;
}

/** A service's integrations (or KPIs) as a team may see them. */
export interface SweptHealth<T> {
  entityRef: string;
  owner?: string;
  items: T[];
}

/** The counts of one integration's rows, by the views' own summary. */
export function countsOf(
  definition: IntegrationDefinition,
  rows: IntegrationRow[],
): IntegrationCounts {
  const [item] = summarizeIntegrations(
    rows.map(row => ({ ...row, integration: definition.name })),
    { include: [definition.name] },
  );
  const { requests, failures, successRate, unknownShare } = item;
  return { requests, failures, successRate, unknownShare };
}
