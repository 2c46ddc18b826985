import type { Entity } from '@backstage/catalog-model';
import { catalogPromqlOf } from './catalogPromql';
import { renderWindow } from './promql';
import { resolveConvention } from '../conventions';
import {
  MetricDefinition,
  SloDefinition,
  discoveredIntegrationById,
  discoveredIntegrationDefinition,
  resolveEntityMetrics,
} from './resolve';
import { FULL_EXAMPLE } from './testFixtures';

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';
const AMPLITUDE = 'metrics-suite/amplitude-project';

const DEFAULT_SLOS = [{ name: 'availability', objective: 99.9, window: '28d' }];

function entity(
  options: {
    annotations?: Record<string, string>;
    metrics?: unknown;
    owner?: unknown;
    namespace?: string;
    relations?: Entity['relations'];
  } = {},
): Entity {
  const metadata: Entity['metadata'] = { name: 'checkout' };
  if (options.namespace) metadata.namespace = options.namespace;
  if (options.annotations) metadata.annotations = options.annotations;
  if (options.metrics !== undefined) {
    (metadata as Record<string, unknown>).metrics = options.metrics;
  }
  const owner = 'owner' in options ? options.owner : 'payments';
  const result: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata,
    spec: {
      type: 'service',
      ...(owner === undefined ? {} : { owner: owner as string }),
    },
  };
  if (options.relations) result.relations = options.relations;
  return result;
}

const annotated = { [SERVICE]: 'checkout' };

function byId(definitions: MetricDefinition[]) {
  return Object.fromEntries(definitions.map(d => [d.id, d]));
}

describe('resolveEntityMetrics: deprecated annotation keys', () => {
  const OLD_SERVICE = 'metrics.backstage.io/prometheus-service';

  it('resolves an entity annotated the old way and reports the deprecation in its problems', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: { [OLD_SERVICE]: 'checkout' } }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(result.annotations.prometheusService).toBe('checkout');
    expect(result.definitions.map(d => d.id)).toEqual(['slo:availability']);
    expect(result.discoverIntegrations).toBe(true);
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: `deprecated: write ${SERVICE} instead (${OLD_SERVICE} is still read for now and will be removed in a later release)`,
      },
    ]);
  });

  it('uses the new key when both are set and reports the old one as ignored', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: { [SERVICE]: 'new', [OLD_SERVICE]: 'old' } }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(result.annotations.prometheusService).toBe('new');
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: expect.stringMatching(/^deprecated and ignored: /),
      },
    ]);
  });
});

