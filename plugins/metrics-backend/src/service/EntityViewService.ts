import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DefinitionProblem,
  EntityMetricsResponse,
  METRICS_ANNOTATIONS,
  SloDefinition,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config';
import type { AmplitudeClients } from '../sources/amplitude';
import type { SqlEventsSource } from '../sources/sql';
import { loadCallerDirectory } from './callerDirectory';
import type { ViewRequest } from './request/parseViewRequest';
import {
  PrometheusInstance,
  errorMessage,
  resolveForView,
  viewRange,
} from './resolveForView';

export type { PrometheusInstance } from './resolveForView';
import { evaluateCallers } from './views/callerSection';
import { evaluateIntegrations } from './views/integrationSection';
import { evaluateSloDefinition } from './views/sloSection';

export interface EntityViewServiceOptions {
  catalog: CatalogService;
  logger: LoggerService;
  config: MetricsConfig;
  /** Configured Prometheus instances by name. */
  prometheus: ReadonlyMap<string, PrometheusInstance>;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
}

/** Runs one section; a failure becomes that section's error, never the whole view's. */
async function section<T>(
  run: () => Promise<T[]>,
  logger: LoggerService,
  name: string,
): Promise<ViewSection<T>> {
  try {
    return { status: 'ok', items: await run() };
  } catch (error) {
    logger.warn(`metrics ${name} section failed: ${errorMessage(error)}`);
    return { status: 'error', error: errorMessage(error), items: [] };
  }
}

function notConfigured<T>(error: string): ViewSection<T> {
  return { status: 'not-configured', error, items: [] };
}

/** Builds the service (Component) view: SLOs, callers, integrations and problems. */
export class EntityViewService {
  constructor(private readonly options: EntityViewServiceOptions) {}

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
    const { resolved, instanceName, instance, names, usesPrometheus } =
      resolveForView(entity, config, this.options.prometheus);
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
    const hasIntegrations =
      resolved.discoverIntegrations ||
      resolved.definitions.some(d => d.kind === 'integration');

    const [sloSection, callerSection, integrationSection] = await Promise.all([
      slos.length === 0
        ? notConfigured<never>(
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
          ),
      !service
        ? notConfigured<never>(
            `Requests by caller need the ${METRICS_ANNOTATIONS.prometheusService} annotation`,
          )
        : section(
            async () => {
              if (!client) throw new NotFoundError(prometheusProblem);
              const directory = await loadCallerDirectory(catalog, credentials);
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
        ? notConfigured<never>(
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
                },
                request,
              ),
            logger,
            'integrations',
          ),
    ]);

    return {
      entityRef: stringifyEntityRef(entity),
      range: viewRange(request),
      slos: sloSection,
      callers: callerSection,
      integrations: integrationSection,
      problems,
    };
  }
}
