import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import metricsPlugin from '@metrics-suite/backstage-plugin-metrics-backend';
import type { BenchmarkResult } from './report';
import { nowMs } from './timing';

// docs/non-functional.md#limits: a health probe waiting on the event loop would wait this long
// at most while a huge Prometheus answer arrives (the probe's own budget, not a measured side).
export const HEALTH_BUDGET_MS = 250;

/**
 * A Prometheus stand-in in its own process (so its work is not counted against the
 * backend's event loop) that streams `series` series per answer without Content-Length, as
 * a real huge answer comes. Prints its port on stdout.
 */
const HUGE_SERVER = `
const http = require('node:http');
const series = Number(process.argv[1]);
const pad = 'x'.repeat(Number(process.argv[2]));
const once = process.argv[3] === 'once';
let answered = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (once && answered++ > 0) {
      const type = req.url.includes('query_range') ? 'matrix' : 'vector';
      return void res.end('{"status":"success","data":{"resultType":"' + type + '","result":[]}}');
    }
    res.write('{"status":"success","data":{"resultType":"vector","result":[');
    let next = 0;
    const more = () => {
      while (next < series) {
        const chunk = [];
        for (let j = 0; j < 1000 && next < series; j++, next++) {
          chunk.push((next ? ',' : '') + '{"metric":{"service":"s' + next + '","pod":"pod-' + next + '-abcdefghij","pad":"' + pad + '"},"value":[1,"1"]}');
        }
        if (!res.write(chunk.join(''))) return void res.once('drain', more);
      }
      res.end(']}}');
    };
    res.on('error', () => undefined);
    more();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function hugeServer(c: (typeof CASES)[number]) {
  const child = spawn(
    process.execPath,
    ['-e', HUGE_SERVER, String(c.series), String(c.pad), c.once ? 'once' : ''],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', d => resolve(Number(String(d).trim())));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill();
    },
  };
}

/**
 * Against the defaults (8 MB, 10,000 series), every query of the view answered so: far too
 * many series; few series but past the byte limit. Then one query answered with the largest
 * answer both limits let through, which is parsed whole (the others answer empty).
 */
const CASES = [
  {
    id: 'too-many-series',
    label: 'of 400,000 series (~32 MB)',
    series: 400_000,
    pad: 0,
    once: false,
  },
  {
    id: 'too-many-bytes',
    label: 'of 9,000 series past maxResponseBytes (~15 MB)',
    series: 9_000,
    pad: 1_600,
    once: false,
  },
  {
    id: 'largest-allowed',
    label: 'of 9,000 series under maxResponseBytes (~7.5 MB), once',
    series: 9_000,
    pad: 750,
    once: true,
  },
];

/**
 * Bar 5: the service view of one entity whose Prometheus answers are huge, on a test backend
 * with the default limits, while `/health` is asked every 20 ms. Reports the slowest health
 * answer and the longest event-loop delay against the probe's budget.
 */
export async function benchHugeAnswers(): Promise<BenchmarkResult> {
  const problems: string[] = [];
  const details: BenchmarkResult['details'] = [];
  const ratios: BenchmarkResult['ratios'] = [];
  for (const c of CASES) {
    const server = await hugeServer(c);
    const backend = await startTestBackend({
      features: [
        metricsPlugin,
        mockServices.rootConfig.factory({
          data: {
            metrics: {
              prometheus: {
                instances: [{ name: 'main', baseUrl: server.url }],
              },
              defaultSlos: [
                { name: 'availability', objective: 99.9, window: '28d' },
              ],
              history: { collector: { enabled: false } },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'huge',
                namespace: 'default',
                annotations: { 'metrics-suite/prometheus-service': 'huge' },
              },
              spec: {
                type: 'service',
                owner: 'team-a',
                lifecycle: 'production',
              },
            },
          ],
        }),
      ],
    });
    try {
      const base = `http://127.0.0.1:${
        (backend.server.address() as AddressInfo).port
      }/api/metrics`;
      const headers = { Authorization: mockCredentials.user.header() };
      // Warm-up: modules compiled and connections made before measuring.
      await (await fetch(`${base}/health`, { headers })).arrayBuffer();
      const delay = monitorEventLoopDelay({ resolution: 10 });
      let slowestHealth = 0;
      let probes = 0;
      let viewDone = false;
      delay.enable();
      const view = fetch(
        `${base}/v1/entities/component/default/huge?range=7d`,
        {
          headers,
        },
      ).then(async res => {
        const body = (await res.json()) as {
          slos?: { status?: string; error?: string };
        };
        viewDone = true;
        return { status: res.status, body };
      });
      while (!viewDone) {
        const started = nowMs();
        await (await fetch(`${base}/health`, { headers })).arrayBuffer();
        slowestHealth = Math.max(slowestHealth, nowMs() - started);
        probes += 1;
        await new Promise(resolve => setTimeout(resolve, 20));
      }
      delay.disable();
      const { status, body } = await view;
      const longestDelay = delay.max / 1e6;
      if (status !== 200) problems.push(`${c.id}: the view answered ${status}`);
      const limited = c.id !== 'largest-allowed';
      if (limited && body.slos?.status === 'ok') {
        problems.push(`${c.id}: the SLO section was ok; the limit did not act`);
      }
      ratios.push({
        id: `${c.id}-health`,
        label: `slowest /health during an answer ${c.label} / the probe's budget`,
        numerator: {
          label: 'slowest',
          value: Math.round(slowestHealth),
          unit: 'ms',
        },
        denominator: { label: 'budget', value: HEALTH_BUDGET_MS, unit: 'ms' },
        bound: 1,
      });
      details.push({
        case: c.id,
        series: c.series,
        'health probes': probes,
        'slowest health ms': Math.round(slowestHealth),
        'longest event-loop delay ms': Math.round(longestDelay),
        'slo section': `${body.slos?.status}: ${body.slos?.error ?? ''}`.slice(
          0,
          90,
        ),
      });
    } finally {
      await backend.stop();
      server.stop();
    }
  }
  return {
    id: 'huge-answers',
    title:
      'Huge Prometheus answers: /health every 20 ms while one service view reads them (default limits)',
    ratios,
    details,
    problems,
  };
}