describe('resolveEntityMetrics: zero-config path', () => {
  it('turns the configured default SLOs into availability SLOs', () => {
    const result = resolveEntityMetrics(entity({ annotations: annotated }), {
      defaultSlos: DEFAULT_SLOS,
    });
    expect(result.problems).toEqual([]);
    expect(result.definitions).toEqual([
      {
        id: 'slo:availability',
        kind: 'slo',
        name: 'availability',
        entityRef: 'component:default/checkout',
        origin: 'default',
        source: 'prometheus',
        owner: 'group:default/payments',
        alert: 'none',
        sensitive: false,
        hasOwner: true,
        hasTarget: true,
        hasAlert: false,
        gaps: [],
        ownershipGap: false,
        objective: 99.9,
        window: '28d',
        windowSeconds: 2_419_200,
        indicator: {
          type: 'availability',
          service: 'checkout',
          convention: 'metrics-suite',
        },
        queries: {
          good: 'sum(increase(http_server_requests_total{service="checkout", code!~"5.."}[{{window}}])) or vector(0)',
          total:
            'sum(increase(http_server_requests_total{service="checkout"}[{{window}}]))',
        },
      },
    ]);
    expect(result.owner).toBe('group:default/payments');
    expect(result.discoverIntegrations).toBe(true);
    expect(result.integrationDiscovery).toEqual({
      entityRef: 'component:default/checkout',
      service: 'checkout',
      owner: 'group:default/payments',
      claimedLabels: [],
      claimedIds: ['slo:availability'],
      convention: expect.any(Object),
      breakdownQuery:
        'sum by (integration, outcome, error_class) (increase(integration_requests_total{service="checkout"}[{{window}}]))',
    });
  });

  it('passes the instance annotation and configured names through', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: { ...annotated, [INSTANCE]: 'eu' } }),
      {
        defaultSlos: DEFAULT_SLOS,
        convention: resolveConvention(undefined, {
          metricNames: { requests: 'http_requests_total' },
          labelNames: { service: 'job' },
        }),
      },
    );
    const [slo] = result.definitions;
    expect(slo).toMatchObject({
      instance: 'eu',
      queries: {
        total: 'sum(increase(http_requests_total{job="checkout"}[{{window}}]))',
      },
    });
    expect(result.integrationDiscovery?.instance).toBe('eu');
  });

  it('does nothing without the prometheus-service annotation', () => {
    const result = resolveEntityMetrics(entity(), {
      defaultSlos: DEFAULT_SLOS,
    });
    expect(result).toMatchObject({
      definitions: [],
      problems: [],
      discoverIntegrations: false,
    });
    expect(result.integrationDiscovery).toBeUndefined();
  });

  it('applies defaults only when the block has no slos key', () => {
    const withKpisOnly = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: {
          kpis: [{ name: 'k', bucket: 'usage', query: 'sum(x[{{window}}])' }],
        },
      }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(withKpisOnly.definitions.map(d => d.id)).toEqual([
      'slo:availability',
      'kpi:k',
    ]);

    const optedOut = resolveEntityMetrics(
      entity({ annotations: annotated, metrics: { slos: [] } }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(optedOut.definitions).toEqual([]);

    const own = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: { slos: [{ name: 'mine', objective: 99 }] },
      }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(own.definitions.map(d => d.id)).toEqual(['slo:mine']);

    // An invalid slos block still replaces the defaults: its problems are shown instead.
    const invalid = resolveEntityMetrics(
      entity({ annotations: annotated, metrics: { slos: 'availability' } }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(invalid.definitions).toEqual([]);
    expect(invalid.problems).toEqual([
      {
        path: 'metadata.metrics.slos',
        message: 'must be a list, got the string "availability"',
      },
    ]);
  });

  it('reports invalid default SLOs under their config path', () => {
    const result = resolveEntityMetrics(entity({ annotations: annotated }), {
      defaultSlos: [
        { name: 'availability', objective: 100, window: '28d' },
        { name: 'fast', objective: 99, window: '7d' },
        { name: 'fast', objective: 98, window: '7d' },
      ],
    });
    expect(result.definitions.map(d => d.id)).toEqual(['slo:fast']);
    expect(result.problems).toEqual([
      {
        path: 'metrics.defaultSlos[0].objective',
        message:
          'must be a percentage above 0 and below 100 (100 leaves no error budget), got 100',
      },
      { path: 'metrics.defaultSlos[2].name', message: 'duplicate name "fast"' },
    ]);
  });
});

