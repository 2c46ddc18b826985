import type { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MetricDefinition,
  MetricKind,
  MetricRef,
  MetricValue,
  MetricValueUnit,
  ResolvedEntityMetrics,
  addDays,
  clipInput,
  discoveredIntegrationById,
  ratio,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import type { SnapshotStore } from '../database/SnapshotStore';
import { resolveForView } from '../views/resolveForView';
import {
  Counts,
  DefinitionSources,
  SourceHandles,
  SourcesForInstance,
  countsDistinctUsers,
  dayRange,
  definitionSourcesFor,
  readCounts,
} from '../readers';

export interface MetricValuesOptions extends SourceHandles {
  catalog: CatalogService;
  auth: AuthService;
  config: MetricsConfig;
  store: Pick<SnapshotStore, 'listSnapshots'>;
}

/** What a metric is, without reading its value. */
export interface MetricDescription {
  /** The entity ref normalised as snapshots store it. */
  metric: MetricRef;
  name: string;
  unit: MetricValueUnit;
  kind: MetricKind;
  owner?: string;
  sensitive: boolean;
}

interface Resolved {
  description: MetricDescription;
  definition: MetricDefinition;
  sources: DefinitionSources;
}

/** SLIs and success rates are ratios; KPIs are counts. */
function unitOf(definition: MetricDefinition): MetricValueUnit {
  return definition.kind === 'kpi' ? 'count' : 'ratio';
}

const FIRST_DAY = '1970-01-01';
const LAST_DAY = '9999-12-31';

/** A discovered integration's definition from its id (`integration:<label>[#discovered]`). */
function discoveredDefinition(
  resolved: ResolvedEntityMetrics,
  metricId: string,
): MetricDefinition | undefined {
  const discovery = resolved.integrationDiscovery;
  return discovery ? discoveredIntegrationById(discovery, metricId) : undefined;
}

/**
 * Values of metrics over whole UTC days, for goals (baseline, measured outcome) and reviews:
 * from the collector's daily snapshots when every day of the range is stored for the metric,
 * else evaluated live from its source over the same days.
 */
export class MetricValues {
  readonly #sourcesFor: SourcesForInstance;

  constructor(private readonly options: MetricValuesOptions) {
    this.#sourcesFor = definitionSourcesFor(options);
  }

  /** @throws NotFoundError when the entity or the metric does not exist. */
  async describe(metric: MetricRef): Promise<MetricDescription> {
    return (await this.resolve(metric)).description;
  }

  /**
   * The value over `fromDay`–`toDay` (inclusive): sum of numerators over sum of denominators
   * for ratios (null without any valid event: no data, not 100%), the sum for counts.
   *
   * @throws InputError for malformed days, NotFoundError for an unknown entity or metric.
   */
  async valueOver(
    metric: MetricRef,
    fromDay: string,
    toDay: string,
  ): Promise<MetricValue> {
    const range = dayRange(fromDay, toDay);
    const { description, definition, sources } = await this.resolve(metric);
    const { entityRef, metricId } = description.metric;
    const rows = await this.options.store.listSnapshots({
      fromDay,
      toDay,
      entityRefs: [entityRef],
      metricIds: [metricId],
    });
    const base = {
      metric: description.metric,
      name: description.name,
      unit: description.unit,
      fromDay,
      toDay,
    };
    if (
      new Set(rows.map(r => r.day)).size === range.days &&
      // Distinct users of several days do not add up from daily snapshots: read live.
      !(range.days > 1 && countsDistinctUsers(definition))
    ) {
      const counts = rows.reduce<Counts>(
        (sum, row) => ({
          numerator: sum.numerator + row.numerator,
          denominator:
            description.unit === 'ratio'
              ? (sum.denominator ?? 0) + (row.denominator ?? 0)
              : null,
        }),
        { numerator: 0, denominator: null },
      );
      return {
        ...base,
        ...valueOf(description.unit, counts),
        source: 'snapshots',
      };
    }

    const counts = await readCounts(definition, sources, range);
    if (
      definition.origin === 'discovered' &&
      !counts?.denominator &&
      rows.length === 0 &&
      !(await this.everStored(entityRef, metricId))
    ) {
      // A discovered integration exists only by its calls.
      throw new NotFoundError(
        `${entityRef} has no integration "${definition.name}": no calls to it were seen`,
      );
    }
    return { ...base, ...valueOf(description.unit, counts), source: 'live' };
  }

  /** The value over the 7 complete days before `today` (a `YYYY-MM-DD` UTC day). */
  currentValue(metric: MetricRef, today: string): Promise<MetricValue> {
    return this.valueOver(metric, addDays(today, -7), addDays(today, -1));
  }

  private async everStored(entityRef: string, metricId: string) {
    const rows = await this.options.store.listSnapshots({
      fromDay: FIRST_DAY,
      toDay: LAST_DAY,
      entityRefs: [entityRef],
      metricIds: [metricId],
    });
    return rows.length > 0;
  }

  private async resolve(metric: MetricRef): Promise<Resolved> {
    const { catalog, auth, config, prometheus } = this.options;
    let ref: string;
    try {
      ref = stringifyEntityRef(parseEntityRef(metric.entityRef));
    } catch {
      throw new InputError(
        `Invalid entity reference '${clipInput(metric.entityRef)}'`,
      );
    }
    const entity = await catalog.getEntityByRef(ref, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) throw new NotFoundError(`No entity ${clipInput(ref)} found`);
    const view = resolveForView(entity, config, prometheus);
    const definition =
      view.resolved.definitions.find(d => d.id === metric.metricId) ??
      discoveredDefinition(view.resolved, metric.metricId);
    if (!definition) {
      throw new NotFoundError(
        `${view.resolved.entityRef} has no metric "${clipInput(
          metric.metricId,
        )}"`,
      );
    }
    return {
      description: {
        metric: { entityRef: view.resolved.entityRef, metricId: definition.id },
        name: definition.name,
        unit: unitOf(definition),
        kind: definition.kind,
        ...(definition.owner ? { owner: definition.owner } : {}),
        sensitive: definition.sensitive,
      },
      definition,
      sources: this.#sourcesFor(view.instanceName),
    };
  }
}

function valueOf(
  unit: MetricValueUnit,
  counts: Counts | undefined,
): Pick<MetricValue, 'value' | 'numerator' | 'denominator'> {
  const numerator = counts?.numerator ?? 0;
  if (unit === 'count') {
    return { value: counts ? numerator : null, numerator };
  }
  const denominator = counts?.denominator ?? 0;
  return {
    value: ratio(numerator, denominator) ?? null,
    numerator,
    denominator,
  };
}
