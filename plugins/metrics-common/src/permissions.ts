import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of the metrics permissions: a team (Group), referenced by its entity ref.
 * Policies decide per team, e.g. "members of the team may record its reviews".
 *
 * @public
 */
export const METRICS_TEAM_RESOURCE_TYPE = 'metrics-team';

/**
 * Create a goal on one of the team's metrics.
 *
 * @public
 */
export const metricsGoalCreatePermission = createPermission({
  name: 'metrics.goal.create',
  attributes: { action: 'create' },
  resourceType: METRICS_TEAM_RESOURCE_TYPE,
});

/**
 * Record the follow-up of one of the team's goals.
 *
 * @public
 */
export const metricsFollowUpCreatePermission = createPermission({
  name: 'metrics.follow-up.create',
  attributes: { action: 'create' },
  resourceType: METRICS_TEAM_RESOURCE_TYPE,
});

/**
 * Record the team's weekly review and its decision.
 *
 * @public
 */
export const metricsReviewCreatePermission = createPermission({
  name: 'metrics.review.create',
  attributes: { action: 'create' },
  resourceType: METRICS_TEAM_RESOURCE_TYPE,
});

/**
 * Read metrics marked `sensitive: true`; the resource is the team owning the metric.
 * Without it the metric is left out of every view.
 *
 * @public
 */
export const metricsSensitiveReadPermission = createPermission({
  name: 'metrics.sensitive.read',
  attributes: { action: 'read' },
  resourceType: METRICS_TEAM_RESOURCE_TYPE,
});

/**
 * Every permission of the metrics suite.
 *
 * @public
 */
export const metricsPermissions = [
  metricsGoalCreatePermission,
  metricsFollowUpCreatePermission,
  metricsReviewCreatePermission,
  metricsSensitiveReadPermission,
];
