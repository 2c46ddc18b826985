import { renderWindow } from '@metrics-suite/backstage-plugin-metrics-common';

// No leading "__": such labels are reserved and some Prometheus-compatible servers drop them.
export const WINDOW_LABEL = 'metrics_window';

/**
 * One PromQL query evaluating a `{{window}}` template over several windows at once: each
 * window's result is tagged with a label, so N windows cost one request instead of N.
 */
export function multiWindowQuery(template: string, windows: string[]): string {
  return taggedQuery(
    windows.map(window => [window, renderWindow(template, window)]),
  );
}

/** One PromQL query of several parts, each part's result tagged with its `WINDOW_LABEL` value. */
export function taggedQuery(
  parts: Array<[tag: string, promql: string]>,
): string {
  return parts
    .map(
      ([tag, promql]) =>
        `label_replace(${promql}, "${WINDOW_LABEL}", "${tag}", "", "")`,
    )
    .join(' or ');
}

/** Sums finite sample values by a label's value; samples without the label are left out. */
export function sumByLabel(
  series: Array<{ labels: Record<string, string>; value: number }>,
  label: string,
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of series) {
    const key = sample.labels[label];
    if (key === undefined || !Number.isFinite(sample.value)) continue;
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Sums the values of a multi-window query's result by window. */
export function valuesByWindow(
  series: Array<{ labels: Record<string, string>; value: number }>,
): Map<string, number> {
  return sumByLabel(series, WINDOW_LABEL);
}

/** Sums the values of a multi-window query's result by a label (e.g. service) and window. */
export function valuesByLabelAndWindow(
  series: Array<{ labels: Record<string, string>; value: number }>,
  label: string,
): Map<string, Map<string, number>> {
  const byLabel = new Map<string, Map<string, number>>();
  for (const sample of series) {
    const key = sample.labels[label];
    const window = sample.labels[WINDOW_LABEL];
    if (key === undefined || window === undefined) continue;
    if (!Number.isFinite(sample.value)) continue;
    const byWindow = byLabel.get(key) ?? new Map<string, number>();
    byWindow.set(window, (byWindow.get(window) ?? 0) + sample.value);
    byLabel.set(key, byWindow);
  }
  return byLabel;
}
