import {
  checkOwnerRef,
  formatProblemPath,
  integrationDefinitionSchema,
  kpiDefinitionSchema,
  metricsBlockSchema,
  parseDefinition,
  sloDefinitionSchema,
} from './schema';
import { FULL_EXAMPLE, GOOD, TOTAL } from './testFixtures';

const BASE = 'metadata.metrics';

/** Problems of parsing a whole block. */
function problemsOf(block: unknown) {
  return parseDefinition(metricsBlockSchema, block, BASE).problems;
}

function sloProblems(slo: Record<string, unknown>) {
  return parseDefinition(
    sloDefinitionSchema,
    { name: 'checkout', objective: 99.5, window: '28d', ...slo },
    `${BASE}.slos[0]`,
  ).problems;
}

describe('metricsBlockSchema', () => {
  it('accepts the full README example', () => {
    const result = parseDefinition(metricsBlockSchema, FULL_EXAMPLE, BASE);
    expect(result.problems).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('accepts an empty block and empty lists', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ slos: [], integrations: [], kpis: [] })).toEqual([]);
  });

  it('defaults the source of integrations and KPIs to prometheus', () => {
    const result = parseDefinition(
      integrationDefinitionSchema,
      { name: 'ridely' },
      'x',
    );
    expect(result.success && result.data).toEqual({
      name: 'ridely',
      source: 'prometheus',
    });
  });

  it('reports unknown fields one by one, with a suggestion', () => {
    expect(
      problemsOf({
        slo: [],
        slos: [{ name: 'a', objectve: 99, objective: 99, foo: 1 }],
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].objectve',
        message: 'unknown field; did you mean "objective"?',
      },
      { path: 'metadata.metrics.slos[0].foo', message: 'unknown field' },
      {
        path: 'metadata.metrics.slo',
        message: 'unknown field; did you mean "slos"?',
      },
    ]);
  });

  it('reports duplicate names within a list', () => {
    expect(
      problemsOf({
        slos: [
          { name: 'a', objective: 99 },
          { name: 'b', objective: 99 },
          { name: 'a', objective: 98 },
        ],
        kpis: [{ name: 'a', bucket: 'usage', query: 'x[{{window}}]' }],
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[2].name',
        message: 'duplicate name "a"; already used by item 0',
      },
    ]);
  });

  it('rejects a block that is not an object', () => {
    expect(problemsOf('slos')).toEqual([
      {
        path: 'metadata.metrics',
        message: 'must be an object (key: value pairs), got the string "slos"',
      },
    ]);
    expect(problemsOf({ slos: { name: 'a' } })).toEqual([
      {
        path: 'metadata.metrics.slos',
        message: 'must be a list, got an object',
      },
    ]);
  });

  it('rejects more than 50 items', () => {
    const slos = Array.from({ length: 51 }, (_, i) => ({
      name: `s${i}`,
      objective: 99,
    }));
    expect(problemsOf({ slos })).toEqual([
      {
        path: 'metadata.metrics.slos',
        message: 'has more than 50 items; at most 50 are read',
      },
    ]);
  });
});

