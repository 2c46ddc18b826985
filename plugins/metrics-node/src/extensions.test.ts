import { createBackendModule } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { metricsSourcesExtensionPoint } from './extensions';
import {
  TestMetricsSourcesExtensionPoint,
  mockCountingSource,
  mockMetricsSource,
} from './testUtils';

describe('metricsSourcesExtensionPoint', () => {
  it('has the id metrics.sources', () => {
    expect(metricsSourcesExtensionPoint.id).toBe('metrics.sources');
  });

  it('lets a backend module be tested with the test extension point', async () => {
    const sources = new TestMetricsSourcesExtensionPoint();
    const module = createBackendModule({
      pluginId: 'metrics',
      moduleId: 'test-source',
      register(reg) {
        reg.registerInit({
          deps: { ext: metricsSourcesExtensionPoint },
          async init({ ext }) {
            ext.addSource(
              mockMetricsSource({ id: 'sql:warehouse', type: 'sql' }),
              mockMetricsSource({
                id: 'amplitude:web',
                type: 'amplitude',
                description: 'Web app',
              }),
            );
          },
        });
      },
    });

    const backend = await startTestBackend({
      extensionPoints: [[metricsSourcesExtensionPoint, sources]],
      features: [module],
    });
    try {
      expect(sources.sources).toEqual([
        { id: 'sql:warehouse', type: 'sql' },
        { id: 'amplitude:web', type: 'amplitude', description: 'Web app' },
      ]);
    } finally {
      await backend.stop();
    }
  });
});

describe('TestMetricsSourcesExtensionPoint', () => {
  it('keeps sources in the order they were added, across calls', () => {
    const ext = new TestMetricsSourcesExtensionPoint();
    expect(ext.sources).toEqual([]);
    ext.addSource(mockMetricsSource({ id: 'a' }));
    ext.addSource(
      mockMetricsSource({ id: 'b' }),
      mockMetricsSource({ id: 'c' }),
    );
    expect(ext.sources.map(s => s.id)).toEqual(['a', 'b', 'c']);
    expect(ext.get('b')).toBe(ext.sources[1]);
    expect(ext.get('z')).toBeUndefined();
  });
});

describe('mockCountingSource', () => {
  it('answers countEvents with the given count and records the requests', async () => {
    const source = mockCountingSource({
      id: 'warehouse',
      type: 'sql',
      count: ({ params }) => (params.table === 'orders' ? 7 : null),
    });
    const start = new Date('2025-01-01T00:00:00Z');
    const end = new Date('2025-01-02T00:00:00Z');
    await expect(
      source.countEvents!({ params: { table: 'orders' }, start, end }),
    ).resolves.toEqual({ value: 7 });
    await expect(
      source.countEvents!({ params: { table: 'refunds' }, start, end }),
    ).resolves.toEqual({ value: null });
    expect(source.requests.map(r => r.params.table)).toEqual([
      'orders',
      'refunds',
    ]);
    expect(source).toMatchObject({ id: 'warehouse', type: 'sql' });
  });
});

describe('mockMetricsSource', () => {
  it('defaults the type to mock', () => {
    expect(mockMetricsSource({ id: 'x' })).toEqual({ id: 'x', type: 'mock' });
  });

  it('applies overrides', () => {
    expect(
      mockMetricsSource({
        id: 'prometheus:main',
        type: 'prometheus',
        default: true,
      }),
    ).toEqual({ id: 'prometheus:main', type: 'prometheus', default: true });
  });
});
