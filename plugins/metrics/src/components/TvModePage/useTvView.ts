import type { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { GroupMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import { useEffect, useState } from 'react';
import { metricsApiRef } from '../../api';

/** The range a screen shows: the squad tab's default. */
export const TV_RANGE = '7d';

export interface TvViewState {
  /** The last view that loaded; kept when a later refresh fails. */
  view?: GroupMetricsResponse;
  /** When `view` loaded. */
  updatedAt?: Date;
  /** Why the last attempt failed; cleared by the next success. */
  error?: Error;
}

/**
 * The squad's TV view (no sensitive metrics), reloaded every `refreshSeconds` without a page
 * reload. A failed reload keeps the last good view, so a screen never goes blank on a blip.
 */
export function useTvView(
  groupRef: CompoundEntityRef,
  refreshSeconds: number,
): TvViewState {
  const metricsApi = useApi(metricsApiRef);
  const [state, setState] = useState<TvViewState>({});
  const { kind, namespace, name } = groupRef;

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const view = await metricsApi.getGroupTvView(
          { kind, namespace, name },
          { range: TV_RANGE },
        );
        if (!cancelled) setState({ view, updatedAt: new Date() });
      } catch (error) {
        if (!cancelled) {
          setState(previous => ({ ...previous, error: error as Error }));
        }
      }
    };
    load();
    const timer = setInterval(load, refreshSeconds * 1000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [metricsApi, kind, namespace, name, refreshSeconds]);

  return state;
}