describe('SLO fields', () => {
  it('checks the name', () => {
    expect(sloProblems({ name: 'Checkout API' })).toEqual([
      {
        path: 'metadata.metrics.slos[0].name',
        message:
          'must start with a lowercase letter or digit and hold only lowercase letters, digits, "-", "_" and "."',
      },
    ]);
    expect(sloProblems({ name: undefined })).toEqual([
      { path: 'metadata.metrics.slos[0].name', message: 'is required' },
    ]);
    expect(sloProblems({ name: 'a.b_c-9' })).toEqual([]);
  });

  it('checks the objective', () => {
    expect(sloProblems({ objective: 100 })).toEqual([
      {
        path: 'metadata.metrics.slos[0].objective',
        message:
          'must be a percentage above 0 and below 100 (100 leaves no error budget), got 100',
      },
    ]);
    expect(sloProblems({ objective: 0.995 })).toEqual([
      {
        path: 'metadata.metrics.slos[0].objective',
        message: 'is a percentage: 0.995 means 0.995 %; write 99.5 for 99.5 %',
      },
    ]);
    expect(sloProblems({ objective: '99.5%' })).toEqual([
      {
        path: 'metadata.metrics.slos[0].objective',
        message:
          'must be a number, got the string "99.5%" (write it without quotes or %)',
      },
    ]);
    expect(sloProblems({ objective: undefined })).toEqual([
      { path: 'metadata.metrics.slos[0].objective', message: 'is required' },
    ]);
  });

  it('checks the window; it may be left out', () => {
    expect(sloProblems({ window: '4 weeks' })).toEqual([
      {
        path: 'metadata.metrics.slos[0].window',
        message: 'must be a whole number followed by m, h, d or w, e.g. 28d',
      },
    ]);
    expect(sloProblems({ window: '0d' })).toHaveLength(1);
    expect(sloProblems({ window: undefined })).toEqual([]);
    expect(sloProblems({ window: '4w' })).toEqual([]);
  });

  it('wants exactly one indicator', () => {
    expect(sloProblems({ indicator: {} })).toEqual([
      {
        path: 'metadata.metrics.slos[0].indicator',
        message:
          'must have exactly one of "ratio", "latency" or "availability" (or leave indicator out for availability)',
      },
    ]);
    expect(
      sloProblems({
        indicator: {
          ratio: { good: GOOD, total: TOTAL },
          latency: { thresholdSeconds: 0.3 },
        },
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].indicator',
        message: 'has "ratio" and "latency"; keep exactly one',
      },
    ]);
    expect(sloProblems({ indicator: { availability: {} } })).toEqual([]);
    expect(sloProblems({ indicator: { availability: null } })).toEqual([]);
  });

  it('checks ratio PromQL, including the {{window}} placeholder', () => {
    expect(
      sloProblems({
        indicator: {
          ratio: {
            good: 'sum(rate(http_server_requests_total{code!~"5.."}[5m]))',
            total: TOTAL,
          },
        },
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.good',
        message:
          'must contain {{window}} where the range goes, e.g. sum(increase(my_metric_total[{{window}}])); for a gauge use avg_over_time(my_gauge[{{window}}])',
      },
    ]);
    expect(sloProblems({ indicator: { ratio: { good: GOOD } } })).toEqual([
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.total',
        message: 'is required',
      },
    ]);
  });

  it('checks the latency threshold', () => {
    expect(
      sloProblems({ indicator: { latency: { thresholdSeconds: -1 } } }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].indicator.latency.thresholdSeconds',
        message: 'must be a number of seconds above 0',
      },
    ]);
  });

  it('checks alert, owner and sensitive', () => {
    expect(
      sloProblems({
        alert: 'sms',
        owner: 'component:default/x',
        sensitive: 'yes',
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].alert',
        message:
          'must be one of "page", "ticket", "none"; got the string "sms"',
      },
      {
        path: 'metadata.metrics.slos[0].owner',
        message:
          '"component:default/x" must name a group or a user, not a component',
      },
      {
        path: 'metadata.metrics.slos[0].sensitive',
        message:
          'must be true or false, got the string "yes" (write true or false without quotes)',
      },
    ]);
  });
});

describe('SLO error-budget policy', () => {
  const step = (name: string, below: unknown, action: unknown = 'Do it') => ({
    name,
    below,
    action,
  });

  it('accepts steps, trims the action and allows an empty policy', () => {
    const result = parseDefinition(
      sloDefinitionSchema,
      {
        name: 'checkout',
        objective: 99.5,
        policy: [
          step('reliability-first', 25, '  Reliability work first '),
          step('freeze', 0),
        ],
      },
      `${BASE}.slos[0]`,
    );
    expect(result.success && result.data.policy).toEqual([
      step('reliability-first', 25, 'Reliability work first'),
      step('freeze', 0),
    ]);
    expect(sloProblems({ policy: [] })).toEqual([]);
  });

  it('reports duplicate names and thresholds at the step at fault', () => {
    expect(
      sloProblems({
        policy: [step('freeze', 0), step('freeze', 10), step('watch', 10)],
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].policy[1].name',
        message: 'duplicate step name "freeze"; already used by step 0',
      },
      {
        path: 'metadata.metrics.slos[0].policy[2].below',
        message:
          'step 1 already applies below 10; give each step its own threshold',
      },
    ]);
  });

  it('checks the threshold, the name and the action', () => {
    expect(
      sloProblems({
        policy: [
          step('over', 101),
          step('under', -1),
          step('Bad_Name', 5),
          step('quoted', '25'),
          step('blank', 20, ' '),
          step('long', 30, 'x'.repeat(201)),
          { name: 'typo', below: 40, acton: 'x' },
        ],
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].policy[0].below',
        message:
          'must be the remaining error budget in percent, from 0 (spent) to 100, got 101',
      },
      {
        path: 'metadata.metrics.slos[0].policy[1].below',
        message:
          'must be the remaining error budget in percent, from 0 (spent) to 100, got -1',
      },
      {
        path: 'metadata.metrics.slos[0].policy[2].name',
        message:
          'must start with a lowercase letter or digit and hold only lowercase letters, digits and "-"',
      },
      {
        path: 'metadata.metrics.slos[0].policy[3].below',
        message:
          'must be a number, got the string "25" (write it without quotes or %)',
      },
      {
        path: 'metadata.metrics.slos[0].policy[4].action',
        message: 'must not be empty',
      },
      {
        path: 'metadata.metrics.slos[0].policy[5].action',
        message: 'must be at most 200 characters',
      },
      {
        path: 'metadata.metrics.slos[0].policy[6].action',
        message: 'is required',
      },
      {
        path: 'metadata.metrics.slos[0].policy[6].acton',
        message: 'unknown field; did you mean "action"?',
      },
    ]);
  });

  it('caps the number of steps', () => {
    expect(
      sloProblems({
        policy: Array.from({ length: 11 }, (_, i) => step(`s${i}`, i * 5)),
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.slos[0].policy',
        message: 'must have at most 10 steps',
      },
    ]);
  });
});

