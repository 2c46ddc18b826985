import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import metricsPlugin from '@metrics-suite/backstage-plugin-metrics-backend';
import { countingProxy } from './countingProxy';
import type { BenchmarkResult } from './report';

// docs/non-functional.md#limits: a cache-busting minute must not leave the backend holding
// memory (bounded view cache), and Prometheus never sees more queries at once than allowed.
export const MEMORY_GROWTH_BOUND = 1.2;
export const IN_FLIGHT_BOUND = 1;

const MAX_CONCURRENT = 8;
const REQUESTERS = 40;
const PARALLEL = 16;
/** Past the view cache's 30 s: what is left then is what the backend keeps. */
const IDLE_MS = 35_000;

/** Heap in use after a full collection, in MB. */
function heapMb(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * Bar 4: the whole plugin (router, view cache, rate limit) on a test backend, hit for
 * `seconds` by many requesters asking for views with a different `end` each time, so that
 * no answer is ever reused. Reports the heap after idle against the heap before, and the most
 * Prometheus queries in flight against `limits.maxConcurrentQueries`.
 */
export async function benchLoad(options: {
  prometheusUrl: string;
  entities: Entity[];
  seconds: number;
}): Promise<BenchmarkResult> {
  const proxy = await countingProxy(options.prometheusUrl);
  const backend = await startTestBackend({
    features: [
      metricsPlugin,
      mockServices.rootConfig.factory({
        data: {
          metrics: {
            prometheus: {
              instances: [
                {
                  name: 'main',
                  baseUrl: proxy.url,
                  catalogQueries: { policy: 'any' },
                  limits: { maxConcurrentQueries: MAX_CONCURRENT },
                },
              ],
            },
            defaultSlos: [
              { name: 'availability', objective: 99.9, window: '28d' },
            ],
            history: { collector: { enabled: false } },
          },
        },
      }),
      catalogServiceMock.factory({ entities: options.entities }),
    ],
  });
  const problems: string[] = [];
  const statuses = new Map<number, number>();
  try {
    const base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/metrics`;
    const components = options.entities
      .filter(e => e.kind === 'Component')
      .map(e => stringifyEntityRef(e).split(/[:/]/));
    const now = Math.floor(Date.now() / 1000);
    let n = 0;
    const ask = async () => {
      const i = n++;
      const [kind, namespace, name] = components[i % components.length];
      // 1h views step 60 s: each `end` a minute apart is a view nobody asked for yet.
      const end = now - 3600 - i * 60;
      const res = await fetch(
        `${base}/v1/entities/${kind}/${namespace}/${name}?range=1h&end=${end}`,
        {
          headers: {
            Authorization: mockCredentials.user.header(
              `user:default/load-${i % REQUESTERS}`,
            ),
          },
        },
      );
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    };

    // Warm-up: the code paths loaded and compiled before the baseline.
    for (let i = 0; i < PARALLEL; i++) await ask();
    const before = heapMb();
    const until = Date.now() + options.seconds * 1000;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (Date.now() < until) await ask();
      }),
    );
    const loaded = heapMb();
    await new Promise(resolve => setTimeout(resolve, IDLE_MS));
    const after = heapMb();
    if ((statuses.get(500) ?? 0) > 0) {
      problems.push(`${statuses.get(500)} view requests answered 500`);
    }
    return {
      id: 'load',
      title: `Cache-busting load: ${options.seconds} s, ${PARALLEL} in parallel from ${REQUESTERS} requesters`,
      ratios: [
        {
          id: 'memory-after-idle',
          label: 'heap after idle / before the load',
          numerator: { label: 'after', value: round(after), unit: 'MB' },
          denominator: { label: 'before', value: round(before), unit: 'MB' },
          bound: MEMORY_GROWTH_BOUND,
        },
        {
          id: 'prometheus-in-flight',
          label:
            'most Prometheus queries in flight / limits.maxConcurrentQueries',
          numerator: { label: 'most', value: proxy.seen.most, unit: 'queries' },
          denominator: {
            label: 'limit',
            value: MAX_CONCURRENT,
            unit: 'queries',
          },
          bound: IN_FLIGHT_BOUND,
        },
      ],
      details: [
        {
          views: n,
          statuses: [...statuses]
            .sort((a, b) => a[0] - b[0])
            .map(([s, c]) => `${s}×${c}`)
            .join(' '),
          'prometheus requests': proxy.seen.total,
          'heap before MB': round(before),
          'heap loaded MB': round(loaded),
          'heap after idle MB': round(after),
        },
      ],
      problems,
    };
  } finally {
    await backend.stop();
    await proxy.stop();
  }
}

function round(mb: number): number {
  return Math.round(mb * 10) / 10;
}
