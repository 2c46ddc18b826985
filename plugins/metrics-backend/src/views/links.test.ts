import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { PrometheusClient } from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';
import { graphLinks } from './links';

const request: ViewRequest = {
  entityRef: { kind: 'component', namespace: 'default', name: 'checkout' },
  range: '1d',
  start: 1_700_000_000 - 86400,
  end: 1_700_000_000,
};

function client(externalUrl?: string) {
  return PrometheusClient.fromConfig({
    name: 'main',
    baseUrl: 'http://prometheus.internal:9090',
    ...(externalUrl ? { externalUrl } : {}),
    default: true,
    headers: {},
    timeoutMs: 1000,
    convention: DEFAULT_TELEMETRY_CONVENTION,
    limits: DEFAULT_PROMETHEUS_LIMITS,
    catalogQueries: DEFAULT_CATALOG_QUERIES,
    rules: { read: 'never', alertsDeployed: false },
  });
}

describe('graphLinks', () => {
  it('links each query to the graph UI of the externalUrl', () => {
    const links = graphLinks(client('https://prom.example.com'), request, [
      ['Good events', 'sum(a{service="checkout"})'],
    ]);
    expect(links).toHaveLength(1);
    const url = new URL(links![0].url);
    expect(links![0].title).toBe('Good events');
    expect(url.origin + url.pathname).toBe('https://prom.example.com/graph');
    expect(url.searchParams.get('g0.expr')).toBe('sum(a{service="checkout"})');
    expect(url.searchParams.get('g0.range_input')).toBe('86400s');
  });

  it('makes no links without an externalUrl: the baseUrl is internal', () => {
    expect(
      graphLinks(client(), request, [['Good events', 'sum(a)']]),
    ).toBeUndefined();
  });
});
