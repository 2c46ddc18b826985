/*
 * The configuration check on a real Prometheus (the demo world): what the metadata endpoints
 * really answer, `limit` included (Debian's Prometheus predates 2.54 and ignores it).
 * scripts/test.sh brings the demo world up and sets DEMO_PROMETHEUS_URL.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigurationCheckService } from '../checks/ConfigurationCheckService';
import { readMetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';

const prometheusUrl = process.env.DEMO_PROMETHEUS_URL;
const describeWithWorld = prometheusUrl ? describe : describe.skip;
if (!prometheusUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    'configurationCheck.test: DEMO_PROMETHEUS_URL is not set; run scripts/test.sh to include this test',
  );
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const SERVICE = 'metrics-suite/prometheus-service';
const entities = [
  component('user-profile-service', { [SERVICE]: 'user-profile-service' }),
  component('typo', { [SERVICE]: 'user-profile' }),
  component('renamed', {
    [SERVICE]: 'user-profile-service',
    'metrics-suite/prometheus-instance': 'renamed',
  }),
];

describeWithWorld('the configuration check on the demo world', () => {
  jest.setTimeout(60_000);

  function checks() {
    const config = readMetricsConfig(
      new ConfigReader({
        metrics: {
          prometheus: {
            instances: [
              { name: 'main', baseUrl: prometheusUrl!, default: true },
              // A request counter the world does not export, in every convention it renames.
              {
                name: 'renamed',
                baseUrl: prometheusUrl!,
                metricNames: { requests: 'not_exported_requests_total' },
              },
            ],
          },
        },
      }),
    );
    const prometheus = new Map<string, PrometheusInstance>(
      config.prometheus.map(instance => [
        instance.name,
        {
          client: PrometheusClient.fromConfig(instance),
          convention: instance.convention,
          renames: instance.renames,
        },
      ]),
    );
    return new ConfigurationCheckService({
      catalog: catalogServiceMock({ entities }),
      logger: mockServices.logger.mock(),
      config,
      permissions: mockServices.permissions(),
      prometheus,
    });
  }
  const ref = (name: string) => ({
    kind: 'component',
    namespace: 'default',
    name,
  });
  const credentials = mockCredentials.user();

  it('finds the series of an annotated service', async () => {
    const answer = await checks().check(
      ref('user-profile-service'),
      credentials,
    );
    expect(answer.status).toBe('checked');
    expect(answer.checks.map(c => [c.purpose, c.status])).toEqual([
      ['requests', 'found'],
      ['latency', 'found'],
      ['integrations', 'found'],
    ]);
    for (const check of answer.checks) {
      expect(check.series).toBeGreaterThan(0);
      expect(check.series).toBeLessThanOrEqual(500);
    }
  });

  it('names the real service first for a label value with a missing suffix', async () => {
    const answer = await checks().check(ref('typo'), credentials);
    const [requests] = answer.checks;
    expect(requests.status).toBe('no-matching-series');
    expect(requests.valuesSeen?.[0]).toBe('user-profile-service');
    expect(requests.valuesSeen!.length).toBeLessThanOrEqual(5);
    expect(requests.message).toContain(
      'No series of http_server_requests_total has service="user-profile"',
    );
  });

  it('says a metric is missing, and which conventions are not there either', async () => {
    const answer = await checks().check(ref('renamed'), credentials);
    expect(answer).toMatchObject({ status: 'checked', instance: 'renamed' });
    const [requests, latency] = answer.checks;
    expect(requests).toMatchObject({
      selector: 'not_exported_requests_total{service="user-profile-service"}',
      status: 'no-metric',
    });
    expect(requests.conventionsFound).toBeUndefined();
    expect(requests.message).toContain(
      "Prometheus 'renamed' has no series of not_exported_requests_total in the last hour.",
    );
    // the histogram is not renamed: still there
    expect(latency.status).toBe('found');
  });
});
