import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConfigurationCheckResponse,
  METRICS_ANNOTATIONS,
  ResolvedEntityMetrics,
  SeriesCheck,
  conventionNames,
  conventionalSeries,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { isConventional } from '../readers';
import { missingInstanceProblem } from '../views/resolveForView';
import { conventionOriginOf } from '../views/prometheusInstanceOf';
import { ViewContext, ViewServiceOptions } from '../views/viewContext';
import { CheckScope, checkSeries } from './checkSeries';
import { conventionsPresent } from './conventionsPresent';
import { ownPromqlChecks } from './ownPromql';

/**
 * Series count when they had samples in the last hour. Without a start Prometheus answers
 * every series it still holds, so a service renamed weeks ago would still look fine. It
 * answers by storage block, so series that stopped a little over an hour ago may count too.
 */
export const LOOKBACK_SECONDS = 3600;

export interface ConfigurationCheckServiceOptions extends ViewServiceOptions {
  /** The clock; tests set it. */
  now?: () => Date;
}

function sentence(text: string): string {
  return `${text.charAt(0).toLocaleUpperCase('en-US')}${text.slice(1)}.`;
}

function readsConventionalIntegrations(resolved: ResolvedEntityMetrics) {
  return (
    resolved.discoverIntegrations || resolved.definitions.some(isConventional)
  );
}

/** What a `no-metric` check says when other shipped conventions' metrics are there, or not. */
function withConventionHint(
  check: SeriesCheck,
  present: string[],
): SeriesCheck {
  const annotation = METRICS_ANNOTATIONS.convention;
  if (present.length === 0) {
    return {
      ...check,
      message: `${
        check.message
      } Check that the service exports it and that Prometheus scrapes it, or name the convention its telemetry follows with the ${annotation} annotation (shipped: ${conventionNames().join(
        ', ',
      )}).`,
    };
  }
  return {
    ...check,
    conventionsFound: present,
    message: `${check.message} Metrics of the ${present.join(', ')} convention${
      present.length > 1 ? 's' : ''
    } are there: set the ${annotation} annotation (e.g. "${
      present[0]
    }") or the instance's convention in metrics.prometheus.instances.`,
  };
}

/**
 * The configuration check of an entity (docs/api.md#configuration-check): for each series its
 * metrics read through its convention, whether its Prometheus instance has recent series,
 * and why not. Only metadata requests (series, label values), never queries; run on request
 * only, never as part of a view.
 */
export class ConfigurationCheckService {
  readonly #context: ViewContext;
  readonly #now: () => Date;

  constructor(options: ConfigurationCheckServiceOptions) {
    this.#context = new ViewContext(options);
    this.#now = options.now ?? (() => new Date());
  }

  /** @throws NotFoundError when the requester sees no such entity. */
  async check(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<ConfigurationCheckResponse> {
    const context = this.#context;
    const entity = await context.load(ref, credentials);
    const forView = context.resolve(entity);
    // The requester's sensitive metrics stay hidden here too.
    const visible = await context.visible([forView.resolved], credentials);
    const [resolved] = visible.resolved;
    const end = Math.floor(this.#now().getTime() / 1000);
    const service = resolved.annotations.prometheusService;
    const answer = {
      entityRef: stringifyEntityRef(entity),
      convention: forView.convention.id,
      conventionOrigin: conventionOriginOf(resolved),
      ...(service ? { service } : {}),
      checkedAt: new Date(end * 1000).toISOString(),
      lookbackSeconds: LOOKBACK_SECONDS,
    };

    if (!forView.usesPrometheus) {
      return {
        ...answer,
        status: 'not-configured',
        message: `This entity reads no Prometheus: add the ${METRICS_ANNOTATIONS.prometheusService} annotation with the value of its service label, or metrics with PromQL of their own under metadata.metrics.`,
        checks: [],
      };
    }
    const { instance, instanceName } = forView;
    if (!instance || !instanceName) {
      const why = missingInstanceProblem(
        forView,
        context.options.prometheus.keys(),
      );
      return {
        ...answer,
        status: 'not-configured',
        ...(why ? { message: sentence(why) } : {}),
        checks: [],
      };
    }

    const scope: CheckScope = {
      client: instance.client,
      start: end - LOOKBACK_SECONDS,
      end,
    };
    let checks = service
      ? await Promise.all(
          conventionalSeries({
            service,
            convention: resolved.convention,
            integrations: readsConventionalIntegrations(resolved),
          }).map(series => checkSeries(series, service, scope)),
        )
      : [];
    // Other conventions are worth naming only when the request count itself is missing.
    if (
      checks.some(c => c.purpose === 'requests' && c.status === 'no-metric')
    ) {
      const present = await conventionsPresent(
        scope,
        instance,
        resolved.convention.id.split('+'),
      );
      checks = checks.map(c =>
        c.status === 'no-metric' ? withConventionHint(c, present) : c,
      );
    } else {
      checks = checks.map(c =>
        c.status === 'no-metric'
          ? {
              ...c,
              message: `${c.message} Check that the service exports it and that Prometheus scrapes it.`,
            }
          : c,
      );
    }
    return {
      ...answer,
      status: 'checked',
      instance: instanceName,
      checks: [...checks, ...ownPromqlChecks(resolved.definitions)],
    };
  }
}
