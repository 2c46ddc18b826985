import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_TELEMETRY_CONVENTION,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusClient } from '../sources/prometheus';
import { prometheusInstanceOf } from './prometheusInstanceOf';
import type { PrometheusInstance } from '../readers';
import type { EntityForView } from './resolveForView';

const SUITE = {
  convention: 'metrics-suite',
  conventionOrigin: 'instance',
} as const;

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';

const configured: PrometheusInstance = {
  client: {} as PrometheusClient,
  convention: DEFAULT_TELEMETRY_CONVENTION,
};

function forView(
  annotations: Record<string, string>,
  options: { instanceName?: string; instance?: PrometheusInstance },
  usesPrometheus = true,
): EntityForView {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
  };
  return {
    resolved: resolveEntityMetrics(entity),
    convention: DEFAULT_TELEMETRY_CONVENTION,
    usesPrometheus,
    ...options,
  };
}

describe('prometheusInstanceOf', () => {
  it('names the instance of the annotation', () => {
    expect(
      prometheusInstanceOf(
        forView(
          { [SERVICE]: 'checkout-api', [INSTANCE]: 'eu' },
          { instanceName: 'eu', instance: configured },
        ),
      ),
    ).toEqual({ instance: 'eu', origin: 'annotation', ...SUITE });
  });

  it('names the default instance without an annotation', () => {
    expect(
      prometheusInstanceOf(
        forView(
          { [SERVICE]: 'checkout-api' },
          { instanceName: 'main', instance: configured },
        ),
      ),
    ).toEqual({ instance: 'main', origin: 'default', ...SUITE });
  });

  it('has no instance when the annotation names an unconfigured one', () => {
    expect(
      prometheusInstanceOf(
        forView(
          { [SERVICE]: 'checkout-api', [INSTANCE]: 'us-east' },
          { instanceName: 'us-east' },
        ),
      ),
    ).toEqual({ origin: 'none', ...SUITE });
  });

  it('has no instance without a default one', () => {
    expect(
      prometheusInstanceOf(forView({ [SERVICE]: 'checkout-api' }, {})),
    ).toEqual({ origin: 'none', ...SUITE });
  });

  it('is undefined for an entity that reads no Prometheus', () => {
    expect(
      prometheusInstanceOf(
        forView(
          { [INSTANCE]: 'main' },
          { instanceName: 'main', instance: configured },
          false,
        ),
      ),
    ).toBeUndefined();
  });
});
