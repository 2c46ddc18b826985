import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DefinitionProblem,
  EntityMetricsResponse,
  IntegrationDefinition,
  IntegrationViewItem,
  KpiDefinition,
  METRICS_ANNOTATIONS,
  ResolvedEntityMetrics,
  SloDefinition,
  SloViewItem,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config';
import type { MetricsStore } from '../database/MetricsStore';
import { loadCallerDirectory } from './callerDirectory';
import { hideSensitive } from './hideSensitive';
import { prometheusInstanceOf } from './prometheusInstanceOf';
import type { ViewRequest } from './request/parseViewRequest';
import { errorMessage, resolveForView, viewRange } from './resolveForView';

export type { PrometheusInstance } from './resolveForView';
import { evaluateCallers } from './views/callerSection';
import { CustomSources, customSourcesById } from './views/customSources';
import {
  evaluateIntegrations,
  sortWorstFirst,
} from './views/integrationSection';
import { evaluateKpis } from './views/kpiSection';
import {
  StoredHistory,
  isSourceOutage,
  rangeDays,
  sloWindowDays,
} from './views/snapshotFallback';
import { evaluateSloDefinition } from './views/sloSection';
import type { SourceHandles } from './sourceHandles';

export interface EntityViewServiceOptions extends SourceHandles {
  catalog: CatalogService;
  logger: LoggerService;
  config: MetricsConfig;
  /** Decides who may read metrics marked sensitive (`metrics.sensitive.read`). */
  permissions: PermissionsService;
  /**
   * Stored daily snapshots: when a source is down, the SLOs and integrations are built from
   * them (marked `stale`). Without a store such sections only report the error.
   */
  store?: MetricsStore;
}

/**
 * Runs one section; a failure becomes that section's error, never the whole view's. The run
 * may add notes on how its numbers were counted. When the source is down (not for a bad
 * definition), `fallback` may still give items from stored snapshots; the section keeps its
 * error so people know the numbers are not live.
 */
async function section<T>(
  run: () => Promise<T[] | { items: T[]; notes: string[] }>,
  logger: LoggerService,
  name: string,
  fallback?: (reason: string) => Promise<T[]>,
): Promise<ViewSection<T>> {
  try {
    const result = await run();
    if (Array.isArray(result)) return { status: 'ok', items: result };
    return {
      status: 'ok',
      items: result.items,
      ...(result.notes.length > 0 ? { notes: result.notes } : {}),
    };
  } catch (error) {
    const reason = errorMessage(error);
    logger.warn(`metrics ${name} section failed: ${reason}`);
    let items: T[] = [];
    if (fallback && isSourceOutage(error)) {
      try {
        items = await fallback(reason);
      } catch (storeError) {
        logger.warn(
          `metrics ${name} section: stored snapshots could not be read either: ${errorMessage(
            storeError,
          )}`,
        );
      }
    }
    return { status: 'error', error: reason, items };
  }
}

/** The SLOs that have enough stored days, from snapshots. */
function storedSlos(
  history: StoredHistory,
  resolved: ResolvedEntityMetrics,
  slos: SloDefinition[],
  reason: string,
): SloViewItem[] {
  return slos.flatMap(
    slo => history.slo(resolved.entityRef, slo, reason) ?? [],
  );
}

/** Declared and stored discovered integrations over the view's range, from snapshots. */
function storedIntegrations(
  history: StoredHistory,
  resolved: ResolvedEntityMetrics,
  days: number,
  reason: string,
): IntegrationViewItem[] {
  const definitions = [
    ...resolved.definitions.filter(
      (d): d is IntegrationDefinition => d.kind === 'integration',
    ),
    ...history.discoveredIntegrations(resolved),
  ];
  return sortWorstFirst(
    definitions.flatMap(
      d => history.integration(resolved.entityRef, d, days, reason) ?? [],
    ),
  );
}

function notConfigured<T>(error: string): ViewSection<T> {
  return { status: 'not-configured', error, items: [] };
}

/**
 * Builds the service (Component) view: SLOs, callers, integrations, KPIs and problems, with
 * the sensitive metrics the caller may not read left out.
 */
export class EntityViewService {
  readonly #custom: CustomSources;

  constructor(private readonly options: EntityViewServiceOptions) {
    this.#custom = customSourcesById(options.moduleSources ?? []);
  }

