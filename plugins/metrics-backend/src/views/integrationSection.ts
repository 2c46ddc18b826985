import {
  AmplitudeIntegrationDefinition,
  CustomIntegrationDefinition,
  IntegrationDefinition,
  IntegrationRow,
  IntegrationViewItem,
  PrometheusIntegrationDefinition,
  ResolvedEntityMetrics,
  SqlIntegrationDefinition,
  DEFAULT_PROMETHEUS_NAMES,
  PrometheusNames,
  WINDOW_PLACEHOLDER,
  discoveredIntegrationDefinition,
  integrationBreakdownQuery,
  renderWindow,
  successRateSeries,
  summarizeIntegrations,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { NotFoundError } from '@backstage/errors';
import {
  AmplitudeClients,
  countAmplitudeEvents,
} from '../sources/amplitude';
import type { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import type { ViewRequest } from '../http/parseViewRequest';
import { CustomSources, countWithCustomSource } from '../readers/custom';
import { chartStep, graphLink } from './links';

export interface IntegrationSources {
  prometheus?: PrometheusClient;
  /** Conventional names on that Prometheus instance. */
  names?: PrometheusNames;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /** Sources added by backend modules, by id. */
  custom?: CustomSources;
}

export interface Evaluated {
  definition: IntegrationDefinition;
  rows: IntegrationRow[];
  series?: IntegrationViewItem['series'];
  links?: IntegrationViewItem['links'];
  /** How the counted period differs from the range (Amplitude's whole hours or days). */
  note?: string;
}

/** The integrations of a section and the remarks on how some were counted. */
export interface EvaluatedIntegrations {
  items: IntegrationViewItem[];
  /** Distinct notes of the evaluated integrations. */
  notes: string[];
}

function sumVector(result: Awaited<ReturnType<PrometheusClient['query']>>) {
  return result.resultType === 'vector'
    ? result.series.reduce(
        (s, x) => s + (Number.isFinite(x.value) ? x.value : 0),
        0,
      )
    : 0;
}

/** Conventional integrations: one breakdown query and one trend query for all of them. */
async function conventional(
  resolved: ResolvedEntityMetrics,
  definitions: PrometheusIntegrationDefinition[],
  client: PrometheusClient,
  names: PrometheusNames,
  request: ViewRequest,
): Promise<Evaluated[]> {
  const discovery = resolved.integrationDiscovery;
  const labels = (discovery?.names ?? names).labels;
  // With discovery off, only the declared integrations are read, with the same query.
  const breakdownQuery =
    discovery?.breakdownQuery ??
    integrationBreakdownQuery({
      service: definitions[0].conventional!.service,
      window: WINDOW_PLACEHOLDER,
      names,
    });
  const step = chartStep(request.end - request.start);
  const [breakdown, trend] = await Promise.all([
    client.query(renderWindow(breakdownQuery, request.range), request.end),
    client.queryRange(renderWindow(breakdownQuery, `${step}s`), {
      start: request.start,
      end: request.end,
      step,
    }),
  ]);
  const byLabel = new Map<string, Evaluated>();
  for (const definition of definitions) {
    byLabel.set(definition.conventional!.label, { definition, rows: [] });
  }
  const evaluatedFor = (label: string): Evaluated | undefined => {
    if (!byLabel.has(label)) {
      if (!discovery) return undefined;
      const found = discoveredIntegrationDefinition(discovery, label);
      if (!found) return undefined;
      byLabel.set(label, { definition: found, rows: [] });
    }
    return byLabel.get(label);
  };
  if (breakdown.resultType === 'vector') {
    for (const sample of breakdown.series) {
      const label = sample.labels[labels.integration] ?? '';
      const evaluated = evaluatedFor(label);
      if (!evaluated) continue;
      evaluated.rows.push({
        integration: evaluated.definition.name,
        outcome: sample.labels[labels.outcome] ?? '',
        errorClass: sample.labels[labels.errorClass],
        count: sample.value,
      });
    }
  }
  // Trend: success and total per step, per integration.
  const steps = new Map<
    string,
    Map<number, { success: number; total: number }>
  >();
  for (const series of trend.series) {
    const label = series.labels[labels.integration] ?? '';
    const isSuccess = series.labels[labels.outcome] === 'success';
    const perStep = steps.get(label) ?? new Map();
    steps.set(label, perStep);
    for (const [t, v] of series.points) {
      const point = perStep.get(t) ?? { success: 0, total: 0 };
      if (Number.isFinite(v)) {
        point.total += v;
        if (isSuccess) point.success += v;
      }
      perStep.set(t, point);
    }
  }
  for (const [label, evaluated] of byLabel) {
    const perStep = [...(steps.get(label) ?? new Map()).entries()].sort(
      (a, b) => a[0] - b[0],
    );
    evaluated.series = successRateSeries(
      perStep.map(([t, p]) => [t, p.success] as const),
      perStep.map(([t, p]) => [t, p.total] as const),
    );
    const def = evaluated.definition as PrometheusIntegrationDefinition;
    evaluated.links = [
      graphLink(
        client,
        'Calls by outcome',
        renderWindow(def.queries.total, request.range),
        request,
      ),
    ];
  }
  return [...byLabel.values()];
}

/** An integration with its own success and total PromQL: failures carry no class. */
async function customPrometheus(
  definition: PrometheusIntegrationDefinition,
  client: PrometheusClient,
  request: ViewRequest,
): Promise<Evaluated> {
  const [success, total] = await Promise.all([
    client.query(
      renderWindow(definition.queries.success, request.range),
      request.end,
    ),
    client.query(
      renderWindow(definition.queries.total, request.range),
      request.end,
    ),
  ]);
  const s = sumVector(success);
  const t = sumVector(total);
  return {
    definition,
    rows: [
      { integration: definition.name, outcome: 'success', count: s },
      {
        integration: definition.name,
        outcome: 'failure',
        count: Math.max(0, t - s),
      },
    ],
    links: [
      graphLink(
        client,
        'Successful calls',
        renderWindow(definition.queries.success, request.range),
        request,
      ),
      graphLink(
        client,
        'All calls',
        renderWindow(definition.queries.total, request.range),
        request,
      ),
    ],
  };
}

async function sqlIntegration(
  definition: SqlIntegrationDefinition,
  sql: SqlEventsSource,
  request: ViewRequest,
): Promise<Evaluated> {
  const rows = await sql.countByGroup({
    eventTypes: [definition.eventType],
    start: new Date(request.start * 1000),
    end: new Date(request.end * 1000),
    groupBy: ['outcome', 'errorClass'],
    where: { partner: definition.partner },
  });
  return {
    definition,
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

async function amplitudeIntegration(
  definition: AmplitudeIntegrationDefinition,
  amplitude: AmplitudeClients,
  request: ViewRequest,
): Promise<Evaluated> {
  const client = amplitude.get(definition.project);
  const filters = Object.entries(definition.where).map(([key, value]) => ({
    subprop_type: 'event' as const,
    subprop_key: key,
    subprop_op: 'is',
    subprop_value: [String(value)],
  }));
  // Hourly buckets up to a day, daily beyond, trimmed to the range in the project's zone.
  const total = (eventType: string) =>
    countAmplitudeEvents(client, {
      event: { event_type: eventType, filters },
      metric: 'totals',
      start: new Date(request.start * 1000),
      end: new Date(request.end * 1000),
    });
  const other = definition.failureEvent ?? definition.attemptEvent;
  const [success, second] = await Promise.all([
    total(definition.successEvent),
    other ? total(other) : undefined,
  ]);
  const successes = success.value ?? 0;
  let failures = 0;
  if (definition.failureEvent) failures = second?.value ?? 0;
  else if (definition.attemptEvent) {
    failures = Math.max(0, (second?.value ?? 0) - successes);
  }
  return {
    definition,
    rows: [
      { integration: definition.name, outcome: 'success', count: successes },
      { integration: definition.name, outcome: 'failure', count: failures },
    ],
    // Every event of the definition is read with the same plan: one note says it.
    ...(success.note ? { note: success.note } : {}),
  };
}

/** Successes and the total, each counted by the module-added source. */
async function customIntegration(
  definition: CustomIntegrationDefinition,
  custom: CustomSources | undefined,
  request: ViewRequest,
): Promise<Evaluated> {
  const range = {
    start: new Date(request.start * 1000),
    end: new Date(request.end * 1000),
  };
  const [success, total] = await Promise.all([
    countWithCustomSource(
      custom,
      definition.sourceId,
      definition.success,
      range,
    ),
    countWithCustomSource(custom, definition.sourceId, definition.total, range),
  ]);
  const s = success ?? 0;
  return {
    definition,
    rows: [
      { integration: definition.name, outcome: 'success', count: s },
      {
        integration: definition.name,
        outcome: 'failure',
        count: Math.max(0, (total ?? 0) - s),
      },
    ],
  };
}

/** Declared integrations not on the conventional counter: evaluated one by one. */
export function evaluateDeclaredIntegration(
  definition: IntegrationDefinition,
  sources: IntegrationSources,
  request: ViewRequest,
): Promise<Evaluated> {
  if (definition.source === 'sql') {
    if (!sources.sql) {
      throw new NotFoundError(
        `Integration "${definition.name}" reads SQL events, but metrics.sqlEvents is not configured`,
      );
    }
    return sqlIntegration(definition, sources.sql, request);
  }
  if (definition.source === 'custom') {
    return customIntegration(definition, sources.custom, request);
  }
  if (definition.source === 'amplitude') {
    if (!sources.amplitude?.has(definition.project)) {
      throw new NotFoundError(
        `Integration "${definition.name}" reads Amplitude project "${definition.project}", which is not configured in metrics.amplitude.projects`,
      );
    }
    return amplitudeIntegration(definition, sources.amplitude, request);
  }
  if (!sources.prometheus) {
    throw new NotFoundError(
      `Integration "${definition.name}" reads Prometheus, but no instance is configured for this entity`,
    );
  }
  return customPrometheus(definition, sources.prometheus, request);
}

export function toItems(evaluated: Evaluated[]): IntegrationViewItem[] {
  return evaluated.map(({ definition, rows, series, links }) => {
    const [item] = summarizeIntegrations(rows, {
      source: definition.source,
      include: [definition.name],
    });
    return {
      ...item,
      id: definition.id,
      ...(definition.target !== undefined ? { target: definition.target } : {}),
      ...(definition.owner ? { owner: definition.owner } : {}),
      ...(series ? { series } : {}),
      ...(links ? { links } : {}),
    };
  });
}

/** The distinct notes of evaluated integrations, in order. */
export function notesOf(evaluated: Evaluated[]): string[] {
  return [...new Set(evaluated.flatMap(e => (e.note ? [e.note] : [])))];
}

/**
 * Success rates of every integration of an entity over the viewed range: conventional ones
 * (declared or discovered from the integration label) in two Prometheus queries, declared
 * custom-PromQL, SQL, Amplitude and module-source ones per definition. Worst success rate
 * first, with notes on ranges a source could not match exactly.
 */
export async function evaluateIntegrations(
  resolved: ResolvedEntityMetrics,
  sources: IntegrationSources,
  request: ViewRequest,
): Promise<EvaluatedIntegrations> {
  const declared = resolved.definitions.filter(
    (d): d is IntegrationDefinition => d.kind === 'integration',
  );
  const work: Array<Promise<Evaluated | Evaluated[]>> = [];
  const conventionalDefs = declared.filter(
    (d): d is PrometheusIntegrationDefinition =>
      d.source === 'prometheus' && Boolean(d.conventional),
  );
  if (resolved.integrationDiscovery || conventionalDefs.length > 0) {
    // Never leave the conventional integrations out silently: the section says why.
    if (!sources.prometheus) {
      throw new NotFoundError(
        'Integrations on the conventional counter read Prometheus, but no instance is configured for this entity',
      );
    }
    work.push(
      conventional(
        resolved,
        conventionalDefs,
        sources.prometheus,
        sources.names ?? DEFAULT_PROMETHEUS_NAMES,
        request,
      ),
    );
  }
  for (const definition of declared) {
    if (definition.source === 'prometheus' && definition.conventional) continue;
    work.push(evaluateDeclaredIntegration(definition, sources, request));
  }
  const evaluated = (await Promise.all(work)).flat();
  return {
    items: sortWorstFirst(toItems(evaluated)),
    notes: notesOf(evaluated),
  };
}

/** Worst success rate first; no traffic last; then by volume. */
export function sortWorstFirst<
  T extends { successRate: number | null; requests: number },
>(items: T[]): T[] {
  return items.sort(
    (a, b) =>
      (a.successRate ?? 2) - (b.successRate ?? 2) || b.requests - a.requests,
  );
}