describe('integration fields', () => {
  function problems(item: unknown) {
    return parseDefinition(
      integrationDefinitionSchema,
      item,
      `${BASE}.integrations[0]`,
    ).problems;
  }

  it('rejects an unknown source', () => {
    expect(problems({ name: 'x', source: 'datadog' })).toEqual([
      {
        path: 'metadata.metrics.integrations[0].source',
        message:
          'must be one of "prometheus", "amplitude", "sql", "custom"; got the string "datadog"',
      },
    ]);
  });

  it('rejects fields of another source', () => {
    expect(problems({ name: 'x', project: 'web', successEvent: 'ok' })).toEqual(
      [
        {
          path: 'metadata.metrics.integrations[0].project',
          message: 'unknown field',
        },
        {
          path: 'metadata.metrics.integrations[0].successEvent',
          message: 'unknown field',
        },
      ],
    );
  });

  it('wants both custom queries and no label with them', () => {
    expect(problems({ name: 'x', label: 'y', success: TOTAL })).toEqual([
      {
        path: 'metadata.metrics.integrations[0].label',
        message:
          'cannot be combined with custom "success"/"total" queries; use one or the other',
      },
      {
        path: 'metadata.metrics.integrations[0].total',
        message:
          'is required with custom queries: give both "success" and "total"',
      },
    ]);
  });

  it('checks the target percentage', () => {
    expect(problems({ name: 'x', target: 101 })).toEqual([
      {
        path: 'metadata.metrics.integrations[0].target',
        message: 'must be a percentage above 0 and at most 100, got 101',
      },
    ]);
    expect(problems({ name: 'x', target: 100 })).toEqual([]);
  });

  it('needs failures or attempts for amplitude', () => {
    expect(
      problems({ name: 'x', source: 'amplitude', successEvent: 'ok' }),
    ).toEqual([
      {
        path: 'metadata.metrics.integrations[0].failureEvent',
        message:
          'is required unless "attemptEvent" is given: the success rate needs failures or attempts',
      },
    ]);
    expect(
      problems({
        name: 'x',
        source: 'amplitude',
        successEvent: 'ok',
        attemptEvent: 'tried',
        where: { plan: ['a'] },
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.integrations[0].where.plan',
        message: 'must be a string, a number or a boolean',
      },
    ]);
  });

  it('checks sql fields and label values', () => {
    expect(problems({ name: 'x', source: 'sql', eventType: '' })).toEqual([
      {
        path: 'metadata.metrics.integrations[0].eventType',
        message: 'must not be empty',
      },
      {
        path: 'metadata.metrics.integrations[0].partner',
        message: 'is required',
      },
    ]);
    expect(problems({ name: 'x', label: ' ridely' })).toEqual([
      {
        path: 'metadata.metrics.integrations[0].label',
        message:
          'must not have leading/trailing whitespace or control characters',
      },
    ]);
  });

  it('counts successes and the total with a module-added source', () => {
    expect(
      problems({
        name: 'ledger',
        source: 'custom',
        sourceId: 'warehouse:events',
        success: { job: 'ledger', ok: true },
        total: { job: 'ledger' },
      }),
    ).toEqual([]);
    expect(
      problems({
        name: 'ledger',
        source: 'custom',
        sourceId: 'ware house',
        success: 'sum(x)',
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.integrations[0].sourceId',
        message:
          'must be the id of a source added by a backend module, e.g. "warehouse" (letters, digits, ".", "_", ":", "/" and "-")',
      },
      {
        path: 'metadata.metrics.integrations[0].success',
        message:
          'must be an object (key: value pairs), got the string "sum(x)"',
      },
      {
        path: 'metadata.metrics.integrations[0].total',
        message: 'is required',
      },
    ]);
  });

  it('rejects an item that is not an object', () => {
    expect(problems('ridely')).toEqual([
      {
        path: 'metadata.metrics.integrations[0]',
        message:
          'must be an object (key: value pairs), got the string "ridely"',
      },
    ]);
  });
});

