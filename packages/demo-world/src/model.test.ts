import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  createModel,
  CumulativeTracker,
  HOUR,
  DAY,
  MINUTE,
  modelFingerprint,
  seasonality,
} from './model';
import { testModel, TEST_T0 } from './testUtils';
import {
  conventionAnnotation,
  EVENTS,
  EXTERNAL_CALLERS,
  SERVICES,
} from './world';

/** Sum of the counts of the series matching `filter` over minutes (from, to] (Unix seconds). */
function sumCounts(
  model = testModel(),
  from: number,
  to: number,
  filter: (labels: Record<string, string>, kind: string) => boolean,
): number {
  const idx = model.series
    .filter(s => filter(s.labels, s.kind))
    .map(s => s.index);
  const counts = new Float64Array(model.size);
  let total = 0;
  for (let m = from / MINUTE + 1; m <= to / MINUTE; m++) {
    model.minuteCounts(m, counts);
    for (const i of idx) total += counts[i];
  }
  return total;
}

jest.setTimeout(120_000);

describe('traffic model', () => {
  it('is deterministic: same seed and T0, same counts', () => {
    const a = createModel({ seed: 7, t0: TEST_T0 });
    const b = createModel({ seed: 7, t0: TEST_T0 });
    const c = createModel({ seed: 8, t0: TEST_T0 });
    const ca = new Float64Array(a.size);
    const cb = new Float64Array(b.size);
    const cc = new Float64Array(c.size);
    let differs = 0;
    for (let m = TEST_T0 / 60 - 500; m <= TEST_T0 / 60; m++) {
      a.minuteCounts(m, ca);
      b.minuteCounts(m, cb);
      c.minuteCounts(m, cc);
      expect(Array.from(cb)).toEqual(Array.from(ca));
      if (ca.some((v, i) => v !== cc[i])) differs++;
    }
    expect(differs).toBeGreaterThan(490);
    expect(modelFingerprint(b)).toBe(modelFingerprint(a));
    expect(modelFingerprint(c)).not.toBe(modelFingerprint(a));
    expect(
      modelFingerprint(createModel({ seed: 7, t0: TEST_T0 + 60 })),
    ).not.toBe(modelFingerprint(a));
  });

  it('matches the annotations of examples/entities.yaml', () => {
    const file = path.resolve(__dirname, '../../../examples/entities.yaml');
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d =>
      d.toJSON(),
    );
    const components = docs.filter(d => d?.kind === 'Component');
    expect(components.map(c => c.metadata.name).sort()).toEqual(
      SERVICES.map(s => s.entity).sort(),
    );
    for (const c of components) {
      const spec = SERVICES.find(s => s.entity === c.metadata.name)!;
      const ann = c.metadata.annotations ?? {};
      const service = ann['metrics-suite/prometheus-service'] ?? null;
      expect({
        entity: spec.entity,
        service: spec.service,
        owner: spec.owner,
      }).toEqual({
        entity: c.metadata.name,
        service,
        owner: c.spec.owner,
      });
      expect(spec.callerId).toBe(
        ann['metrics-suite/caller-id'] ?? service ?? c.metadata.name,
      );
      expect([spec.entity, conventionAnnotation(spec)]).toEqual([
        spec.entity,
        ann['metrics-suite/convention'] ?? 'metrics-suite',
      ]);
    }
    for (const c of components.filter(
      x => x.metadata.annotations?.['metrics-suite/convention'],
    )) {
      expect(c.spec).toMatchObject({
        type: 'service',
        lifecycle: 'production',
      });
      expect(c.metadata.description).toBeTruthy();
    }
    const systems = docs
      .filter(d => d?.kind === 'System')
      .map(d => d.metadata.name);
    for (const c of components) expect(systems).toContain(c.spec.system);
    expect(
      components
        .filter(c => c.metadata.annotations?.['metrics-suite/convention'])
        .map(c => [
          c.metadata.name,
          c.metadata.annotations['metrics-suite/convention'],
          c.spec.owner,
        ]),
    ).toEqual([
      ['search-service', 'opentelemetry', 'growth-squad'],
      ['booking-service', 'opentelemetry, service-graph', 'checkout-squad'],
      ['loyalty-service', 'service-graph', 'growth-squad'],
      ['fleet-service', 'istio', 'mobility-squad'],
      ['ticketing-service', 'linkerd', 'mobility-squad'],
    ]);
  });

  it('uses caller-ids of catalog entities and a few external callers, in every convention', () => {
    const callerIds = new Set(SERVICES.map(s => s.callerId));
    // The labels that name a caller in each convention.
    const callerOf = (l: Record<string, string>) =>
      l.caller ??
      l.client ??
      l.source_canonical_service ??
      (l.direction === 'outbound' ? l.deployment : undefined);
    const callers = new Set(
      testModel()
        .series.map(s => callerOf(s.labels))
        .filter(Boolean),
    );
    const istio = testModel().series.filter(s => s.labels.source_workload);
    expect(istio.length).toBeGreaterThan(0);
    expect(
      istio.filter(
        s => s.labels.source_workload !== s.labels.source_canonical_service,
      ),
    ).toEqual([]);
    for (const c of callers) {
      expect(callerIds.has(c) || EXTERNAL_CALLERS.includes(c)).toBe(true);
    }
    for (const c of [
      'gateway',
      'web-bff',
      'profiles',
      'referral-service',
      'mobile-app',
      'partner-portal',
      'unknown',
      'checkout-service',
      'trip-planner',
      'pricing-service',
    ]) {
      expect(callers.has(c)).toBe(true);
    }
    expect(
      testModel().series.filter(
        s => s.labels.service === 'customer-api' && s.kind === 'count',
      ),
    ).toHaveLength(10);
  });

  it('has series for every annotated service with traffic, none for experiments-service or referral-service', () => {
    const services = new Set(testModel().series.map(s => s.service));
    for (const spec of SERVICES) {
      expect(services.has(spec.service ?? spec.entity)).toBe(
        spec.traffic !== 'none',
      );
    }
    expect(services.has('experiments-service')).toBe(false);
  });

  it('uses the conventional metric names and labels', () => {
    const names = new Map<string, Set<string>>();
    for (const s of testModel().series) {
      if (s.convention !== 'metrics-suite') continue;
      const keys = names.get(s.name) ?? new Set<string>();
      Object.keys(s.labels).forEach(k => keys.add(k));
      names.set(s.name, keys);
    }
    expect([...names.get('http_server_requests_total')!]).toEqual([
      'service',
      'caller',
      'code',
    ]);
    expect([
      ...names.get('http_server_request_duration_seconds_bucket')!,
    ]).toEqual(['service', 'caller', 'le']);
    expect([...names.get('http_server_request_duration_seconds_sum')!]).toEqual(
      ['service', 'caller'],
    );
    expect([...names.get('integration_requests_total')!]).toEqual([
      'service',
      'integration',
      'outcome',
      'error_class',
    ]);
    const integ = testModel().series.filter(
      s => s.name === 'integration_requests_total',
    );
    expect(
      integ.filter(
        s => s.labels.outcome === 'success' && 'error_class' in s.labels,
      ),
    ).toEqual([]);
    const classes = new Set(
      integ
        .filter(s => s.labels.outcome === 'failure')
        .map(s => s.labels.error_class ?? ''),
    );
    expect([...classes].sort()).toEqual([
      '',
      'auth_expired',
      'bad_request',
      'rate_limited',
      'timeout',
      'unknown',
    ]);
    // Some failures carry no class at all (the truth counts them as unknown).
    expect(
      integ.some(s => s.labels.outcome === 'failure' && !s.labels.error_class),
    ).toBe(true);
  });

  it('has daily and weekly seasonality', () => {
    // Wednesday 2026-11-18: 15:00 vs 03:00 UTC.
    const wed = Date.UTC(2026, 10, 18) / 1000;
    expect(
      seasonality('consumer', wed + 15 * HOUR) /
        seasonality('consumer', wed + 3 * HOUR),
    ).toBeGreaterThan(4);
    const api = (l: Record<string, string>, k: string) =>
      k === 'requests' && l.service === 'customer-api';
    const day = sumCounts(testModel(), wed + 14 * HOUR, wed + 15 * HOUR, api);
    const night = sumCounts(testModel(), wed + 2 * HOUR, wed + 3 * HOUR, api);
    expect(day / night).toBeGreaterThan(4);
    // Business traffic (invoice-service's callers) collapses on Sundays: Sun 2026-11-15 vs Wed.
    const sun = Date.UTC(2026, 10, 15) / 1000;
    const partner = (l: Record<string, string>, k: string) =>
      k === 'requests' &&
      l.service === 'api-gateway' &&
      l.caller === 'partner-portal';
    expect(
      sumCounts(testModel(), wed, wed + DAY, partner) /
        sumCounts(testModel(), sun, sun + DAY, partner),
    ).toBeGreaterThan(3);
  });

  it('spans orders of magnitude between services', () => {
    const model = testModel();
    const from = TEST_T0 - DAY;
    const total = (service: string) =>
      sumCounts(
        model,
        from,
        TEST_T0,
        (l, k) => k === 'requests' && l.service === service,
      );
    const busy = total('customer-api');
    const low = total('invoice-service');
    expect(busy).toBeGreaterThan(1e7);
    expect(low).toBeGreaterThan(0);
    expect(low).toBeLessThan(1000);
    expect(busy / low).toBeGreaterThan(1e4);
    expect(total('partner-sync')).toBeLessThan(total('checkout-service') / 10);
  });

  it('has a multi-hour Ridely outage on a known day', () => {
    const model = testModel();
    const outage = EVENTS.find(e => e.id === 'ridely-outage')!;
    if (outage.kind !== 'integration-outage') throw new Error('bad event');
    expect(outage.to - outage.from).toBeGreaterThanOrEqual(3 * HOUR);
    const ridely = (outcome: string) => (l: Record<string, string>) =>
      l.service === 'trip-planner' &&
      l.integration === 'ridely' &&
      l.outcome === outcome;
    const from = model.t0 + outage.from;
    const to = model.t0 + outage.to;
    const ok = sumCounts(model, from, to, ridely('success'));
    const failed = sumCounts(model, from, to, ridely('failure'));
    expect(ok / (ok + failed)).toBeLessThan(0.15);
    const okBefore = sumCounts(model, from - DAY, to - DAY, ridely('success'));
    const failedBefore = sumCounts(
      model,
      from - DAY,
      to - DAY,
      ridely('failure'),
    );
    expect(okBefore / (okBefore + failedBefore)).toBeGreaterThan(0.9);
    // The outage also shows in partner-sync.
    const psFailed = sumCounts(
      model,
      from,
      to,
      l => l.service === 'partner-sync' && l.outcome === 'failure',
    );
    const psOk = sumCounts(
      model,
      from,
      to,
      l => l.service === 'partner-sync' && l.outcome === 'success',
    );
    expect(psFailed / (psFailed + psOk)).toBeGreaterThan(0.8);
  });

  it('has a partner-portal traffic spike on customer-api, partly rate limited', () => {
    const model = testModel();
    const from = model.t0 - 20 * HOUR;
    const pp = (l: Record<string, string>, k: string) =>
      k === 'requests' &&
      l.service === 'customer-api' &&
      l.caller === 'partner-portal';
    const during = sumCounts(model, from, from + HOUR, pp);
    const dayBefore = sumCounts(model, from - DAY, from - DAY + HOUR, pp);
    expect(during / dayBefore).toBeGreaterThan(4);
    // 14x the caller's mean rate, whatever the time of day.
    const spec = SERVICES.find(x => x.service === 'customer-api')!;
    const total = spec.callers.reduce((acc, c) => acc + c.weight, 0);
    const weight = spec.callers.find(
      c => c.caller === 'partner-portal',
    )!.weight;
    expect(during / ((spec.rps * weight * HOUR) / total)).toBeGreaterThan(12);
    const limited = sumCounts(
      model,
      from,
      from + HOUR,
      (l, k) => pp(l, k) && l.code === '429',
    );
    expect(limited / during).toBeGreaterThan(0.15);
  });

  it('restarts payment-gateway: counters reset to 0 on a known minute after 5 minutes without traffic', () => {
    const model = testModel();
    const restartAt = model.t0 - 36 * HOUR;
    expect(model.resetMinutes).toEqual([restartAt / MINUTE]);
    const tracker = new CumulativeTracker(model);
    const pg = model.series
      .filter(s => s.service === 'payment-gateway')
      .map(s => s.index);
    tracker.advanceTo(restartAt / MINUTE - 1);
    const before = pg.reduce((a, i) => a + tracker.values[i], 0);
    expect(before).toBeGreaterThan(1e6);
    tracker.advanceTo(restartAt / MINUTE + 5);
    expect(pg.every(i => tracker.values[i] === 0)).toBe(true);
    tracker.advanceTo(restartAt / MINUTE + 6);
    expect(pg.reduce((a, i) => a + tracker.values[i], 0)).toBeGreaterThan(0);
  });

  it('burns checkout-service error budget in the last hour', () => {
    const model = testModel();
    const checkout = (l: Record<string, string>, k: string) =>
      k === 'requests' && l.service === 'checkout-service';
    const all = sumCounts(model, model.t0 - HOUR, model.t0, checkout);
    const bad = sumCounts(
      model,
      model.t0 - HOUR,
      model.t0,
      (l, k) => checkout(l, k) && l.code.startsWith('5'),
    );
    expect(bad / all / 0.001).toBeGreaterThan(14.4);
    const badBefore = sumCounts(
      model,
      model.t0 - 3 * HOUR,
      model.t0 - 2 * HOUR,
      (l, k) => checkout(l, k) && l.code.startsWith('5'),
    );
    expect(badBefore).toBeLessThan(bad / 10);
  });

  it('keeps histogram buckets cumulative and consistent with the request counters', () => {
    const model = testModel();
    const counts = new Float64Array(model.size);
    for (let m = model.t0 / 60 - 30; m <= model.t0 / 60; m++) {
      model.minuteCounts(m, counts);
      for (const s of model.series.filter(
        x => x.kind === 'count' && x.convention === 'metrics-suite',
      )) {
        const { service, caller } = s.labels;
        const buckets = model.series.filter(
          x =>
            x.kind === 'bucket' &&
            x.convention === 'metrics-suite' &&
            x.labels.service === service &&
            x.labels.caller === caller,
        );
        const values = buckets.map(b => counts[b.index]);
        for (let i = 1; i < values.length; i++)
          expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
        expect(values[values.length - 1]).toBe(counts[s.index]);
        const requests = model.series
          .filter(
            x =>
              x.kind === 'requests' &&
              x.labels.service === service &&
              x.labels.caller === caller,
          )
          .reduce((a, x) => a + counts[x.index], 0);
        expect(requests).toBe(counts[s.index]);
      }
    }
  });
});
