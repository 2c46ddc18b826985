import {
  ReactNode,
  createContext,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';

interface TeamRefreshValue {
  /** Bumped after every successful write; the team's data hooks re-fetch when it changes. */
  version: number;
  refresh: () => void;
}

// Without a provider the sections still work, they just do not refresh one another.
const TeamRefreshContext = createContext<TeamRefreshValue>({
  version: 0,
  refresh: () => {},
});

/**
 * Shares one refresh counter among the team sections, so that recording a goal, a follow-up
 * or a review also re-reads the maturity stage, which the write may have changed.
 */
export function TeamRefreshProvider(props: { children: ReactNode }) {
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion(v => v + 1), []);
  const value = useMemo(() => ({ version, refresh }), [version, refresh]);
  return (
    <TeamRefreshContext.Provider value={value}>
      {props.children}
    </TeamRefreshContext.Provider>
  );
}

/** The team sections' refresh counter and the function that bumps it. */
export function useTeamRefresh(): TeamRefreshValue {
  return useContext(TeamRefreshContext);
}
