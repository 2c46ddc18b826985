/*
 * The generated rules in Prometheus' own tool: `promtool check rules` on the rendered files,
 * and `promtool test rules` feeding counter series and asserting when the alerts fire and what
 * the recordings hold (docs/slo-rules.md, docs/slo-math.md#multi-window-alerts).
 *
 * Needs promtool (Debian's prometheus package; scripts/test.sh installs it): a missing promtool
 * fails these tests. DEMO_PROMTOOL_BIN points at another binary, as for the demo world.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { escapeLabelValue } from '../definitions/promql';
import type { SloDefinition } from '../definitions/resolve';
import {
  BILLING_AVAILABILITY,
  CHECKOUT_DASHBOARD,
  CHECKOUT_ORDERS,
  PAYMENTS_AVAILABILITY,
  PAYMENTS_DASHBOARD,
  SEARCH_LATENCY,
} from './__fixtures__/slos';
import { fixture } from './__fixtures__/read';
import { backfillRuleFile, sloRuleFile } from './generate';
import {
  SLO_ALERT_NAME,
  recordedSloCountQuery,
  recordedSloCoverageQuery,
  sloErrorRatioRecord,
  sloRuleIdentity,
} from './names';
import {
  prometheusRuleName,
  renderPrometheusRule,
  renderRuleFile,
} from './render';
import type { PrometheusRule } from './types';

jest.setTimeout(60_000);

const INSTALL_HINT =
  "install Debian's prometheus package (sudo apt-get update && sudo apt-get install -y prometheus; scripts/test.sh does)";

function findPromtool(): string {
  const configured = process.env.DEMO_PROMTOOL_BIN;
  const candidates = configured
    ? [configured]
    : [
        ...(process.env.PATH ?? '')
          .split(path.delimiter)
          .filter(Boolean)
          .map(dir => path.join(dir, 'promtool')),
        '/usr/bin/promtool',
      ];
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error(
    `promtool not found (${
      configured ?? 'PATH and /usr/bin'
    }): ${INSTALL_HINT}`,
  );
}

interface Run {
  code: number;
  output: string;
}

function promtool(args: string[], cwd: string): Promise<Run> {
  const bin = findPromtool();
  return new Promise(resolve => {
    execFile(bin, args, { cwd, timeout: 50_000 }, (err, stdout, stderr) => {
      resolve({
        code: err ? Number(err.code) || 1 : 0,
        output: `${stdout}${stderr}`,
      });
    });
  });
}

/** A promtool run that passed; on a mismatch jest prints the run's whole report. */
const PASSED = { code: 0, output: expect.stringContaining('SUCCESS') };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-rules-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

