import { ConflictError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import { MetricsConfig, readMetricsConfig } from '../config/metricsConfig';
import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import { createSources, mergeSources } from './createSources';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';

function instance(name: string, isDefault = false) {
  return {
    name,
    baseUrl: `http://${name}:9090`,
    externalUrl: `https://${name}.example.com`,
    default: isDefault,
    auth: { type: 'bearer' as const, token: 'tok3n' },
    headers: { 'X-Scope-OrgID': 'tenant' },
    timeoutMs: 1000,
    convention: DEFAULT_TELEMETRY_CONVENTION,
    limits: DEFAULT_PROMETHEUS_LIMITS,
    catalogQueries: DEFAULT_CATALOG_QUERIES,
    rules: { read: 'never' as const, alertsDeployed: false },
  };
}

const database = mockServices.database.mock();
const habits = readMetricsConfig(new ConfigReader({}));
const base = {
  history: habits.history,
  maturity: habits.maturity,
  notifications: habits.notifications,
  permissions: habits.permissions,
  privacy: habits.privacy,
  viewCache: habits.viewCache,
  limits: habits.limits,
};

describe('createSources', () => {
  it('makes one prometheus source per instance, without secrets', async () => {
    const config: MetricsConfig = {
      prometheus: [instance('main', true), instance('eu')],
      defaultSlos: [],
      amplitude: { projects: [] },
      ...base,
    };
    const sources = await createSources({
      config,
      logger: mockServices.logger.mock(),
      database,
      extra: [],
    });
    expect(sources.summaries).toEqual([
      {
        id: 'prometheus:main',
        type: 'prometheus',
        description: 'https://main.example.com',
        default: true,
      },
      {
        id: 'prometheus:eu',
        type: 'prometheus',
        description: 'https://eu.example.com',
        default: false,
      },
    ]);
    expect([...sources.prometheus.keys()]).toEqual(['main', 'eu']);
    expect(JSON.stringify(sources.summaries)).not.toContain('tok3n');
    expect(JSON.stringify(sources.summaries)).not.toContain('tenant');
    expect(sources.sql).toBeUndefined();
    expect(sources.amplitude).toBeUndefined();
  });

  it('makes no sources without instances', async () => {
    const sources = await createSources({
      config: {
        prometheus: [],
        defaultSlos: [],
        amplitude: { projects: [] },
        ...base,
      },
      logger: mockServices.logger.mock(),
      database,
      extra: [],
    });
    expect(sources.summaries).toEqual([]);
  });
});

describe('mergeSources', () => {
  const a = { id: 'prometheus:main', type: 'prometheus' };
  const b = { id: 'sql:warehouse', type: 'sql' };
  const c = { id: 'amplitude:web', type: 'amplitude' };

  it('joins groups in order', () => {
    expect(mergeSources([a], [b, c])).toEqual([a, b, c]);
    expect(mergeSources()).toEqual([]);
    expect(mergeSources([], [])).toEqual([]);
  });

  it('rejects an id used in two groups with a ConflictError', () => {
    const clash = { id: 'prometheus:main', type: 'custom' };
    expect(() => mergeSources([a, b], [clash])).toThrow(ConflictError);
    expect(() => mergeSources([a, b], [clash])).toThrow(
      'Two metrics sources have the id "prometheus:main"; ids must be unique',
    );
  });

  it('rejects an id used twice in one group', () => {
    expect(() => mergeSources([], [c, b, c])).toThrow(
      expect.objectContaining({
        name: 'ConflictError',
        message: expect.stringContaining('"amplitude:web"'),
      }),
    );
  });
});
