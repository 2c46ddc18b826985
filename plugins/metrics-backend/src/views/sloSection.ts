import {
  BURN_RATE_WINDOWS,
  BurnRateWindow,
  PreviousSlo,
  SliCounts,
  SloDefinition,
  SloSeriesPoint,
  SloComputedFrom,
  SloViewItem,
  errorBudgetPolicyView,
  errorBudgetRemaining,
  evaluateSlo,
  renderWindow,
  sli,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusClient } from '../sources/prometheus';
import { WINDOW_LABEL, taggedQuery } from '../readers';
import type { ViewRequest } from '../http/parseViewRequest';
import { chartStep, graphLinks } from './links';
import { PREVIOUS_PERIOD, comparedSeconds } from './previousPeriod';
import { readSloCounts } from './sloCounts';
import type { PrometheusInstance } from '../readers';
import {
  readRecordedSloCounts,
  recordedSloSeriesQuery,
} from '../rules/readRecordedSlo';

export function counts(
  good: number | undefined,
  total: number | undefined,
): SliCounts {
  return { good: good ?? 0, valid: total ?? 0 };
}

/**
 * Rolling SLO-window SLI and budget at each step of the viewed range, for the charts: from the
 * raw series, or from the recordings when they cover the range.
 */
async function sloSeries(
  slo: SloDefinition,
  client: PrometheusClient,
  request: ViewRequest,
  fromRecordings: boolean,
): Promise<SloSeriesPoint[]> {
  const step = chartStep(request.end - request.start);
  const range = { start: request.start, end: request.end, step };
  // Good and valid events in one range query, told apart by their tag.
  const { series } = await client.queryRange(
    fromRecordings
      ? recordedSloSeriesQuery(slo)
      : taggedQuery([
          ['good', renderWindow(slo.queries.good, slo.window)],
          ['total', renderWindow(slo.queries.total, slo.window)],
        ]),
    range,
  );
  const goodAt = new Map<number, number>();
  const totals = new Map<number, number>();
  for (const { labels, points } of series) {
    const into = labels[WINDOW_LABEL] === 'good' ? goodAt : totals;
    for (const [t, v] of points) into.set(t, (into.get(t) ?? 0) + v);
  }
  const points: SloSeriesPoint[] = [];
  for (const [t, valid] of [...totals.entries()].sort((a, b) => a[0] - b[0])) {
    const c = counts(goodAt.get(t), valid);
    points.push({
      t,
      sli: sli(c) ?? null,
      budgetRemaining: errorBudgetRemaining(c, slo.objective) ?? null,
    });
  }
  return points;
}

/** The SLO item from good/total counts by window (the SLO window and the burn windows). */
export function sloItemFromWindows(
  slo: SloDefinition,
  goodBy: ReadonlyMap<string, number>,
  totalBy: ReadonlyMap<string, number>,
): SloViewItem {
  const burn: Partial<Record<BurnRateWindow, SliCounts>> = {};
  for (const window of BURN_RATE_WINDOWS) {
    if (totalBy.has(window)) {
      burn[window] = counts(goodBy.get(window), totalBy.get(window));
    }
  }
  const item = evaluateSlo({
    name: slo.name,
    objective: slo.objective,
    window: slo.window,
    counts: {
      window: counts(goodBy.get(slo.window), totalBy.get(slo.window)),
      burn,
    },
  });
  // Every SLO item (live, stored, roll-up, sweep) is built here, so all say the same step.
  const policy = errorBudgetPolicyView(slo.policy, item.budgetRemaining);
  return {
    ...item,
    id: slo.id,
    ...(slo.description ? { description: slo.description } : {}),
    ...(slo.owner ? { owner: slo.owner } : {}),
    ...(policy ? { policy } : {}),
  };
}

/**
 * The SLO over its window one period earlier, from the {@link PREVIOUS_PERIOD} part of a
 * compared query: what the same SLO's item in a view ending then says.
 */
export function previousSlo(
  slo: SloDefinition,
  goodBy: ReadonlyMap<string, number>,
  totalBy: ReadonlyMap<string, number>,
): PreviousSlo {
  const window = (by: ReadonlyMap<string, number>) =>
    new Map(
      by.has(PREVIOUS_PERIOD) ? [[slo.window, by.get(PREVIOUS_PERIOD)!]] : [],
    );
  const { sli: value, budgetRemaining } = sloItemFromWindows(
    slo,
    window(goodBy),
    window(totalBy),
  );
  return { sli: value, budgetRemaining };
}

/**
 * Evaluates one SLO: 2 instant queries for the SLO window and all burn windows (and, with
 * `compare`, the SLO window one period earlier), 1 range query for its chart. They read the
 * SLO's recording rules when the instance has them (docs/slo-rules.md#reading-back), else the
 * raw series; when the recordings cannot answer, the raw series (2 more queries).
 */
export async function evaluateSloDefinition(
  slo: SloDefinition,
  instance: PrometheusInstance,
  request: ViewRequest,
): Promise<SloViewItem> {
  const { client } = instance;
  const seconds = comparedSeconds(request);
  const { recorded, computedFrom, chartFromRecordings } = await sloCounts(
    slo,
    instance,
    request,
    seconds,
  );
  const [{ good: goodBy, total: totalBy }, series] = await Promise.all([
    recorded ??
      readSloCounts(
        slo,
        client,
        [slo.window, ...BURN_RATE_WINDOWS],
        request.end,
        seconds,
      ),
    sloSeries(slo, client, request, chartFromRecordings),
  ]);
  const links = graphLinks(client, request, [
    ['Good events', renderWindow(slo.queries.good, slo.window)],
    ['Valid events', renderWindow(slo.queries.total, slo.window)],
  ]);
  return {
    ...sloItemFromWindows(slo, goodBy, totalBy),
    series,
    ...(links ? { links } : {}),
    ...(seconds !== undefined
      ? { previous: previousSlo(slo, goodBy, totalBy) }
      : {}),
    computedFrom,
  };
}

/** The counts from the recordings when the instance has usable ones, and what to tell people. */
async function sloCounts(
  slo: SloDefinition,
  { client, recordings }: PrometheusInstance,
  request: ViewRequest,
  seconds: number | undefined,
): Promise<{
  recorded?: { good: Map<string, number>; total: Map<string, number> };
  computedFrom: SloComputedFrom;
  chartFromRecordings: boolean;
}> {
  const decision = recordings
    ? await recordings.decide(slo)
    : { read: false as const };
  if (!decision.read) {
    return {
      computedFrom: {
        source: 'raw-series',
        ...(decision.note ? { note: decision.note } : {}),
      },
      chartFromRecordings: false,
    };
  }
  const recorded = await readRecordedSloCounts(slo, client, request, seconds);
  if ('unusable' in recorded) {
    return {
      computedFrom: { source: 'raw-series', note: recorded.unusable },
      chartFromRecordings: false,
    };
  }
  const notes = [
    ...(recorded.note ? [recorded.note] : []),
    ...(recorded.coversRange
      ? []
      : [
          'the chart is from raw series (the recordings do not reach back to the start of the range)',
        ]),
  ];
  return {
    recorded,
    computedFrom: {
      source: 'recording-rules',
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    },
    chartFromRecordings: recorded.coversRange,
  };
}