describe('KPI fields', () => {
  function problems(item: unknown) {
    return parseDefinition(kpiDefinitionSchema, item, `${BASE}.kpis[0]`)
      .problems;
  }

  it('needs a bucket and a query with {{window}}', () => {
    expect(problems({ name: 'x', query: 'sum(signups_total)' })).toEqual([
      { path: 'metadata.metrics.kpis[0].bucket', message: 'is required' },
      {
        path: 'metadata.metrics.kpis[0].query',
        message:
          'must contain {{window}} where the range goes, e.g. sum(increase(my_metric_total[{{window}}])); for a gauge use avg_over_time(my_gauge[{{window}}])',
      },
    ]);
  });

  it('checks bucket, unit, metric and target', () => {
    expect(
      problems({
        name: 'x',
        bucket: 'money',
        unit: 'euros',
        source: 'amplitude',
        event: 'e',
        metric: 'average',
        target: { value: 5, direction: 'up' },
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.kpis[0].bucket',
        message:
          'must be one of "usage", "health", "business"; got the string "money"',
      },
      {
        path: 'metadata.metrics.kpis[0].unit',
        message:
          'must be one of "count", "percent", "seconds", "currency"; got the string "euros"',
      },
      {
        path: 'metadata.metrics.kpis[0].target.direction',
        message: 'must be one of "above", "below"; got the string "up"',
      },
      {
        path: 'metadata.metrics.kpis[0].metric',
        message: 'must be one of "totals", "uniques"; got the string "average"',
      },
    ]);
  });

  it('reads a module-added source with its own parameters', () => {
    expect(
      problems({
        name: 'revenue',
        bucket: 'business',
        source: 'custom',
        sourceId: 'warehouse',
        params: { table: 'orders', paid: true, minimum: 10 },
      }),
    ).toEqual([]);
    expect(
      problems({ name: 'revenue', bucket: 'business', source: 'custom' }),
    ).toEqual([
      { path: 'metadata.metrics.kpis[0].sourceId', message: 'is required' },
    ]);
    expect(
      problems({
        name: 'revenue',
        bucket: 'business',
        source: 'custom',
        sourceId: 'warehouse',
        params: { table: ['orders'] },
        sourceid: 'x',
      }),
    ).toEqual([
      {
        path: 'metadata.metrics.kpis[0].params.table',
        message: 'must be a string, a number or a boolean',
      },
      {
        path: 'metadata.metrics.kpis[0].sourceid',
        message: 'unknown field; did you mean "sourceId"?',
      },
    ]);
  });
});

describe('checkOwnerRef', () => {
  it('accepts groups and users, with or without kind and namespace', () => {
    for (const ref of [
      'team-a',
      'group:team-a',
      'default/team-a',
      'group:default/team-a',
      'user:jane',
      'Group:Default/Team-A',
    ]) {
      expect(checkOwnerRef(ref)).toBeUndefined();
    }
  });

  it('rejects other kinds and malformed refs', () => {
    expect(checkOwnerRef('component:default/x')).toBe(
      '"component:default/x" must name a group or a user, not a component',
    );
    expect(checkOwnerRef('group:')).toBe(
      '"group:" is not an entity reference such as group:default/my-team',
    );
    expect(checkOwnerRef('')).toBe(
      '"" is not an entity reference such as group:default/my-team',
    );
    expect(checkOwnerRef('my team')).toBe(
      '"my team" is not an entity reference such as group:default/my-team',
    );
  });
});

describe('formatProblemPath', () => {
  it('joins segments', () => {
    expect(formatProblemPath(BASE, ['slos', 0, 'indicator', 'ratio'])).toBe(
      'metadata.metrics.slos[0].indicator.ratio',
    );
    expect(formatProblemPath(`${BASE}.kpis[0].where`, ['user.plan'])).toBe(
      'metadata.metrics.kpis[0].where["user.plan"]',
    );
    expect(formatProblemPath('', ['a', 1])).toBe('a[1]');
  });
});
