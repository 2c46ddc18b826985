/*
 * The example services of the other telemetry conventions: exactly the
 * series each convention produces, and the same requests in every family.
 */
import { DAY, MINUTE, SeriesInfo } from './model';
import { seriesSelector } from './history';
import { testModel } from './testUtils';
import { histogramQuantile } from './truth';
import {
  ISTIO_DURATION_BUCKETS_MS,
  LINKERD_LATENCY_BUCKETS_MS,
  OTEL_DURATION_BUCKETS,
  SERVICE_GRAPH_BUCKETS,
} from './world';

jest.setTimeout(120_000);

const model = testModel();
const CODES = ['200', '404', '500', '503'];
const les = (bounds: readonly number[]) => [...bounds.map(String), '+Inf'];

const of = (service: string) => model.series.filter(s => s.service === service);
const names = (series: SeriesInfo[]) => [...new Set(series.map(s => s.name))];
const keys = (series: SeriesInfo[], name: string) => [
  ...new Set(
    series
      .filter(s => s.name === name)
      .map(s => Object.keys(s.labels).join(',')),
  ),
];
const values = (series: SeriesInfo[], name: string, label: string) =>
  [
    ...new Set(
      series.filter(s => s.name === name).map(s => s.labels[label] ?? ''),
    ),
  ].sort();

/** Per-series counts summed over minutes (from, to] (Unix seconds). */
function sums(from: number, to: number): Float64Array {
  const acc = new Float64Array(model.size);
  const counts = new Float64Array(model.size);
  for (let m = from / MINUTE + 1; m <= to / MINUTE; m++) {
    model.minuteCounts(m, counts);
    for (let i = 0; i < acc.length; i++) acc[i] += counts[i];
  }
  return acc;
}

/** Sum of `v` over the series matching name and labels. */
function total(
  v: Float64Array,
  name: string,
  labels: Record<string, string> = {},
): number {
  let t = 0;
  for (const s of model.series) {
    if (s.name !== name) continue;
    if (Object.entries(labels).every(([k, x]) => s.labels[k] === x)) {
      t += v[s.index];
    }
  }
  return t;
}

/** Cumulative buckets (by le, ascending) of the matching `_bucket` series, and their p95 in the histogram's unit. */
function p95(
  v: Float64Array,
  name: string,
  labels: Record<string, string>,
  bounds: readonly number[],
): number | null {
  const cumulative = les(bounds).map(le => total(v, name, { ...labels, le }));
  return histogramQuantile(0.95, [...bounds, Infinity], cumulative);
}

