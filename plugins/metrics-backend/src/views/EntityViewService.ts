import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  DefinitionProblem,
  EntityMetricsResponse,
  IntegrationDefinition,
  KpiDefinition,
  METRICS_ANNOTATIONS,
  CallerItem,
  SloDefinition,
  TelemetryConvention,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { CallerIndex } from '../catalog/CallerIndex';
import { loadCallerLinks } from '../catalog/callerLinks';
import type { ViewRequest } from '../http/parseViewRequest';
import { evaluateCallers, evaluateTraffic } from './callerSection';
import { sortWorstFirst } from './integrationSection';
import { integrationsWithStoredFallback } from './integrationFallback';
import { evaluateKpis } from './kpiSection';
import { missingInstanceProblem, viewRange } from './resolveForView';
import { prometheusInstanceOf } from './prometheusInstanceOf';
import { previousRangeOf } from './previousPeriod';
import { notConfigured, section } from './section';
import { rangeDays, sloWindowDays } from './snapshotFallback';
import { evaluateSloDefinition } from './sloSection';
import { ViewContext, ViewServiceOptions } from './viewContext';
import { viewScope } from './viewScope';
import { withQueryScope } from '../sources/prometheus';

import type { PrometheusInstance } from '../readers';

export type { PrometheusInstance };

export interface EntityViewServiceOptions extends ViewServiceOptions {
  /** The plugin's own credentials, for listing the catalog into the caller index. */
  serviceCredentials?: () => Promise<BackstageCredentials>;
}

/** The section of an entity without the `prometheus-service` annotation. */
function needsService(what: string): ViewSection<never> {
  return notConfigured(
    `${what} need the ${METRICS_ANNOTATIONS.prometheusService} annotation`,
  );
}

/**
 * Builds the service (Component) view: SLOs, callers, integrations, KPIs and problems, with
 * the sensitive metrics the caller may not read left out.
 */
export class EntityViewService {
  readonly #context: ViewContext;
  readonly #callerIndex: CallerIndex;

