/*
 * The service views read from the suite's recording rules against the same views read raw, on
 * the demo world's Prometheus, which loads the generated rules and backfills their hourly
 * recordings (packages/demo-world). scripts/test.sh brings it up and sets DEMO_PROMETHEUS_URL.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { SloViewItem } from '@metrics-suite/backstage-plugin-metrics-common';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readMetricsConfig } from '../config/metricsConfig';
import { PrometheusClient } from '../sources/prometheus';
import { RecordedSlos } from '../rules/RecordedSlos';
import {
  EntityViewService,
  PrometheusInstance,
} from '../views/EntityViewService';

const prometheusUrl = process.env.DEMO_PROMETHEUS_URL;
const describeWithWorld = prometheusUrl ? describe : describe.skip;
if (!prometheusUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    'recordedSlos.test: DEMO_PROMETHEUS_URL is not set; run scripts/test.sh to include this test',
  );
}

const repoRoot = path.resolve(__dirname, '../../../..');

function loadEntities(): Entity[] {
  return ['examples/entities.yaml', 'examples/org.yaml'].flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(repoRoot, file), 'utf8'))
      .map(doc => doc.toJSON() as Entity)
      .filter(Boolean)
      .map(entity => ({
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      })),
  );
}

/** When the demo's rules were last evaluated: recordings and raw series agree then. */
async function lastEvaluation(): Promise<number> {
  const response = await fetch(`${prometheusUrl}/api/v1/rules?type=record`);
  const body = (await response.json()) as {
    data: { groups: Array<{ name: string; lastEvaluation: string }> };
  };
  const times = body.data.groups
    .filter(g => g.name.startsWith('metrics-suite:'))
    .map(g => Date.parse(g.lastEvaluation));
  expect(times.length).toBeGreaterThan(0);
  return Math.ceil(Math.max(...times) / 1000);
}

describeWithWorld('SLOs read from recording rules', () => {
  jest.setTimeout(120_000);
  let raw: EntityViewService;
  let recorded: EntityViewService;
  const components = loadEntities().filter(
    e =>
      e.kind === 'Component' &&
      (e.metadata.annotations?.['metrics-suite/prometheus-service'] ||
        (e.metadata as { metrics?: { slos?: unknown[] } }).metrics?.slos),
  );

  beforeAll(() => {
    const config = readMetricsConfig(
      new ConfigReader({
        metrics: {
          prometheus: {
            instances: [{ name: 'main', baseUrl: prometheusUrl! }],
          },
          defaultSlos: [
            { name: 'availability', objective: 99.9, window: '28d' },
          ],
        },
      }),
    );
    const [instance] = config.prometheus;
    const client = PrometheusClient.fromConfig(instance);
    const views = (withRecordings: boolean) => {
      const prometheus = new Map<string, PrometheusInstance>([
        [
          'main',
          {
            client,
            convention: instance.convention,
            ...(withRecordings
              ? {
                  recordings: new RecordedSlos({
                    client,
                    config: instance.rules,
                  }),
                }
              : {}),
          },
        ],
      ]);
      return new EntityViewService({
        catalog: catalogServiceMock({ entities: loadEntities() }),
        logger: mockServices.logger.mock(),
        permissions: mockServices.permissions(),
        config,
        prometheus,
      });
    };
    raw = views(false);
    recorded = views(true);
  });

  async function slos(
    service: EntityViewService,
    name: string,
    end: number,
  ): Promise<SloViewItem[]> {
    const view = await service.getEntityView(
      {
        entityRef: { kind: 'component', namespace: 'default', name },
        range: '1d',
        end,
        start: end - 86_400,
        compare: 'previous',
      },
      mockCredentials.user(),
    );
    expect(view.slos.status).toBe('ok');
    return view.slos.items;
  }

  function close(
    actual: number | null,
    expected: number | null,
    tolerance: number,
    what: string,
  ) {
    if (expected === null) {
      expect({ what, actual }).toEqual({ what, actual: null });
      return;
    }
    if (actual === null || Math.abs(actual - expected) > tolerance) {
      throw new Error(
        `${what}: from rules ${actual}, raw ${expected} (tolerance ${tolerance})`,
      );
    }
  }

  it('gives the numbers of the raw series for every example SLO, and says so', async () => {
    const end = await lastEvaluation();
    let compared = 0;
    for (const entity of components) {
      const name = entity.metadata.name;
      const [fromRaw, fromRules] = await Promise.all([
        slos(raw, name, end),
        slos(recorded, name, end),
      ]);
      expect(fromRules.map(s => s.id)).toEqual(fromRaw.map(s => s.id));
      for (const [i, expected] of fromRaw.entries()) {
        const actual = fromRules[i];
        const what = `${name} ${actual.id}`;
        if (expected.counts.valid === 0) continue; // no traffic: nothing recorded either
        expect({ what, from: actual.computedFrom?.source }).toEqual({
          what,
          from: 'recording-rules',
        });
        expect(expected.computedFrom?.source).toBe('raw-series');
        // A minute of the SLO window may fall between the last hourly recording and the whole
        // hour it stands for: 1 / 40,320 of 28 days.
        close(actual.sli, expected.sli, 2e-5, `${what} SLI`);
        close(
          actual.budgetRemaining,
          expected.budgetRemaining,
          0.01,
          `${what} budget`,
        );
        close(
          actual.previous?.sli ?? null,
          expected.previous?.sli ?? null,
          2e-5,
          `${what} previous SLI`,
        );
        for (const [window, rate] of Object.entries(expected.burnRates)) {
          close(
            actual.burnRates[window as keyof typeof actual.burnRates] ?? null,
            rate,
            0.02 * Math.max(1, rate),
            `${what} burn rate ${window}`,
          );
        }
        expect(actual.alert).toBe(expected.alert);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('pages for the burning checkout service from the recordings too', async () => {
    const end = await lastEvaluation();
    const [availability] = await slos(recorded, 'checkout-service', end);
    expect(availability).toMatchObject({
      computedFrom: { source: 'recording-rules' },
      alert: 'page',
    });
  });
});