describe('resolveEntityMetrics: structured block', () => {
  it('resolves the full README example', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: { ...annotated, [AMPLITUDE]: 'web-app' },
        metrics: FULL_EXAMPLE,
      }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(result.problems).toEqual([]);
    const defs = byId(result.definitions);
    expect(Object.keys(defs)).toEqual([
      'slo:checkout-availability',
      'slo:checkout-latency',
      'slo:availability',
      'integration:ridely',
      'integration:stripe',
      'integration:legacy-bank',
      'integration:google-sign-in',
      'integration:ridely-events',
      'kpi:sign-ups',
      'kpi:weekly-active-users',
      'kpi:queue-depth',
    ]);
    expect(defs['slo:checkout-availability']).toMatchObject({
      origin: 'declared',
      path: 'metadata.metrics.slos[0]',
      owner: 'group:default/identity-squad',
      alert: 'page',
      hasAlert: true,
      indicator: { type: 'ratio' },
      queries: {
        good: 'sum(increase(http_server_requests_total{service="checkout",code!~"5.."}[{{window}}]))',
      },
    });
    expect(defs['slo:checkout-latency']).toMatchObject({
      window: '7d',
      windowSeconds: 604_800,
      indicator: {
        type: 'latency',
        service: 'checkout',
        thresholdSeconds: 0.3,
      },
      queries: {
        good: 'sum(increase(http_server_request_duration_seconds_bucket{service="checkout", le="0.3"}[{{window}}])) or vector(0)',
        total:
          'sum(increase(http_server_request_duration_seconds_count{service="checkout"}[{{window}}]))',
      },
    });
    expect(defs['slo:availability']).toMatchObject({
      origin: 'declared',
      window: '28d',
      indicator: {
        type: 'availability',
        service: 'checkout',
        convention: 'metrics-suite',
      },
    });
    expect(defs['integration:ridely']).toEqual({
      id: 'integration:ridely',
      kind: 'integration',
      name: 'ridely',
      entityRef: 'component:default/checkout',
      origin: 'declared',
      path: 'metadata.metrics.integrations[0]',
      source: 'prometheus',
      owner: 'group:default/identity-squad',
      alert: 'ticket',
      sensitive: false,
      hasOwner: true,
      hasTarget: true,
      hasAlert: true,
      gaps: [],
      ownershipGap: false,
      target: 99,
      conventional: { service: 'checkout', label: 'ridely' },
      queries: {
        success:
          'sum(increase(integration_requests_total{service="checkout", integration="ridely", outcome="success"}[{{window}}])) or vector(0)',
        total:
          'sum(increase(integration_requests_total{service="checkout", integration="ridely"}[{{window}}]))',
        errorClasses:
          'sum by (error_class) (increase(integration_requests_total{service="checkout", integration="ridely", outcome="failure"}[{{window}}]))',
      },
    });
    expect(defs['integration:stripe']).toMatchObject({
      owner: 'group:default/payments',
      conventional: { service: 'checkout', label: 'stripe-v2' },
      ownershipGap: true,
      gaps: ['no-target-or-alert'],
    });
    expect(defs['integration:legacy-bank']).toMatchObject({
      sensitive: true,
      queries: {
        success:
          'sum(increase(bank_calls_total{result="ok"}[{{window}}])) or vector(0)',
        total: 'sum(increase(bank_calls_total[{{window}}]))',
      },
    });
    expect(defs['integration:legacy-bank']).not.toHaveProperty('conventional');
    expect(defs['integration:google-sign-in']).toMatchObject({
      source: 'amplitude',
      project: 'web-app',
      successEvent: 'sign_in_succeeded',
      failureEvent: 'sign_in_failed',
      where: { provider: 'google', beta: false },
      hasTarget: true,
      ownershipGap: false,
    });
    expect(defs['integration:ridely-events']).toMatchObject({
      source: 'sql',
      eventType: 'integration_call',
      partner: 'ridely',
      alert: 'none',
      ownershipGap: true,
    });
    expect(defs['kpi:sign-ups']).toMatchObject({
      source: 'sql',
      bucket: 'business',
      unit: 'count',
      metric: 'totals',
      target: { value: 1000, direction: 'above' },
      ownershipGap: false,
    });
    expect(defs['kpi:weekly-active-users']).toMatchObject({
      source: 'amplitude',
      project: 'web-app',
      event: '_active',
      metric: 'uniques',
      where: {},
      ownershipGap: true,
    });
    expect(defs['kpi:queue-depth']).toMatchObject({
      source: 'prometheus',
      owner: 'user:default/jane',
      query: 'max(max_over_time(checkout_queue_depth[{{window}}]))',
      target: { value: 100, direction: 'below' },
    });
    expect(result.integrationDiscovery?.claimedLabels).toEqual([
      'ridely',
      'stripe-v2',
    ]);
  });

  it('keeps valid SLOs when a sibling is invalid', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: {
          slos: [
            { name: 'first', objective: 99 },
            { name: 'broken', objective: 120, window: 'forever' },
            null,
            { name: 'third', objective: 95, window: '7d' },
          ],
        },
      }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(result.definitions.map(d => d.id)).toEqual([
      'slo:first',
      'slo:third',
    ]);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.slos[1].objective',
        message:
          'must be a percentage above 0 and below 100 (100 leaves no error budget), got 120',
      },
      {
        path: 'metadata.metrics.slos[1].window',
        message: 'must be a whole number followed by m, h, d or w, e.g. 28d',
      },
      {
        path: 'metadata.metrics.slos[2]',
        message: 'must be an object (key: value pairs), got null',
      },
    ]);
  });

  it('keeps the rest of the block when a top-level field is wrong', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: {
          owner: 'component:x',
          slo: [{ name: 'typo', objective: 99 }],
          kpis: [{ name: 'k', bucket: 'usage', query: 'sum(x[{{window}}])' }],
        },
      }),
    );
    expect(result.definitions.map(d => [d.id, d.owner])).toEqual([
      ['kpi:k', 'group:default/payments'],
    ]);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.slo',
        message: 'unknown field; did you mean "slos"?',
      },
      {
        path: 'metadata.metrics.owner',
        message: '"component:x" must name a group or a user, not a component',
      },
    ]);
  });

  it('drops later duplicates and reports them', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: {
          integrations: [
            { name: 'ridely' },
            { name: 'ridely', source: 'sql', eventType: 'x', partner: 'y' },
          ],
        },
      }),
    );
    expect(
      result.definitions.filter(d => d.kind === 'integration'),
    ).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.integrations[1].name',
        message:
          'duplicate name "ridely"; already used by metadata.metrics.integrations[0]',
      },
    ]);
  });

  it('caps each list at 50 items', () => {
    const kpis = Array.from({ length: 60 }, (_, i) => ({
      name: `k${i}`,
      bucket: 'usage',
      query: 'sum(x[{{window}}])',
    }));
    const result = resolveEntityMetrics(entity({ metrics: { kpis } }));
    expect(result.definitions).toHaveLength(50);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.kpis',
        message: 'has 60 items; only the first 50 are read',
      },
    ]);
  });

  it('never throws on malformed blocks', () => {
    for (const metrics of [
      'oops',
      42,
      [],
      { slos: [1, 'a', [], { name: {} }] },
      { integrations: [{ source: null }] },
      { kpis: [{ name: 'x', bucket: 'usage', source: 'amplitude' }] },
      { discoverIntegrations: 'no' },
    ]) {
      const result = resolveEntityMetrics(
        entity({ annotations: annotated, metrics }),
        { defaultSlos: DEFAULT_SLOS },
      );
      expect(result.problems.length).toBeGreaterThan(0);
    }
    expect(
      resolveEntityMetrics(entity({ annotations: annotated, metrics: 'oops' }))
        .problems,
    ).toEqual([
      {
        path: 'metadata.metrics',
        message: 'must be an object with "slos", "integrations" and/or "kpis"',
      },
    ]);
  });
});