describe('the other conventions', () => {
  it('search-service: the OpenTelemetry server histogram only, without any caller', () => {
    const s = of('search-service');
    const h = 'http_server_request_duration_seconds';
    expect(names(s).sort()).toEqual(
      [`${h}_bucket`, `${h}_count`, `${h}_sum`].sort(),
    );
    expect(keys(s, `${h}_bucket`)).toEqual([
      'service_name,http_request_method,http_route,http_response_status_code,le',
    ]);
    expect(keys(s, `${h}_count`)).toEqual([
      'service_name,http_request_method,http_route,http_response_status_code',
    ]);
    expect(values(s, `${h}_count`, 'service_name')).toEqual(['search-service']);
    expect(values(s, `${h}_count`, 'http_request_method')).toEqual(['GET']);
    expect(values(s, `${h}_count`, 'http_route')).toEqual(['/search']);
    expect(values(s, `${h}_count`, 'http_response_status_code')).toEqual(CODES);
    expect(values(s, `${h}_bucket`, 'le').sort()).toEqual(
      les(OTEL_DURATION_BUCKETS).sort(),
    );
    expect(s).toHaveLength(4 * 17);
  });

  it('booking-service: the OpenTelemetry histogram and the service graph', () => {
    const s = of('booking-service');
    expect(names(s).sort()).toEqual(
      [
        'http_server_request_duration_seconds_bucket',
        'http_server_request_duration_seconds_count',
        'http_server_request_duration_seconds_sum',
        'traces_service_graph_request_total',
        'traces_service_graph_request_failed_total',
        'traces_service_graph_request_server_seconds_bucket',
        'traces_service_graph_request_server_seconds_count',
        'traces_service_graph_request_server_seconds_sum',
      ].sort(),
    );
    const c = 'http_server_request_duration_seconds_count';
    expect(values(s, c, 'service_name')).toEqual(['booking-service']);
    expect(values(s, c, 'http_response_status_code')).toEqual(CODES);
    for (const name of [
      'traces_service_graph_request_total',
      'traces_service_graph_request_failed_total',
      'traces_service_graph_request_server_seconds_count',
    ]) {
      expect(keys(s, name)).toEqual(['client,server']);
      expect(values(s, name, 'server')).toEqual(['booking-service']);
      expect(values(s, name, 'client')).toEqual([
        'checkout-service',
        'gateway',
        'trip-planner',
      ]);
    }
    expect(
      keys(s, 'traces_service_graph_request_server_seconds_bucket'),
    ).toEqual(['client,server,le']);
    expect(
      values(
        s,
        'traces_service_graph_request_server_seconds_bucket',
        'le',
      ).sort(),
    ).toEqual(les(SERVICE_GRAPH_BUCKETS).sort());
    expect(s).toHaveLength(4 * 17 + 3 * (2 + 19));
  });

  it('loyalty-service: only the service graph', () => {
    const s = of('loyalty-service');
    expect(names(s).every(n => n.startsWith('traces_service_graph_'))).toBe(
      true,
    );
    expect(values(s, 'traces_service_graph_request_total', 'client')).toEqual([
      'checkout-service',
      'web-bff',
    ]);
    expect(s).toHaveLength(2 * (2 + 19));
  });

  it('fleet-service: Istio, both reporters on the counter, the duration in ms from the destination; a caller without sidecar', () => {
    const s = of('fleet-service');
    const labels =
      'reporter,source_workload,source_canonical_service,source_workload_namespace,' +
      'destination_workload,destination_canonical_service,destination_service_name,' +
      'destination_workload_namespace,request_protocol,response_code,response_flags,' +
      'connection_security_policy';
    expect(keys(s, 'istio_requests_total')).toEqual([labels]);
    expect(keys(s, 'istio_request_duration_milliseconds_bucket')).toEqual([
      `${labels},le`,
    ]);
    expect(keys(s, 'istio_request_duration_milliseconds_sum')).toEqual([
      labels,
    ]);
    expect(
      values(s, 'istio_request_duration_milliseconds_bucket', 'le').sort(),
    ).toEqual(les(ISTIO_DURATION_BUCKETS_MS).sort());
    const fixed = {
      destination_workload: 'fleet-service',
      destination_canonical_service: 'fleet-service',
      destination_service_name: 'fleet-service',
      destination_workload_namespace: 'travel',
      request_protocol: 'http',
      response_flags: '-',
    };
    for (const x of s) expect(x.labels).toMatchObject(fixed);
    expect(values(s, 'istio_requests_total', 'response_code')).toEqual(CODES);
    expect(
      values(s, 'istio_request_duration_milliseconds_count', 'reporter'),
    ).toEqual(['destination']);
    const report = (reporter: string) =>
      s
        .filter(
          x =>
            x.name === 'istio_requests_total' && x.labels.reporter === reporter,
        )
        .map(x => [
          x.labels.source_canonical_service,
          x.labels.source_workload_namespace,
          x.labels.connection_security_policy,
        ])
        .map(x => x.join(' '));
    expect([...new Set(report('destination'))].sort()).toEqual([
      'pricing-service travel mutual_tls',
      'trip-planner travel mutual_tls',
      'unknown unknown none',
    ]);
    // The client side is reported by the caller's sidecar: none for "unknown".
    expect([...new Set(report('source'))].sort()).toEqual([
      'pricing-service travel unknown',
      'trip-planner travel unknown',
    ]);
    expect(s).toHaveLength(3 * 4 + 2 * 4 + 3 * 4 * 22);
  });

  it('ticketing-service: Linkerd inbound, and its callers outbound', () => {
    const s = of('ticketing-service');
    const inbound = s.filter(x => x.labels.direction === 'inbound');
    const outbound = s.filter(x => x.labels.direction === 'outbound');
    expect(inbound.length + outbound.length).toBe(s.length);
    expect(keys(inbound, 'response_total')).toEqual([
      'direction,deployment,namespace,classification,status_code,tls',
    ]);
    expect(keys(inbound, 'response_latency_ms_bucket')).toEqual([
      'direction,deployment,namespace,status_code,tls,le',
    ]);
    expect(keys(outbound, 'response_total')).toEqual([
      'direction,deployment,namespace,dst_deployment,dst_namespace,classification,status_code,tls',
    ]);
    expect(keys(outbound, 'response_latency_ms_bucket')).toEqual([
      'direction,deployment,namespace,dst_deployment,dst_namespace,status_code,tls,le',
    ]);
    expect(values(inbound, 'response_total', 'deployment')).toEqual([
      'ticketing-service',
    ]);
    expect(values(outbound, 'response_total', 'deployment')).toEqual([
      'checkout-service',
      'trip-planner',
    ]);
    expect(values(outbound, 'response_total', 'dst_deployment')).toEqual([
      'ticketing-service',
    ]);
    expect(values(s, 'response_latency_ms_bucket', 'le').sort()).toEqual(
      les(LINKERD_LATENCY_BUCKETS_MS).sort(),
    );
    for (const x of s) {
      expect(x.labels).toMatchObject({ namespace: 'travel', tls: 'true' });
    }
    // classification only on the counter, "failure" exactly for 5xx.
    expect(
      [
        ...new Set(
          s.map(x =>
            [x.name, x.labels.status_code, x.labels.classification ?? '-'].join(
              ' ',
            ),
          ),
        ),
      ].sort(),
    ).toEqual(
      [
        'response_latency_ms_bucket',
        'response_latency_ms_count',
        'response_latency_ms_sum',
      ]
        .flatMap(n => CODES.map(c => `${n} ${c} -`))
        .concat([
          'response_total 200 success',
          'response_total 404 success',
          'response_total 500 failure',
          'response_total 503 failure',
        ])
        .sort(),
    );
    expect(values(s, 'response_total', 'status_code')).toEqual(CODES);
    expect(s).toHaveLength(4 * (1 + 28) + 2 * 4 * (1 + 28));
  });

  it('never collides: the suite and OpenTelemetry share a metric name with different label sets', () => {
    const selectors = model.series.map(seriesSelector);
    expect(new Set(selectors).size).toBe(selectors.length);
    const shared = model.series.filter(s =>
      s.name.startsWith('http_server_request_duration_seconds'),
    );
    const kinds = new Set(
      shared.map(s =>
        [
          s.convention,
          'service' in s.labels,
          'caller' in s.labels,
          'service_name' in s.labels,
        ].join(' '),
      ),
    );
    expect([...kinds].sort()).toEqual([
      'metrics-suite true true false',
      'opentelemetry false false true',
    ]);
    // Nothing else of the other conventions carries the suite's labels.
    for (const s of model.series) {
      if (s.convention === 'metrics-suite') continue;
      expect([s.name, s.labels.service, s.labels.caller, s.labels.job]).toEqual(
        [s.name, undefined, undefined, undefined],
      );
    }
  });

  it('counts the same requests in every family, minute by minute', () => {
    const counts = new Float64Array(model.size);
    const minutes = [
      ...Array.from({ length: 60 }, (_, i) => model.t0 / MINUTE - i),
      model.start / MINUTE + 1,
      (model.t0 - 3 * DAY) / MINUTE,
    ];
    const problems: string[] = [];
    const eq = (a: number, b: number, what: string) => {
      if (a !== b && problems.length < 10)
        problems.push(`${what}: ${a} != ${b}`);
    };
    let booking = 0;
    for (const m of minutes) {
      model.minuteCounts(m, counts);
      const t = (name: string, labels: Record<string, string> = {}) =>
        total(counts, name, labels);
      for (const v of counts) {
        if (!Number.isInteger(v) || v < 0) problems.push(`not a count: ${v}`);
      }
      // booking-service: service graph totals = OpenTelemetry counts; failed = 5xx.
      const otel = (labels: Record<string, string>) =>
        t('http_server_request_duration_seconds_count', {
          service_name: 'booking-service',
          ...labels,
        });
      const sg = { server: 'booking-service' };
      eq(
        t('traces_service_graph_request_total', sg),
        otel({}),
        'booking total',
      );
      booking += otel({});
      eq(
        t('traces_service_graph_request_failed_total', sg),
        otel({ http_response_status_code: '500' }) +
          otel({ http_response_status_code: '503' }),
        'booking failed',
      );
      // …and the two histograms agree on their common bounds.
      for (const le of ['0.01', '0.05', '0.1', '1', '5', '10', '+Inf']) {
        eq(
          t('traces_service_graph_request_server_seconds_bucket', {
            ...sg,
            le,
          }),
          t('http_server_request_duration_seconds_bucket', {
            service_name: 'booking-service',
            le,
          }),
          `booking le=${le}`,
        );
      }
      // Service graph: per client, the histogram counts the requests.
      for (const server of ['booking-service', 'loyalty-service']) {
        for (const client of values(
          of(server),
          'traces_service_graph_request_total',
          'client',
        )) {
          eq(
            t('traces_service_graph_request_server_seconds_count', {
              client,
              server,
            }),
            t('traces_service_graph_request_total', { client, server }),
            `${server} ${client} histogram count`,
          );
        }
      }
      // Istio: the source reports the same requests as the destination (meshed callers).
      for (const caller of ['trip-planner', 'pricing-service']) {
        for (const code of CODES) {
          const labels = (reporter: string) => ({
            reporter,
            source_canonical_service: caller,
            response_code: code,
          });
          eq(
            t('istio_requests_total', labels('source')),
            t('istio_requests_total', labels('destination')),
            `istio ${caller} ${code}`,
          );
          eq(
            t(
              'istio_request_duration_milliseconds_count',
              labels('destination'),
            ),
            t('istio_requests_total', labels('destination')),
            `istio ${caller} ${code} histogram count`,
          );
        }
      }
      eq(
        t('istio_requests_total', {
          reporter: 'source',
          source_canonical_service: 'unknown',
        }),
        0,
        'istio unknown source',
      );
      // Linkerd: inbound = the sum of the callers' outbound, per code and per bucket.
      for (const code of CODES) {
        eq(
          t('response_total', {
            direction: 'inbound',
            deployment: 'ticketing-service',
            status_code: code,
          }),
          t('response_total', {
            direction: 'outbound',
            dst_deployment: 'ticketing-service',
            status_code: code,
          }),
          `linkerd ${code}`,
        );
        for (const le of ['1', '50', '500', '5000', '+Inf']) {
          eq(
            t('response_latency_ms_bucket', {
              direction: 'inbound',
              status_code: code,
              le,
            }),
            t('response_latency_ms_bucket', {
              direction: 'outbound',
              dst_deployment: 'ticketing-service',
              status_code: code,
              le,
            }),
            `linkerd ${code} le=${le}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    expect(booking).toBeGreaterThan(1000);
  });

  it('keeps every convention histogram cumulative, +Inf equal to _count, with plausible sums', () => {
    const v = sums(model.t0 - 6 * 3600, model.t0);
    const problems: string[] = [];
    const groups = new Map<string, SeriesInfo[]>();
    for (const s of model.series) {
      if (s.convention === 'metrics-suite' || s.schedule !== 'histogram')
        continue;
      const { le, ...rest } = s.labels;
      const key = `${s.family}${JSON.stringify(rest)}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const [key, members] of groups) {
      const buckets = members.filter(s => s.kind === 'bucket');
      const count = v[members.find(s => s.kind === 'count')!.index];
      const sum = members.find(s => s.kind === 'sum')!;
      for (let i = 1; i < buckets.length; i++) {
        if (v[buckets[i].index] < v[buckets[i - 1].index]) {
          problems.push(`${key}: not cumulative`);
        }
      }
      if (v[buckets[buckets.length - 1].index] !== count) {
        problems.push(`${key}: +Inf != count`);
      }
      // Exported _sum in the histogram's unit: mean between 0 and 30 s.
      const unit =
        sum.name.includes('_ms') || sum.name.includes('milli') ? 1000 : 1;
      const mean = (v[sum.index] * sum.scale) / count / unit;
      if (count > 0 && !(mean > 0.0005 && mean < 30)) {
        problems.push(`${key}: mean ${mean} s`);
      }
    }
    expect(problems).toEqual([]);
    expect(groups.size).toBe(4 + 4 + 3 + 2 + 12 + 4 + 8);
  });

  it('answers 5xx more slowly, and callers have their own latency', () => {
    const v = sums(model.t0 - DAY, model.t0);
    const istio = (labels: Record<string, string>) =>
      p95(
        v,
        'istio_request_duration_milliseconds_bucket',
        { reporter: 'destination', ...labels },
        ISTIO_DURATION_BUCKETS_MS,
      )!;
    expect(istio({ response_code: '503' })).toBeGreaterThan(
      2 * istio({ response_code: '200' }),
    );
    expect(istio({ source_canonical_service: 'unknown' })).toBeGreaterThan(
      istio({ source_canonical_service: 'trip-planner' }),
    );
    const linkerd = (deployment: string) =>
      p95(
        v,
        'response_latency_ms_bucket',
        { direction: 'outbound', deployment },
        LINKERD_LATENCY_BUCKETS_MS,
      )!;
    expect(linkerd('trip-planner')).toBeGreaterThan(
      linkerd('checkout-service'),
    );
  });
});
