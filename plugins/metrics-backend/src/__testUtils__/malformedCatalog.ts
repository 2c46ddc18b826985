import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';

/*
 * A catalog of entities that each get one thing wrong (or try something), for the test that
 * resolves them all through resolveForView (src/integration/malformedCatalog.test.ts).
 */

/** The configuration the catalog is resolved with. */
export const MALFORMED_CATALOG_CONFIG: JsonObject = {
  prometheus: {
    limits: { maxSloWindow: '90d', maxQueryRange: '30d' },
    instances: [
      {
        name: 'main',
        baseUrl: 'http://prometheus.internal:9090',
        default: true,
        catalogQueries: {
          policy: 'scoped',
          grants: [
            {
              owner: 'group:default/payments',
              matchers: { namespace: 'payments' },
            },
          ],
        },
      },
      {
        name: 'tenant-b',
        baseUrl: 'http://mimir.internal/prometheus',
        headers: { 'X-Scope-OrgID': 'tenant-b' },
        allowedOwners: ['group:default/tenant-b'],
      },
      {
        name: 'tenant-ns',
        baseUrl: 'http://mimir.internal/prometheus',
        headers: { 'X-Scope-OrgID': 'tenant-ns' },
        allowedNamespaces: ['tenant-ns'],
      },
      {
        name: 'strict',
        baseUrl: 'http://strict.internal:9090',
        catalogQueries: { policy: 'none' },
      },
      {
        name: 'open',
        baseUrl: 'http://open.internal:9090',
        catalogQueries: { policy: 'any' },
      },
    ],
  },
  defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
};

/** One entity and what resolving it must give. */
export interface MalformedCase {
  /** What is wrong with it, for the test's name. */
  what: string;
  entity: Entity;
  /** Problems it must report: the path of the field and what the message says. */
  problems: Array<{ path: string; message: RegExp }>;
  /** Ids of definitions that must not be left to run. */
  refused: string[];
  /** Ids of definitions beside them that must be kept. */
  kept?: string[];
  /** The entity must get no Prometheus instance at all. */
  noInstance?: boolean;
}

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';
const INSTANCE_PATH = `metadata.annotations.${INSTANCE}`;

function component(
  name: string,
  options: {
    annotations?: Record<string, string>;
    metrics?: unknown;
    owner?: string;
    namespace?: string;
  } = {},
): Entity {
  const owner = options.owner ?? 'squad-x';
  const namespace = options.namespace ?? 'default';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace,
      annotations: { [SERVICE]: name, ...options.annotations },
      ...(options.metrics !== undefined
        ? { metrics: options.metrics as JsonObject }
        : {}),
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [
      {
        type: 'ownedBy',
        targetRef: owner.includes(':') ? owner : `group:${namespace}/${owner}`,
      },
    ],
  };
}

const kpi = (name: string, query: string, extra: JsonObject = {}) => ({
  name,
  bucket: 'usage',
  query,
  ...extra,
});

const ratioSlo = (name: string, good: string, total: string) => ({
  name,
  objective: 99,
  indicator: { ratio: { good, total } },
});

const scoped = (service: string, metric = 'requests_total') =>
  `sum(increase(${metric}{service="${service}"}[{{window}}]))`;

const SCOPED_BY = /\(catalogQueries: scoped on instance "main"\)$/;

