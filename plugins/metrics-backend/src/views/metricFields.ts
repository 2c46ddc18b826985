import type { MetricDefinition } from '@metrics-suite/backstage-plugin-metrics-common';

/** How every item of an answer names its metric. */
export function metricFields({ id, name, source, owner }: MetricDefinition) {
  return { id, name, source, ...(owner ? { owner } : {}) };
}

/** An integration item's fields from its definition: its name, source, owner and target. */
export function integrationFields(
  definition: Extract<MetricDefinition, { kind: 'integration' }>,
) {
  const { target } = definition;
  return {
    ...metricFields(definition),
    ...(target !== undefined ? { target } : {}),
  };
}
