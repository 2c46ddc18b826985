import { DEFAULT_PROMETHEUS_LIMITS } from './prometheusLimits';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import type { JsonObject } from '@backstage/types';
import { DEFAULT_TIMEOUT_MS, readMetricsConfig } from './metricsConfig';

function read(metrics: JsonObject | undefined) {
  return readMetricsConfig(new ConfigReader(metrics ? { metrics } : {}));
}

function instances(...list: JsonObject[]) {
  return { prometheus: { instances: list } };
}

const main = { name: 'main', baseUrl: 'http://prometheus:9090' };

describe('readMetricsConfig', () => {
  it('returns empty lists without a metrics section', () => {
    expect(read(undefined)).toMatchObject({
      prometheus: [],
      defaultSlos: [],
      amplitude: { projects: [] },
    });
    expect(read({})).toMatchObject({
      prometheus: [],
      defaultSlos: [],
      amplitude: { projects: [] },
    });
  });

  it('reads a full valid configuration', () => {
    const config = read({
      prometheus: {
        instances: [
          {
            name: 'main',
            baseUrl: 'https://prometheus.example.com/',
            externalUrl: 'https://grafana.example.com/explore//',
            default: true,
            auth: { type: 'bearer', token: 's3cret' },
            headers: { 'X-Scope-OrgID': 'tenant-1' },
            timeoutMs: 5000,
          },
          {
            name: 'eu.mimir_2',
            baseUrl: 'http://mimir:8080/prometheus',
            auth: { type: 'basic', username: 'reader', password: 'pw' },
          },
        ],
      },
      defaultSlos: [
        { name: 'availability', objective: 99.9, window: '28d' },
        { name: 'latency', objective: 95, window: '6h' },
      ],
    });

    expect(config).toMatchObject({
      prometheus: [
        {
          name: 'main',
          baseUrl: 'https://prometheus.example.com',
          externalUrl: 'https://grafana.example.com/explore',
          default: true,
          auth: { type: 'bearer', token: 's3cret' },
          headers: { 'X-Scope-OrgID': 'tenant-1' },
          timeoutMs: 5000,
          convention: DEFAULT_TELEMETRY_CONVENTION,
        },
        {
          name: 'eu.mimir_2',
          baseUrl: 'http://mimir:8080/prometheus',
          default: false,
          auth: { type: 'basic', username: 'reader', password: 'pw' },
          headers: {},
          timeoutMs: DEFAULT_TIMEOUT_MS,
          convention: DEFAULT_TELEMETRY_CONVENTION,
        },
      ],
      defaultSlos: [
        {
          name: 'availability',
          objective: 99.9,
          window: '28d',
          windowSeconds: 28 * 86400,
        },
        { name: 'latency', objective: 95, window: '6h', windowSeconds: 21600 },
      ],
      amplitude: { projects: [] },
    });
    // Without externalUrl nothing points people at the internal baseUrl.
    expect(config.prometheus[1]).not.toHaveProperty('externalUrl');
  });

  it('applies defaults to a minimal instance', () => {
    const [instance] = read(instances(main)).prometheus;
    expect(instance).toEqual({
      name: 'main',
      baseUrl: 'http://prometheus:9090',
      default: true,
      auth: undefined,
      headers: {},
      timeoutMs: 30000,
      convention: DEFAULT_TELEMETRY_CONVENTION,
      renames: {},
      limits: DEFAULT_PROMETHEUS_LIMITS,
      catalogQueries: { policy: 'scoped', grants: [] },
      rules: { read: 'auto', alertsDeployed: false },
    });
  });

  it('reads metric and label name overrides per instance', () => {
    const [instance] = read(
      instances({
        ...main,
        metricNames: { requests: 'requests_total' },
        labelNames: { service: 'app' },
      }),
    ).prometheus;
    expect(instance.convention.server.count.metric).toBe('requests_total');
    expect(instance.convention.server.service).toBe('app');
    // A rename applies wherever the convention uses the name: the caller family too.
    expect(instance.convention.callers?.service).toBe('app');
    expect(instance.convention.callers?.caller).toBe('caller');
    expect(instance.convention.integrations?.service).toBe('app');
  });

  it('reads the convention of an instance, a combination and renames on top', () => {
    const [istio, combined] = read(
      instances(
        {
          ...main,
          default: true,
          convention: 'istio',
          labelNames: { caller: 'source_workload' },
        },
        {
          name: 'otel',
          baseUrl: 'http://otel:9090',
          convention: ['opentelemetry', 'service-graph'],
        },
      ),
    ).prometheus;
    expect(istio.convention.id).toBe('istio');
    expect(istio.convention.server.filter).toEqual({ reporter: 'destination' });
    expect(istio.convention.callers?.caller).toBe('source_workload');
    expect(combined.convention.id).toBe('opentelemetry+service-graph');
    expect(combined.convention.server.service).toBe('service_name');
    expect(combined.convention.callers?.count.metric).toBe(
      'traces_service_graph_request_total',
    );
  });

  it('rejects an unknown convention, naming the instance', () => {
    expect(() => read(instances({ ...main, convention: 'zipkin' }))).toThrow(
      /metrics\.prometheus\.instances\[0\]: .*unknown convention "zipkin"/,
    );
  });

  it('rejects a rename of a name conventions do not have', () => {
    expect(() =>
      read(instances({ ...main, labelNames: { pod: 'x' } })),
    ).toThrow(/labelNames\.pod is not a label that can be renamed/);
  });

  it('rejects an invalid label name override, naming the instance', () => {
    expect(() =>
      read(instances({ ...main, labelNames: { service: 'not valid' } })),
    ).toThrow(/metrics\.prometheus\.instances\[0\]: labelNames\.service/);
  });

  describe('default instance', () => {
    it('implies default for a single instance', () => {
      expect(read(instances(main)).prometheus[0].default).toBe(true);
    });

    it('keeps an explicit default: false on a single instance', () => {
      expect(
        read(instances({ ...main, default: false })).prometheus[0].default,
      ).toBe(false);
    });

    it('implies no default among several instances', () => {
      const config = read(
        instances(main, { name: 'other', baseUrl: 'http://other:9090' }),
      );
      expect(config.prometheus.map(i => i.default)).toEqual([false, false]);
    });

    it('keeps the one marked default among several', () => {
      const config = read(
        instances(main, {
          name: 'other',
          baseUrl: 'http://other:9090',
          default: true,
        }),
      );
      expect(config.prometheus.map(i => i.default)).toEqual([false, true]);
    });

    it('rejects two defaults, naming both', () => {
      expect(() =>
        read(
          instances(
            { ...main, default: true },
            { name: 'other', baseUrl: 'http://other:9090', default: true },
          ),
        ),
      ).toThrow(
        new InputError(
          'metrics.prometheus.instances: only one instance may be default, found "main", "other"',
        ),
      );
    });
  });

  it('rejects duplicate instance names', () => {
    expect(() =>
      read(instances(main, { name: 'main', baseUrl: 'http://other:9090' })),
    ).toThrow('metrics.prometheus.instances: the name "main" is used twice');
  });

  it.each(['main instance', '-main', 'main/eu', 'ünï'])(
    'rejects the instance name %j',
    name => {
      expect(() =>
        read(instances(main, { name, baseUrl: 'http://x:9090' })),
      ).toThrow(
        `metrics.prometheus.instances[1].name "${name}" must hold only`,
      );
    },
  );

  it('throws InputError for a bad value', () => {
    expect(() => read(instances({ ...main, baseUrl: 'nope' }))).toThrow(
      InputError,
    );
  });

  it.each([
    ['not a URL', 'prometheus:9090x', 'must be an http(s) URL'],
    ['a relative URL', '/prometheus', 'must be an absolute URL'],
    ['a plain word', 'prometheus', 'must be an absolute URL'],
    ['a non-http URL', 'ftp://prometheus', 'must be an http(s) URL'],
  ])('rejects %s as baseUrl', (_, baseUrl, message) => {
    expect(() => read(instances({ ...main, baseUrl }))).toThrow(
      `metrics.prometheus.instances[0].baseUrl ${message}, got "${baseUrl}"`,
    );
  });

  it.each([
    ['a user and password', 'https://reader:s3cret@prom.example.com'],
    ['a user', 'https://reader@prom.example.com'],
  ])('rejects a URL with %s in it', (_, baseUrl) => {
    expect(() => read(instances({ ...main, baseUrl }))).toThrow(
      'metrics.prometheus.instances[0].baseUrl must not contain credentials; use metrics.prometheus.instances[0].auth instead',
    );
  });

  it('rejects a bad externalUrl', () => {
    expect(() =>
      read(instances({ ...main, externalUrl: 'grafana.example.com' })),
    ).toThrow(
      'metrics.prometheus.instances[0].externalUrl must be an absolute URL, got "grafana.example.com"',
    );
  });

  it('names the index of the bad instance', () => {
    expect(() =>
      read(
        instances(
          main,
          { name: 'b', baseUrl: 'http://b' },
          {
            name: 'c',
            baseUrl: 'mailto:c@example.com',
          },
        ),
      ),
    ).toThrow('metrics.prometheus.instances[2].baseUrl must be an http(s) URL');
  });

  it('rejects an unknown auth type', () => {
    expect(() =>
      read(instances({ ...main, auth: { type: 'oauth', token: 'x' } })),
    ).toThrow(
      'metrics.prometheus.instances[0].auth.type must be "bearer" or "basic", got "oauth"',
    );
  });

  it('requires the token of bearer auth', () => {
    expect(() =>
      read(instances({ ...main, auth: { type: 'bearer' } })),
    ).toThrow(/metrics\.prometheus\.instances\[0\]\.auth\.token/);
  });

  it('requires the password of basic auth', () => {
    expect(() =>
      read(instances({ ...main, auth: { type: 'basic', username: 'u' } })),
    ).toThrow(/metrics\.prometheus\.instances\[0\]\.auth\.password/);
  });

  it.each([0, -5])('rejects the timeout %d', timeoutMs => {
    expect(() => read(instances({ ...main, timeoutMs }))).toThrow(
      'metrics.prometheus.instances[0].timeoutMs must be a positive number',
    );
  });

  it('rejects a non-numeric timeout, naming the key', () => {
    expect(() => read(instances({ ...main, timeoutMs: 'soon' }))).toThrow(
      /metrics\.prometheus\.instances\[0\]\.timeoutMs/,
    );
  });

  it('requires baseUrl, naming the key', () => {
    expect(() => read(instances({ name: 'main' }))).toThrow(
      /metrics\.prometheus\.instances\[0\]\.baseUrl/,
    );
  });

  describe('defaultSlos', () => {
    it.each([0, 100, -1, 150])('rejects the objective %d', objective => {
      expect(() =>
        read({ defaultSlos: [{ name: 'a', objective, window: '28d' }] }),
      ).toThrow(
        `metrics.defaultSlos[0].objective must be a percentage above 0 and below 100, got ${objective}`,
      );
    });

    it.each(['28', '28 days', '0d', '1y', ' 7d'])(
      'rejects the window %j',
      window => {
        expect(() =>
          read({
            defaultSlos: [
              { name: 'ok', objective: 99, window: '7d' },
              { name: 'bad', objective: 99, window },
            ],
          }),
        ).toThrow(
          `metrics.defaultSlos[1].window must look like 28d, 7d, 12h or 30m, got "${window}"`,
        );
      },
    );

    it('rejects an empty window, naming the key', () => {
      expect(() =>
        read({ defaultSlos: [{ name: 'a', objective: 99, window: '' }] }),
      ).toThrow(/metrics\.defaultSlos\[0\]\.window/);
    });

    it('requires a name', () => {
      expect(() =>
        read({ defaultSlos: [{ objective: 99, window: '7d' }] }),
      ).toThrow(/metrics\.defaultSlos\[0\]\.name/);
    });
  });
});

describe('readMetricsConfig rules', () => {
  const withRules = (rules: Record<string, string | boolean>) =>
    readMetricsConfig(
      new ConfigReader({
        app: { baseUrl: 'https://portal.example.com/' },
        metrics: {
          prometheus: {
            instances: [{ name: 'main', baseUrl: 'http://p:9090', rules }],
          },
        },
      }),
    );

  it('reads how the views use recording rules and whether their alerts run', () => {
    const config = withRules({ read: 'always', alertsDeployed: true });
    expect(config.prometheus[0].rules).toEqual({
      read: 'always',
      alertsDeployed: true,
    });
    expect(config.appBaseUrl).toBe('https://portal.example.com');
  });

  it('names the key of an unknown read mode', () => {
    expect(() => withRules({ read: 'sometimes' })).toThrow(
      'metrics.prometheus.instances[0].rules.read must be one of auto, always, never, got "sometimes"',
    );
  });
});
