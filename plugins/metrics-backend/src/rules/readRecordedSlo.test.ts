import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  DEFAULT_TELEMETRY_CONVENTION,
  SloDefinition,
  sloRecordSelector,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  VectorItem,
  fakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { PrometheusClient } from '../sources/prometheus';
import { readRecordedSloCounts } from './readRecordedSlo';

const server = setupServer();
registerMswTestHooks(server);

const client = PrometheusClient.fromConfig({
  name: 'main',
  baseUrl: FAKE_PROMETHEUS_BASE,
  default: true,
  headers: {},
  timeoutMs: 5000,
  limits: DEFAULT_PROMETHEUS_LIMITS,
  catalogQueries: DEFAULT_CATALOG_QUERIES,
  rules: { read: 'always', alertsDeployed: false },
  convention: DEFAULT_TELEMETRY_CONVENTION,
});

const slo = {
  id: 'slo:availability',
  kind: 'slo',
  name: 'availability',
  entityRef: 'component:default/checkout',
  objective: 99.9,
  window: '28d',
  windowSeconds: 2_419_200,
  queries: {
    good: 'sum(increase(ok_total[{{window}}]))',
    total: 'sum(increase(all_total[{{window}}]))',
  },
} as SloDefinition;

// Half past an hour: the hourly sum ends 1800 s before `end`.
const END = 1_735_689_600 + 1_800;
const DAY = 86_400;

/**
 * Answers each tagged part by what it reads: a recorded window, the hourly sum of the SLO
 * window, its raw tail and head, or the coverage.
 */
function answer(values: {
  sum: [number, number];
  tail: [number, number];
  head: [number, number];
  coverage: number;
  startCoverage?: number;
  burn?: [number, number];
  /** Coverage of the window one period (a day) earlier. */
  previousCoverage?: number;
  /** When the 28-day recording was evaluated; default half a minute before END. */
  recordedAt?: number;
}) {
  const one = (v: number): VectorItem[] => [{ metric: {}, value: String(v) }];
  return fakePrometheus(server, {
    windowed: query => {
      const kind = /sli_good|ok_total/.test(query) ? 0 : 1;
      if (query.startsWith('max(timestamp(')) {
        return one(values.recordedAt ?? END - 30);
      }
      if (query.includes('sli_coverage:ratio4w')) {
        return one(
          query.includes(`offset ${DAY}s`)
            ? values.startCoverage ?? values.coverage
            : values.coverage,
        );
      }
      if (query.includes('count_over_time')) {
        return one(
          query.includes(`offset ${DAY}s`)
            ? values.previousCoverage ?? values.coverage
            : values.coverage,
        );
      }
      if (query.includes('increase(all_total[28d])')) return one(77_000);
      if (query.includes('increase4w') || query.includes('sum_over_time')) {
        return one(values.sum[kind]);
      }
      if (query.includes('offset 2419200s')) return one(values.head[kind]);
      if (query.includes('[1800s]')) return one(values.tail[kind]);
      if (values.burn && query.startsWith('sum(slo:sli_')) {
        return one(values.burn[kind]);
      }
      return [];
    },
  });
}

