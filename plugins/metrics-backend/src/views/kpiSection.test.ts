import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  DEFAULT_TELEMETRY_CONVENTION,
  KpiDefinition,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { mockCountingSource } from '@metrics-suite/backstage-plugin-metrics-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  VectorItem,
  fakePrometheus,
} from '../__testUtils__/fakePrometheus';
import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import { AmplitudeClients, readAmplitudeConfig } from '../sources/amplitude';
import { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import type { ViewRequest } from '../http/parseViewRequest';
import { customSourcesById, promDuration, readKpi } from '../readers';
import { evaluateKpis as evaluate } from './kpiSection';
import { toSection } from './section';

// The section as the view shows it.
const evaluateKpis = async (...args: Parameters<typeof evaluate>) =>
  toSection(await evaluate(...args));

const server = setupServer();
registerMswTestHooks(server);

const instance: PrometheusInstanceConfig = {
  name: 'main',
  baseUrl: FAKE_PROMETHEUS_BASE,
  externalUrl: 'https://prom.example.com',
  default: true,
  headers: {},
  timeoutMs: 5000,
  limits: DEFAULT_PROMETHEUS_LIMITS,
  catalogQueries: DEFAULT_CATALOG_QUERIES,
  rules: { read: 'never', alertsDeployed: false },
  convention: DEFAULT_TELEMETRY_CONVENTION,
};
const prometheus = () => ({
  client: PrometheusClient.fromConfig(instance),
  convention: DEFAULT_TELEMETRY_CONVENTION,
});

const END = 1735689600; // 2025-01-01T00:00:00Z
const DAY = 86400;
const request: ViewRequest = {
  entityRef: { kind: 'component', namespace: 'default', name: 'shop' },
  range: '1d',
  end: END,
  start: END - DAY,
};

function kpis(list: JsonObject[]): KpiDefinition[] {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop', metrics: { kpis: list } },
    spec: { type: 'service', owner: 'team-shop', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-shop' }],
  };
  const resolved = resolveEntityMetrics(entity);
  expect(resolved.problems).toEqual([]);
  return resolved.definitions as KpiDefinition[];
}

/** Answers `query` with `now` at the range's end and `before` at its start. */
function byTime(query: string, now: VectorItem[], before: VectorItem[]) {
  return fakePrometheus(server, {
    instant: (q, form) => {
      if (q !== query) return undefined;
      return Number(form.get('time')) === END ? now : before;
    },
  });
}

function fakeSql(counts: (query: { start: Date }) => number | undefined) {
  const countByGroup = jest.fn(async (query: { start: Date }) => {
    const count = counts(query);
    return count === undefined ? [] : [{ count }];
  });
  return { sql: { countByGroup } as unknown as SqlEventsSource, countByGroup };
}

const CHECKOUTS = 'sum(increase(checkouts_total[{{window}}]))';

describe('evaluateKpis', () => {
  it('reads a Prometheus KPI over the range and the period before, against its target', async () => {
    const fake = byTime(
      'sum(increase(checkouts_total[1d]))',
      [{ metric: {}, value: '1200' }],
      [{ metric: {}, value: '1000' }],
    );
    const section = await evaluateKpis(
      kpis([
        {
          name: 'checkouts',
          bucket: 'business',
          unit: 'count',
          query: CHECKOUTS,
          target: { value: 1100 },
          description: 'Completed checkouts',
        },
      ]),
      { prometheus: prometheus() },
      request,
    );
    expect(fake.unmatched).toEqual([]);
    expect(fake.seen.map(s => s.form.get('time'))).toEqual(
      expect.arrayContaining([String(END), String(END - DAY)]),
    );
    expect(section).toEqual({
      status: 'ok',
      items: [
        {
          id: 'kpi:checkouts',
          name: 'checkouts',
          description: 'Completed checkouts',
          bucket: 'business',
          unit: 'count',
          source: 'prometheus',
          value: 1200,
          previous: 1000,
          target: { value: 1100, direction: 'above' },
          targetMet: true,
          owner: 'group:default/team-shop',
          links: [
            {
              title: 'Query',
              url: expect.stringMatching(
                /^https:\/\/prom\.example\.com\/graph\?/,
              ),
            },
          ],
        },
      ],
    });
    expect(
      new URL(section.items[0].links![0].url).searchParams.get('g0.expr'),
    ).toBe('sum(increase(checkouts_total[1d]))');
  });

  it('says "no data" for a query without samples, not 0, and judges no target', async () => {
    byTime(
      'max(max_over_time(queue_depth[1d]))',
      [],
      [{ metric: {}, value: 'NaN' }],
    );
    const section = await evaluateKpis(
      kpis([
        {
          name: 'queue-depth',
          bucket: 'health',
          query: 'max(max_over_time(queue_depth[{{window}}]))',
          target: { value: 100, direction: 'below' },
        },
      ]),
      { prometheus: prometheus() },
      request,
    );
    expect(section.items[0]).toMatchObject({ value: null, previous: null });
    expect(section.items[0]).not.toHaveProperty('targetMet');
  });

  it('counts SQL events, totals and distinct users, with 0 for a period without events', async () => {
    const { sql, countByGroup } = fakeSql(({ start }) =>
      start.getTime() === (END - DAY) * 1000 ? 42 : undefined,
    );
    const section = await evaluateKpis(
      kpis([
        {
          name: 'orders',
          bucket: 'business',
          source: 'sql',
          eventType: 'order_placed',
          partner: 'acme',
        },
        {
          name: 'buyers',
          bucket: 'usage',
          source: 'sql',
          eventType: 'order_placed',
          metric: 'uniques',
          target: { value: 50 },
        },
      ]),
      { sql },
      request,
    );
    expect(
      section.items.map(i => [i.name, i.value, i.previous, i.targetMet]),
    ).toEqual([
      ['orders', 42, 0, undefined],
      ['buyers', 42, 0, false],
    ]);
    expect(countByGroup).toHaveBeenCalledWith({
      eventTypes: ['order_placed'],
      start: new Date((END - DAY) * 1000),
      end: new Date(END * 1000),
      groupBy: [],
      where: { partner: 'acme' },
      metric: 'totals',
    });
    expect(countByGroup).toHaveBeenCalledWith({
      eventTypes: ['order_placed'],
      start: new Date((END - 2 * DAY) * 1000),
      end: new Date((END - DAY) * 1000),
      groupBy: [],
      where: {},
      metric: 'uniques',
    });
  });

  it('reads Amplitude distinct users and notes how whole days differ from the range', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(
        'https://amplitude.test/api/2/events/segmentation',
        ({ request: r }) => {
          const params = new URL(r.url).searchParams;
          seen.push(params);
          return HttpResponse.json({
            data: {
              series: [[7]],
              seriesLabels: [0],
              seriesCollapsed: [
                [
                  {
                    setId: '',
                    value: params.get('start') === '20241231' ? 7 : 5,
                  },
                ],
              ],
              xValues: [
                params
                  .get('start')!
                  .replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3'),
              ],
            },
          });
        },
      ),
    );
    const amplitude = AmplitudeClients.fromConfig(
      readAmplitudeConfig(
        new ConfigReader({
          metrics: {
            amplitude: {
              projects: [
                {
                  name: 'web',
                  apiKey: 'k',
                  secretKey: 's',
                  baseUrl: 'https://amplitude.test',
                  timeZone: 'Europe/Berlin',
                },
              ],
            },
          },
        }),
      ),
    );
    const section = await evaluateKpis(
      kpis([
        {
          name: 'active-buyers',
          bucket: 'usage',
          source: 'amplitude',
          project: 'web',
          event: 'order_placed',
          metric: 'uniques',
          where: { channel: 'web' },
        },
      ]),
      { amplitude },
      request,
    );
    expect(section.items[0]).toMatchObject({ value: 7, previous: 5 });
    // 31 Dec UTC is 31 Dec 01:00 to 1 Jan 01:00 in Berlin: Berlin's 31 Dec is counted.
    expect(section.notes).toEqual([
      'Amplitude project "web" counts whole days in its time zone (Europe/Berlin): counted 2024-12-31 for 2024-12-31 01:00 – 2025-01-01 01:00',
    ]);
    expect(JSON.parse(seen[0].get('e')!)).toEqual({
      event_type: 'order_placed',
      filters: [
        {
          subprop_type: 'event',
          subprop_key: 'channel',
          subprop_op: 'is',
          subprop_value: ['web'],
        },
      ],
    });
    expect(seen.map(p => [p.get('m'), p.get('i')])).toEqual([
      ['uniques', '1'],
      ['uniques', '1'],
    ]);
  });

  it('asks a module-added source to count with the definition’s parameters', async () => {
    const source = mockCountingSource({
      id: 'warehouse',
      count: ({ start }) =>
        start.getTime() === (END - DAY) * 1000 ? 9.5 : null,
    });
    const section = await evaluateKpis(
      kpis([
        {
          name: 'revenue',
          bucket: 'business',
          unit: 'currency',
          source: 'custom',
          sourceId: 'warehouse',
          params: { table: 'orders', paid: true },
        },
      ]),
      { custom: customSourcesById([source]) },
      request,
    );
    expect(section.items[0]).toMatchObject({
      source: 'custom',
      value: 9.5,
      previous: null,
    });
    expect(source.requests[0]).toEqual({
      params: { table: 'orders', paid: true },
      start: new Date((END - DAY) * 1000),
      end: new Date(END * 1000),
      signal: expect.any(AbortSignal),
    });
  });

  it('degrades only the KPI whose source fails, and the section when all of them fail', async () => {
    byTime(
      'sum(increase(checkouts_total[1d]))',
      [{ metric: {}, value: '3' }],
      [],
    );
    const definitions = kpis([
      { name: 'checkouts', bucket: 'business', query: CHECKOUTS },
      { name: 'orders', bucket: 'business', source: 'sql', eventType: 'order' },
      {
        name: 'revenue',
        bucket: 'business',
        source: 'custom',
        sourceId: 'warehouse',
      },
    ]);
    const broken = mockCountingSource({
      id: 'warehouse',
      count: () => {
        throw new Error('connection refused');
      },
    });
    const partial = await evaluateKpis(
      definitions,
      { prometheus: prometheus(), custom: customSourcesById([broken]) },
      request,
    );
    expect(partial.status).toBe('ok');
    expect(partial.items.map(i => [i.name, i.value, i.error])).toEqual([
      ['checkouts', 3, undefined],
      [
        'orders',
        null,
        'KPI "orders" reads SQL events, but metrics.sqlEvents is not configured',
      ],
      [
        'revenue',
        null,
        'Metrics source "warehouse" failed; caused by Error: connection refused',
      ],
    ]);

    const none = await evaluateKpis(definitions.slice(1), {}, request);
    expect(none.status).toBe('error');
    expect(none.error).toBe(
      'orders: KPI "orders" reads SQL events, but metrics.sqlEvents is not configured; revenue: No metrics source "warehouse" is added by a backend module (added: none)',
    );
    expect(none.items).toHaveLength(2);
  });
});

