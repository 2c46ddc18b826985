/*
 * Backfill of the hourly SLO recordings over the demo history, so that an SLO window read as
 * the sum of hourly counts (`sum_over_time(…[2419199s:1h])`) has data from the first day
 * (docs/slo-rules.md#backfill).
 *
 * The rules are those of the backfill file, but not run through `promtool tsdb
 * create-blocks-from rules` as that section describes: it sends one query per rule per 2-hour
 * block and writes a block for each, which on the demo world took 37.5 s and 674 blocks per
 * SLO at the file's 1-minute interval (~11 minutes for the 18 example SLOs). The read only
 * needs a recording at (or just before) each whole hour: here each rule is one range query
 * whose steps are the whole hours, each point the same evaluation the rule makes at that
 * time, written as OpenMetrics for `promtool tsdb create-blocks-from openmetrics`, as the
 * history is (1–2.5 s for all of them).
 */
import { InputError } from '@backstage/errors';
import pLimit from 'p-limit';
import {
  PrometheusRule,
  PrometheusRuleFile,
  SLO_BASE_WINDOW,
  parseDuration,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { escapeLabel } from '../history';
import { PromMatrixSeries, promQueryRange } from './proc';

/** Evaluation times of the backfill: `start` to `end` every `step` seconds, whole hours. */
export interface BackfillRange {
  start: number;
  end: number;
  step: number;
}

/**
 * The whole hours whose hour-long window lies inside the history: an hour the history covers
 * only in part would be recorded as a partial count, which no running rule records.
 * Undefined when the history holds no whole hour.
 */
export function backfillRange(
  historyStart: number,
  historyEnd: number,
): BackfillRange | undefined {
  // The recorded window and the evaluation interval are both the base window.
  const step = parseDuration(SLO_BASE_WINDOW);
  const start = Math.ceil((historyStart + step) / step) * step;
  const end = Math.floor(historyEnd / step) * step;
  return end >= start ? { start, end, step } : undefined;
}

/** One recorded series: its name, labels and samples (values as Prometheus prints them). */
export interface RecordedSeries {
  name: string;
  labels: Record<string, string>;
  samples: Array<[number, string]>;
}

/**
 * What a recording rule stores from its expression's result: the result's labels without
 * `__name__`, the rule's labels over them, under the rule's name.
 *
 * @throws InputError for an alerting rule.
 */
export function recordedSeries(
  rule: PrometheusRule,
  result: readonly PromMatrixSeries[],
): RecordedSeries[] {
  const name = rule.record;
  if (name === undefined) {
    throw new InputError(
      `only recording rules are backfilled, not ${rule.alert}`,
    );
  }
  return result.map(({ metric, values }) => {
    const { __name__: _dropped, ...labels } = metric;
    return { name, labels: { ...labels, ...rule.labels }, samples: values };
  });
}

/**
 * OpenMetrics text of recorded series: one gauge family per name, its series together, label
 * names sorted, timestamps in seconds, the values exactly as Prometheus answered them.
 */
export function recordingsOpenMetrics(
  series: readonly RecordedSeries[],
): string {
  const byName = new Map<string, RecordedSeries[]>();
  for (const s of series) {
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [name, members] of [...byName].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of members) {
      const labels = Object.keys(s.labels)
        .sort()
        .map(k => `${k}="${escapeLabel(s.labels[k])}"`)
        .join(',');
      for (const [t, v] of s.samples)
        lines.push(`${name}{${labels}} ${v} ${t}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/**
 * Evaluates every recording rule of `file` at the times of `range` against the Prometheus at
 * `prometheusUrl`: one range query per rule.
 */
export async function evaluateRecordings(options: {
  prometheusUrl: string;
  file: PrometheusRuleFile;
  range: BackfillRange;
  /** Range queries in flight at once (default 2: the demo runs on few cores). */
  concurrency?: number;
}): Promise<{ series: RecordedSeries[]; queries: number }> {
  const rules = options.file.groups.flatMap(g =>
    g.rules.filter(r => r.record !== undefined),
  );
  const limit = pLimit(options.concurrency ?? 2);
  const results = await Promise.all(
    rules.map(rule =>
      limit(async () =>
        recordedSeries(
          rule,
          await promQueryRange(options.prometheusUrl, rule.expr, options.range),
        ),
      ),
    ),
  );
  return { series: results.flat(), queries: rules.length };
}
