import {
  DEFAULT_CONVENTION,
  SloDefinition,
  TelemetryConvention,
  WINDOW_PLACEHOLDER,
  batchedAvailabilityCountQueries,
  batchedLatencyCountQueries,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusInstance } from './DefinitionSources';
import { samplesOf } from './prometheus';
import {
  multiWindowQuery,
  sumByLabel,
  valuesByLabelAndWindow,
} from './windowedQuery';

/** An availability or latency SLO of a service, and whatever its reader needs back. */
export interface BatchedSlo<T> {
  slo: SloDefinition;
  service: string;
  owner: T;
}

/** SLOs whose counts one pair of queries reads for all their services. */
export interface SloBatch<T> {
  /** What the batch reads, for messages: `availability SLOs`, `latency SLOs (≤ 0.3s)`. */
  what: string;
  /** The convention all its services' series follow. */
  convention: TelemetryConvention;
  thresholdSeconds?: number;
  /** Set when the batch is per SLO window too. */
  window?: string;
  slos: BatchedSlo<T>[];
}

/** Good and valid events of one SLO by window. */
export interface SloWindowCounts<T> extends BatchedSlo<T> {
  good: ReadonlyMap<string, number>;
  total: ReadonlyMap<string, number>;
}

/**
 * Groups availability and latency SLOs (ratio SLOs have queries of their own) by what their
 * counts depend on: the convention, the indicator, and with `byWindow` the SLO window.
 * Objectives differ freely within a batch.
 */
export function batchSlos<T>(
  items: Array<{
    slo: SloDefinition;
    owner: T;
    convention: TelemetryConvention;
  }>,
  options: { byWindow: boolean },
): SloBatch<T>[] {
  const batches = new Map<string, SloBatch<T>>();
  for (const { slo, owner, convention } of items) {
    const { indicator } = slo;
    if (indicator.type === 'ratio') continue;
    const thresholdSeconds =
      indicator.type === 'latency' ? indicator.thresholdSeconds : undefined;
    const what = `${
      thresholdSeconds === undefined
        ? 'availability SLOs'
        : `latency SLOs (≤ ${thresholdSeconds}s)`
    }${convention.id === DEFAULT_CONVENTION ? '' : ` (${convention.id})`}`;
    const key = options.byWindow ? `${what}\u0000${slo.window}` : what;
    const batch = batches.get(key) ?? {
      what,
      convention,
      ...(thresholdSeconds !== undefined ? { thresholdSeconds } : {}),
      ...(options.byWindow ? { window: slo.window } : {}),
      slos: [],
    };
    batch.slos.push({ slo, service: indicator.service, owner });
    batches.set(key, batch);
  }
  return [...batches.values()];
}

/**
 * Reads a batch with two instant queries at `end`, summed by service, for each window (one
 * window: plain queries; several: one multi-window query each). With `allServices` the
 * queries read every service of the instance and the batch's are picked from the answer.
 */
export async function readSloBatch<T>(
  { client }: PrometheusInstance,
  batch: SloBatch<T>,
  windows: string[],
  end: number,
  { allServices = false }: { allServices?: boolean } = {},
): Promise<SloWindowCounts<T>[]> {
  const single = windows.length === 1;
  const options = {
    services: allServices ? ('all' as const) : batch.slos.map(s => s.service),
    window: single ? windows[0] : WINDOW_PLACEHOLDER,
    convention: batch.convention,
  };
  const templates =
    batch.thresholdSeconds === undefined
      ? batchedAvailabilityCountQueries(options)
      : batchedLatencyCountQueries({
          ...options,
          thresholdSeconds: batch.thresholdSeconds,
        });
  const render = (template: string) =>
    single ? template : multiWindowQuery(template, windows);
  const [good, total] = await Promise.all([
    client.query(render(templates.good), end),
    client.query(render(templates.total), end),
  ]);
  const label = batch.convention.server.service;
  const byServiceAndWindow = (result: typeof good) =>
    single
      ? new Map(
          [...sumByLabel(samplesOf(result), label)].map(([service, value]) => [
            service,
            new Map([[windows[0], value]]),
          ]),
        )
      : valuesByLabelAndWindow(samplesOf(result), label);
  const goodBy = byServiceAndWindow(good);
  const totalBy = byServiceAndWindow(total);
  return batch.slos.map(item => ({
    ...item,
    good: goodBy.get(item.service) ?? new Map(),
    total: totalBy.get(item.service) ?? new Map(),
  }));
}