describe('readKpi', () => {
  it('renders {{window}} as the period’s length and rejects a range vector', async () => {
    fakePrometheus(server, {
      instant: {
        'sum(increase(checkouts_total[7d]))': [{ metric: {}, value: '70' }],
      },
    });
    const [definition] = kpis([
      { name: 'checkouts', bucket: 'business', query: CHECKOUTS },
    ]);
    await expect(
      readKpi(
        definition,
        { prometheus: prometheus() },
        {
          start: END - 7 * DAY,
          end: END,
        },
      ),
    ).resolves.toEqual({
      value: 70,
      promql: 'sum(increase(checkouts_total[7d]))',
    });

    server.use(
      http.post(`${FAKE_PROMETHEUS_BASE}/api/v1/query`, () =>
        HttpResponse.json({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [{ metric: {}, values: [[END, '1']] }],
          },
        }),
      ),
    );
    const [raw] = kpis([
      { name: 'raw', bucket: 'health', query: 'checkouts_total[{{window}}]' },
    ]);
    await expect(
      readKpi(
        raw,
        { prometheus: prometheus() },
        { start: END - DAY, end: END },
      ),
    ).rejects.toThrow(
      'The KPI query must return an instant vector or a scalar, not a matrix: checkouts_total[1d]',
    );
  });
});

describe('helpers', () => {
  it('writes periods as the largest whole Prometheus unit', () => {
    expect(promDuration(7 * DAY)).toBe('7d');
    expect(promDuration(3600)).toBe('1h');
    expect(promDuration(90 * 60)).toBe('90m');
    expect(promDuration(61)).toBe('61s');
  });
});