describe('resolveEntityMetrics: sources that need an annotation', () => {
  it('needs prometheus-service for availability and latency SLOs and conventional integrations', () => {
    const result = resolveEntityMetrics(
      entity({
        metrics: {
          slos: [
            { name: 'a', objective: 99 },
            {
              name: 'b',
              objective: 99,
              indicator: { latency: { thresholdSeconds: 0.5 } },
            },
          ],
          integrations: [{ name: 'ridely' }],
        },
      }),
    );
    expect(result.definitions).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.slos[0]',
        message:
          'needs the metrics-suite/prometheus-service annotation (the conventional metrics are matched on it); without it use a "ratio" indicator with your own PromQL',
      },
      {
        path: 'metadata.metrics.slos[1].indicator',
        message:
          'needs the metrics-suite/prometheus-service annotation (the conventional metrics are matched on it); without it use a "ratio" indicator with your own PromQL',
      },
      {
        path: 'metadata.metrics.integrations[0]',
        message:
          'needs the metrics-suite/prometheus-service annotation (the conventional metrics are matched on it); without it give custom "success" and "total" queries',
      },
    ]);
  });

  it('accepts custom PromQL without prometheus-service, honouring the instance annotation', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: { [INSTANCE]: 'eu' },
        metrics: {
          slos: [
            {
              name: 'ratio',
              objective: 99,
              indicator: {
                ratio: { good: 'a[{{window}}]', total: 'b[{{window}}]' },
              },
            },
          ],
        },
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.definitions).toMatchObject([
      { id: 'slo:ratio', instance: 'eu', queries: { good: 'a[{{window}}]' } },
    ]);
    expect(result.discoverIntegrations).toBe(false);

    // Without any PromQL the annotation reader's problem stays.
    expect(
      resolveEntityMetrics(entity({ annotations: { [INSTANCE]: 'eu' } }))
        .problems,
    ).toEqual([
      {
        path: 'metadata.annotations.metrics-suite/prometheus-instance',
        message: 'has no effect without metrics-suite/prometheus-service',
      },
    ]);
  });

  it('drops the "no effect" problem for a deprecated instance key too, but keeps its deprecation', () => {
    const OLD_INSTANCE = 'metrics.backstage.io/prometheus-instance';
    const result = resolveEntityMetrics(
      entity({
        annotations: { [OLD_INSTANCE]: 'eu' },
        metrics: {
          slos: [
            {
              name: 'ratio',
              objective: 99,
              indicator: {
                ratio: { good: 'a[{{window}}]', total: 'b[{{window}}]' },
              },
            },
          ],
        },
      }),
    );
    expect(result.definitions).toMatchObject([{ instance: 'eu' }]);
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_INSTANCE}`,
        message: expect.stringMatching(
          `^deprecated: write ${INSTANCE} instead`,
        ),
      },
    ]);
  });

  it('takes the amplitude project from the definition or the annotation', () => {
    const metrics = {
      kpis: [{ name: 'k', bucket: 'usage', source: 'amplitude', event: 'e' }],
      integrations: [
        {
          name: 'i',
          source: 'amplitude',
          project: 'explicit',
          successEvent: 'ok',
          failureEvent: 'ko',
        },
      ],
    };
    const withAnnotation = resolveEntityMetrics(
      entity({ annotations: { [AMPLITUDE]: 'web' }, metrics }),
    );
    expect(
      withAnnotation.definitions.map(d => (d as { project?: string }).project),
    ).toEqual(['explicit', 'web']);

    const without = resolveEntityMetrics(entity({ metrics }));
    expect(without.definitions.map(d => d.id)).toEqual(['integration:i']);
    expect(without.problems).toEqual([
      {
        path: 'metadata.metrics.kpis[0].project',
        message:
          'is required: name a configured Amplitude project here or set the metrics-suite/amplitude-project annotation',
      },
    ]);
  });
});

describe('resolveEntityMetrics: module-added sources', () => {
  it('keeps the source id and parameters of custom KPIs and integrations', () => {
    const resolved = resolveEntityMetrics(
      entity({
        metrics: {
          integrations: [
            {
              name: 'ledger',
              source: 'custom',
              sourceId: 'warehouse',
              success: { status: 'ok' },
              total: {},
              target: 99,
            },
          ],
          kpis: [
            {
              name: 'revenue',
              bucket: 'business',
              source: 'custom',
              sourceId: 'warehouse',
            },
          ],
        },
      }),
    );
    expect(resolved.problems).toEqual([]);
    expect(resolved.definitions).toEqual([
      expect.objectContaining({
        id: 'integration:ledger',
        kind: 'integration',
        source: 'custom',
        sourceId: 'warehouse',
        success: { status: 'ok' },
        total: {},
        target: 99,
        hasTarget: true,
      }),
      expect.objectContaining({
        id: 'kpi:revenue',
        kind: 'kpi',
        source: 'custom',
        sourceId: 'warehouse',
        params: {},
        gaps: ['no-target-or-alert'],
      }),
    ]);
  });
});

describe('resolveEntityMetrics: owners and ownership gaps', () => {
  const metrics = {
    slos: [{ name: 's', objective: 99 }],
    integrations: [
      { name: 'no-target' },
      { name: 'alerted', alert: 'ticket' },
      { name: 'alert-none', alert: 'none' },
      { name: 'targeted', target: 99.5 },
      { name: 'own', owner: 'user:jane', target: 99 },
      { name: 'elsewhere', owner: 'other/platform', target: 99 },
    ],
  };

  it('defaults to the entity owner, resolved in the entity namespace', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: annotated, metrics, namespace: 'shop' }),
    );
    expect(result.problems).toEqual([]);
    expect(result.definitions.map(d => [d.name, d.owner])).toEqual([
      ['s', 'group:shop/payments'],
      ['no-target', 'group:shop/payments'],
      ['alerted', 'group:shop/payments'],
      ['alert-none', 'group:shop/payments'],
      ['targeted', 'group:shop/payments'],
      ['own', 'user:shop/jane'],
      ['elsewhere', 'group:other/platform'],
    ]);
  });

  it('prefers the ownedBy relation, and the block owner over both', () => {
    const relations = [
      { type: 'ownedBy', targetRef: 'group:default/payments-squad' },
    ];
    expect(
      resolveEntityMetrics(
        entity({ annotations: annotated, metrics, relations }),
      ).definitions[0].owner,
    ).toBe('group:default/payments-squad');
    const withBlockOwner = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: { ...metrics, owner: 'identity-squad' },
        relations,
      }),
    );
    expect(withBlockOwner.owner).toBe('group:default/payments-squad');
    expect(withBlockOwner.definitions.map(d => d.owner)).toEqual([
      'group:default/identity-squad',
      'group:default/identity-squad',
      'group:default/identity-squad',
      'group:default/identity-squad',
      'group:default/identity-squad',
      'user:default/jane',
      'group:other/platform',
    ]);
  });

  it('flags metrics with neither target nor alert; SLOs always have a target', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: annotated, metrics }),
    );
    expect(
      result.definitions.map(d => [
        d.name,
        d.hasTarget,
        d.hasAlert,
        d.ownershipGap,
      ]),
    ).toEqual([
      ['s', true, false, false],
      ['no-target', false, false, true],
      ['alerted', false, true, false],
      ['alert-none', false, false, true],
      ['targeted', true, false, false],
      ['own', true, false, false],
      ['elsewhere', true, false, false],
    ]);
    expect(result.definitions[1].gaps).toEqual(['no-target-or-alert']);
  });

  it('flags metrics without any owner', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: annotated, metrics, owner: undefined }),
    );
    expect(result.owner).toBeUndefined();
    const [slo, noTarget, , , , own] = result.definitions;
    expect(slo).toMatchObject({
      hasOwner: false,
      gaps: ['no-owner'],
      ownershipGap: true,
    });
    expect(slo).not.toHaveProperty('owner');
    expect(noTarget.gaps).toEqual(['no-owner', 'no-target-or-alert']);
    expect(own).toMatchObject({ owner: 'user:default/jane', gaps: [] });
  });

  it('reports an unusable spec.owner', () => {
    const result = resolveEntityMetrics(
      entity({ annotations: annotated, owner: 'group:' }),
      { defaultSlos: DEFAULT_SLOS },
    );
    expect(result.problems).toEqual([
      { path: 'spec.owner', message: '"group:" is not an entity reference' },
    ]);
    expect(result.definitions[0].gaps).toEqual(['no-owner']);
  });
});

describe('integration discovery', () => {
  it('finds a discovered integration back from its stored id', () => {
    const { integrationDiscovery } = resolveEntityMetrics(
      entity({
        annotations: annotated,
        // `stripe` declares the id integration:stripe for another label
        metrics: { integrations: [{ name: 'stripe', label: 'stripe-v2' }] },
      }),
    );
    const discovery = integrationDiscovery!;
    expect(
      discoveredIntegrationById(discovery, 'integration:adyen')?.name,
    ).toBe('adyen');
    const shadowed = discoveredIntegrationById(
      discovery,
      'integration:stripe#discovered',
    );
    expect(shadowed).toMatchObject({
      id: 'integration:stripe#discovered',
      name: 'stripe',
    });
    expect(
      discoveredIntegrationById(discovery, 'integration:stripe-v2'),
    ).toBeUndefined();
    expect(discoveredIntegrationById(discovery, 'slo:adyen')).toBeUndefined();
  });

  it('discovers unclaimed labels as ownership gaps', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: {
          owner: 'identity-squad',
          integrations: [
            { name: 'ridely', target: 99 },
            { name: 'stripe', label: 'stripe-v2', alert: 'page' },
          ],
        },
      }),
    );
    const discovery = result.integrationDiscovery!;
    expect(discovery.claimedLabels).toEqual(['ridely', 'stripe-v2']);
    expect(
      discoveredIntegrationDefinition(discovery, 'ridely'),
    ).toBeUndefined();
    expect(
      discoveredIntegrationDefinition(discovery, 'stripe-v2'),
    ).toBeUndefined();
    expect(discoveredIntegrationDefinition(discovery, '')).toBeUndefined();
    expect(discoveredIntegrationDefinition(discovery, 'adyen')).toEqual({
      id: 'integration:adyen',
      kind: 'integration',
      name: 'adyen',
      entityRef: 'component:default/checkout',
      origin: 'discovered',
      source: 'prometheus',
      owner: 'group:default/identity-squad',
      alert: 'none',
      sensitive: false,
      hasOwner: true,
      hasTarget: false,
      hasAlert: false,
      gaps: ['no-target-or-alert'],
      ownershipGap: true,
      conventional: { service: 'checkout', label: 'adyen' },
      queries: {
        success:
          'sum(increase(integration_requests_total{service="checkout", integration="adyen", outcome="success"}[{{window}}])) or vector(0)',
        total:
          'sum(increase(integration_requests_total{service="checkout", integration="adyen"}[{{window}}]))',
        errorClasses:
          'sum by (error_class) (increase(integration_requests_total{service="checkout", integration="adyen", outcome="failure"}[{{window}}]))',
      },
    });
    // A discovered label equal to a declared name with another label keeps a unique id.
    expect(discoveredIntegrationDefinition(discovery, 'stripe')?.id).toBe(
      'integration:stripe#discovered',
    );
  });

  it('escapes discovered label values', () => {
    const discovery = resolveEntityMetrics(entity({ annotations: annotated }))
      .integrationDiscovery!;
    const definition = discoveredIntegrationDefinition(
      discovery,
      'x"} or vector(1) or {a="',
    )!;
    expect(definition.queries.total).toBe(
      'sum(increase(integration_requests_total{service="checkout", integration="x\\"} or vector(1) or {a=\\""}[{{window}}]))',
    );
  });

  it('can be turned off in the block', () => {
    const result = resolveEntityMetrics(
      entity({
        annotations: annotated,
        metrics: { discoverIntegrations: false },
      }),
    );
    expect(result.discoverIntegrations).toBe(false);
    expect(result.integrationDiscovery).toBeUndefined();
  });
});

describe('catalog values in PromQL', () => {
  it('keeps an injection attempt in the service annotation inside the string literal', () => {
    const evil = 'foo"} or vector(1) or {x="';
    const result = resolveEntityMetrics(
      entity({ annotations: { [SERVICE]: evil } }),
      {
        defaultSlos: DEFAULT_SLOS,
      },
    );
    const [slo] = result.definitions;
    expect(slo.kind === 'slo' && slo.queries.total).toBe(
      'sum(increase(http_server_requests_total{service="foo\\"} or vector(1) or {x=\\""}[{{window}}]))',
    );
    const rendered =
      slo.kind === 'slo' ? renderWindow(slo.queries.good, '5m') : '';
    expect(rendered.replace(/"(?:[^"\\\n]|\\.)*"/g, '""')).toBe(
      'sum(increase(http_server_requests_total{service="", code!~""}[5m])) or vector(0)',
    );
  });
});

describe('resolveEntityMetrics: OpenSLO items', () => {
  const GOOD =
    'sum(increase(http_server_requests_total{service="checkout",code!~"5.."}[{{window}}]))';
  const TOTAL =
    'sum(increase(http_server_requests_total{service="checkout"}[{{window}}]))';

  const native = {
    name: 'checkout-availability',
    description: 'Checkouts that do not fail with 5xx',
    objective: 99.5,
    window: '7d',
    alert: 'ticket',
    owner: 'group:default/identity',
    indicator: { ratio: { good: GOOD, total: TOTAL } },
  };

  const openSlo = {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: 'checkout-availability',
      labels: { 'metrics-suite.owner': 'group:default/identity' },
      annotations: { 'metrics-suite/alert': 'ticket' },
    },
    spec: {
      description: 'Checkouts that do not fail with 5xx',
      service: 'checkout',
      indicator: {
        metadata: { name: 'checkout-errors' },
        spec: {
          ratioMetric: {
            counter: true,
            good: {
              metricSource: { type: 'Prometheus', spec: { query: GOOD } },
            },
            total: {
              metricSource: { type: 'Prometheus', spec: { query: TOTAL } },
            },
          },
        },
      },
      timeWindow: [{ duration: '7d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: 'Good', target: 0.995 }],
    },
  };

  it('gives the same definition as the equivalent native item', () => {
    const [fromNative] = resolveEntityMetrics(
      entity({ metrics: { slos: [native] } }),
    ).definitions;
    const result = resolveEntityMetrics(
      entity({ metrics: { slos: [openSlo] } }),
    );
    expect(result.problems).toEqual([]);
    // The same but for where its fields are written, for the checks that report on them.
    const { fieldPaths, ...rest } = result.definitions[0] as SloDefinition;
    expect(rest).toEqual(fromNative);
    expect(fieldPaths).toEqual({
      window: 'metadata.metrics.slos[0].spec.timeWindow[0].duration',
      good: 'metadata.metrics.slos[0].spec.indicator.spec.ratioMetric.good.metricSource.spec.query',
      total:
        'metadata.metrics.slos[0].spec.indicator.spec.ratioMetric.total.metricSource.spec.query',
    });
    expect(catalogPromqlOf(result.definitions[0]).map(q => q.path)).toEqual([
      fieldPaths!.good,
      fieldPaths!.total,
    ]);
    expect(fromNative).toMatchObject({
      id: 'slo:checkout-availability',
      path: 'metadata.metrics.slos[0]',
      objective: 99.5,
      owner: 'group:default/identity',
      alert: 'ticket',
      queries: { good: GOOD, total: TOTAL },
    });
  });

  it('reports an invalid OpenSLO item at its path and keeps its siblings', () => {
    const result = resolveEntityMetrics(
      entity({
        metrics: {
          slos: [
            native,
            {
              ...openSlo,
              metadata: { ...openSlo.metadata, name: 'checkout-latency' },
              spec: { ...openSlo.spec, budgetingMethod: 'Timeslices' },
            },
          ],
        },
      }),
    );
    expect(result.definitions.map(d => d.id)).toEqual([
      'slo:checkout-availability',
    ]);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.slos[1].spec.budgetingMethod',
        message: 'only Occurrences is supported, got Timeslices',
      },
    ]);
  });

  it('reports a name a native item already uses at the field the name is read from', () => {
    const named = {
      ...openSlo,
      metadata: {
        ...openSlo.metadata,
        name: 'checkout-checkout-availability',
        annotations: { 'metrics-suite/name': 'checkout-availability' },
      },
    };
    const result = resolveEntityMetrics(
      entity({ metrics: { slos: [native, named, { ...openSlo }] } }),
    );
    expect(result.definitions).toHaveLength(1);
    expect(result.problems).toEqual([
      {
        path: 'metadata.metrics.slos[1].metadata.annotations["metrics-suite/name"]',
        message:
          'duplicate name "checkout-availability"; already used by metadata.metrics.slos[0]',
      },
      {
        path: 'metadata.metrics.slos[2].metadata.name',
        message:
          'duplicate name "checkout-availability"; already used by metadata.metrics.slos[0]',
      },
    ]);
  });
});
