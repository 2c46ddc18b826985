import {
  SloCountKind,
  SloDefinition,
  recordedSloCountQuery,
  renderWindow,
  sloCountRecord,
  sloRecordSelector,
  sloWindowCorrections,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { QueryCost, measuredQuery } from './queryStats';
import type { BenchmarkResult, Ratio } from './report';
import { median } from './timing';

// Issue 15: reading an SLO window from the hourly recordings must cost Prometheus a small
// fraction of reading it from the raw series, or the rules are not worth deploying.
export const SLO_RULES_BOUND = 0.2;

const WINDOW = '28d';
const HOUR = 3600;
/**
 * The SLO chart's step over a 28-day range: about 120 points in whole minutes, as
 * `chartStep` in plugins/metrics-backend/src/views/links.ts picks it.
 */
const CHART_STEP = Math.ceil((28 * 24 * HOUR) / 120 / 60) * 60;

type Source = 'raw' | 'recorded';
/**
 * `instant`: the 28-day count at one time, the recording against the raw window (the bar);
 * `view`: the same as the service view reads it exactly, the recording with its raw tail and
 * head of at most an hour each (informative: a fixed cost whatever the window, which the
 * demo's sparse history makes look large next to its cheap raw window);
 * `chart`: the SLO chart's range query.
 */
type Shape = 'instant' | 'view' | 'chart';

/**
 * The PromQL of an SLO's good or valid events over the SLO window at `time`, from either
 * source, as the service view reads it: raw, the window's `increase`; recorded, the window's
 * recording with the raw events since its last whole hour added and those of the same length
 * at the window's start taken off (plugins/metrics-backend/src/rules/readRecordedSlo.ts).
 * The chart reads the hourly recordings summed.
 */
export function sloWindowQuery(
  slo: SloDefinition,
  kind: SloCountKind,
  source: Source,
  shape: Shape,
  time: number,
): string {
  if (source === 'raw') {
    return renderWindow(
      kind === 'good' ? slo.queries.good : slo.queries.total,
      WINDOW,
    );
  }
  if (shape === 'chart') return recordedSloCountQuery(slo, kind, WINDOW);
  if (shape === 'instant') {
    return `sum(${sloRecordSelector(slo, sloCountRecord(kind, WINDOW))})`;
  }
  const { tail, head } = sloWindowCorrections(slo, kind, time);
  return [
    `sum(${sloRecordSelector(slo, sloCountRecord(kind, WINDOW))})`,
    ...(tail ? [`+ (${tail} or vector(0))`] : []),
    ...(head ? [`- (${head} or vector(0))`] : []),
  ].join(' ');
}

/** One query of the benchmark, and what it cost in each run. */
interface Probe {
  slo: SloDefinition;
  kind: SloCountKind;
  source: Source;
  shape: Shape;
  query: string;
  runs: QueryCost[];
}

/** Σ over the probes of each probe's median (time) or first (samples: they do not vary). */
export function sumOfMedians(
  probes: ReadonlyArray<Pick<Probe, 'runs'>>,
  pick: (cost: QueryCost) => number,
): number {
  return probes.reduce(
    (total, p) => total + (p.runs.length > 0 ? median(p.runs.map(pick)) : 0),
    0,
  );
}

/**
 * SLOs whose valid events the answers of `source` have (an empty answer is no data, and
 * would be fast for nothing).
 */
export function answeredSlos(
  probes: ReadonlyArray<Probe>,
  source: Source,
  shape: Shape,
): string[] {
  return probes
    .filter(
      p =>
        p.source === source &&
        p.shape === shape &&
        p.kind === 'valid' &&
        p.runs.length > 0 &&
        p.runs[0].series > 0,
    )
    .map(p => `${p.slo.entityRef} ${p.slo.name}`);
}

/**
 * The 28-day SLO evaluation with the recording rules against the raw series, on the demo
 * world: every example SLO's good and valid counts as the service view reads them, instant
 * queries a little before now (the bar), and as the SLO chart's range query over 28 days
 * (informative), each asked with
 * `stats=all` once to warm up and `runs` times measured. Time is Σ of the per-query medians
 * of Prometheus's `evalTotalTime`; samples are `totalQueryableSamples`.
 */
export async function benchSloRules(options: {
  prometheusUrl: string;
  slos: readonly SloDefinition[];
  runs: number;
  /** Unix seconds; default now. */
  now?: number;
}): Promise<BenchmarkResult> {
  const { prometheusUrl, runs } = options;
  // Two minutes ago, so the rules have evaluated, and never on the hour: the view's reads
  // then carry their raw tail and head, as they do 59 minutes in 60.
  let time = Math.floor((options.now ?? Date.now() / 1000) / 60) * 60 - 120;
  if (time % HOUR === 0) time -= 60;
  const chart = {
    start: Math.floor((time - 28 * 24 * HOUR) / CHART_STEP) * CHART_STEP,
    end: Math.ceil(time / CHART_STEP) * CHART_STEP,
    step: CHART_STEP,
  };
  const probes: Probe[] = options.slos.flatMap(slo =>
    (['instant', 'view', 'chart'] as const).flatMap(shape =>
      (['good', 'valid'] as const).flatMap(kind =>
        (['raw', 'recorded'] as const).map(source => ({
          slo,
          kind,
          source,
          shape,
          query: sloWindowQuery(slo, kind, source, shape, time),
          runs: [],
        })),
      ),
    ),
  );
  const problems: string[] = [];
  let failed = false;
  try {
    for (let pass = 0; pass <= runs; pass++) {
      // Raw first in one pass, recorded first in the next: neither always finds a warm cache.
      const order = pass % 2 === 0 ? probes : [...probes].reverse();
      for (const probe of order) {
        const cost = await measuredQuery(
          prometheusUrl,
          probe.query,
          probe.shape === 'chart' ? chart : { time },
        );
        if (pass > 0) probe.runs.push(cost);
      }
    }
  } catch (error) {
    failed = true;
    problems.push((error as Error).message);
  }

  const of = (source: Source, shape: Shape) =>
    probes.filter(p => p.source === source && p.shape === shape);
  for (const shape of ['instant', 'view', 'chart'] as const) {
    const raw = answeredSlos(probes, 'raw', shape);
    const recorded = answeredSlos(probes, 'recorded', shape);
    if (!failed && raw.length !== recorded.length) {
      const missing = raw.filter(s => !recorded.includes(s));
      problems.push(
        `the recordings answer ${
          recorded.length
        } SLOs (${shape}), the raw series ${raw.length}; no recorded data for ${
          missing.join(', ') || '-'
        }`,
      );
    }
    if (!failed && raw.length === 0) {
      problems.push(`no SLO has data (${shape}): nothing was measured`);
    }
  }

  const ratio = (
    id: string,
    label: string,
    shape: Shape,
    what: 'time' | 'samples',
    bound?: number,
  ): Ratio => {
    const pick = (c: QueryCost) => (what === 'time' ? c.evalMs : c.samples);
    const unit = what === 'time' ? ('ms' as const) : ('samples' as const);
    return {
      id,
      label,
      numerator: {
        label: 'recorded',
        value: sumOfMedians(of('recorded', shape), pick),
        unit,
      },
      denominator: {
        label: 'raw',
        value: sumOfMedians(of('raw', shape), pick),
        unit,
      },
      ...(bound === undefined ? {} : { bound }),
    };
  };

  const details = options.slos.map(slo => {
    const cell = (
      source: Source,
      what: 'time' | 'samples',
      shape: Shape = 'instant',
    ) =>
      sumOfMedians(
        probes.filter(
          p => p.slo === slo && p.source === source && p.shape === shape,
        ),
        c => (what === 'time' ? c.evalMs : c.samples),
      );
    return {
      slo: `${slo.entityRef} ${slo.name}`,
      'raw ms': cell('raw', 'time'),
      'recorded ms': cell('recorded', 'time'),
      'raw samples': cell('raw', 'samples'),
      'recorded samples': cell('recorded', 'samples'),
      'view ms': cell('recorded', 'time', 'view'),
    };
  });

  return {
    id: 'slo-rules',
    title: `28-day SLO evaluation, recording rules vs raw (${options.slos.length} SLOs)`,
    ratios: [
      ratio(
        'slo-rules-time',
        'Prometheus eval time of the 28d good + valid counts, recorded / raw (Σ of medians)',
        'instant',
        'time',
        SLO_RULES_BOUND,
      ),
      ratio(
        'slo-rules-samples',
        'samples read for the 28d good + valid counts, recorded / raw',
        'instant',
        'samples',
        SLO_RULES_BOUND,
      ),
      ratio(
        'slo-rules-view-time',
        "the view's exact read (recording + raw tail and head ≤ 1 h), eval time / raw",
        'view',
        'time',
      ),
      ratio(
        'slo-rules-view-samples',
        "the view's exact read, samples / raw",
        'view',
        'samples',
      ),
      ratio(
        'slo-rules-chart-time',
        `SLO chart over 28d (step ${
          CHART_STEP / HOUR
        }h), eval time recorded / raw`,
        'chart',
        'time',
      ),
      ratio(
        'slo-rules-chart-samples',
        'SLO chart over 28d, samples read recorded / raw',
        'chart',
        'samples',
      ),
    ],
    details,
    problems,
  };
}
