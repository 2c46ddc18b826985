import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  isRangeWindow,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** Range shown when the URL names none (or an unknown one). */
export const DEFAULT_RANGE: RangeWindow = '7d';

/** Name of the query parameter that holds the range. */
export const RANGE_PARAM = 'range';

/**
 * The time range of a Metrics tab, kept in the URL (`?range=1d`) so the back button and
 * shared links keep it. Changing it pushes a history entry and keeps other parameters.
 */
export function useRangeParam(): [RangeWindow, (range: RangeWindow) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get(RANGE_PARAM);
  const range = isRangeWindow(raw) ? raw : DEFAULT_RANGE;

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

  return [range, setRange];
}
