/*
 * The API's numbers against the demo world's ground truth, on a real Prometheus.
 * scripts/test.sh brings the demo world up and sets DEMO_PROMETHEUS_URL and DEMO_TRUTH_FILE.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityMetricsResponse,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import fs from 'node:fs';
import {
  computeAnalyticsTruth,
  seedAnalyticsEvents,
} from '@internal/demo-world';
import knexFactory, { Knex } from 'knex';
import { loadExampleEntities } from '../__testUtils__/exampleCatalog';
import { readMetricsConfig } from '../config/metricsConfig';
import { SqlEventsSource } from '../sources/sql';
import { PrometheusClient } from '../sources/prometheus';
import {
  EntityViewService,
  PrometheusInstance,
} from '../views/EntityViewService';
import { GroupViewService } from '../views/GroupViewService';
import {
  RANGE_WINDOW_SECONDS,
  policyStepNow,
} from '@metrics-suite/backstage-plugin-metrics-common';

const prometheusUrl = process.env.DEMO_PROMETHEUS_URL;
const truthFile = process.env.DEMO_TRUTH_FILE;
const describeWithWorld = prometheusUrl && truthFile ? describe : describe.skip;
if (!prometheusUrl || !truthFile) {
  // eslint-disable-next-line no-console
  console.warn(
    'groundTruth.test: DEMO_PROMETHEUS_URL and DEMO_TRUTH_FILE are not set; run scripts/test.sh to include this test',
  );
}

type Truth = {
  t0: number;
  tolerance: { relative: number; absolute: number };
  services: Record<
    string,
    {
      entity: string;
      /** The annotation's value, `metrics-suite` for the suite's own series. */
      convention?: string;
      hasSeries: boolean;
      traffic: string;
      windows: Record<
        string,
        {
          requests: number;
          errorRatio: number | null;
          p95Seconds: number | null;
          availability: number | null;
          slo: Record<
            string,
            { errorBudgetRemaining: number | null; burnRate: number | null }
          >;
          callers: Array<{
            caller: string;
            requests: number;
            share: number;
            errorRatio: number | null;
            p95Seconds: number | null;
          }>;
          integrations: Record<
            string,
            {
              requests: number;
              successRate: number | null;
              errorClasses: Record<string, number>;
              unknownShare: number | null;
            }
          >;
        }
      >;
    }
  >;
};

