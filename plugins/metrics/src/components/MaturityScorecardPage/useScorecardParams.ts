import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { MaturityStage } from '@metrics-suite/backstage-plugin-metrics-common';

/** Names of the query parameters that hold the scorecard's filters. */
export const PARENT_PARAM = 'parent';
export const STAGE_PARAM = 'stage';
export const SEARCH_PARAM = 'search';

/** The scorecard's filters as the URL holds them, so a filtered view can be shared. */
export interface ScorecardParams {
  parent?: string;
  stage?: MaturityStage;
  search?: string;
}

function stageOf(text: string | null): MaturityStage | undefined {
  const stage = text === null || text === '' ? NaN : Number(text);
  return Number.isInteger(stage) && stage >= 0 && stage <= 6
    ? (stage as MaturityStage)
    : undefined;
}

/**
 * The parent group (tribe, `?parent=group:default/platform-tribe`), stage and search text
 * the scorecard is filtered to. Setting a filter to `undefined` removes it; other
 * parameters are kept.
 */
export function useScorecardParams(): [
  ScorecardParams,
  (next: Partial<ScorecardParams>) => void,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const params: ScorecardParams = {
    parent: searchParams.get(PARENT_PARAM)?.trim() || undefined,
    stage: stageOf(searchParams.get(STAGE_PARAM)),
    search: searchParams.get(SEARCH_PARAM)?.trim() || undefined,
  };
  const setParams = useCallback(
    (next: Partial<ScorecardParams>) => {
      setSearchParams(previous => {
        const updated = new URLSearchParams(previous);
        const names = {
          parent: PARENT_PARAM,
          stage: STAGE_PARAM,
          search: SEARCH_PARAM,
        } as const;
        for (const [field, name] of Object.entries(names)) {
          if (!(field in next)) continue;
          const value = next[field as keyof ScorecardParams];
          if (value === undefined || value === '') updated.delete(name);
          else updated.set(name, String(value));
        }
        return updated;
      });
    },
    [setSearchParams],
  );
  return [params, setParams];
}