  constructor(options: EntityViewServiceOptions) {
    this.#context = new ViewContext(options);
    this.#callerIndex = new CallerIndex({
      catalog: options.catalog,
      credentials: options.serviceCredentials,
    });
  }

  /** Requests by caller, where the convention says who called. */
  #callers(
    service: string | undefined,
    convention: TelemetryConvention,
    request: ViewRequest,
    credentials: BackstageCredentials,
    prometheusInstance: () => PrometheusInstance,
  ): Promise<ViewSection<CallerItem>> | ViewSection<never> {
    if (!service) {
      return needsService('Requests by caller');
    }
    if (!convention.callers) {
      return notConfigured(
        `The ${convention.id} convention has no caller information; add service-graph to the ${METRICS_ANNOTATIONS.convention} annotation ("${convention.id}, service-graph") to read callers from traces`,
      );
    }
    const { catalog, logger } = this.#context.options;
    return section('callers', logger, async () => {
      const { client } = prometheusInstance();
      return evaluateCallers({
        service,
        convention,
        client,
        request,
        resolveCallers: ids =>
          loadCallerLinks({
            catalog,
            index: this.#callerIndex,
            ids,
            credentials,
          }),
      });
    });
  }

  async getEntityView(
    request: ViewRequest,
    credentials: BackstageCredentials,
  ): Promise<EntityMetricsResponse> {
    const context = this.#context;
    const { logger, prometheus } = context.options;
    const entity = await context.load(request.entityRef, credentials);
    const forView = context.resolve(entity);
    const visible = await context.visible([forView.resolved], credentials);
    const [resolved] = visible.resolved;
    const hiddenIds = [...(visible.hiddenIds.get(resolved.entityRef) ?? [])];
    // A section with nothing left to show: empty when all of it is hidden (the response's
    // `hiddenSensitive` says why), else not configured.
    const nothingFor = (kind: string, why: string): ViewSection<never> =>
      hiddenIds.some(id => id.startsWith(`${kind}:`))
        ? { status: 'ok', items: [] }
        : notConfigured(why);
    const sources = context.sourcesFor(forView.instanceName);
    const problems: DefinitionProblem[] = [...resolved.problems];
    // Already among the resolved problems; here for the sections that need an instance.
    const noInstance = missingInstanceProblem(forView, prometheus.keys());
    const prometheusInstance = () => {
      if (!sources.prometheus) throw new NotFoundError(noInstance);
      return sources.prometheus;
    };

    const slos = resolved.definitions.filter(
      (d): d is SloDefinition => d.kind === 'slo',
    );
    const kpis = resolved.definitions.filter(
      (d): d is KpiDefinition => d.kind === 'kpi',
    );
    const hasIntegrations =
      resolved.discoverIntegrations ||
      resolved.definitions.some(d => d.kind === 'integration');
    const service = resolved.annotations.prometheusService;
    const days = rangeDays(request);
    const history = context.history(
      [resolved.entityRef],
      request.end,
      Math.max(days, ...slos.map(sloWindowDays)),
    );

    const { convention } = resolved;
    // One deadline and one query budget for the whole view (docs/non-functional.md).
    const scope = viewScope(sources.prometheus?.client);
    const [
      sloSection,
      callerSection,
      trafficSection,
      integrationSection,
      kpiSection,
    ] = await withQueryScope(scope.scope, () =>
      Promise.all([
        slos.length === 0
          ? nothingFor(
              'slo',
              `No SLOs: add ${METRICS_ANNOTATIONS.prometheusService} for the default SLOs, or metadata.metrics.slos`,
            )
          : section(
              'slos',
              logger,
              () => {
                const instance = prometheusInstance();
                return Promise.all(
                  slos.map(slo =>
                    evaluateSloDefinition(slo, instance, request),
                  ),
                );
              },
              history &&
                (async reason => {
                  const stored = await history();
                  return slos.flatMap(
                    slo => stored.slo(resolved.entityRef, slo, reason) ?? [],
                  );
                }),
            ),
        this.#callers(service, convention, request, credentials, () =>
          prometheusInstance(),
        ),
        !service
          ? needsService('Request totals')
          : section('traffic', logger, () =>
              evaluateTraffic({
                service,
                convention,
                client: prometheusInstance().client,
                request,
              }),
            ),
        !hasIntegrations
          ? nothingFor(
              'integration',
              service && !convention.integrations
                ? `No integrations: the ${convention.id} convention has no integration counter; add metrics-suite to the ${METRICS_ANNOTATIONS.convention} annotation ("${convention.id}, metrics-suite") to read integration_requests_total, or declare them under metadata.metrics.integrations`
                : `No integrations: add ${METRICS_ANNOTATIONS.prometheusService} or metadata.metrics.integrations`,
            )
          : section(
              'integrations',
              logger,
              () =>
                integrationsWithStoredFallback({
                  resolved,
                  sources,
                  request,
                  history,
                  days,
                  logger,
                }),
              history &&
                (async reason => {
                  const stored = await history();
                  const definitions = [
                    ...resolved.definitions.filter(
                      (d): d is IntegrationDefinition =>
                        d.kind === 'integration',
                    ),
                    ...stored.discoveredIntegrations(resolved),
                  ];
                  return sortWorstFirst(
                    definitions.flatMap(
                      d =>
                        stored.integration(
                          resolved.entityRef,
                          d,
                          days,
                          reason,
                        ) ?? [],
                    ),
                  );
                }),
            ),
        kpis.length === 0
          ? nothingFor(
              'kpi',
              'No KPIs: declare business and usage metrics under metadata.metrics.kpis',
            )
          : section('kpis', logger, () => evaluateKpis(kpis, sources, request)),
      ]),
    );
    problems.push(...scope.problems());
    const previousRange = previousRangeOf(request);

    return {
      entityRef: stringifyEntityRef(entity),
      range: viewRange(request),
      ...(previousRange ? { previousRange } : {}),
      slos: sloSection,
      callers: callerSection,
      traffic: trafficSection,
      integrations: integrationSection,
      kpis: kpiSection,
      problems,
      hiddenSensitive: visible.hidden,
      prometheus: prometheusInstanceOf(forView),
    };
  }
}
