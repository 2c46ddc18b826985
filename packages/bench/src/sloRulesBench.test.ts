import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SloDefinition,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { queryCost } from './queryStats';
import { benchSloRules, sloWindowQuery, sumOfMedians } from './sloRulesBench';

function sloOf(name: string): SloDefinition {
  const { definitions } = resolveEntityMetrics(
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        annotations: { 'metrics-suite/prometheus-service': name },
      },
      spec: { owner: 'team-a' },
    },
    { defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }] },
  );
  return definitions[0] as SloDefinition;
}

const cost = (evalMs: number, samples = 10, series = 1) => ({
  evalMs,
  samples,
  series,
});

describe('queryCost', () => {
  it("reads Prometheus's eval time and samples from a stats=all answer", () => {
    expect(
      queryCost(
        {
          status: 'success',
          data: {
            result: [{}, {}],
            stats: {
              timings: { evalTotalTime: 0.0125 },
              samples: { totalQueryableSamples: 672 },
            },
          },
        },
        'q',
      ),
    ).toEqual({ evalMs: 12.5, samples: 672, series: 2 });
  });

  it('refuses an error and an answer without stats', () => {
    expect(() =>
      queryCost({ status: 'error', error: 'parse error' }, 'q'),
    ).toThrow('q: parse error');
    expect(() =>
      queryCost({ status: 'success', data: { result: [] } }, 'q'),
    ).toThrow(/no query stats/);
  });
});

describe('the SLO rules benchmark', () => {
  const slo = sloOf('checkout');

  it('reads the raw window from the catalog query and the recorded one as the view does', () => {
    const time = 1_735_689_600 + 600;
    expect(sloWindowQuery(slo, 'valid', 'raw', 'instant', time)).toBe(
      'sum(increase(http_server_requests_total{service="checkout"}[28d]))',
    );
    expect(sloWindowQuery(slo, 'good', 'recorded', 'instant', time)).toMatch(
      /^sum\(slo:sli_good:increase4w\{slo="availability",entity="component:default\/checkout",slo_revision="\w+"\}\)$/,
    );
    const recorded = sloWindowQuery(slo, 'good', 'recorded', 'view', time);
    expect(recorded).toMatch(
      /^sum\(slo:sli_good:increase4w\{slo="availability",entity="component:default\/checkout",slo_revision="\w+"\}\) \+ /,
    );
    // The raw tail since the whole hour, and the head at the window's start.
    expect(recorded).toContain('[600s]');
    expect(recorded).toContain('offset 2419200s');
    expect(sloWindowQuery(slo, 'good', 'recorded', 'chart', time)).toMatch(
      /^sum_over_time\(slo:sli_good:increase1h\{.*\}\[2419199s:1h\]\)$/,
    );
  });

  it('adds the median of each query', () => {
    expect(
      sumOfMedians(
        [{ runs: [cost(3), cost(1), cost(2)] }, { runs: [cost(10), cost(20)] }],
        c => c.evalMs,
      ),
    ).toBe(2 + 15);
  });

  /** A Prometheus stand-in: raw queries cost 10 ms, recorded 1 ms; `empty` answers nothing. */
  async function prometheus(empty: (query: string) => boolean) {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => {
        body += c;
      });
      req.on('end', () => {
        const query = new URLSearchParams(body).get('query') ?? '';
        const recorded = /^sum(_over_time)?\(slo:/.test(query);
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              result: empty(query) ? [] : [{ metric: {}, value: [0, '1'] }],
              stats: {
                timings: { evalTotalTime: recorded ? 0.001 : 0.01 },
                samples: { totalQueryableSamples: recorded ? 672 : 20000 },
              },
            },
          }),
        );
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise(resolve => server.close(resolve)),
    };
  }

  it('compares recorded with raw time and samples over every SLO', async () => {
    const stub = await prometheus(() => false);
    try {
      const result = await benchSloRules({
        prometheusUrl: stub.url,
        slos: [slo, sloOf('payments')],
        runs: 3,
      });
      expect(result.problems).toEqual([]);
      const [time, samples] = result.ratios;
      expect(time).toMatchObject({
        numerator: { value: 4 },
        denominator: { value: 40 },
        bound: 0.2,
      });
      expect(samples).toMatchObject({
        numerator: { value: 4 * 672 },
        denominator: { value: 4 * 20000 },
      });
    } finally {
      await stub.close();
    }
  });

  it('is invalid when the recordings answer fewer SLOs than the raw series: no data is not fast', async () => {
    const stub = await prometheus(
      q => q.includes('component:default/payments') && q.includes('sli_valid'),
    );
    try {
      const result = await benchSloRules({
        prometheusUrl: stub.url,
        slos: [slo, sloOf('payments')],
        runs: 1,
      });
      expect(result.problems).toEqual([
        'the recordings answer 1 SLOs (instant), the raw series 2; no recorded data for component:default/payments availability',
        'the recordings answer 1 SLOs (view), the raw series 2; no recorded data for component:default/payments availability',
        'the recordings answer 1 SLOs (chart), the raw series 2; no recorded data for component:default/payments availability',
      ]);
    } finally {
      await stub.close();
    }
  });
});