describe('readRecordedSloCounts', () => {
  it('adds the raw tail since the last whole hour and takes off the head of the window', async () => {
    const fake = answer({
      sum: [99_000, 100_000],
      tail: [900, 1_000],
      head: [400, 500],
      coverage: 1,
      burn: [980, 1_000],
    });
    const counts = await readRecordedSloCounts(slo, client, {
      start: END - DAY,
      end: END,
    });
    if ('unusable' in counts) throw new Error(counts.unusable);
    expect(counts.good.get('28d')).toBe(99_000 + 900 - 400);
    expect(counts.total.get('28d')).toBe(100_000 + 1_000 - 500);
    expect(counts.total.get('5m')).toBe(1_000);
    expect(counts.good.get('3d')).toBe(980);
    expect(counts.coversRange).toBe(true);
    // Good and valid: one instant query each; the window is its recording, one sample.
    expect(fake.seen).toHaveLength(2);
    expect(fake.seen[0].query).toContain(
      'sum(slo:sli_good:increase4w{slo="availability"',
    );
    expect(fake.seen[0].query).not.toContain('sum_over_time');
  });

  it('sums the hourly recordings when the window was recorded in the hour before', async () => {
    const fake = answer({
      sum: [99_000, 100_000],
      tail: [900, 1_000],
      head: [400, 500],
      coverage: 1,
      recordedAt: END - 1_800 - 10,
    });
    const counts = await readRecordedSloCounts(slo, client, {
      start: END - DAY,
      end: END,
    });
    if ('unusable' in counts) throw new Error(counts.unusable);
    expect(counts.total.get('28d')).toBe(100_000 + 1_000 - 500);
    expect(fake.seen).toHaveLength(4);
    expect(fake.seen[2].query).toContain(
      'sum_over_time(slo:sli_good:increase1h',
    );
  });

  it('reads raw series while the recordings cover less of the window than 99%', async () => {
    answer({ sum: [1, 1], tail: [0, 0], head: [0, 0], coverage: 0.5 });
    await expect(
      readRecordedSloCounts(slo, client, { start: END - DAY, end: END }),
    ).resolves.toEqual({
      unusable:
        'the recording rules cover 336 of the 672 hours of the SLO window (not backfilled yet)',
    });
  });

  it('leaves the chart to raw series when the window at the range start is not covered', async () => {
    answer({
      sum: [1, 2],
      tail: [0, 0],
      head: [0, 0],
      coverage: 1,
      startCoverage: 0.9,
    });
    const counts = await readRecordedSloCounts(slo, client, {
      start: END - DAY,
      end: END,
    });
    expect(counts).toMatchObject({ coversRange: false });
  });

  it('says so when the recordings answer nothing', async () => {
    fakePrometheus(server, { windowed: () => [] });
    await expect(
      readRecordedSloCounts(slo, client, { start: END - DAY, end: END }),
    ).resolves.toEqual({
      unusable: 'the recording rules answered nothing for this SLO',
    });
  });

  it('reads the previous period raw while the recordings do not reach back a period and a window', async () => {
    const fake = answer({
      sum: [99_000, 100_000],
      tail: [900, 1_000],
      head: [400, 500],
      coverage: 1,
      previousCoverage: 0.75,
    });
    const counts = await readRecordedSloCounts(
      slo,
      client,
      { start: END - DAY, end: END },
      DAY,
    );
    if ('unusable' in counts) throw new Error(counts.unusable);
    expect(counts.note).toBe(
      'the previous period is from raw series (the recordings cover 504 of its 672 hours)',
    );
    // The window itself still from its recording; the previous one from the raw window.
    expect(counts.total.get('28d')).toBe(100_000 + 1_000 - 500);
    expect(counts.total.get('previous')).toBe(77_000);
    expect(fake.seen).toHaveLength(4);
  });
  it('reads the hours the recordings miss from raw series, across the outage', async () => {
    const HOUR = 3_600;
    const lastHour = END - 1_800;
    const first = lastHour - 28 * DAY + HOUR;
    // Missing: one hour in the middle of the window, and the last whole hour.
    const middle = lastHour - 100 * HOUR;
    const hours: Array<[number, string]> = [];
    for (let t = first; t <= lastHour; t += HOUR) {
      if (t !== middle && t !== lastHour) hours.push([t, '1']);
    }
    const one = (v: number): VectorItem[] => [{ metric: {}, value: String(v) }];
    const fake = fakePrometheus(server, {
      windowed: query => {
        const kind = /sli_good|ok_total/.test(query) ? 0 : 1;
        if (query.startsWith('max(timestamp(')) return one(END - 30);
        if (query.includes('sli_coverage:ratio4w')) return one(670 / 672);
        if (query.includes('increase4w')) return one([99_000, 100_000][kind]);
        if (query.includes('offset 2419200s')) return one([400, 500][kind]);
        // The middle hour, read from its start to the end of the next one, at that end.
        if (query.includes(`[${2 * HOUR}s]`)) return one([290, 300][kind]);
        if (query.includes(`increase1h`) && query.includes(' offset ')) {
          return one([140, 150][kind]);
        }
        // The last whole hour and the tail, together up to the end.
        if (query.includes(`[${HOUR + 1_800}s]`))
          return one([1_300, 1_400][kind]);
        if (query.includes('[1800s]')) return one([900, 1_000][kind]);
        return [];
      },
      range: {
        [`sum(${sloRecordSelector(slo, 'slo:sli_valid:increase1h')})`]: [
          { metric: {}, values: hours },
        ],
      },
    });
    const counts = await readRecordedSloCounts(slo, client, {
      start: END - DAY,
      end: END,
    });
    if ('unusable' in counts) throw new Error(counts.unusable);
    // The recorded sum, the tail and the head, then each gap's raw read in place of the
    // recording (middle) or the tail (last hour) it also covers.
    expect(counts.total.get('28d')).toBe(
      100_000 + 1_000 - 500 + (300 - 150) + (1_400 - 1_000),
    );
    expect(counts.good.get('28d')).toBe(
      99_000 + 900 - 400 + (290 - 140) + (1_300 - 900),
    );
    expect(counts.note).toBe(
      '2 hours of the window had no recording (Prometheus was down or the rules were not running yet) and are read from raw series',
    );
    const range = fake.seen.find(r => r.path === '/api/v1/query_range')!;
    expect(Object.fromEntries(range.form)).toMatchObject({
      start: String(first),
      end: String(lastHour),
      step: String(HOUR),
    });
    // The two reads, one range query to find the missing hours, and their two raw reads.
    expect(fake.seen).toHaveLength(5);
  });

  it('reads nothing more while every hour is recorded', async () => {
    const fake = answer({
      sum: [99_000, 100_000],
      tail: [900, 1_000],
      head: [400, 500],
      coverage: 1,
    });
    await readRecordedSloCounts(slo, client, { start: END - DAY, end: END });
    expect(fake.seen.map(r => r.path)).not.toContain('/api/v1/query_range');
  });
});
