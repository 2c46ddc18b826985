import {
  IntegrationDefinition,
  IntegrationRow,
  IntegrationViewItem,
  PreviousIntegration,
  PrometheusIntegrationDefinition,
  ResolvedEntityMetrics,
  WINDOW_PLACEHOLDER,
  integrationBreakdownQuery,
  renderWindow,
  successRateSeries,
  summarizeIntegrations,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { NotFoundError } from '@backstage/errors';
import type { ViewRequest } from '../http/parseViewRequest';
import {
  DefinitionSources,
  PrometheusInstance,
  isConventional,
  readIntegration,
  readingsFromBreakdown,
  samplesOf,
} from '../readers';
import type { PrometheusVectorSample } from '../sources/prometheus';
import { chartStep, graphLinks } from './links';
import {
  comparedSeconds,
  previousPeriodOf,
  splitPeriods,
  withPreviousPeriod,
} from './previousPeriod';
import { integrationFields } from './metricFields';

export interface Evaluated {
  definition: IntegrationDefinition;
  rows: IntegrationRow[];
  series?: IntegrationViewItem['series'];
  links?: IntegrationViewItem['links'];
  /** How the counted period differs from the range (Amplitude's whole hours or days). */
  note?: string;
  /**
   * With `compare`: the rows one period earlier, null when that period has none for it or
   * could not be read.
   */
  previousRows?: IntegrationRow[] | null;
}

/** The integrations of a section and the remarks on how some were counted. */
export interface EvaluatedIntegrations {
  items: IntegrationViewItem[];
  /** Distinct notes of the evaluated integrations. */
  notes: string[];
}

/** Conventional integrations: one breakdown query and one trend query for all of them. */
async function conventional(
  resolved: ResolvedEntityMetrics,
  definitions: PrometheusIntegrationDefinition[],
  { client }: PrometheusInstance,
  request: ViewRequest,
): Promise<Evaluated[]> {
  const discovery = resolved.integrationDiscovery;
  const { convention } = resolved;
  // Conventional integrations exist only where the convention has the counter.
  const names = convention.integrations;
  if (!names) return [];
  // With discovery off, only the declared integrations are read, with the same query.
  const breakdownQuery =
    discovery?.breakdownQuery ??
    integrationBreakdownQuery({
      service: definitions[0].conventional!.service,
      window: WINDOW_PLACEHOLDER,
      convention,
    });
  const step = chartStep(request.end - request.start);
  const seconds = comparedSeconds(request);
  const [breakdown, trend] = await Promise.all([
    client.query(
      withPreviousPeriod(renderWindow(breakdownQuery, request.range), seconds),
      request.end,
    ),
    client.queryRange(renderWindow(breakdownQuery, `${step}s`), {
      start: request.start,
      end: request.end,
      step,
    }),
  ]);
  // The breakdown is this entity's alone: every sample is its own.
  const entity = { entityRef: resolved.entityRef, resolved };
  const readingsOf = (samples: PrometheusVectorSample[]) =>
    readingsFromBreakdown([entity], samples, names, {
      declaredWithoutCalls: true,
      entitiesOf: () => [entity],
    });
  const periods = splitPeriods(samplesOf(breakdown), seconds !== undefined);
  const readings = readingsOf(periods.current);
  const before =
    periods.previous &&
    new Map(readingsOf(periods.previous).map(r => [r.definition.id, r.rows]));
  // Trend: success and total per step, per integration.
  const steps = new Map<
    string,
    Map<number, { success: number; total: number }>
  >();
  for (const series of trend.series) {
    const label = series.labels[names.integration] ?? '';
    const isSuccess = series.labels[names.outcome] === names.success;
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
  return readings.map(({ definition, label, rows }) => {
    const perStep = [...(steps.get(label) ?? new Map()).entries()].sort(
      (a, b) => a[0] - b[0],
    );
    const def = definition as PrometheusIntegrationDefinition;
    return {
      definition,
      rows,
      series: successRateSeries(
        perStep.map(([t, p]) => [t, p.success] as const),
        perStep.map(([t, p]) => [t, p.total] as const),
      ),
      links: graphLinks(client, request, [
        ['Calls by outcome', renderWindow(def.queries.total, request.range)],
      ]),
      ...(before ? { previousRows: before.get(definition.id) ?? null } : {}),
    };
  });
}

/**
 * A declared integration not on the conventional counter, read from its own source; with
 * `compare`, also over the period before (its own queries, as a KPI's previous value).
 */
export async function evaluateDeclaredIntegration(
  definition: IntegrationDefinition,
  sources: DefinitionSources,
  request: ViewRequest,
): Promise<Evaluated> {
  const [{ rows, note, promql }, previousRows] = await Promise.all([
    readIntegration(definition, sources, request),
    request.compare
      ? readIntegration(definition, sources, previousPeriodOf(request)).then(
          r => r.rows,
          () => null,
        )
      : undefined,
  ]);
  const client = sources.prometheus?.client;
  return {
    definition,
    rows,
    ...(previousRows !== undefined ? { previousRows } : {}),
    ...(note ? { note } : {}),
    ...(promql && client
      ? {
          links: graphLinks(client, request, [
            ['Successful calls', promql.success],
            ['All calls', promql.total],
          ]),
        }
      : {}),
  };
}

export function toItems(evaluated: Evaluated[]): IntegrationViewItem[] {
  return evaluated.map(({ definition, rows, series, links, previousRows }) => {
    const fields = integrationFields(definition);
    const summary = (of: IntegrationRow[]) =>
      summarizeIntegrations(of, {
        source: fields.source,
        include: [fields.name],
      })[0];
    const item = summary(rows);
    let previous: PreviousIntegration | null | undefined;
    if (previousRows) {
      const { requests, successRate } = summary(previousRows);
      previous = { requests, successRate };
    } else if (previousRows === null) previous = null;
    return {
      ...item,
      ...fields,
      ...(series ? { series } : {}),
      ...(links ? { links } : {}),
      ...(previous !== undefined ? { previous } : {}),
    };
  });
}

/** The distinct notes of evaluated integrations, in order. */
export function notesOf(evaluated: Evaluated[]): string[] {
  return [...new Set(evaluated.flatMap(e => (e.note ? [e.note] : [])))];
}

/** A part of an entity's integrations that failed: what it would have given, and why. */
export interface FailedIntegrations {
  /** The declared integrations the part reads. */
  definitions: IntegrationDefinition[];
  /** The part is the conventional counter, which also gives the discovered integrations. */
  conventional: boolean;
  error: unknown;
}

/** What each part of an entity's integrations gave, failures kept apart. */
export interface IntegrationParts extends EvaluatedIntegrations {
  failed: FailedIntegrations[];
}

/**
 * Success rates of every integration of an entity over the viewed range: conventional ones
 * (declared or discovered from the integration label) in two Prometheus queries, the others
 * per definition from their own source. A failing part (Prometheus down) leaves the others
 * live: it is returned in `failed` for the caller to fill from stored snapshots.
 */
export async function evaluateIntegrationParts(
  resolved: ResolvedEntityMetrics,
  sources: DefinitionSources,
  request: ViewRequest,
): Promise<IntegrationParts> {
  const declared = resolved.definitions.filter(
    (d): d is IntegrationDefinition => d.kind === 'integration',
  );
  const parts: Array<{
    definitions: IntegrationDefinition[];
    conventional: boolean;
    run: () => Promise<Evaluated | Evaluated[]>;
  }> = [];
  const conventionalDefs = declared.filter(isConventional);
  if (resolved.integrationDiscovery || conventionalDefs.length > 0) {
    parts.push({
      definitions: conventionalDefs,
      conventional: true,
      run: async () => {
        // Never leave the conventional integrations out silently: the section says why.
        if (!sources.prometheus) {
          throw new NotFoundError(
            'Integrations on the conventional counter read Prometheus, but no instance is configured for this entity',
          );
        }
        return conventional(
          resolved,
          conventionalDefs,
          sources.prometheus,
          request,
        );
      },
    });
  }
  for (const definition of declared) {
    if (isConventional(definition)) continue;
    parts.push({
      definitions: [definition],
      conventional: false,
      run: () => evaluateDeclaredIntegration(definition, sources, request),
    });
  }
  const settled = await Promise.allSettled(parts.map(part => part.run()));
  const evaluated = settled.flatMap(r =>
    r.status === 'fulfilled' ? [r.value].flat() : [],
  );
  return {
    items: sortWorstFirst(toItems(evaluated)),
    notes: notesOf(evaluated),
    failed: settled.flatMap((r, i) =>
      r.status === 'rejected'
        ? [
            {
              definitions: parts[i].definitions,
              conventional: parts[i].conventional,
              error: r.reason,
            },
          ]
        : [],
    ),
  };
}

/** {@link evaluateIntegrationParts}, failing as a whole when any part failed. */
export async function evaluateIntegrations(
  resolved: ResolvedEntityMetrics,
  sources: DefinitionSources,
  request: ViewRequest,
): Promise<EvaluatedIntegrations> {
  const { failed, ...evaluated } = await evaluateIntegrationParts(
    resolved,
    sources,
    request,
  );
  if (failed.length > 0) throw failed[0].error;
  return evaluated;
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
