import {
  metricsBlockSchema,
  parseDefinition,
  sloItemSchema,
} from '../definitions/schema';
import { GOOD, TOTAL } from '../definitions/testFixtures';
import { isOpenSloItem, openSloItemName } from './parse';

const BASE = 'metadata.metrics.slos[2]';
const RATIO = `${BASE}.spec.indicator.spec.ratioMetric`;
const BAD =
  'sum(increase(http_server_requests_total{service="checkout",code=~"5.."}[{{window}}]))';

function prometheus(query: string) {
  return { metricSource: { type: 'Prometheus', spec: { query } } };
}

/** An OpenSLO SLO document as YAML hands it over, changed by `edit`. */
function doc(edit: (d: any) => void = () => {}) {
  const d: any = {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: {
      name: 'checkout-availability',
      displayName: 'Checkout availability',
      labels: {
        'metrics-suite.entity': 'component:default/checkout',
        'metrics-suite.owner': 'group:default/payments',
        tier: ['gold', 'eu'],
      },
      annotations: {
        'metrics-suite/alert': 'page',
        'dashboards.example.com/url': 'https://grafana.example.com/d/1',
      },
    },
    spec: {
      description: 'Checkouts that do not fail with 5xx',
      service: 'checkout',
      indicator: {
        metadata: { name: 'checkout-errors' },
        spec: {
          ratioMetric: {
            counter: true,
            good: prometheus(GOOD),
            total: prometheus(TOTAL),
          },
        },
      },
      timeWindow: [{ duration: '28d', isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: 'Good', target: 0.999 }],
    },
  };
  edit(d);
  return d;
}

function parse(value: unknown) {
  return parseDefinition(sloItemSchema, value, BASE);
}

function problems(edit: (d: any) => void) {
  return parse(doc(edit)).problems;
}

