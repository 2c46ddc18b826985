import type {
  CallerItem,
  ConfigurationCheckResponse,
  TrafficItem,
  EntityMetricsResponse,
  GroupEntitySummary,
  GroupMetricsResponse,
  IntegrationViewItem,
  OwnedMetric,
  SloViewItem,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';

// Test data shaped like the backend's answers (plugins/metrics-backend/README.md, API).

const START = Date.UTC(2025, 2, 1, 12, 0) / 1000;
const STEP = 3600;

export function sloItem(overrides: Partial<SloViewItem> = {}): SloViewItem {
  return {
    id: 'slo:availability',
    name: 'availability',
    objective: 99.9,
    window: '28d',
    sli: 0.9995,
    budgetRemaining: 0.5,
    burnRates: { '5m': 0.2, '1h': 0.4, '6h': 0.5, '1d': 0.5, '3d': 0.5 },
    alert: 'none',
    state: 'healthy',
    counts: { good: 1_998_999, valid: 2_000_000 },
    series: [0, 1, 2, 3].map(i => ({
      t: START + i * STEP,
      sli: 0.9994 + i * 0.00003,
      budgetRemaining: 0.4 + i * 0.03,
    })),
    links: [
      {
        title: 'Good events',
        url: 'https://prometheus.example.com/graph?g0.expr=good',
      },
      {
        title: 'Valid events',
        url: 'https://prometheus.example.com/graph?g0.expr=valid',
      },
    ],
    ...overrides,
  };
}

export function callerItems(): CallerItem[] {
  return [
    {
      caller: 'mobile-bff',
      entityRef: 'component:default/mobile-bff',
      owner: 'group:default/mobility-squad',
      requests: 600_000,
      share: 0.6,
      errorRatio: 0.001,
      p95Seconds: 0.12,
    },
    {
      caller: 'partner-portal',
      external: true,
      requests: 250_000,
      share: 0.25,
      errorRatio: 0.02,
      p95Seconds: 0.3,
    },
    {
      caller: 'unknown',
      external: true,
      requests: 100_000,
      share: 0.1,
      errorRatio: 0,
      p95Seconds: 0.05,
    },
    {
      caller: '(other callers)',
      otherCallers: 4,
      requests: 50_000,
      share: 0.05,
      errorRatio: 0.01,
    },
  ];
}

export function integrationItem(
  overrides: Partial<IntegrationViewItem> = {},
): IntegrationViewItem {
  return {
    id: 'integration:ridely',
    name: 'ridely',
    source: 'prometheus',
    requests: 10_000,
    failures: 500,
    successRate: 0.95,
    errorClasses: { timeout: 0.5, unknown: 0.4, http_5xx: 0.1 },
    unknownShare: 0.4,
    target: 99,
    owner: 'group:default/mobility-squad',
    series: [0, 1, 2].map(i => ({
      t: START + i * STEP,
      successRate: 0.94 + i * 0.01,
    })),
    links: [
      {
        title: 'Success rate',
        url: 'https://prometheus.example.com/graph?g0.expr=ridely',
      },
    ],
    ...overrides,
  };
}

/** Totals of the given callers, as the traffic section reports them. */
export function trafficOf(
  callers: CallerItem[],
  overrides: Partial<TrafficItem> = {},
): TrafficItem {
  const requests = callers.reduce((sum, c) => sum + c.requests, 0);
  const errors = callers.reduce((sum, c) => sum + c.requests * c.errorRatio, 0);
  return {
    convention: 'metrics-suite',
    requests,
    errors,
    errorRatio: requests > 0 ? errors / requests : null,
    p95Seconds: 0.21,
    ...overrides,
  };
}

export function entityView(
  overrides: Partial<EntityMetricsResponse> = {},
): EntityMetricsResponse {
  return {
    entityRef: 'component:default/customer-api',
    range: {
      window: '7d',
      start: '2025-03-01T12:00:00.000Z',
      end: '2025-03-08T12:00:00.000Z',
    },
    slos: { status: 'ok', items: [sloItem()] },
    callers: { status: 'ok', items: callerItems() },
    traffic: { status: 'ok', items: [trafficOf(callerItems())] },
    integrations: { status: 'ok', items: [integrationItem()] },
    problems: [],
    kpis: { status: 'not-configured', items: [] },
    hiddenSensitive: 0,
    prometheus: {
      instance: 'main',
      origin: 'default',
      convention: 'metrics-suite',
      conventionOrigin: 'instance',
    },
    ...overrides,
  };
}

/** The same view one period earlier: a little worse everywhere. */
export function previousEntityView(): EntityMetricsResponse {
  const callers = callerItems().map(c => ({
    ...c,
    requests: c.requests / 2,
    errorRatio: c.errorRatio * 2,
  }));
  return entityView({
    slos: {
      status: 'ok',
      items: [sloItem({ sli: 0.999, budgetRemaining: 0.25 })],
    },
    callers: { status: 'ok', items: callers },
    traffic: {
      status: 'ok',
      items: [trafficOf(callers, { p95Seconds: 0.25 })],
    },
    integrations: {
      status: 'ok',
      items: [integrationItem({ successRate: 0.97 })],
    },
  });
}

/**
 * `current` as the backend answers it with `compare=previous`: each item carries the figures
 * of the same item in `previous` (a view one period earlier), `null` where that has none or
 * its section failed; without `previous` (its source failed) every item's are `null`.
 */
export function comparedView(
  current: EntityMetricsResponse,
  previous?: EntityMetricsResponse,
): EntityMetricsResponse {
  function attach<T, P>(
    section: ViewSection<T>,
    before: ViewSection<T> | undefined,
    keyOf: (item: T) => string,
    figures: (item: T) => P,
  ): ViewSection<T & { previous: P | null }> {
    const byKey = new Map(
      before?.status === 'ok' ? before.items.map(i => [keyOf(i), i]) : [],
    );
    return {
      ...section,
      items: section.items.map(item => {
        const then = byKey.get(keyOf(item));
        return { ...item, previous: then ? figures(then) : null };
      }),
    };
  }
  return {
    ...current,
    previousRange: {
      window: current.range.window,
      start: new Date(
        2 * Date.parse(current.range.start) - Date.parse(current.range.end),
      ).toISOString(),
      end: current.range.start,
    },
    slos: attach(
      current.slos,
      previous?.slos,
      s => s.id,
      s => ({
        sli: s.sli,
        budgetRemaining: s.budgetRemaining,
      }),
    ),
    callers: attach(
      current.callers,
      previous?.callers,
      c => c.caller,
      c => ({
        requests: c.requests,
        errorRatio: c.errorRatio,
      }),
    ),
    traffic: attach(
      current.traffic,
      previous?.traffic,
      () => 'all',
      t => ({
        requests: t.requests,
        errors: t.errors,
        errorRatio: t.errorRatio,
      }),
    ),
    integrations: attach(
      current.integrations,
      previous?.integrations,
      i => i.id,
      i => ({ requests: i.requests, successRate: i.successRate }),
    ),
  };
}

export function groupEntity(
  overrides: Partial<GroupEntitySummary> = {},
): GroupEntitySummary {
  return {
    entityRef: 'component:default/customer-api',
    owner: 'group:default/mobility-squad',
    service: 'customer-api',
    slos: [sloItem({ series: undefined, links: undefined })],
    worstState: 'healthy',
    problems: [],
    ...overrides,
  };
}

export function ownedMetric(overrides: Partial<OwnedMetric> = {}): OwnedMetric {
  return {
    entityRef: 'component:default/customer-api',
    id: 'slo:availability',
    kind: 'slo',
    name: 'availability',
    bucket: 'health',
    source: 'prometheus',
    owner: 'group:default/mobility-squad',
    origin: 'default',
    hasTarget: true,
    hasAlert: false,
    gaps: [],
    ...overrides,
  };
}

export function groupView(
  overrides: Partial<GroupMetricsResponse> = {},
): GroupMetricsResponse {
  return {
    entityRef: 'group:default/mobility-squad',
    range: {
      window: '7d',
      start: '2025-03-01T12:00:00.000Z',
      end: '2025-03-08T12:00:00.000Z',
    },
    groups: ['group:default/mobility-squad'],
    entities: { status: 'ok', items: [groupEntity()] },
    integrations: {
      status: 'ok',
      items: [
        { ...integrationItem(), entityRef: 'component:default/trip-planner' },
      ],
    },
    metrics: [ownedMetric()],
    problems: [],
    hiddenSensitive: 0,
    ...overrides,
  };
}

/** A configuration check in which every series of `checkout-api` is found. */
export function configurationCheck(
  overrides: Partial<ConfigurationCheckResponse> = {},
): ConfigurationCheckResponse {
  return {
    entityRef: 'component:default/checkout',
    status: 'checked',
    instance: 'main',
    convention: 'metrics-suite',
    conventionOrigin: 'instance',
    service: 'checkout-api',
    checkedAt: '2025-03-01T12:00:00.000Z',
    lookbackSeconds: 3600,
    checks: [
      {
        purpose: 'requests',
        title: 'Requests (availability SLOs, traffic)',
        metric: 'http_server_requests_total',
        selector: 'http_server_requests_total{service="checkout-api"}',
        label: 'service',
        status: 'found',
        series: 12,
      },
      {
        purpose: 'latency',
        title: 'Latency (latency SLOs, p95)',
        metric: 'http_server_request_duration_seconds_bucket',
        selector:
          'http_server_request_duration_seconds_bucket{service="checkout-api"}',
        label: 'service',
        status: 'found',
        series: 500,
        seriesLimited: true,
      },
    ],
    ...overrides,
  };
}