  async getEntityView(
    request: ViewRequest,
    credentials: BackstageCredentials,
  ): Promise<EntityMetricsResponse> {
    const { catalog, config, logger } = this.options;
    const entity = await catalog.getEntityByRef(request.entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(request.entityRef)} found`,
      );
    }
    const forView = resolveForView(entity, config, this.options.prometheus);
    const { instanceName, instance, names, usesPrometheus } = forView;
    const visible = await hideSensitive(
      [forView.resolved],
      this.options.permissions,
      credentials,
    );
    const [resolved] = visible.resolved;
    const hiddenIds = [...(visible.hiddenIds.get(resolved.entityRef) ?? [])];
    // A section with nothing left to show: empty when all of it is hidden (the response's
    // `hiddenSensitive` says why), else not configured.
    const nothingFor = (kind: string, why: string): ViewSection<never> =>
      hiddenIds.some(id => id.startsWith(`${kind}:`))
        ? { status: 'ok', items: [] }
        : notConfigured(why);
    const client = instance?.client;
    const problems: DefinitionProblem[] = [...resolved.problems];
    const service = resolved.annotations.prometheusService;
    let prometheusProblem: string | undefined;
    if (usesPrometheus && !client) {
      prometheusProblem = instanceName
        ? `no Prometheus instance "${instanceName}" is configured (configured: ${
            [...this.options.prometheus.keys()].map(n => `"${n}"`).join(', ') ||
            'none'
          })`
        : 'no default Prometheus instance is configured in metrics.prometheus.instances';
      problems.push({
        path: `metadata.annotations.${METRICS_ANNOTATIONS.prometheusInstance}`,
        message: prometheusProblem,
      });
    }

    const slos = resolved.definitions.filter(
      (d): d is SloDefinition => d.kind === 'slo',
    );
    const kpis = resolved.definitions.filter(
      (d): d is KpiDefinition => d.kind === 'kpi',
    );
    const hasIntegrations =
      resolved.discoverIntegrations ||
      resolved.definitions.some(d => d.kind === 'integration');
    const days = rangeDays(request);
    const history = this.storedHistory(
      resolved.entityRef,
      request,
      Math.max(days, ...slos.map(sloWindowDays)),
    );

    const [sloSection, callerSection, integrationSection, kpiSection] =
      await Promise.all([
        slos.length === 0
          ? nothingFor(
              'slo',
              'No SLOs: add metrics.backstage.io/prometheus-service for the default SLOs, or metadata.metrics.slos',
            )
          : section(
              async () => {
                if (!client) throw new NotFoundError(prometheusProblem);
                return Promise.all(
                  slos.map(slo => evaluateSloDefinition(slo, client, request)),
                );
              },
              logger,
              'slos',
              history &&
                (async reason =>
                  storedSlos(await history(), resolved, slos, reason)),
            ),
        !service
          ? notConfigured<never>(
              `Requests by caller need the ${METRICS_ANNOTATIONS.prometheusService} annotation`,
            )
          : section(
              async () => {
                if (!client) throw new NotFoundError(prometheusProblem);
                const directory = await loadCallerDirectory(
                  catalog,
                  credentials,
                );
                return evaluateCallers({
                  service,
                  names,
                  client,
                  request,
                  directory,
                });
              },
              logger,
              'callers',
            ),
        !hasIntegrations
          ? nothingFor(
              'integration',
              `No integrations: add ${METRICS_ANNOTATIONS.prometheusService} or metadata.metrics.integrations`,
            )
          : section(
              () =>
                evaluateIntegrations(
                  resolved,
                  {
                    prometheus: client,
                    names,
                    amplitude: this.options.amplitude,
                    sql: this.options.sql,
                    custom: this.#custom,
                  },
                  request,
                ),
              logger,
              'integrations',
              history &&
                (async reason =>
                  storedIntegrations(await history(), resolved, days, reason)),
            ),
        kpis.length === 0
          ? nothingFor(
              'kpi',
              'No KPIs: declare business and usage metrics under metadata.metrics.kpis',
            )
          : evaluateKpis(
              kpis,
              {
                prometheus: client,
                amplitude: this.options.amplitude,
                sql: this.options.sql,
                custom: this.#custom,
              },
              request,
            ),
      ]);

    return {
      entityRef: stringifyEntityRef(entity),
      range: viewRange(request),
      slos: sloSection,
      callers: callerSection,
      integrations: integrationSection,
      kpis: kpiSection,
      problems,
      hiddenSensitive: visible.hidden,
      prometheus: prometheusInstanceOf(forView),
    };
  }

  /**
   * Reads the entity's snapshots on first use only, once for both sections that may need
   * them; undefined without a store.
   */
  private storedHistory(
    entityRef: string,
    request: ViewRequest,
    spanDays: number,
  ): (() => Promise<StoredHistory>) | undefined {
    const { store, config } = this.options;
    if (!store) return undefined;
    let read: Promise<StoredHistory> | undefined;
    return () => {
      read ??= StoredHistory.read(store, {
        entityRefs: [entityRef],
        end: request.end,
        spanDays,
        staleDays: config.history.backfillDays,
      });
      return read;
    };
  }
}