describe('promtool check rules', () => {
  it('accepts the rule files of every fixture, the squad file and the backfill file', async () => {
    const squad = sloRuleFile([
      { slos: [PAYMENTS_AVAILABILITY], dashboardUrl: PAYMENTS_DASHBOARD },
      { slos: [CHECKOUT_ORDERS], dashboardUrl: CHECKOUT_DASHBOARD },
    ]);
    const files = [
      write(
        'orders.yaml',
        renderRuleFile(sloRuleFile([{ slos: [CHECKOUT_ORDERS] }])),
      ),
      write(
        'billing.yaml',
        renderRuleFile(sloRuleFile([{ slos: [BILLING_AVAILABILITY] }])),
      ),
      write(
        'search.yaml',
        renderRuleFile(sloRuleFile([{ slos: [SEARCH_LATENCY] }])),
      ),
      write('squad.yaml', renderRuleFile(squad)),
      write('backfill.yaml', renderRuleFile(backfillRuleFile(squad))),
      // The spec of a PrometheusRule is a rule file.
      write(
        'crd-spec.yaml',
        stringify(
          parse(
            renderPrometheusRule(squad, { name: prometheusRuleName('squad') }),
          ).spec,
        ),
      ),
    ];
    for (const file of files) {
      const run = await promtool(['check', 'rules', file], dir);
      expect({ file, ...run }).toEqual(
        expect.objectContaining({ file, code: 0 }),
      );
      expect(run.output).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  it('rejects a broken file (the check can fail)', async () => {
    const file = write(
      'broken.yaml',
      renderRuleFile({
        groups: [{ name: 'g', rules: [{ record: 'r', expr: 'sum(' }] }],
      }),
    );
    expect((await promtool(['check', 'rules', file], dir)).code).not.toBe(0);
  });
});

/* ------------------------------------------------------------------------------------------
 * promtool test rules on the rules of CHECKOUT_ORDERS: 99.9 % over 28 days, paging, so the
 * error budget is 0.001; the page needs an error ratio above 0.0144 over 1h and 5m or above
 * 0.006 over 6h and 30m, the ticket above 0.003 over 1d and 2h or above 0.001 over 3d and 6h.
 * ---------------------------------------------------------------------------------------- */

const SLO = CHECKOUT_ORDERS;
const LABELS = { ...sloRuleIdentity(SLO), owner: SLO.owner! };
const PAGE = { ...LABELS, severity: 'page' };
const TICKET = { ...LABELS, severity: 'ticket' };

/** The annotations each alert of the SLO must carry, from the hand-written fixture. */
const ANNOTATIONS: Record<string, Record<string, string>> = Object.fromEntries(
  (fixture('ratio-page-28d.rules.yaml').groups[0].rules as PrometheusRule[])
    .filter(rule => rule.alert)
    .map(rule => [rule.labels!.severity, rule.annotations!]),
);

/** `name{a="b",…}` as promtool reads series and expected samples. */
function series(name: string, labels: Record<string, string>): string {
  const matchers = Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
  return `${name}{${matchers}}`;
}

/**
 * An expression test of `expr` within 1e-9 of `value`: promtool 2.42 compares values exactly,
 * and ratios computed by PromQL carry float noise. Absent or off, the sample is missing or 0.
 */
function near(
  expr: string,
  evalTime: string,
  value: number,
  labels: Record<string, string> = LABELS,
) {
  return {
    expr: `abs((${expr}) - ${value}) < bool 1e-9`,
    eval_time: evalTime,
    exp_samples: [{ labels: series('', labels), value: 1 }],
  };
}

/**
 * A counter in promtool's expanding notation from `[increase per step, steps]` phases,
 * starting at 0: `[[1000, 2], [990, 2]]` → `0+1000x2 2990+990x1` (0 1000 2000 2990 3980).
 */
function counter(phases: Array<[number, number]>): string {
  const parts: string[] = [];
  let value = 0;
  phases.forEach(([step, steps], i) => {
    if (i === 0) {
      parts.push(`0+${step}x${steps}`);
    } else {
      parts.push(`${value + step}+${step}x${steps - 1}`);
    }
    value += step * steps;
  });
  return parts.join(' ');
}

/**
 * The two request counters of a feed: per phase, `total` requests a step of which
 * `errors` fail with 500.
 */
function requests(
  phases: Array<{ steps: number; total: number; errors: number }>,
) {
  return [
    {
      series: 'http_server_requests_total{service="checkout",code="200"}',
      values: counter(phases.map(p => [p.total - p.errors, p.steps])),
    },
    {
      series: 'http_server_requests_total{service="checkout",code="500"}',
      values: counter(phases.map(p => [p.errors, p.steps])),
    },
  ];
}

/** Runs promtool's unit tests on an SLO's rules. */
async function runTests(
  name: string,
  evaluationInterval: string,
  tests: unknown[],
  slo: SloDefinition = SLO,
): Promise<Run> {
  write(
    `${name}.rules.yaml`,
    renderRuleFile(
      sloRuleFile([{ slos: [slo], dashboardUrl: CHECKOUT_DASHBOARD }]),
    ),
  );
  const file = write(
    `${name}.test.yaml`,
    stringify({
      rule_files: [`${name}.rules.yaml`],
      evaluation_interval: evaluationInterval,
      tests,
    }),
  );
  return promtool(['test', 'rules', file], dir);
}

const alerts = (
  evalTime: string,
  ...expected: Array<Record<string, string>>
) => ({
  eval_time: evalTime,
  alertname: SLO_ALERT_NAME,
  exp_alerts: expected.map(labels => ({
    exp_labels: labels,
    exp_annotations: ANNOTATIONS[labels.severity],
  })),
});

describe('promtool test rules', () => {
  const ratio = (window: string) =>
    series(sloErrorRatioRecord(window), sloRuleIdentity(SLO));

  // One sample a minute, 1000 requests a minute, errors at the end of a 7-hour feed (the 6h
  // window then holds clean traffic too); rules evaluated every 5 minutes.
  it('pages above 14.4x over 1h and 5m, or 6x over 6h and 30m, and not below', async () => {
    const burn = (cleanMinutes: number, burnMinutes: number, errors: number) =>
      requests([
        { steps: cleanMinutes, total: 1000, errors: 0 },
        { steps: burnMinutes, total: 1000, errors },
      ]);
    const run = await runTests('page', '5m', [
      {
        name: '14.5x for the last 70 minutes: page (and the slow ticket: 6h and 3d above 1x)',
        interval: '1m',
        input_series: burn(350, 70, 14.5),
        alert_rule_test: [alerts('420m', PAGE, TICKET)],
        promql_expr_test: [
          near(ratio('1h'), '420m', 0.0145),
          near(ratio('5m'), '420m', 0.0145),
          near(ratio('6h'), '420m', (14.5 * 70) / (1000 * 360)),
        ],
      },
      {
        name: '14x for the last 70 minutes: no page',
        interval: '1m',
        input_series: burn(350, 70, 14),
        alert_rule_test: [alerts('420m', TICKET)],
      },
      {
        name: '20x for the last 10 minutes, only the short windows burn: nothing',
        interval: '1m',
        input_series: burn(410, 10, 20),
        alert_rule_test: [alerts('420m')],
      },
      {
        name: '6.5x for the last 370 minutes: page by 6h and 30m (and the fast ticket)',
        interval: '1m',
        input_series: burn(60, 370, 6.5),
        alert_rule_test: [alerts('430m', PAGE, TICKET)],
      },
      {
        name: '5.5x for the last 370 minutes: no page',
        interval: '1m',
        input_series: burn(60, 370, 5.5),
        alert_rule_test: [alerts('430m', TICKET)],
      },
    ]);
    expect(run).toEqual(PASSED);
  });

  // One sample every 10 minutes, rules evaluated every hour (the 5m window is then empty:
  // no page rule can fire).
  it('tickets above 3x over 1d and 2h, or 1x over 3d and 6h, and not below', async () => {
    // Three times the traffic for two days before 25 hours of errors: the 3d window stays
    // below 1x, so only the 1d and 2h rule decides.
    const lastDay = (errors: number) =>
      requests([
        { steps: 288, total: 30_000, errors: 0 },
        { steps: 150, total: 10_000, errors },
      ]);
    const steady = (errors: number) =>
      requests([{ steps: 440, total: 10_000, errors }]);
    const run = await runTests('ticket', '1h', [
      {
        name: '3.2x over the last 25 hours: ticket by 1d and 2h',
        interval: '10m',
        input_series: lastDay(32),
        alert_rule_test: [alerts('73h', TICKET)],
        promql_expr_test: [
          near(ratio('1d'), '73h', 0.0032),
          // 3d back from 73h is 1h: 282 steps of busy clean traffic, then 150 of errors.
          near(ratio('3d'), '73h', (32 * 150) / (30_000 * 282 + 10_000 * 150)),
        ],
      },
      {
        name: '2.5x over the last 25 hours: nothing',
        interval: '10m',
        input_series: lastDay(25),
        alert_rule_test: [alerts('73h')],
      },
      {
        name: '1.2x for 3 days: ticket by 3d and 6h',
        interval: '10m',
        input_series: steady(12),
        alert_rule_test: [alerts('73h', TICKET)],
      },
      {
        name: '0.9x for 3 days: nothing',
        interval: '10m',
        input_series: steady(9),
        alert_rule_test: [alerts('73h')],
      },
    ]);
    expect(run).toEqual(PASSED);
  });

  // Two samples an hour, so each hourly increase has samples at both ends; rules evaluated
  // every hour.
  it('records the 28-day error ratio from the hourly counts, weighted by traffic', async () => {
    const valid28d = recordedSloCountQuery(SLO, 'valid', '28d');
    const coverage = recordedSloCoverageQuery(SLO, '28d')!;
    const counts = series('', LABELS);
    const run = await runTests('window', '1h', [
      {
        name: 'constant traffic: 2000 requests and 4 errors every 30 minutes',
        interval: '30m',
        input_series: requests([{ steps: 100, total: 2000, errors: 4 }]),
        promql_expr_test: [
          near(ratio('28d'), '2d', 0.002),
          near(ratio('1h'), '2d', 0.002),
        ],
      },
      {
        // No traffic for 2 days, then 13 days at 1000 requests and 10 errors per 30
        // minutes, then 14 days at 3000 and none. At 29d the window holds the hours ending
        // 1d … 29d (both ends: Prometheus 2's subquery range is closed; the first hour
        // is empty either way): 312 failing hours and 336 clean ones. The ratio of the sums,
        // not the average of hourly ratios (which would be 312 / 672 × 0.01).
        name: 'a failing quiet fortnight, then a clean busy one',
        interval: '30m',
        input_series: requests([
          { steps: 96, total: 0, errors: 0 },
          { steps: 624, total: 1000, errors: 10 },
          { steps: 700, total: 3000, errors: 0 },
        ]),
        promql_expr_test: [
          near(ratio('28d'), '29d', (312 * 20) / (312 * 2000 + 336 * 6000)),
          {
            expr: valid28d,
            eval_time: '29d30m',
            exp_samples: [{ labels: counts, value: 312 * 2000 + 336 * 6000 }],
          },
          {
            expr: coverage,
            eval_time: '29d',
            exp_samples: [{ labels: counts, value: 1 }],
          },
          {
            // Hourly counts from 1h on: 336 of the window's 672 hours.
            expr: coverage,
            eval_time: '14d30m',
            exp_samples: [{ labels: counts, value: 0.5 }],
          },
        ],
      },
    ]);
    expect(run).toEqual(PASSED);
  });

  it('matches the recordings of an entity whose ref needs escaping', async () => {
    const slo = BILLING_AVAILABILITY;
    const labels = sloRuleIdentity(slo);
    const run = await runTests(
      'escaped',
      '1m',
      [
        {
          interval: '1m',
          input_series: [
            {
              series:
                'http_server_requests_total{service="billing",code="200"}',
              values: '0+99x90',
            },
            {
              series:
                'http_server_requests_total{service="billing",code="500"}',
              values: '0+1x90',
            },
          ],
          promql_expr_test: [
            {
              expr: recordedSloCountQuery(slo, 'valid', '1h'),
              eval_time: '90m',
              exp_samples: [
                {
                  labels: series('slo:sli_valid:increase1h', labels),
                  value: 6000,
                },
              ],
            },
            near(
              series(sloErrorRatioRecord('1h'), labels),
              '90m',
              0.01,
              labels,
            ),
          ],
        },
      ],
      slo,
    );
    expect(run).toEqual(PASSED);
  });
});
