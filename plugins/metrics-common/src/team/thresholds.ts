import type { MaturityThresholds } from './types';

/**
 * Default maturity thresholds (docs/maturity.md#thresholds); each is configurable under
 * `metrics.maturity.thresholds`.
 *
 * @public
 */
export const DEFAULT_MATURITY_THRESHOLDS: MaturityThresholds = {
  exploration: { minViews: 1, lookbackDays: 90 },
  preplanning: { minGoals: 1 },
  followUp: { minFollowUps: 1 },
  looking: { weeksRequired: 3, weeksConsidered: 4, minViewDaysPerWeek: 2 },
  adjusting: { minChanges: 1, lookbackDays: 90 },
  acting: { weeksConsidered: 8, minActedReviews: 2, minActedShare: 0.5 },
};

/**
 * Names of the maturity stages, by stage.
 *
 * @public
 */
export const MATURITY_STAGE_NAMES = [
  'not started',
  'one-off queries',
  'project preplanning',
  'project follow-up',
  'regularly looking',
  'regularly adjusting',
  'regularly acting',
] as const;
