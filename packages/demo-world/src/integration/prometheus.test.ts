/*
 * The ground truth against PromQL over a real Prometheus (which one: see ./demoWorld.ts).
 */
import { LiveValues } from '../exporter';
import { createModel, exportedValue } from '../model';
import { promQuery } from '../stack/proc';
import { close } from '../testUtils';
import type { GroundTruth } from '../truth';
import { WINDOW_NAMES } from '../world';
import { describeOrSkip, useDemoWorld } from './demoWorld';

/** The labels of a query result (without __name__) equal a series' labels. */
function sameLabels(
  labels: Record<string, string>,
  metric: Record<string, string>,
): boolean {
  const { __name__: _, ...rest } = metric;
  const keys = Object.keys(rest);
  return (
    keys.length === Object.keys(labels).length &&
    keys.every(k => labels[k] === rest[k])
  );
}

describeOrSkip('demo world in Prometheus', () => {
  const world = useDemoWorld();
  let baseUrl = '';
  let truth: GroundTruth;
  beforeAll(() => {
    baseUrl = world.baseUrl;
    truth = world.truth;
  });

  /** Largest relative difference seen between PromQL and the truth (logged at the end). */
  let maxRelative = 0;
  const mismatches: string[] = [];
  /** Records a mismatch unless |promql - truth| is within the truth's tolerance. */
  const check = (
    what: string,
    promql: number | null | undefined,
    expected: number | null | undefined,
  ) => {
    if (
      typeof promql === 'number' &&
      typeof expected === 'number' &&
      Math.max(Math.abs(promql), Math.abs(expected)) > 0
    ) {
      maxRelative = Math.max(
        maxRelative,
        Math.abs(promql - expected) /
          Math.max(Math.abs(promql), Math.abs(expected)),
      );
    }
    if (
      !close(
        promql,
        expected,
        truth.tolerance.relative,
        truth.tolerance.absolute,
      )
    ) {
      mismatches.push(`${what}: PromQL ${promql}, truth ${expected}`);
    }
  };

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(
      `demo-world: largest relative difference PromQL vs truth at time=T0: ${maxRelative.toExponential(
        2,
      )} ` + `(tolerance ${truth?.tolerance.relative})`,
    );
  });

  /** sum by (labels) of increase(...) at time=T0, as a map "l1|l2" → value. */
  async function increaseBy(
    selector: string,
    window: string,
    by: string[],
  ): Promise<Map<string, number>> {
    const result = await promQuery(
      baseUrl,
      `sum by (${by.join(', ')}) (increase(${selector}[${window}]))`,
      truth.tolerance.queryTime,
    );
    return new Map(
      result.map(r => [
        by.map(l => r.metric[l] ?? '').join('|'),
        Number(r.value[1]),
      ]),
    );
  }

  it('returns the requests, availability, budgets and burn rates of every service with traffic, for every window', async () => {
    mismatches.length = 0;
    const checked: string[] = [];
    const withoutSeries: string[] = [];
    for (const w of WINDOW_NAMES) {
      const all = await increaseBy('http_server_requests_total', w, [
        'service',
      ]);
      const bad = await increaseBy(
        'http_server_requests_total{code=~"5.."}',
        w,
        ['service'],
      );
      for (const svc of Object.values(truth.services)) {
        // The other conventions' services: see the next test.
        if (svc.convention !== 'metrics-suite') continue;
        const t = svc.windows[w];
        if (!svc.hasSeries) {
          if (all.has(svc.service))
            mismatches.push(`${svc.service} has series`);
          withoutSeries.push(svc.service);
          continue;
        }
        const requests = all.get(svc.service) ?? NaN;
        const errors = bad.get(svc.service) ?? NaN;
        const at = `${svc.service} ${w}`;
        check(`${at} requests`, requests, t.requests);
        check(`${at} 5xx`, errors, t.bad);
        if (t.requests > 0) {
          check(
            `${at} availability`,
            (requests - errors) / requests,
            t.availability,
          );
          for (const slo of Object.values(t.slo)) {
            const burn = errors / requests / (1 - slo.target / 100);
            check(`${at} burn rate ${slo.target}`, burn, slo.burnRate);
            check(
              `${at} budget remaining ${slo.target}`,
              1 - burn,
              slo.errorBudgetRemaining,
            );
          }
        }
        checked.push(`${svc.service}/${w}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked.length).toBe(12 * WINDOW_NAMES.length);
    expect([...new Set(withoutSeries)]).toEqual(['experiments-service']);
  }, 60_000);

  it('returns the callers (share, error ratio, p95) of a few services', async () => {
    mismatches.length = 0;
    let checked = 0;
    for (const service of [
      'customer-api',
      'notification-service',
      'payment-gateway',
      'invoice-service',
    ]) {
      for (const w of WINDOW_NAMES) {
        const t = truth.services[service].windows[w];
        const all = await increaseBy(
          `http_server_requests_total{service="${service}"}`,
          w,
          ['caller'],
        );
        const bad = await increaseBy(
          `http_server_requests_total{service="${service}",code=~"5.."}`,
          w,
          ['caller'],
        );
        const p95 = await promQuery(
          baseUrl,
          `histogram_quantile(0.95, sum by (caller, le) (increase(http_server_request_duration_seconds_bucket{service="${service}"}[${w}])))`,
          truth.tolerance.queryTime,
        );
        const total = [...all.values()].reduce((a, b) => a + b, 0);
        if (all.size !== t.callers.length)
          mismatches.push(`${service} ${w}: ${all.size} callers`);
        for (const c of t.callers) {
          const requests = all.get(c.caller) ?? NaN;
          const at = `${service} ${w} ${c.caller}`;
          check(`${at} requests`, requests, c.requests);
          if (total > 0) check(`${at} share`, requests / total, c.share);
          if (requests > 0) {
            check(
              `${at} error ratio`,
              (bad.get(c.caller) ?? 0) / requests,
              c.errorRatio,
            );
            const q = p95.find(r => r.metric.caller === c.caller);
            check(`${at} p95`, Number(q?.value[1]), c.p95Seconds);
          }
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  }, 60_000);

  it('returns the integrations (success rate, error classes, unknown share) of every service', async () => {
    mismatches.length = 0;
    let checked = 0;
    for (const w of WINDOW_NAMES) {
      const result = await increaseBy('integration_requests_total', w, [
        'service',
        'integration',
        'outcome',
        'error_class',
      ]);
      for (const svc of Object.values(truth.services)) {
        for (const [name, t] of Object.entries(svc.windows[w].integrations)) {
          let successes = 0;
          const failures: Record<string, number> = {};
          for (const [key, v] of result) {
            const [service, integration, outcome, cls] = key.split('|');
            if (service !== svc.service || integration !== name) continue;
            if (outcome === 'success') successes += v;
            else {
              const k = cls === '' || cls === 'unknown' ? 'unknown' : cls;
              failures[k] = (failures[k] ?? 0) + v;
            }
          }
          const failed = Object.values(failures).reduce((a, b) => a + b, 0);
          const at = `${svc.service} ${name} ${w}`;
          check(`${at} requests`, successes + failed, t.requests);
          check(
            `${at} success rate`,
            successes / (successes + failed),
            t.successRate,
          );
          if (failed > 0) {
            for (const [cls, share] of Object.entries(t.errorClasses)) {
              check(`${at} class ${cls}`, (failures[cls] ?? 0) / failed, share);
            }
            check(
              `${at} unknown share`,
              (failures.unknown ?? 0) / failed,
              t.unknownShare,
            );
          }
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(8 * WINDOW_NAMES.length);
  }, 60_000);

  /** The value of a one-element PromQL result at time=T0 (NaN when empty). */
  async function scalar(query: string): Promise<number> {
    const result = await promQuery(baseUrl, query, truth.tolerance.queryTime);
    if (result.length > 1) throw new Error(`${query}: ${result.length} series`);
    return result.length ? Number(result[0].value[1]) : NaN;
  }

  /** label value → value of a `sum by (label)` / `histogram_quantile(… by (label, le))` query at time=T0. */
  async function byLabel(
    query: string,
    label: string,
  ): Promise<Map<string, number>> {
    const result = await promQuery(baseUrl, query, truth.tolerance.queryTime);
    return new Map(
      result.map(r => [r.metric[label] ?? '', Number(r.value[1])]),
    );
  }

  /**
   * The PromQL of each convention (W = the window): what a reader of that
   * convention would ask. Written out here, independently of the truth's code.
   */
  const CONVENTION_QUERIES: Record<
    string,
    {
      requests: string;
      bad: string;
      p95: string;
      callers?: { label: string; requests: string; bad: string; p95: string };
    }
  > = {
    'search-service': {
      requests:
        'sum(increase(http_server_request_duration_seconds_count{service_name="search-service"}[W]))',
      bad: 'sum(increase(http_server_request_duration_seconds_count{service_name="search-service",http_response_status_code=~"5.."}[W]))',
      p95: 'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search-service"}[W])))',
    },
    'booking-service': {
      requests:
        'sum(increase(http_server_request_duration_seconds_count{service_name="booking-service"}[W]))',
      bad: 'sum(increase(http_server_request_duration_seconds_count{service_name="booking-service",http_response_status_code=~"5.."}[W]))',
      p95: 'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="booking-service"}[W])))',
      callers: {
        label: 'client',
        requests:
          'sum by (client) (increase(traces_service_graph_request_total{server="booking-service"}[W]))',
        bad: 'sum by (client) (increase(traces_service_graph_request_failed_total{server="booking-service"}[W]))',
        p95: 'histogram_quantile(0.95, sum by (client, le) (increase(traces_service_graph_request_server_seconds_bucket{server="booking-service"}[W])))',
      },
    },
    'loyalty-service': {
      requests:
        'sum(increase(traces_service_graph_request_total{server="loyalty-service"}[W]))',
      bad: 'sum(increase(traces_service_graph_request_failed_total{server="loyalty-service"}[W]))',
      p95: 'histogram_quantile(0.95, sum by (le) (rate(traces_service_graph_request_server_seconds_bucket{server="loyalty-service"}[W])))',
      callers: {
        label: 'client',
        requests:
          'sum by (client) (increase(traces_service_graph_request_total{server="loyalty-service"}[W]))',
        bad: 'sum by (client) (increase(traces_service_graph_request_failed_total{server="loyalty-service"}[W]))',
        p95: 'histogram_quantile(0.95, sum by (client, le) (increase(traces_service_graph_request_server_seconds_bucket{server="loyalty-service"}[W])))',
      },
    },
    'fleet-service': {
      requests:
        'sum(increase(istio_requests_total{reporter="destination",destination_canonical_service="fleet-service"}[W]))',
      bad: 'sum(increase(istio_requests_total{reporter="destination",destination_canonical_service="fleet-service",response_code=~"5.."}[W]))',
      p95: 'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination",destination_canonical_service="fleet-service"}[W]))) / 1000',
      callers: {
        label: 'source_canonical_service',
        requests:
          'sum by (source_canonical_service) (increase(istio_requests_total{reporter="destination",destination_canonical_service="fleet-service"}[W]))',
        bad: 'sum by (source_canonical_service) (increase(istio_requests_total{reporter="destination",destination_canonical_service="fleet-service",response_code=~"5.."}[W]))',
        p95: 'histogram_quantile(0.95, sum by (source_canonical_service, le) (increase(istio_request_duration_milliseconds_bucket{reporter="destination",destination_canonical_service="fleet-service"}[W]))) / 1000',
      },
    },
    'ticketing-service': {
      requests:
        'sum(increase(response_total{direction="inbound",deployment="ticketing-service"}[W]))',
      bad: 'sum(increase(response_total{direction="inbound",deployment="ticketing-service",classification="failure"}[W]))',
      p95: 'histogram_quantile(0.95, sum by (le) (rate(response_latency_ms_bucket{direction="inbound",deployment="ticketing-service"}[W]))) / 1000',
      callers: {
        label: 'deployment',
        requests:
          'sum by (deployment) (increase(response_total{direction="outbound",dst_deployment="ticketing-service"}[W]))',
        bad: 'sum by (deployment) (increase(response_total{direction="outbound",dst_deployment="ticketing-service",classification="failure"}[W]))',
        p95: 'histogram_quantile(0.95, sum by (deployment, le) (increase(response_latency_ms_bucket{direction="outbound",dst_deployment="ticketing-service"}[W]))) / 1000',
      },
    },
  };

  it("returns the other conventions' requests, availability, p95 and callers with each convention's own queries", async () => {
    mismatches.length = 0;
    let checked = 0;
    const others = Object.values(truth.services).filter(
      s => s.convention !== 'metrics-suite',
    );
    expect(others.map(s => s.service).sort()).toEqual(
      Object.keys(CONVENTION_QUERIES).sort(),
    );
    for (const svc of others) {
      const q = CONVENTION_QUERIES[svc.service];
      for (const w of WINDOW_NAMES) {
        const t = svc.windows[w];
        const at = `${svc.service} ${w}`;
        const inWindow = (query: string) => query.replace(/\[W\]/g, `[${w}]`);
        const requests = await scalar(inWindow(q.requests));
        const bad = await scalar(inWindow(q.bad));
        check(`${at} requests`, requests, t.requests);
        check(`${at} bad`, bad, t.bad);
        check(
          `${at} availability`,
          (requests - bad) / requests,
          t.availability,
        );
        for (const slo of Object.values(t.slo)) {
          const burn = bad / requests / (1 - slo.target / 100);
          check(`${at} burn rate ${slo.target}`, burn, slo.burnRate);
        }
        check(`${at} p95`, await scalar(inWindow(q.p95)), t.p95Seconds);
        if (!q.callers) {
          if (t.callers.length > 0) mismatches.push(`${at}: callers in truth`);
          checked++;
          continue;
        }
        const label = q.callers.label;
        const all = await byLabel(inWindow(q.callers.requests), label);
        const errors = await byLabel(inWindow(q.callers.bad), label);
        const p95 = await byLabel(inWindow(q.callers.p95), label);
        const total = [...all.values()].reduce((a, b) => a + b, 0);
        check(`${at} caller requests add up`, total, t.requests);
        if (all.size !== t.callers.length) {
          mismatches.push(
            `${at}: ${all.size} callers, truth ${t.callers.length}`,
          );
        }
        for (const c of t.callers) {
          const ca = `${at} ${c.caller}`;
          const n = all.get(c.caller) ?? NaN;
          check(`${ca} requests`, n, c.requests);
          check(`${ca} share`, n / total, c.share);
          check(`${ca} errors`, errors.get(c.caller) ?? 0, c.errors);
          check(
            `${ca} error ratio`,
            (errors.get(c.caller) ?? 0) / n,
            c.errorRatio,
          );
          check(`${ca} p95`, p95.get(c.caller), c.p95Seconds);
        }
        checked++;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(5 * WINDOW_NAMES.length);
  }, 60_000);

  it('has the doubles and the equalities the conventions imply (Istio reporters, service graph = OpenTelemetry, Linkerd inbound = outbound)', async () => {
    mismatches.length = 0;
    for (const w of WINDOW_NAMES) {
      const fleet = truth.services['fleet-service'].windows[w];
      // Istio: both proxies report each meshed request; only the destination
      // reports the caller without a sidecar ("unknown").
      const everything = await scalar(
        `sum(increase(istio_requests_total{destination_canonical_service="fleet-service"}[${w}]))`,
      );
      const bySource = await scalar(
        `sum(increase(istio_requests_total{reporter="source",destination_canonical_service="fleet-service"}[${w}]))`,
      );
      const unknown = fleet.callers.find(c => c.caller === 'unknown')!;
      check(
        `istio ${w}: without a reporter filter`,
        everything,
        2 * fleet.requests - unknown.requests,
      );
      check(
        `istio ${w}: source reports`,
        bySource,
        fleet.requests - unknown.requests,
      );
      if (!(everything > 1.8 * fleet.requests)) {
        mismatches.push(
          `istio ${w}: ${everything} is not about twice ${fleet.requests}`,
        );
      }
      // booking-service: the service graph counts what OpenTelemetry counts.
      const booking = truth.services['booking-service'].windows[w];
      check(
        `booking ${w}: service graph requests`,
        await scalar(
          `sum(increase(traces_service_graph_request_total{server="booking-service"}[${w}]))`,
        ),
        booking.requests,
      );
      check(
        `booking ${w}: service graph failed`,
        await scalar(
          `sum(increase(traces_service_graph_request_failed_total{server="booking-service"}[${w}]))`,
        ),
        booking.bad,
      );
      check(
        `booking ${w}: service graph p95`,
        await scalar(
          `histogram_quantile(0.95, sum by (le) (rate(traces_service_graph_request_server_seconds_bucket{server="booking-service"}[${w}])))`,
        ),
        booking.byConvention!['service-graph'].p95Seconds,
      );
      // Linkerd: the callers' outbound requests are the inbound requests.
      check(
        `linkerd ${w}: outbound`,
        await scalar(
          `sum(increase(response_total{direction="outbound",dst_deployment="ticketing-service"}[${w}]))`,
        ),
        truth.services['ticketing-service'].windows[w].requests,
      );
    }
    // The suite's own and OpenTelemetry's series share a metric name, told apart by labels.
    const count = async (selector: string) => scalar(`count(${selector})`);
    expect(
      await count('http_server_request_duration_seconds_bucket{service!=""}'),
    ).toBe(36 * 10);
    expect(
      await count(
        'http_server_request_duration_seconds_bucket{service_name!=""}',
      ),
    ).toBe(2 * 4 * 15);
    expect(
      await count(
        'http_server_request_duration_seconds_bucket{service="",service_name=""}',
      ),
    ).toBeNaN();
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('scrapes live samples newer than T0 that continue the same series without a reset', async () => {
    const latest = await promQuery(
      baseUrl,
      'min by (service) (timestamp(http_server_requests_total))',
    );
    expect(latest.length).toBe(12);
    expect(latest.filter(r => Number(r.value[1]) <= truth.t0)).toEqual([]);

    const now = Date.now() / 1000;
    const minutes = Math.ceil((now - truth.t0) / 60) + 30;
    const resets = await promQuery(
      baseUrl,
      `sum(resets(http_server_requests_total[${minutes}m])) + sum(resets(integration_requests_total[${minutes}m]))`,
    );
    expect(Number(resets[0].value[1])).toBe(0);

    // The same for every family of the other conventions (counters and histogram counts).
    const families = [
      'http_server_request_duration_seconds_count{service_name!=""}',
      'traces_service_graph_request_total',
      'traces_service_graph_request_failed_total',
      'traces_service_graph_request_server_seconds_count',
      'istio_requests_total',
      'istio_request_duration_milliseconds_count',
      'response_total',
      'response_latency_ms_count',
    ];
    for (const f of families) {
      const [oldest] = await promQuery(baseUrl, `min(timestamp(${f}))`);
      expect([f, Number(oldest.value[1]) > truth.t0]).toEqual([f, true]);
      const [r] = await promQuery(baseUrl, `sum(resets(${f}[${minutes}m]))`);
      expect([f, Number(r.value[1])]).toEqual([f, 0]);
    }

    // The newest scraped value is the model's cumulative value at the scrape
    // time, for a series of each convention.
    const model = createModel({ seed: truth.seed, t0: truth.t0 });
    for (const selector of [
      'http_server_requests_total{service="customer-api",caller="gateway",code="200"}',
      'http_server_request_duration_seconds_count{service_name="search-service",http_response_status_code="200"}',
      'traces_service_graph_request_total{client="checkout-service",server="loyalty-service"}',
      'istio_requests_total{reporter="source",source_canonical_service="trip-planner",response_code="200"}',
      'response_latency_ms_bucket{direction="outbound",deployment="trip-planner",status_code="200",le="100"}',
    ]) {
      const [value] = await promQuery(baseUrl, selector);
      const [ts] = await promQuery(baseUrl, `timestamp(${selector})`);
      const series = model.series.find(
        s =>
          s.name === value.metric.__name__ &&
          sameLabels(s.labels, value.metric),
      )!;
      const live = new LiveValues(model);
      const expected = exportedValue(
        live.update(Number(ts.value[1]))[series.index],
        series,
      );
      expect([
        selector,
        close(Number(value.value[1]), expected, 1e-5, 0),
      ]).toEqual([selector, true]);
    }
  }, 60_000);
});
