import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  isRangeWindow,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** Range shown when the URL names none (or an unknown one). */
export const DEFAULT_RANGE: RangeWindow = '7d';

/** Name of the query parameter that holds the range. */
export const RANGE_PARAM = 'range';

/** Optional end of the period (ISO 8601), for links to a past incident; default: now. */
export const END_PARAM = 'end';

function parseEnd(raw: string | null): Date | undefined {
  if (!raw) return undefined;
  const time = Date.parse(raw);
  return Number.isFinite(time) ? new Date(time) : undefined;
}

/**
 * The time range of a Metrics tab, kept in the URL (`?range=1d`, optionally `&end=<ISO time>`)
 * so the back button and shared links keep it. Changing it pushes a history entry and keeps other parameters.
 */
export function useRangeParam(): [
  RangeWindow,
  (range: RangeWindow) => void,
  Date | undefined,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get(RANGE_PARAM);
  const range = isRangeWindow(raw) ? raw : DEFAULT_RANGE;
  const endParam = searchParams.get(END_PARAM);
  const end = useMemo(() => parseEnd(endParam), [endParam]);

  const setRange = useCallback(
    (next: RangeWindow) => {
      setSearchParams(previous => {
        const params = new URLSearchParams(previous);
        params.set(RANGE_PARAM, next);
        return params;
      });
    },
    [setSearchParams],
  );

  return [range, setRange, end];
}