describeWithWorld('views against the demo world ground truth', () => {
  jest.setTimeout(60_000);
  let truth: Truth;
  let entityViews: EntityViewService;
  let groupViews: GroupViewService;
  let prometheus: Map<string, PrometheusInstance>;
  let knex: Knex;

  beforeAll(async () => {
    truth = JSON.parse(fs.readFileSync(truthFile!, 'utf8'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await seedAnalyticsEvents(knex, { end: truth.t0 });
    const config = readMetricsConfig(
      new ConfigReader({
        metrics: {
          prometheus: {
            instances: [{ name: 'main', baseUrl: prometheusUrl! }],
          },
          defaultSlos: [
            { name: 'availability', objective: 99.9, window: '28d' },
          ],
          sqlEvents: { table: 'analytics_events' },
        },
      }),
    );
    const [instance] = config.prometheus;
    prometheus = new Map([
      [
        'main',
        {
          client: PrometheusClient.fromConfig(instance),
          convention: instance.convention,
        },
      ],
    ]);
    const options = {
      catalog: catalogServiceMock({ entities: loadExampleEntities() }),
      logger: mockServices.logger.mock(),
      permissions: mockServices.permissions(),
      config,
      prometheus,
      sql: new SqlEventsSource({ knex, config: config.sqlEvents! }),
    };
    entityViews = new EntityViewService(options);
    groupViews = new GroupViewService(options);
  });

  const { relative, absolute } = { relative: 1e-6, absolute: 1e-9 };
  function close(
    actual: number | null | undefined,
    expected: number | null | undefined,
    what: string,
  ) {
    if (expected === null || expected === undefined) {
      expect({ what, actual: actual ?? null }).toEqual({ what, actual: null });
      return;
    }
    const tolerance =
      relative * Math.max(Math.abs(actual ?? 0), Math.abs(expected)) + absolute;
    if (
      actual === null ||
      actual === undefined ||
      Math.abs(actual - expected) > tolerance
    ) {
      throw new Error(
        `${what}: API ${actual}, truth ${expected} (tolerance ${tolerance})`,
      );
    }
  }

  function view(
    name: string,
    range: RangeWindow,
  ): Promise<EntityMetricsResponse> {
    return entityViews.getEntityView(
      {
        entityRef: { kind: 'component', namespace: 'default', name },
        range,
        end: truth.t0,
        start: truth.t0 - RANGE_WINDOW_SECONDS[range],
      },
      mockCredentials.user(),
    );
  }

  afterAll(async () => {
    await knex?.destroy();
  });

  it('reads product events from the SQL events table like the analytics truth', async () => {
    const analytics = computeAnalyticsTruth({ end: truth.t0 });
    for (const range of ['1d', '7d'] as RangeWindow[]) {
      const response = await view('auth-service', range);
      const signUps = response.integrations.items.find(
        i => i.name === 'google-sign-ups',
      );
      const expected = analytics.windows[range];
      expect(signUps?.source).toBe('sql');
      close(
        signUps?.requests,
        expected.byTypePartner.sign_up.google.total,
        `sign-ups ${range} requests`,
      );
      close(
        signUps?.successRate,
        expected.successRate.sign_up.google,
        `sign-ups ${range} success rate`,
      );
    }
  });

  it('uses the tolerance the truth file states', () => {
    expect(truth.tolerance.relative).toBeLessThanOrEqual(relative);
  });

  // Conventions without caller information, and without an integration counter.
  const WITHOUT_CALLERS = new Set(['opentelemetry']);
  const WITHOUT_INTEGRATIONS = new Set(['service-graph', 'istio', 'linkerd']);

  it.each(['1h', '1d', '7d', '28d'] as RangeWindow[])(
    'matches SLOs, traffic, callers and integrations of every example service over %s',
    async range => {
      let compared = 0;
      const conventions = new Set<string>();
      for (const service of Object.values(truth.services)) {
        const response = await view(service.entity, range);
        const window = service.windows[range];
        const convention = (service.convention ?? 'metrics-suite').replace(
          /\s*,\s*/g,
          '+',
        );
        conventions.add(convention);
        expect({
          entity: service.entity,
          convention: response.prometheus?.convention,
          slos: response.slos.status,
          callers: response.callers.status,
          integrations: response.integrations.status,
        }).toEqual({
          entity: service.entity,
          convention,
          slos: 'ok',
          callers: WITHOUT_CALLERS.has(convention) ? 'not-configured' : 'ok',
          integrations: WITHOUT_INTEGRATIONS.has(convention)
            ? 'not-configured'
            : 'ok',
        });

        // The service as a whole, from its convention's request family.
        expect(response.traffic.status).toBe('ok');
        const [traffic] = response.traffic.items;
        close(
          traffic?.requests ?? (service.hasSeries ? undefined : null),
          window.requests || null,
          `${service.entity} ${range} requests`,
        );
        close(
          traffic?.errorRatio ?? null,
          window.requests > 0 ? window.errorRatio : null,
          `${service.entity} ${range} error ratio`,
        );
        close(
          traffic?.p95Seconds ?? null,
          window.requests > 0 ? window.p95Seconds : null,
          `${service.entity} ${range} p95`,
        );

        const [slo] = response.slos.items;
        const month = service.windows['28d'];
        close(slo.sli, month.availability, `${service.entity} sli`);
        close(
          slo.budgetRemaining,
          month.slo['99.9'].errorBudgetRemaining,
          `${service.entity} budget`,
        );
        close(
          slo.burnRates['1h'] ?? null,
          service.windows['1h'].slo['99.9'].burnRate,
          `${service.entity} burn 1h`,
        );
        close(
          slo.burnRates['1d'] ?? null,
          service.windows['1d'].slo['99.9'].burnRate,
          `${service.entity} burn 1d`,
        );
        expect(slo.state === 'no-data').toBe(!service.hasSeries);
        // The error-budget policy step the truth's budget calls for (checkout-service: "watch").
        expect({
          entity: service.entity,
          step: slo.policy?.current?.name,
        }).toEqual({
          entity: service.entity,
          step:
            service.entity === 'checkout-service'
              ? policyStepNow(
                  slo.policy?.steps ?? [],
                  month.slo['99.9'].errorBudgetRemaining,
                )?.name ?? 'expected a policy step'
              : undefined,
        });

        const callers = new Map(response.callers.items.map(c => [c.caller, c]));
        // Callers without requests in the window are not listed (nothing to show).
        for (const expected of window.callers
          .filter(c => c.requests > 0)
          .slice(0, 9)) {
          const actual = callers.get(expected.caller);
          close(
            actual?.requests,
            expected.requests,
            `${service.entity} ${range} ${expected.caller} requests`,
          );
          close(
            actual?.share,
            expected.share,
            `${service.entity} ${range} ${expected.caller} share`,
          );
          close(
            actual?.errorRatio,
            expected.errorRatio,
            `${service.entity} ${range} ${expected.caller} error ratio`,
          );
          close(
            actual?.p95Seconds ?? null,
            expected.p95Seconds,
            `${service.entity} ${range} ${expected.caller} p95`,
          );
          compared++;
        }

        const integrations = new Map(
          response.integrations.items.map(i => [i.name, i]),
        );
        for (const [name, expected] of Object.entries(window.integrations)) {
          if (expected.requests === 0) continue;
          const actual = integrations.get(name);
          close(
            actual?.requests,
            expected.requests,
            `${service.entity} ${range} ${name} requests`,
          );
          close(
            actual?.successRate,
            expected.successRate,
            `${service.entity} ${range} ${name} success rate`,
          );
          // Without failures the truth has no share (null); the API says 0 of none.
          close(
            actual?.failures ? actual.unknownShare : null,
            expected.unknownShare,
            `${service.entity} ${range} ${name} unknown share`,
          );
          for (const [cls, share] of Object.entries(expected.errorClasses)) {
            close(
              actual?.errorClasses[cls],
              share,
              `${service.entity} ${range} ${name} ${cls}`,
            );
          }
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(20);
      // One example service per shipped convention, and the suite's own.
      expect([...conventions].sort()).toEqual([
        'istio',
        'linkerd',
        'metrics-suite',
        'opentelemetry',
        'opentelemetry+service-graph',
        'service-graph',
      ]);
    },
  );

  it('rolls up a squad with the same SLO numbers as the service views', async () => {
    const group = await groupViews.getGroupView(
      {
        entityRef: {
          kind: 'group',
          namespace: 'default',
          name: 'platform-tribe',
        },
        range: '7d',
        end: truth.t0,
        start: truth.t0 - RANGE_WINDOW_SECONDS['7d'],
      },
      mockCredentials.user(),
    );
    expect(group.entities.status).toBe('ok');
    for (const entity of group.entities.items) {
      const name = entity.entityRef.split('/')[1];
      const service = Object.values(truth.services).find(
        s => s.entity === name,
      );
      if (!service) continue;
      const [slo] = entity.slos;
      close(
        slo.sli,
        service.windows['28d'].availability,
        `${name} roll-up sli`,
      );
      close(
        slo.budgetRemaining,
        service.windows['28d'].slo['99.9'].errorBudgetRemaining,
        `${name} roll-up budget`,
      );
    }
    const ridely = group.integrations.items.find(
      i =>
        i.entityRef === 'component:default/trip-planner' && i.name === 'ridely',
    );
    close(
      ridely?.successRate,
      truth.services['trip-planner'].windows['7d'].integrations.ridely
        .successRate,
      'roll-up ridely',
    );
  });
});