describe('OpenSLO items of metadata.metrics.slos', () => {
  it('reads a document into the input of a native ratio SLO', () => {
    expect(parse(doc())).toEqual({
      success: true,
      problems: [],
      data: {
        name: 'checkout-availability',
        description: 'Checkouts that do not fail with 5xx',
        objective: 99.9,
        window: '28d',
        indicator: { ratio: { good: GOOD, total: TOTAL } },
        alert: 'page',
        owner: 'group:default/payments',
      },
    });
  });

  it('reads the suite name, sensitive, targetPercent and a missing window', () => {
    const result = parse(
      doc(d => {
        d.metadata.annotations = {
          'metrics-suite/name': 'availability',
          'metrics-suite/sensitive': 'true',
        };
        delete d.metadata.labels;
        delete d.spec.description;
        delete d.spec.timeWindow;
        d.spec.objectives = [{ targetPercent: 99.95 }];
      }),
    );
    expect(result).toEqual({
      success: true,
      problems: [],
      data: {
        name: 'availability',
        objective: 99.95,
        indicator: { ratio: { good: GOOD, total: TOTAL } },
        sensitive: true,
      },
    });
  });

  it('turns bad and total into good = total - bad, a missing bad series counting as 0', () => {
    const result = parse(
      doc(d => {
        delete d.spec.indicator.spec.ratioMetric.good;
        d.spec.indicator.spec.ratioMetric.bad = prometheus(BAD);
      }),
    );
    expect(result.success && result.data.indicator).toEqual({
      ratio: {
        good: `sum(${TOTAL}) - (sum(${BAD}) or vector(0))`,
        total: TOTAL,
      },
    });
  });

  it("accepts any case of Prometheus, Sloth's {{.window}} and counter left out", () => {
    const sloth = 'sum(increase(http_server_requests_total[{{.window}}]))';
    const result = parse(
      doc(d => {
        const ratio = d.spec.indicator.spec.ratioMetric;
        delete ratio.counter;
        ratio.good.metricSource.type = 'prometheus';
        ratio.total = prometheus(sloth);
      }),
    );
    expect(result.problems).toEqual([]);
    expect(result.success && result.data.indicator?.ratio?.total).toBe(sloth);
  });

  it('reports what the suite does not support, at its path', () => {
    expect(problems(d => (d.spec.budgetingMethod = 'Timeslices'))).toEqual([
      {
        path: `${BASE}.spec.budgetingMethod`,
        message: 'only Occurrences is supported, got Timeslices',
      },
    ]);
    expect(
      problems(d => {
        d.spec.timeWindow = [
          {
            duration: '1M',
            calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'UTC' },
            isRolling: false,
          },
        ];
      }),
    ).toEqual([
      {
        path: `${BASE}.spec.timeWindow[0].duration`,
        message:
          'is 1M: months, quarters and years have no fixed length; write the window in m, h, d or w, e.g. 28d',
      },
      {
        path: `${BASE}.spec.timeWindow[0].calendar`,
        message:
          'calendar-aligned windows are not supported: use a rolling window (isRolling: true)',
      },
    ]);
    expect(problems(d => (d.spec.timeWindow[0].isRolling = false))).toEqual([
      {
        path: `${BASE}.spec.timeWindow[0].isRolling`,
        message: 'must be true: only rolling windows are supported',
      },
    ]);
    expect(
      problems(d => {
        d.spec.objectives.push({ displayName: 'Stretch', target: 0.9995 });
      }),
    ).toEqual([
      {
        path: `${BASE}.spec.objectives`,
        message:
          'must have exactly one objective, got 2; write one item per objective',
      },
    ]);
    expect(
      problems(d => {
        d.spec.indicator.spec = {
          thresholdMetric: prometheus('histogram_quantile(0.95, x)'),
        };
      }),
    ).toEqual([
      {
        path: `${BASE}.spec.indicator.spec.thresholdMetric`,
        message:
          'threshold SLIs are not supported: use a ratioMetric with good (or bad) and total',
      },
    ]);
    expect(
      problems(d => {
        d.spec.indicator.spec.ratioMetric = {
          rawType: 'success',
          raw: prometheus('avg_over_time(ratio[{{window}}])'),
        };
      }),
    ).toEqual(
      ['rawType', 'raw'].map(key => ({
        path: `${RATIO}.${key}`,
        message:
          'raw (precomputed) ratios are not supported: give good (or bad) and total counts',
      })),
    );
    expect(
      problems(d => {
        d.spec.indicatorRef = 'checkout-errors';
        delete d.spec.indicator;
        d.spec.alertPolicies = [{ alertPolicyRef: 'page-fast' }];
      }),
    ).toEqual([
      {
        path: `${BASE}.spec.indicatorRef`,
        message:
          'references to separate SLI documents are not supported: write the SLI inline under "indicator"',
      },
      {
        path: `${BASE}.spec.alertPolicies`,
        message:
          'alert policies are not read: declare the alert level in the metrics-suite/alert annotation (page, ticket or none)',
      },
    ]);
    expect(
      problems(d => {
        d.spec.objectives[0].timeSliceTarget = 0.95;
        d.spec.objectives[0].op = 'lte';
      }),
    ).toEqual([
      {
        path: `${BASE}.spec.objectives[0].op`,
        message:
          'threshold SLIs are not supported: use a ratioMetric with good (or bad) and total (op and value are for thresholds)',
      },
      {
        path: `${BASE}.spec.objectives[0].timeSliceTarget`,
        message: 'is for Timeslices budgeting; only Occurrences is supported',
      },
    ]);
  });

  it('checks the envelope and the metric sources', () => {
    expect(
      problems(d => {
        d.apiVersion = 'openslo/v1alpha';
        d.kind = 'SLI';
      }),
    ).toEqual([
      {
        path: `${BASE}.apiVersion`,
        message: 'only openslo/v1 is supported, got "openslo/v1alpha"',
      },
      {
        path: `${BASE}.kind`,
        message:
          'must be SLO: only SLO documents declare an SLO here, got "SLI"',
      },
    ]);
    expect(
      problems(d => {
        const { good } = d.spec.indicator.spec.ratioMetric;
        good.metricSource.type = 'Datadog';
        good.metricSource.metricSourceRef = 'datadog-eu';
      }),
    ).toEqual([
      {
        path: `${RATIO}.good.metricSource.type`,
        message: 'only Prometheus is supported, got "Datadog"',
      },
      {
        path: `${RATIO}.good.metricSource.metricSourceRef`,
        message:
          "DataSource references are not supported: the Prometheus instance is the entity's metrics-suite/prometheus-instance annotation",
      },
    ]);
    expect(
      problems(d => (d.spec.indicator.spec.ratioMetric.counter = false)),
    ).toEqual([
      {
        path: `${RATIO}.counter`,
        message:
          'must be true (or left out): good and total are counts of events over {{window}}',
      },
    ]);
    expect(
      problems(d => {
        d.spec.indicator.spec.ratioMetric.bad = prometheus(BAD);
        delete d.spec.indicator.spec.ratioMetric.total;
      }),
    ).toEqual([
      {
        path: `${RATIO}.bad`,
        message: 'cannot be combined with "good"; give one of them',
      },
      { path: `${RATIO}.total`, message: 'is required' },
    ]);
    expect(
      problems(d => delete d.spec.indicator.spec.ratioMetric.good),
    ).toEqual([
      { path: RATIO, message: 'must have "good" or "bad", and "total"' },
    ]);
    expect(problems(d => delete d.spec.indicator)).toEqual([
      { path: `${BASE}.spec.indicator`, message: 'is required' },
    ]);
  });

  it('checks PromQL like a native ratio SLO, at the query it is in', () => {
    expect(
      problems(d => {
        const ratio = d.spec.indicator.spec.ratioMetric;
        delete ratio.good;
        ratio.bad = prometheus('sum(increase(errors_total[5m]))');
      }),
    ).toEqual([
      {
        path: `${RATIO}.bad.metricSource.spec.query`,
        message:
          'must contain {{window}} where the range goes, e.g. sum(increase(my_metric_total[{{window}}])); for a gauge use avg_over_time(my_gauge[{{window}}])',
      },
    ]);
    const [problem] = problems(
      d =>
        (d.spec.indicator.spec.ratioMetric.total.metricSource.spec.query =
          'sum(increase(x[{{window}}])'),
    );
    expect(problem.path).toBe(`${RATIO}.total.metricSource.spec.query`);
    expect(problem.message).toMatch(/^has a syntax error/);
  });

  it('checks the objective', () => {
    expect(problems(d => (d.spec.objectives[0].target = 99.9))).toEqual([
      {
        path: `${BASE}.spec.objectives[0].target`,
        message:
          'must be a fraction above 0 and below 1 (0.999 for 99.9 %), got 99.9',
      },
    ]);
    expect(problems(d => (d.spec.objectives[0].target = 0.005))).toEqual([
      {
        path: `${BASE}.spec.objectives[0].target`,
        message:
          'is 0.5 %; objectives of at most 1 % are not accepted (target is a fraction: 0.999 is 99.9 %)',
      },
    ]);
    expect(problems(d => (d.spec.objectives[0].targetPercent = 99))).toEqual([
      {
        path: `${BASE}.spec.objectives[0].targetPercent`,
        message: 'cannot be combined with "target"; give one of them',
      },
    ]);
    expect(problems(d => (d.spec.objectives = [{}]))).toEqual([
      {
        path: `${BASE}.spec.objectives[0]`,
        message:
          'must have "target" (a fraction, 0.999) or "targetPercent" (99.9)',
      },
    ]);
    // targetPercent is a percentage: the native checks and messages apply.
    expect(
      problems(d => (d.spec.objectives = [{ targetPercent: 0.999 }])),
    ).toEqual([
      {
        path: `${BASE}.spec.objectives[0].targetPercent`,
        message: 'is a percentage: 0.999 means 0.999 %; write 99.9 for 99.9 %',
      },
    ]);
  });

  it('applies the native checks to what it reads, at the fields they come from', () => {
    expect(
      problems(d => {
        d.metadata.name = 'Checkout_API';
        d.metadata.annotations['metrics-suite/alert'] = 'pager';
        d.metadata.labels['metrics-suite.owner'] = ['payments', 'checkout'];
        d.spec.description = 'x'.repeat(1001);
        d.spec.timeWindow[0].duration = '1h30m';
      }),
    ).toEqual([
      {
        path: `${BASE}.metadata.name`,
        message:
          'must start with a lowercase letter or digit and hold only lowercase letters, digits, "-", "_" and "."',
      },
      {
        path: `${BASE}.spec.description`,
        message: 'must be at most 1000 characters',
      },
      {
        path: `${BASE}.metadata.annotations["metrics-suite/alert"]`,
        message:
          'must be one of "page", "ticket", "none"; got the string "pager"',
      },
      {
        path: `${BASE}.metadata.labels["metrics-suite.owner"]`,
        message: 'must be a string, got a list',
      },
      {
        path: `${BASE}.spec.timeWindow[0].duration`,
        message: 'must be a whole number followed by m, h, d or w, e.g. 28d',
      },
    ]);
    expect(
      problems(d => (d.metadata.annotations['metrics-suite/name'] = 'Avail')),
    ).toEqual([
      {
        path: `${BASE}.metadata.annotations["metrics-suite/name"]`,
        message:
          'must start with a lowercase letter or digit and hold only lowercase letters, digits, "-", "_" and "."',
      },
    ]);
  });

  it("checks the suite's own annotations and labels, and unknown fields", () => {
    expect(
      problems(d => {
        d.metadata.annotations['metrics-suite/sensitive'] = 'yes';
        d.metadata.annotations['metrics-suite/severity'] = 'page';
        d.metadata.labels['metrics-suite.team'] = 'payments';
        d.metadata.labels.tier = 3;
        d.spec.objectivs = d.spec.objectives;
      }),
    ).toEqual([
      {
        path: `${BASE}.metadata.labels.tier`,
        message: 'must be a string or a list of strings',
      },
      {
        path: `${BASE}.metadata.labels["metrics-suite.team"]`,
        message:
          'unknown label of the suite; known: metrics-suite.entity, metrics-suite.owner',
      },
      {
        path: `${BASE}.metadata.annotations["metrics-suite/sensitive"]`,
        message: 'must be "true" or "false", got "yes"',
      },
      {
        path: `${BASE}.metadata.annotations["metrics-suite/severity"]`,
        message:
          'unknown annotation of the suite; known: metrics-suite/name, metrics-suite/alert, metrics-suite/sensitive, metrics-suite/error-budget-policy',
      },
      {
        path: `${BASE}.spec.objectivs`,
        message: 'unknown field; did you mean "objectives"?',
      },
    ]);
  });

  it('reads the error-budget policy from its annotation, problems at the annotation', () => {
    const policy = [{ name: 'freeze', below: 0, action: 'Freeze releases' }];
    const read = parse(
      doc(d => {
        d.metadata.annotations['metrics-suite/error-budget-policy'] =
          JSON.stringify(policy);
      }),
    );
    expect(read.success && read.data.policy).toEqual(policy);

    const KEY = `${BASE}.metadata.annotations["metrics-suite/error-budget-policy"]`;
    expect(
      problems(d => {
        d.metadata.annotations['metrics-suite/error-budget-policy'] =
          'freeze below 0';
      }),
    ).toEqual([
      {
        path: KEY,
        message:
          'must be the policy\'s steps as a JSON list, e.g. [{"name":"freeze","below":0,"action":"Freeze risky releases"}]',
      },
    ]);
    expect(
      problems(d => {
        d.metadata.annotations['metrics-suite/error-budget-policy'] =
          JSON.stringify([...policy, { ...policy[0], below: 5 }]);
      }),
    ).toEqual([
      {
        path: `${KEY}[1].name`,
        message: 'duplicate step name "freeze"; already used by step 0',
      },
    ]);
  });

  it('tells OpenSLO items from native ones and finds their name', () => {
    expect(isOpenSloItem(doc())).toBe(true);
    expect(isOpenSloItem({ kind: 'SLO' })).toBe(true);
    expect(isOpenSloItem({ name: 'availability', objective: 99.9 })).toBe(
      false,
    );
    expect(openSloItemName(doc())).toEqual({
      value: 'checkout-availability',
      path: ['metadata', 'name'],
    });
    expect(
      openSloItemName(
        doc(d => (d.metadata.annotations['metrics-suite/name'] = 'avail')),
      ),
    ).toEqual({
      value: 'avail',
      path: ['metadata', 'annotations', 'metrics-suite/name'],
    });
    expect(openSloItemName({ name: 'availability' })).toBeUndefined();
  });

  it('are accepted by the schema of the whole block', () => {
    const result = parseDefinition(
      metricsBlockSchema,
      { slos: [doc(), { name: 'availability', objective: 99.9 }] },
      'metadata.metrics',
    );
    expect(result.success && result.data.slos?.map(slo => slo.name)).toEqual([
      'checkout-availability',
      'availability',
    ]);
  });

  it('leaves native items to the native schema', () => {
    expect(
      parse({ name: 'availability', objective: 99.9, windw: '7d' }).problems,
    ).toEqual([
      {
        path: `${BASE}.windw`,
        message: 'unknown field; did you mean "window"?',
      },
    ]);
  });
});
