import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  IntegrationViewItem,
  ResolvedEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ViewRequest } from '../http/parseViewRequest';
import { DefinitionSources, isSourceOutage } from '../readers';
import { evaluateIntegrationParts, sortWorstFirst } from './integrationSection';
import { errorMessage } from './resolveForView';
import type { SectionResult } from './section';
import type { LazyHistory } from './viewContext';

/**
 * The service view's integrations: each part live where its source answers; a part whose
 * source is down (Prometheus for the conventional counter, the SQL database, Amplitude) from
 * stored snapshots, marked stale, without taking the live parts with it.
 */
export async function integrationsWithStoredFallback(options: {
  resolved: ResolvedEntityMetrics;
  sources: DefinitionSources;
  request: ViewRequest;
  history?: LazyHistory;
  days: number;
  logger: LoggerService;
}): Promise<SectionResult<IntegrationViewItem>> {
  const { resolved, sources, request, history, days, logger } = options;
  const parts = await evaluateIntegrationParts(resolved, sources, request);
  const outages = parts.failed.filter(f => isSourceOutage(f.error));
  let stale: IntegrationViewItem[] = [];
  if (history && outages.length > 0) {
    try {
      const stored = await history();
      stale = outages.flatMap(failed => {
        const reason = errorMessage(failed.error);
        const definitions = [
          ...failed.definitions,
          ...(failed.conventional
            ? stored.discoveredIntegrations(resolved)
            : []),
        ];
        return definitions.flatMap(
          d => stored.integration(resolved.entityRef, d, days, reason) ?? [],
        );
      });
    } catch (error) {
      logger.warn(
        `metrics integrations section: stored snapshots could not be read either: ${errorMessage(
          error,
        )}`,
      );
    }
  }
  return {
    items: sortWorstFirst([...parts.items, ...stale]),
    notes: parts.notes,
    errors: parts.failed.map(f => errorMessage(f.error)),
  };
}
