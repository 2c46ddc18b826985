/*
 * The Prometheus client and a service view behind a fault-injecting proxy in front of a real
 * Prometheus (the demo world): each fault gives the answer the limits promise, never a hang
 * or a 500. That the event loop keeps turning meanwhile is a `yarn bench` bar (huge answers).
 * scripts/test.sh brings the world up and sets the URL.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readMetricsConfig } from '../config/metricsConfig';
import { isSourceOutage } from '../readers';
import {
  PrometheusClient,
  PrometheusQueryError,
  PrometheusUnavailableError,
} from '../sources/prometheus';
import { EntityViewService } from '../views/EntityViewService';
import { Fault, startFaultProxy } from '../__testUtils__/faultProxy';

const prometheusUrl = process.env.DEMO_PROMETHEUS_URL;
const describeWithWorld = prometheusUrl ? describe : describe.skip;
if (!prometheusUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    'faults.test: DEMO_PROMETHEUS_URL is not set; run scripts/test.sh to include this test',
  );
}

const TIMEOUT_MS = 1500;

/** Resolves once `condition` holds; the socket's close arrives a moment after the abort. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  expect(condition()).toBe(true);
}

describeWithWorld(
  'behind a fault-injecting proxy to the demo Prometheus',
  () => {
    jest.setTimeout(60_000);
    let proxy: Awaited<ReturnType<typeof startFaultProxy>>;

    beforeAll(async () => {
      proxy = await startFaultProxy(prometheusUrl!);
    });
    afterAll(async () => {
      await proxy.stop();
    });
    afterEach(() => proxy.set('none'));

    function config(baseUrl: string) {
      return readMetricsConfig(
        new ConfigReader({
          metrics: {
            prometheus: {
              instances: [
                {
                  name: 'main',
                  baseUrl,
                  timeoutMs: TIMEOUT_MS,
                  limits: {
                    maxResponseBytes: 4 * 1024 * 1024,
                    maxSeries: 5000,
                  },
                },
              ],
            },
            defaultSlos: [
              { name: 'availability', objective: 99.9, window: '28d' },
            ],
          },
        }),
      );
    }

    function client(baseUrl = proxy.url) {
      return PrometheusClient.fromConfig(config(baseUrl).prometheus[0]);
    }

    it('forwards to a Prometheus that answers', async () => {
      const result = await client().query('vector(1)');
      expect(result.resultType).toBe('vector');
    });

    it.each<[Fault | 'down', string, boolean]>([
      ['down', 'unreachable', true],
      ['reset', 'unreachable', true],
      ['slow', 'timeout', true],
      ['503', 'server_error', true],
      ['malformed', 'server_error', true],
      ['truncated', 'bad_response', true],
    ])('%s: an outage (%s), in time', async (fault, reason, outage) => {
      const baseUrl =
        fault === 'down' ? 'http://127.0.0.1:1' : (proxy.set(fault), proxy.url);
      const started = Date.now();
      const error = await client(baseUrl)
        .query('sum(up)')
        .catch(e => e);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 500);
      expect(error).toBeInstanceOf(PrometheusUnavailableError);
      expect(error.reason).toBe(reason);
      expect(isSourceOutage(error)).toBe(outage);
      // The internal address never reaches people.
      expect(error.message).not.toContain(baseUrl);
    });

    it('422: the query’s fault, with the label sets left out of the message', async () => {
      proxy.set('422');
      const error = await client()
        .query('sum(up)')
        .catch(e => e);
      expect(error).toBeInstanceOf(PrometheusQueryError);
      expect(isSourceOutage(error)).toBe(false);
      expect(error.message).not.toContain('secret');
    });

    it('huge: cut off at maxResponseBytes, reported, the rest not read', async () => {
      proxy.set('huge');
      const abandoned = proxy.abandoned;
      const [instance] = config(proxy.url).prometheus;
      // Series allowed without end: the byte limit is the one that acts.
      const error = await PrometheusClient.fromConfig({
        ...instance,
        limits: { ...instance.limits, maxSeries: 1_000_000 },
      })
        .query('sum by (service, pod) (up)')
        .catch(e => e);
      expect(error).toBeInstanceOf(PrometheusQueryError);
      expect(error.message).toContain('limits.maxResponseBytes');
      // The client went away: Prometheus stops sending instead of streaming the rest.
      await waitFor(() => proxy.abandoned === abandoned + 1);
    });

    it('huge within the byte limit: more series than maxSeries stops the read as the query’s error', async () => {
      proxy.set('huge');
      const abandoned = proxy.abandoned;
      const [instance] = config(proxy.url).prometheus;
      const error = await PrometheusClient.fromConfig({
        ...instance,
        limits: { ...instance.limits, maxResponseBytes: 64 * 1024 * 1024 },
      })
        .query('sum by (service, pod) (up)')
        .catch(e => e);
      expect(error).toBeInstanceOf(PrometheusQueryError);
      expect(error.message).toContain(
        'the query returned more than 5000 series (limits.maxSeries); the rest of the answer was not read',
      );
      await waitFor(() => proxy.abandoned === abandoned + 1);
    });

    it('a service view answers within the timeout and says why, section by section', async () => {
      proxy.set('slow');
      const cfg = config(proxy.url);
      const [instance] = cfg.prometheus;
      const views = new EntityViewService({
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'checkout',
                namespace: 'default',
                annotations: {
                  'metrics-suite/prometheus-service': 'checkout-service',
                },
              },
              spec: {
                type: 'service',
                owner: 'team-a',
                lifecycle: 'production',
              },
            },
          ],
        }),
        logger: mockServices.logger.mock(),
        config: cfg,
        permissions: mockServices.permissions(),
        prometheus: new Map([
          [
            'main',
            {
              client: PrometheusClient.fromConfig(instance),
              convention: instance.convention,
            },
          ],
        ]),
      });
      const end = Math.floor(Date.now() / 1000);
      const started = Date.now();
      const view = await views.getEntityView(
        {
          entityRef: {
            kind: 'component',
            namespace: 'default',
            name: 'checkout',
          },
          range: '1d',
          end,
          start: end - 86400,
        },
        mockCredentials.user(),
      );
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 2500);
      for (const section of [view.slos, view.traffic, view.integrations]) {
        expect(section.status).toBe('error');
        expect(section.error).toMatch(/did not answer within|deadline/);
      }
    });
  },
);
