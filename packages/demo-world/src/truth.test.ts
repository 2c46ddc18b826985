import { HOUR } from './model';
import { close, testModel, testTruth, TEST_T0 } from './testUtils';
import { computeGroundTruth, histogramQuantile, windowSums } from './truth';
import {
  conventionAnnotation,
  ISTIO_DURATION_BUCKETS_MS,
  LINKERD_LATENCY_BUCKETS_MS,
  OTEL_DURATION_BUCKETS,
  SERVICES,
  WINDOW_NAMES,
  WINDOWS,
} from './world';

jest.setTimeout(120_000);

describe('ground truth', () => {
  const model = testModel();
  const truth = testTruth();
  const eq = (a: number | null, b: number | null) => close(a, b, 1e-12, 1e-12);

  it('describes every annotated service, and lists referral-service as not annotated', () => {
    expect(Object.keys(truth.services).sort()).toEqual(
      SERVICES.filter(s => s.service)
        .map(s => s.service!)
        .sort(),
    );
    expect(truth.notAnnotated).toEqual(['referral-service']);
    expect(truth.t0).toBe(TEST_T0);
    expect(truth.tolerance.queryTime).toBe(TEST_T0);
    expect(truth.tolerance.relative).toBeGreaterThan(0);
    expect(truth.services['customer-api'].entityRef).toBe(
      'component:default/customer-api',
    );
    expect(truth.services['user-profile-service'].callerId).toBe('profiles');
    for (const spec of SERVICES.filter(x => x.service)) {
      expect(truth.services[spec.service!].convention).toBe(
        conventionAnnotation(spec),
      );
    }
    expect(truth.services['customer-api'].convention).toBe('metrics-suite');
    expect(truth.services['booking-service'].convention).toBe(
      'opentelemetry, service-graph',
    );
  });

  it('is internally consistent', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const svc of Object.values(truth.services)) {
      let previous = 0;
      for (const w of WINDOW_NAMES) {
        const t = svc.windows[w];
        const at = `${svc.service} ${w}`;
        check(t.end === TEST_T0, `${at}: end`);
        check(t.requests >= previous, `${at}: windows not nested`);
        previous = t.requests;
        check(t.good + t.bad === t.requests, `${at}: good + bad`);
        if (t.requests === 0) {
          check(
            t.availability === null && t.slo['99.9'].burnRate === null,
            `${at}: no data must be null`,
          );
          check(
            t.callers.every(c => c.requests === 0),
            `${at}: callers without traffic`,
          );
          continue;
        }
        check(eq(t.availability, t.good / t.requests), `${at}: availability`);
        check(eq(t.errorRatio, t.bad / t.requests), `${at}: error ratio`);
        for (const [key, slo] of Object.entries(t.slo)) {
          check(String(slo.target) === key, `${at}: target key`);
          check(
            eq(slo.burnRate, t.errorRatio! / (1 - slo.target / 100)),
            `${at}: burn rate ${key}`,
          );
          check(
            eq(slo.errorBudgetRemaining, 1 - slo.burnRate!),
            `${at}: budget ${key}`,
          );
        }
        // Conventions without caller information (OpenTelemetry) have no callers.
        check(
          (svc.convention === 'opentelemetry') === (t.callers.length === 0),
          `${at}: callers present`,
        );
        if (t.callers.length === 0) continue;
        check(
          t.callers.reduce((a, c) => a + c.requests, 0) === t.requests,
          `${at}: caller requests`,
        );
        check(
          eq(
            t.callers.reduce((a, c) => a + c.share, 0),
            1,
          ),
          `${at}: caller shares sum to 1`,
        );
        check(
          t.callers.reduce((a, c) => a + c.errors, 0) === t.bad,
          `${at}: caller errors`,
        );
        for (let i = 1; i < t.callers.length; i++) {
          check(
            t.callers[i].requests <= t.callers[i - 1].requests,
            `${at}: callers sorted`,
          );
        }
        for (const [name, integ] of Object.entries(t.integrations)) {
          const it = `${at} ${name}`;
          check(
            integ.successes + integ.failures === integ.requests,
            `${it}: requests`,
          );
          check(
            eq(integ.successRate, integ.successes / integ.requests),
            `${it}: success rate`,
          );
          const byLabel = Object.values(integ.failuresByLabel).reduce(
            (a, b) => a + b,
            0,
          );
          check(byLabel === integ.failures, `${it}: failures by label`);
          if (integ.failures === 0) {
            check(
              integ.unknownShare === null,
              `${it}: unknown share without failures`,
            );
            continue;
          }
          check(
            eq(
              Object.values(integ.errorClasses).reduce((a, b) => a + b, 0),
              1,
            ),
            `${it}: class shares sum to 1`,
          );
          check(
            integ.unknownShare === (integ.errorClasses.unknown ?? 0),
            `${it}: unknown share`,
          );
          const unknown =
            (integ.failuresByLabel.unknown ?? 0) +
            (integ.failuresByLabel[''] ?? 0);
          check(
            eq(integ.unknownShare, unknown / integ.failures),
            `${it}: unknown includes missing class`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no data for experiments-service and little traffic for invoice-service', () => {
    const exp = truth.services['experiments-service'];
    expect(exp.hasSeries).toBe(false);
    for (const w of WINDOW_NAMES) {
      expect(exp.windows[w].requests).toBe(0);
      expect(exp.windows[w].availability).toBeNull();
      expect(exp.windows[w].callers).toEqual([]);
    }
    expect(
      truth.services['invoice-service'].windows['1d'].requests,
    ).toBeLessThan(1000);
    expect(
      truth.services['invoice-service'].windows['28d'].requests,
    ).toBeGreaterThan(1000);
  });

  it('shows the scripted situations', () => {
    const checkout = truth.services['checkout-service'].windows;
    expect(checkout['1h'].slo['99.9'].burnRate!).toBeGreaterThan(14.4);
    expect(checkout['28d'].slo['99.9'].errorBudgetRemaining!).toBeGreaterThan(
      0,
    );
    const ridely7d =
      truth.services['trip-planner'].windows['7d'].integrations.ridely;
    const ridely1d =
      truth.services['trip-planner'].windows['1d'].integrations.ridely;
    expect(ridely7d.successRate!).toBeLessThan(ridely1d.successRate! - 0.01);
    expect(ridely7d.errorClasses.timeout).toBeGreaterThan(0.5);
    expect(ridely1d.unknownShare!).toBeGreaterThan(0.15);
    const api = truth.services['customer-api'].windows;
    const pp = (w: '1h' | '1d' | '7d') =>
      api[w].callers.find(c => c.caller === 'partner-portal')!;
    expect(pp('1d').share).toBeGreaterThan(2 * pp('7d').share);
    expect(api['1d'].callers.length).toBe(10);
    expect(truth.events.map(e => e.id)).toEqual([
      'ridely-outage',
      'partner-portal-spike',
      'checkout-burn',
      'payment-gateway-restart',
    ]);
    expect(truth.events[3].from).toBe(TEST_T0 - 36 * HOUR);
  });

  it('can be computed for other end times', () => {
    const earlier = computeGroundTruth(model, TEST_T0 - 2 * HOUR);
    expect(earlier.t0).toBe(TEST_T0 - 2 * HOUR);
    expect(
      earlier.services['checkout-service'].windows['1h'].slo['99.9'].burnRate!,
    ).toBeLessThan(5);
  });

  describe('the services of the other conventions', () => {
    const NEW = [
      'search-service',
      'booking-service',
      'loyalty-service',
      'fleet-service',
      'ticketing-service',
    ];

    it('have traffic, a p95, no integrations, and callers where the convention has them', () => {
      const callers = (service: string) =>
        truth.services[service].windows['7d'].callers.map(c => c.caller).sort();
      for (const service of NEW) {
        const svc = truth.services[service];
        expect(svc.hasSeries).toBe(true);
        for (const w of WINDOW_NAMES) {
          const t = svc.windows[w];
          expect(t.requests).toBeGreaterThan(0);
          expect(t.bad).toBeGreaterThan(0);
          expect(t.availability!).toBeGreaterThan(0.99);
          expect(t.p95Seconds!).toBeGreaterThan(0.005);
          expect(t.integrations).toEqual({});
          expect(t.byConvention === undefined).toBe(
            service !== 'booking-service',
          );
        }
      }
      expect(callers('search-service')).toEqual([]);
      expect(callers('booking-service')).toEqual([
        'checkout-service',
        'gateway',
        'trip-planner',
      ]);
      expect(callers('loyalty-service')).toEqual([
        'checkout-service',
        'web-bff',
      ]);
      expect(callers('fleet-service')).toEqual([
        'pricing-service',
        'trip-planner',
        'unknown',
      ]);
      expect(callers('ticketing-service')).toEqual([
        'checkout-service',
        'trip-planner',
      ]);
    });

    it('booking-service: the service graph gives the same requests and errors as OpenTelemetry', () => {
      for (const w of WINDOW_NAMES) {
        const t = truth.services['booking-service'].windows[w];
        const { opentelemetry: otel, 'service-graph': sg } = t.byConvention!;
        expect(sg.requests).toBe(otel.requests);
        expect(sg.bad).toBe(otel.bad);
        expect([t.requests, t.bad, t.p95Seconds]).toEqual([
          otel.requests,
          otel.bad,
          otel.p95Seconds,
        ]);
        // Other bounds, so a (slightly) different p95.
        expect(close(sg.p95Seconds, otel.p95Seconds, 0.2, 0)).toBe(true);
      }
    });

    it('computes p95 over each histogram in its own unit (ms for Istio and Linkerd), as Prometheus does', () => {
      const sums = windowSums(model, TEST_T0)['1d'];
      const p95 = (
        name: string,
        labels: Record<string, string>,
        bounds: readonly number[],
      ) => {
        const cumulative = [...bounds.map(String), '+Inf'].map(le =>
          model.series
            .filter(
              s =>
                s.name === name &&
                s.labels.le === le &&
                Object.entries(labels).every(([k, v]) => s.labels[k] === v),
            )
            .reduce((a, s) => a + sums[s.index], 0),
        );
        return histogramQuantile(0.95, [...bounds, Infinity], cumulative);
      };
      const w = (service: string) => truth.services[service].windows['1d'];
      expect(w('fleet-service').p95Seconds).toBe(
        p95(
          'istio_request_duration_milliseconds_bucket',
          {
            reporter: 'destination',
            destination_canonical_service: 'fleet-service',
          },
          ISTIO_DURATION_BUCKETS_MS,
        )! / 1000,
      );
      expect(w('ticketing-service').p95Seconds).toBe(
        p95(
          'response_latency_ms_bucket',
          { direction: 'inbound', deployment: 'ticketing-service' },
          LINKERD_LATENCY_BUCKETS_MS,
        )! / 1000,
      );
      expect(
        w('ticketing-service').callers.find(c => c.caller === 'trip-planner')!
          .p95Seconds,
      ).toBe(
        p95(
          'response_latency_ms_bucket',
          { direction: 'outbound', deployment: 'trip-planner' },
          LINKERD_LATENCY_BUCKETS_MS,
        )! / 1000,
      );
      expect(w('search-service').p95Seconds).toBe(
        p95(
          'http_server_request_duration_seconds_bucket',
          { service_name: 'search-service' },
          OTEL_DURATION_BUCKETS,
        ),
      );
      expect(WINDOWS['1d']).toBe(86400);
    });
  });

  it("replicates Prometheus's histogram_quantile", () => {
    const bounds = [0.1, 0.5, 1, Infinity];
    expect(histogramQuantile(0.5, bounds, [10, 30, 40, 40])).toBeCloseTo(
      0.1 + 0.4 * (10 / 20),
    );
    expect(histogramQuantile(0.95, bounds, [10, 30, 40, 50])).toBe(1);
    expect(histogramQuantile(0.05, bounds, [10, 30, 40, 40])).toBeCloseTo(0.02);
    expect(histogramQuantile(0.5, bounds, [0, 0, 0, 0])).toBeNull();
  });
});
