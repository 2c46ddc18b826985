import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Name of the query parameter that holds the parent-group filter. */
export const PARENT_PARAM = 'parent';

/**
 * The parent group (tribe) the scorecard is filtered to, kept in the URL
 * (`?parent=group:default/platform-tribe`) so a filtered view can be shared. Setting
 * `undefined` shows every team. Other parameters are kept.
 */
export function useParentParam(): [
  string | undefined,
  (parent: string | undefined) => void,
] {
  const [searchParams, setSearchParams] = useSearchParams();
  const parent = searchParams.get(PARENT_PARAM)?.trim() || undefined;
  const setParent = useCallback(
    (next: string | undefined) => {
      setSearchParams(previous => {
        const params = new URLSearchParams(previous);
        if (next) params.set(PARENT_PARAM, next);
        else params.delete(PARENT_PARAM);
        return params;
      });
    },
    [setSearchParams],
  );
  return [parent, setParent];
}
