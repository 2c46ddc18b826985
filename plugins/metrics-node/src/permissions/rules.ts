import { METRICS_TEAM_RESOURCE_TYPE } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod/v3';

/**
 * The resource behind the metrics permissions: a team (Group) by entity ref.
 *
 * @public
 */
export interface MetricsTeamResource {
  /** e.g. `group:default/checkout-squad`. */
  teamRef: string;
}

/**
 * Filter form of the team rules (the metrics store is never filtered by conditions, so
 * only the resource form is applied).
 *
 * @public
 */
export type MetricsTeamQuery = { teamRefs: string[] };

/**
 * Reference to the `metrics-team` resource type, for rules and policies.
 *
 * @public
 */
export const metricsTeamResourceRef = createPermissionResourceRef<
  MetricsTeamResource,
  MetricsTeamQuery
>().with({
  pluginId: 'metrics',
  resourceType: METRICS_TEAM_RESOURCE_TYPE,
});

/**
 * Allows when one of the claims (the user's ownership entity refs, which include the groups
 * the user is a member of) is the team.
 *
 * @public
 */
export const isTeamMember = createPermissionRule({
  name: 'IS_TEAM_MEMBER',
  description: 'Allow members of the team the resource belongs to',
  resourceRef: metricsTeamResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe(
        'List of claims to match against the team, e.g. user.info.ownershipEntityRefs',
      ),
  }),
  apply: (resource, { claims }) =>
    claims
      .map(c => c.toLocaleLowerCase('en-US'))
      .includes(resource.teamRef.toLocaleLowerCase('en-US')),
  toQuery: ({ claims }) => ({
    teamRefs: claims.map(c => c.toLocaleLowerCase('en-US')),
  }),
});

/**
 * Every rule of the metrics-team resource type.
 *
 * @public
 */
export const metricsTeamPermissionRules = { isTeamMember };

const conditionExports = createConditionExports({
  resourceRef: metricsTeamResourceRef,
  rules: metricsTeamPermissionRules,
});

/**
 * Condition factories for policies, e.g. `metricsTeamConditions.isTeamMember({ claims })`.
 *
 * @public
 */
export const metricsTeamConditions = conditionExports.conditions;

/**
 * Builds a conditional decision for a metrics-team permission from conditions.
 *
 * @public
 */
export const createMetricsTeamConditionalDecision =
  conditionExports.createConditionalDecision;