export const MALFORMED_CATALOG: MalformedCase[] = [
  {
    what: 'a query cut short',
    entity: component('cut-short', {
      metrics: {
        kpis: [
          kpi('cut', 'sum(increase(x{service="cut-short"}[{{window}}])'),
          kpi('fine', scoped('cut-short')),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^has a syntax error at the end /,
      },
    ],
    refused: ['kpi:cut'],
    kept: ['kpi:fine'],
  },
  {
    what: 'trailing garbage after the expression',
    entity: component('garbage', {
      metrics: {
        slos: [
          ratioSlo(
            'success',
            `${scoped('garbage', 'ok_total')} foo`,
            scoped('garbage'),
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.good',
        message: /^has a syntax error at character 56 /,
      },
    ],
    refused: ['slo:success'],
  },
  {
    what: 'a selector without the service matcher',
    entity: component('unscoped', {
      metrics: {
        kpis: [kpi('signups', 'sum(increase(signups_total[{{window}}]))')],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message:
          /^selector signups_total has no service="unscoped" matcher \(catalogQueries/,
      },
    ],
    refused: ['kpi:signups'],
    kept: ['slo:availability'],
  },
  {
    what: "a copy of another team's query",
    entity: component('copycat', {
      metrics: {
        slos: [
          ratioSlo(
            'payments',
            scoped('payment-gateway', 'payments_ok_total'),
            scoped('payment-gateway', 'payments_total'),
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.good',
        message:
          /^selector payments_ok_total\{service="payment-gateway"\} has no service="copycat" matcher/,
      },
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.total',
        message: SCOPED_BY,
      },
    ],
    refused: ['slo:payments'],
  },
  {
    what: 'every series of the instance by a __name__ regex',
    entity: component('everything', {
      metrics: {
        kpis: [
          kpi(
            'all-series',
            'count(count_over_time({__name__=~".+", service="everything"}[{{window}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /matches metric names with a regex or a negative __name__/,
      },
    ],
    refused: ['kpi:all-series'],
  },
  {
    what: 'a probe of callers by a regex, without a metric name',
    entity: component('prober', {
      metrics: {
        integrations: [
          {
            name: 'probe',
            success: 'sum(increase({caller=~"b.*"}[{{window}}]))',
            total: scoped('prober'),
          },
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.integrations[0].success',
        message: /^selector \{caller=~"b\.\*"\} names no metric/,
      },
      {
        path: 'metadata.metrics.integrations[0].success',
        message: /has no service="prober" matcher/,
      },
    ],
    refused: ['integration:probe'],
  },
  {
    what: 'the service matched by a regex',
    entity: component('regex-service', {
      metrics: {
        kpis: [
          kpi(
            'wide',
            'sum(increase(requests_total{service=~"regex-service|payment-gateway"}[{{window}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /has no service="regex-service" matcher/,
      },
    ],
    refused: ['kpi:wide'],
  },
  {
    what: 'a range longer than maxQueryRange',
    entity: component('long-range', {
      metrics: {
        kpis: [
          kpi(
            'ten-years',
            'sum(rate(requests_total{service="long-range"}[520w])) + sum(increase(requests_total{service="long-range"}[{{window}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message:
          /^range \[520w\] reads 3640d, longer than 30d \(limits\.maxQueryRange of instance "main"\)$/,
      },
    ],
    refused: ['kpi:ten-years'],
  },
  {
    what: 'a subquery longer than maxQueryRange, on an instance that runs any PromQL',
    entity: component('long-subquery', {
      annotations: { [INSTANCE]: 'open' },
      metrics: {
        kpis: [
          kpi(
            'peak',
            'max_over_time(rate(anything_total[{{window}}])[400d:1h])',
          ),
          kpi('any-query', 'sum(increase(anything_total[{{window}}]))'),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^range \[400d\] reads 400d, longer than 30d/,
      },
    ],
    refused: ['kpi:peak'],
    kept: ['kpi:any-query'],
  },
  {
    what: 'a range computed from {{window}}',
    entity: component('scaled-window', {
      metrics: {
        kpis: [
          kpi(
            'scaled',
            'sum(increase(requests_total{service="scaled-window"}[{{window}} * 1000]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message:
          /^range \[\{\{window\}\} \* 1000\] is computed from \{\{window\}\}/,
      },
    ],
    refused: ['kpi:scaled'],
  },
  {
    what: 'a range that cannot be known before the query runs',
    entity: component('step-range', {
      metrics: {
        kpis: [
          kpi(
            'stepped',
            'sum(rate(requests_total{service="step-range"}[step()])) + sum(increase(requests_total{service="step-range"}[{{window}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^range \[step\(\)\] cannot be known before the query runs/,
      },
    ],
    refused: ['kpi:stepped'],
  },
  {
    what: 'an SLO window longer than maxSloWindow',
    entity: component('long-window', {
      metrics: {
        slos: [
          { name: 'yearly', objective: 99.9, window: '52w' },
          { name: 'monthly', objective: 99.9, window: '28d' },
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.slos[0].window',
        message:
          /^is 52w, longer than the 90d instance "main" allows \(limits\.maxSloWindow\)$/,
      },
    ],
    refused: ['slo:yearly'],
    kept: ['slo:monthly'],
  },
  {
    what: "another tenant's instance, by owner",
    entity: component('tenant-hop', {
      annotations: { [INSTANCE]: 'tenant-b' },
      metrics: { kpis: [kpi('theirs', scoped('tenant-hop'))] },
    }),
    problems: [
      {
        path: INSTANCE_PATH,
        message:
          /^the Prometheus instance "tenant-b" is restricted to the owners listed in its configuration \(allowedOwners\); this entity \(owner group:default\/squad-x, namespace default\) may not use it$/,
      },
    ],
    refused: [],
    noInstance: true,
  },
  {
    what: "another tenant's instance, by catalog namespace",
    entity: component('namespace-hop', {
      annotations: { [INSTANCE]: 'tenant-ns' },
    }),
    problems: [
      {
        path: INSTANCE_PATH,
        message:
          /^the Prometheus instance "tenant-ns" is restricted to the catalog namespaces listed/,
      },
    ],
    refused: [],
    noInstance: true,
  },
  {
    what: 'an instance that is not configured',
    entity: component('nowhere', {
      annotations: { [INSTANCE]: 'nowhere' },
      metrics: { kpis: [kpi('lost', scoped('nowhere'))] },
    }),
    problems: [
      {
        path: INSTANCE_PATH,
        message:
          /^no Prometheus instance "nowhere" is configured \(configured: "main", "tenant-b"/,
      },
    ],
    refused: [],
    noInstance: true,
  },
  {
    what: 'catalog PromQL on an instance that runs none',
    entity: component('strict-user', {
      annotations: { [INSTANCE]: 'strict' },
      metrics: {
        kpis: [kpi('mine', scoped('strict-user'))],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message:
          /^is not run: instance "strict" runs no PromQL from the catalog \(catalogQueries: none\); this instance only runs annotations and conventions$/,
      },
    ],
    refused: ['kpi:mine'],
    kept: ['slo:availability'],
  },
  {
    what: "a definition that names another owner to borrow that owner's grant",
    entity: component('borrower', {
      metrics: {
        kpis: [
          kpi(
            'borrowed',
            'sum(increase(payments_total{namespace="payments"}[{{window}}]))',
            { owner: 'group:default/payments' },
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        // The grant is the entity owner's to use, not a definition's.
        message: /has no service="borrower" matcher \(catalogQueries/,
      },
    ],
    refused: ['kpi:borrowed'],
  },
  {
    what: 'objectives written as fractions or without budget',
    entity: component('bad-objectives', {
      metrics: {
        slos: [
          { name: 'fraction', objective: 0.999 },
          { name: 'perfect', objective: 100 },
          { name: 'fine', objective: 99.5 },
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.slos[0].objective',
        message: /^is a percentage: 0\.999 means 0\.999 %/,
      },
      {
        path: 'metadata.metrics.slos[1].objective',
        message: /100 leaves no error budget/,
      },
    ],
    refused: ['slo:fraction', 'slo:perfect'],
    kept: ['slo:fine'],
  },
  {
    what: 'values of the wrong type',
    entity: component('wrong-types', {
      metrics: {
        slos: [{ name: 'text', objective: '99.9' }],
        kpis: [
          { name: 'numbered', bucket: 42, query: scoped('wrong-types') },
          { name: 'listed', bucket: 'usage', query: [scoped('wrong-types')] },
        ],
      },
    }),
    problems: [
      { path: 'metadata.metrics.slos[0].objective', message: /number/ },
      { path: 'metadata.metrics.kpis[0].bucket', message: /usage/ },
      { path: 'metadata.metrics.kpis[1].query', message: /string/ },
    ],
    refused: ['slo:text', 'kpi:numbered', 'kpi:listed'],
  },
  {
    what: 'PromQL without {{window}} and with an unknown placeholder',
    entity: component('no-window', {
      metrics: {
        slos: [
          ratioSlo(
            'fixed',
            'sum(rate(ok_total{service="no-window"}[5m]))',
            scoped('no-window'),
          ),
        ],
        kpis: [
          kpi(
            'ranged',
            'sum(increase(x_total{service="no-window"}[{{range}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.good',
        message: /^must contain \{\{window\}\} where the range goes/,
      },
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^has an unknown placeholder "\{\{range\}\}"/,
      },
    ],
    refused: ['slo:fixed', 'kpi:ranged'],
  },
  {
    what: 'quotes that try to close the matcher early',
    entity: component('quoter', {
      metrics: {
        kpis: [
          kpi(
            'injected',
            'sum(increase(x_total{service="quoter\\"} or vector(1) or {x=\\""}[{{window}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /has no service="quoter" matcher/,
      },
    ],
    refused: ['kpi:injected'],
  },
  {
    what: 'a line break inside a label value',
    entity: component('newline', {
      metrics: {
        kpis: [
          kpi(
            'broken',
            'sum(increase(x_total{service="newline\n"}[{{window}}]))',
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /the string is cut by a line break; write \\n instead$/,
      },
    ],
    refused: ['kpi:broken'],
  },
  {
    what: 'a query longer than 10,000 characters',
    entity: component('too-long', {
      metrics: {
        kpis: [kpi('huge', `${scoped('too-long')} + ${'0 + '.repeat(2600)}0`)],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^is too long \(\d+ characters, at most 10000\)$/,
      },
    ],
    refused: ['kpi:huge'],
  },
  {
    what: 'hundreds of unscoped selectors in one query',
    entity: component('many-selectors', {
      metrics: {
        kpis: [
          kpi(
            'flood',
            Array.from(
              { length: 200 },
              (_, i) => `sum(increase(m${i}[{{window}}]))`,
            ).join(' + '),
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^has 195 more problem\(s\) like these$/,
      },
    ],
    refused: ['kpi:flood'],
  },
  {
    what: 'deeply nested parentheses around an unscoped selector',
    entity: component('nested', {
      metrics: {
        kpis: [
          kpi(
            'deep',
            `${'('.repeat(2000)}sum(increase(x_total[{{window}}]))${')'.repeat(
              2000,
            )}`,
          ),
        ],
      },
    }),
    problems: [
      {
        path: 'metadata.metrics.kpis[0].query',
        message: /^selector x_total has no service="nested" matcher/,
      },
    ],
    refused: ['kpi:deep'],
  },
  {
    what: 'a metrics block that is not an object',
    entity: component('not-a-block', { metrics: 'slos: everything' }),
    problems: [
      {
        path: 'metadata.metrics',
        message:
          /^must be an object with "slos", "integrations" and\/or "kpis"$/,
      },
    ],
    refused: [],
  },
];

/** Entities that do it right: nothing of theirs may be refused. */
export const WELL_FORMED_CATALOG: Entity[] = [
  component('scoped', {
    metrics: {
      slos: [
        ratioSlo(
          'success',
          'sum(increase(requests_total{service="scoped",code!~"5.."}[{{window}}]))',
          scoped('scoped'),
        ),
      ],
      integrations: [
        {
          name: 'bank',
          success:
            'sum(increase(bank_calls_total{service="scoped",result="ok"}[{{window}}])) or vector(0)',
          total: scoped('scoped', 'bank_calls_total'),
        },
      ],
    },
  }),
  component('granted', {
    owner: 'payments',
    metrics: {
      kpis: [
        kpi(
          'ledger',
          'sum(increase(ledger_entries_total{namespace="payments"}[{{window}}]))',
        ),
      ],
    },
  }),
  component('allowed-tenant', {
    owner: 'tenant-b',
    annotations: { [INSTANCE]: 'tenant-b' },
    metrics: { kpis: [kpi('own', scoped('allowed-tenant'))] },
  }),
];
