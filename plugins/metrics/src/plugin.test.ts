import * as index from './index';
import {
  EntityGroupMetricsContent,
  EntityMetricsContent,
  metricsPlugin,
  MetricsScorecardPage,
  MetricsTvPage,
} from './plugin';
import { MetricsClient, metricsApiRef } from './api';
import { rootRouteRef, scorecardRouteRef, tvRouteRef } from './routes';

describe('legacy metricsPlugin', () => {
  it('is exported from the package with its extensions and helpers', () => {
    expect(index.metricsPlugin).toBe(metricsPlugin);
    expect(index.EntityMetricsContent).toBe(EntityMetricsContent);
    expect(index.EntityGroupMetricsContent).toBe(EntityGroupMetricsContent);
    expect(index.MetricsScorecardPage).toBe(MetricsScorecardPage);
    expect(index.MetricsTvPage).toBe(MetricsTvPage);
    expect(index.metricsApiRef).toBe(metricsApiRef);
    expect(index.MetricsClient).toBe(MetricsClient);
    expect(typeof index.isMetricsAvailable).toBe('function');
    expect(index.METRICS_ANNOTATIONS.prometheusService).toBe(
      'metrics-suite/prometheus-service',
    );
  });

  it('provides the two entity content extensions and the scorecard page as components', () => {
    expect(typeof EntityMetricsContent).toBe('function');
    expect(typeof EntityGroupMetricsContent).toBe('function');
    expect(typeof MetricsScorecardPage).toBe('function');
  });

  it('has the id metrics, the root route and the scorecard route', () => {
    expect(metricsPlugin.getId()).toBe('metrics');
    expect(metricsPlugin.routes.root).toBe(rootRouteRef);
    expect(metricsPlugin.routes.scorecard).toBe(scorecardRouteRef);
    expect(metricsPlugin.routes.tv).toBe(tvRouteRef);
    expect(tvRouteRef.params).toEqual(['namespace', 'name']);
  });

  it('provides a MetricsClient for metricsApiRef', () => {
    const factories = [...metricsPlugin.getApis()];
    const factory = factories.find(f => f.api.id === metricsApiRef.id);
    expect(factory).toBeDefined();
    expect(Object.keys(factory!.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
    const api = factory!.factory({
      discoveryApi: { getBaseUrl: async () => 'http://x' },
      fetchApi: { fetch: jest.fn() },
    } as any);
    expect(api).toBeInstanceOf(MetricsClient);
  });
});
