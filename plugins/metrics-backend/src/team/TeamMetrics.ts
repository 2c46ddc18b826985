import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MetricDefinition,
  MetricRef,
  MetricValueUnit,
  ResolvedEntityMetrics,
  clipInput,
  discoveredIntegrationDefinition,
  metricsSensitiveReadPermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import { loadOwnedComponents } from '../catalog/ownedEntities';
import type { PrometheusInstance } from '../readers';
import { resolveForView } from '../views/resolveForView';
import { authorizeTeamAction } from './permissions';

/** A metric of a team, checked against the catalog. */
export interface TeamMetric {
  /** With the entity ref as the catalog spells it. */
  metric: MetricRef;
  name: string;
  unit: MetricValueUnit;
  /** As resolved from the entity, for checks such as "is it a KPI". */
  definition: MetricDefinition;
}

/** Entity refs compare case-insensitively. */
export const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

const DISCOVERED_INTEGRATION = /^integration:(.+?)(#discovered)?$/;

export interface TeamMetricsOptions {
  catalog: CatalogService;
  permissions: PermissionsService;
  config: MetricsConfig;
  prometheus: ReadonlyMap<string, PrometheusInstance>;
}

/**
 * Decides which metrics are a team's: those of entities owned by the team or one of its
 * sub-groups, and those whose `owner` is the team. Reads the catalog with the caller's
 * credentials, so nobody points a goal or review at an entity they cannot see.
 */
export class TeamMetrics {
  constructor(private readonly options: TeamMetricsOptions) {}

  /** Resolves every ref (in order) or throws naming the first one that is not the team's. */
  async resolve(
    team: Entity,
    refs: MetricRef[],
    credentials: BackstageCredentials,
  ): Promise<TeamMetric[]> {
    if (refs.length === 0) return [];
    const { catalog } = this.options;
    const teamRef = stringifyEntityRef(team);
    const { groupRefs, components } = await loadOwnedComponents(
      catalog,
      team,
      credentials,
    );
    const entities = new Map<string, Entity>();
    for (const entity of components) {
      entities.set(
        stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
        entity,
      );
    }
    const missing = [
      ...new Set(
        refs
          .map(r => r.entityRef)
          .filter(ref => !entities.has(ref.toLocaleLowerCase('en-US'))),
      ),
    ];
    if (missing.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: missing },
        { credentials },
      );
      for (const item of items) {
        if (item) {
          entities.set(
            stringifyEntityRef(item).toLocaleLowerCase('en-US'),
            item,
          );
        }
      }
    }

    const sensitiveOwners = new Set<string>();
    const resolved = refs.map(ref => {
      const entity = entities.get(ref.entityRef.toLocaleLowerCase('en-US'));
      if (!entity) {
        throw new InputError(`No entity ${clipInput(ref.entityRef)} found`);
      }
      const metrics = resolveForView(
        entity,
        this.options.config,
        this.options.prometheus,
      ).resolved;
      const definition = findDefinition(metrics, ref.metricId);
      if (!definition) {
        throw new InputError(
          `${metrics.entityRef} has no metric '${clipInput(ref.metricId)}'`,
        );
      }
      const ownedByTeam =
        metrics.owner !== undefined &&
        groupRefs.some(group => sameRef(group, metrics.owner!));
      const assignedToTeam =
        definition.owner !== undefined && sameRef(definition.owner, teamRef);
      if (!ownedByTeam && !assignedToTeam) {
        throw new InputError(
          `'${clipInput(ref.metricId)}' of ${
            metrics.entityRef
          } is not a metric of ${teamRef}: the entity is owned by neither the team nor one of its sub-groups, and the metric names another owner`,
        );
      }
      if (definition.sensitive) {
        sensitiveOwners.add(definition.owner ?? metrics.owner ?? teamRef);
      }
      return {
        metric: { entityRef: metrics.entityRef, metricId: definition.id },
        name: definition.name,
        unit: (definition.kind === 'kpi'
          ? 'count'
          : 'ratio') as MetricValueUnit,
        definition,
      };
    });

    // Sensitive metrics need the read permission on the team that owns them.
    for (const owner of sensitiveOwners) {
      await authorizeTeamAction(
        this.options.permissions,
        metricsSensitiveReadPermission,
        owner,
        credentials,
      );
    }
    return resolved;
  }
}

function findDefinition(
  metrics: ResolvedEntityMetrics,
  metricId: string,
): MetricDefinition | undefined {
  const declared = metrics.definitions.find(d => d.id === metricId);
  if (declared || !metrics.integrationDiscovery) return declared;
  // Integrations found at query time have no declaration; their id carries the label.
  const match = DISCOVERED_INTEGRATION.exec(metricId);
  if (!match) return undefined;
  const discovered = discoveredIntegrationDefinition(
    metrics.integrationDiscovery,
    match[1],
  );
  return discovered?.id === metricId ? discovered : undefined;
}
