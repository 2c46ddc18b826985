import { InputError, NotFoundError } from '@backstage/errors';
import {
  KpiDefinition,
  KpiTarget,
  KpiViewItem,
  SourceLink,
  ViewSection,
  renderWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  AmplitudeClients,
  countAmplitudeEvents,
} from '../sources/amplitude';
import type { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import type { ViewRequest } from '../http/parseViewRequest';
import { errorMessage } from './resolveForView';
import { CustomSources, countWithCustomSource } from '../readers/custom';
import { graphLink } from './links';

/** Where KPIs are read; an entity reads one Prometheus instance. */
export interface KpiSources {
  prometheus?: PrometheusClient;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /** Sources added by backend modules, by id. */
  custom?: CustomSources;
}

/** A period `[start, end)` in Unix seconds. */
export interface KpiPeriod {
  start: number;
  end: number;
}

/** A KPI's value over a period. */
export interface KpiReading {
  /** null when the source has no data for the period. */
  value: number | null;
  /** How the counted period differs from the one asked for (Amplitude's whole hours/days). */
  note?: string;
  /** The rendered PromQL of a Prometheus KPI, for links. */
  promql?: string;
}

/** `604800` → `7d`: the largest whole unit, so rendered PromQL reads like the range. */
export function promDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

async function prometheusKpi(
  query: string,
  client: PrometheusClient,
  period: KpiPeriod,
): Promise<KpiReading> {
  const promql = renderWindow(query, promDuration(period.end - period.start));
  const result = await client.query(promql, period.end);
  let value: number | null;
  if (result.resultType === 'vector') {
    // One series is what a KPI query should return; several are added up.
    const finite = result.series.filter(s => Number.isFinite(s.value));
    value = finite.length > 0 ? finite.reduce((a, s) => a + s.value, 0) : null;
  } else if (result.resultType === 'scalar') {
    value = Number.isFinite(result.value) ? result.value : null;
  } else {
    throw new InputError(
      `The KPI query must return an instant vector or a scalar, not a ${result.resultType}: ${promql}`,
    );
  }
  return { value, promql };
}

function notConfigured(definition: KpiDefinition, what: string): never {
  throw new NotFoundError(`KPI "${definition.name}" ${what}`);
}

/**
 * The value of a KPI over `[start, end)`: a Prometheus query over `{{window}}` = the period's
 * length, evaluated at its end; Amplitude totals or distinct users; SQL event counts; or the
 * count of a module-added source.
 */
export async function readKpi(
  definition: KpiDefinition,
  sources: KpiSources,
  period: KpiPeriod,
): Promise<KpiReading> {
  const start = new Date(period.start * 1000);
  const end = new Date(period.end * 1000);
  switch (definition.source) {
    case 'prometheus':
      if (!sources.prometheus) {
        notConfigured(
          definition,
          'reads Prometheus, but no instance is configured for this entity',
        );
      }
      return prometheusKpi(definition.query, sources.prometheus, period);
    case 'amplitude': {
      if (!sources.amplitude?.has(definition.project)) {
        notConfigured(
          definition,
          `reads Amplitude project "${definition.project}", which is not configured in metrics.amplitude.projects`,
        );
      }
      const client = sources.amplitude.get(definition.project);
      return countAmplitudeEvents(client, {
        event: {
          event_type: definition.event,
          filters: Object.entries(definition.where).map(([key, value]) => ({
            subprop_type: 'event',
            subprop_key: key,
            subprop_op: 'is',
            subprop_value: [String(value)],
          })),
        },
        metric: definition.metric,
        start,
        end,
      });
    }
    case 'sql': {
      if (!sources.sql) {
        notConfigured(
          definition,
          'reads SQL events, but metrics.sqlEvents is not configured',
        );
      }
      const rows = await sources.sql.countByGroup({
        eventTypes: [definition.eventType],
        start,
        end,
        groupBy: [],
        where:
          definition.partner !== undefined
            ? { partner: definition.partner }
            : {},
        metric: definition.metric,
      });
      // No row means no events: a count of 0, not missing data.
      return { value: rows.reduce((sum, row) => sum + row.count, 0) };
    }
    case 'custom':
      return {
        value: await countWithCustomSource(
          sources.custom,
          definition.sourceId,
          definition.params,
          { start, end },
        ),
      };
    default:
      throw new InputError(
        `KPI "${(definition as KpiDefinition).name}" names an unknown source`,
      );
  }
}

/** Whether a value meets a KPI target; undefined without a target or a value. */
export function meetsTarget(
  value: number | null,
  target: KpiTarget | undefined,
): boolean | undefined {
  if (!target || value === null) return undefined;
  return target.direction === 'below'
    ? value <= target.value
    : value >= target.value;
}

/**
 * The KPI section of the service view: each KPI over the view's range and the period of the
 * same length before it. A failing source fails only its KPIs (their `error`); the section is
 * `error` only when every KPI failed.
 */
export async function evaluateKpis(
  definitions: KpiDefinition[],
  sources: KpiSources,
  request: ViewRequest,
): Promise<ViewSection<KpiViewItem>> {
  const length = request.end - request.start;
  const current = { start: request.start, end: request.end };
  const before = { start: request.start - length, end: request.start };
  const notes = new Set<string>();
  const items = await Promise.all(
    definitions.map(async (definition): Promise<KpiViewItem> => {
      const [now, then] = await Promise.allSettled([
        readKpi(definition, sources, current),
        readKpi(definition, sources, before),
      ]);
      const value = now.status === 'fulfilled' ? now.value.value : null;
      if (now.status === 'fulfilled' && now.value.note)
        notes.add(now.value.note);
      const targetMet = meetsTarget(value, definition.target);
      let links: SourceLink[] | undefined;
      if (
        now.status === 'fulfilled' &&
        now.value.promql &&
        sources.prometheus
      ) {
        links = [
          graphLink(sources.prometheus, 'Query', now.value.promql, request),
        ];
      }
      return {
        id: definition.id,
        name: definition.name,
        ...(definition.description
          ? { description: definition.description }
          : {}),
        bucket: definition.bucket,
        ...(definition.unit ? { unit: definition.unit } : {}),
        source: definition.source,
        value,
        ...(then.status === 'fulfilled' ? { previous: then.value.value } : {}),
        ...(definition.target ? { target: definition.target } : {}),
        ...(targetMet !== undefined ? { targetMet } : {}),
        ...(definition.owner ? { owner: definition.owner } : {}),
        ...(links ? { links } : {}),
        ...(now.status === 'rejected'
          ? { error: errorMessage(now.reason) }
          : {}),
      };
    }),
  );
  const failed = items.filter(item => item.error !== undefined);
  const section: ViewSection<KpiViewItem> =
    items.length > 0 && failed.length === items.length
      ? {
          status: 'error',
          error: [...new Set(failed.map(i => `${i.name}: ${i.error}`))].join(
            '; ',
          ),
          items,
        }
      : { status: 'ok', items };
  if (notes.size > 0) section.notes = [...notes];
  return section;
}
