import type {
  AmplitudeIntegrationDefinition,
  AmplitudeKpiDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { AmplitudeClients, countAmplitudeEvents } from '../sources/amplitude';
import { Period, instantsOf } from './period';
import type { SourceReader } from './SourceReader';
import {
  IntegrationReading,
  KpiReading,
  successAndTotalRows,
} from './readings';

/** Event property filters (equality) as Amplitude's segmentation API takes them. */
function filtersOf(where: Record<string, string | number | boolean>) {
  return Object.entries(where).map(([key, value]) => ({
    subprop_type: 'event' as const,
    subprop_key: key,
    subprop_op: 'is',
    subprop_value: [String(value)],
  }));
}

/**
 * An integration's successes out of its calls: with a failure event, calls are successes plus
 * failures; with an attempt event, the attempts; with neither, only the successes.
 * Hourly buckets up to a day, daily beyond, trimmed to the period in the project's zone.
 */
export async function readAmplitudeIntegration(
  definition: AmplitudeIntegrationDefinition,
  amplitude: AmplitudeClients,
  period: Period,
): Promise<IntegrationReading> {
  const client = amplitude.get(definition.project);
  const filters = filtersOf(definition.where);
  const total = (eventType: string) =>
    countAmplitudeEvents(client, {
      event: { event_type: eventType, filters },
      metric: 'totals',
      ...instantsOf(period),
    });
  const other = definition.failureEvent ?? definition.attemptEvent;
  const [success, second] = await Promise.all([
    total(definition.successEvent),
    other ? total(other) : undefined,
  ]);
  const successes = success.value ?? 0;
  let calls = successes;
  if (definition.failureEvent) calls = successes + (second?.value ?? 0);
  else if (definition.attemptEvent) calls = second?.value ?? 0;
  return {
    ...successAndTotalRows(definition, successes, calls),
    // Every event of the definition is read with the same plan: one note says it.
    ...(success.note ? { note: success.note } : {}),
  };
}

/** A KPI's event totals or distinct users. */
export function readAmplitudeKpi(
  definition: AmplitudeKpiDefinition,
  amplitude: AmplitudeClients,
  period: Period,
): Promise<KpiReading> {
  return countAmplitudeEvents(amplitude.get(definition.project), {
    event: {
      event_type: definition.event,
      filters: filtersOf(definition.where),
    },
    metric: definition.metric,
    ...instantsOf(period),
  });
}

export const amplitudeReader: SourceReader<'amplitude'> = {
  missing: (definition, sources, what) =>
    sources.amplitude?.has(definition.project)
      ? undefined
      : `${what} reads Amplitude project "${definition.project}", which is not configured in metrics.amplitude.projects`,
  sourceId: definition => `amplitude:${definition.project}`,
  integration: (definition, sources, period) =>
    readAmplitudeIntegration(definition, sources.amplitude!, period),
  kpi: (definition, sources, period) =>
    readAmplitudeKpi(definition, sources.amplitude!, period),
};
