import type { MetricRef } from '@metrics-suite/backstage-plugin-metrics-common';

/** A team's north star as stored: which KPI, who marked it and when. */
export interface NorthStarRow {
  teamRef: string;
  metric: MetricRef;
  setBy: string;
  setAt: string;
}

export type NewNorthStar = Omit<NorthStarRow, 'setAt'> & {
  /** Defaults to now. */
  setAt?: string;
};

/**
 * The KPI each team marked as its north star, at most one per team
 * (docs/api.md#north-star). Implemented by `DatabaseNorthStarStore`.
 */
export interface NorthStarStore {
  getNorthStar(teamRef: string): Promise<NorthStarRow | undefined>;
  /** Every team's, or those of the given teams; ordered by team. */
  listNorthStars(query: { teamRefs?: string[] }): Promise<NorthStarRow[]>;
  /** Marks the team's north star, replacing the one it had. */
  setNorthStar(northStar: NewNorthStar): Promise<NorthStarRow>;
  /** Whether the team had one to clear. */
  clearNorthStar(teamRef: string): Promise<boolean>;
}
