import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { METRICS_TEAM_RESOURCE_TYPE } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  createMetricsTeamConditionalDecision,
  metricsTeamConditions,
} from './rules';

/**
 * Options of {@link metricsTeamPolicyDecision}.
 *
 * @public
 */
export interface MetricsTeamPolicyOptions {
  /**
   * User or group entity refs (e.g. `group:default/platform-admins`) allowed every
   * metrics-team permission on every team; compared case-insensitively.
   */
  admins?: ReadonlyArray<string>;
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The suite's branch of a permission policy: for a permission of the `metrics-team` resource
 * type (recording goals, follow-ups and reviews, reading sensitive metrics), allows admins,
 * denies callers without a user, and otherwise allows members of the team (the `isTeamMember`
 * rule on the user's ownership refs). Answers `undefined` for every other permission, so a
 * policy calls it first and falls through to its own rules:
 *
 * ```ts
 * async handle(request, user) {
 *   return metricsTeamPolicyDecision(request, user, { admins }) ?? myOtherRules(request, user);
 * }
 * ```
 *
 * @public
 */
export function metricsTeamPolicyDecision(
  request: PolicyQuery,
  user: PolicyQueryUser | undefined,
  options: MetricsTeamPolicyOptions = {},
): PolicyDecision | undefined {
  if (!isResourcePermission(request.permission, METRICS_TEAM_RESOURCE_TYPE)) {
    return undefined;
  }
  // Ownership refs hold the user's own ref and the groups they are a member of.
  const claims = user?.info.ownershipEntityRefs ?? [];
  const admins = new Set((options.admins ?? []).map(lower));
  if (claims.some(ref => admins.has(lower(ref)))) {
    return { result: AuthorizeResult.ALLOW };
  }
  if (claims.length === 0) return { result: AuthorizeResult.DENY };
  return createMetricsTeamConditionalDecision(
    request.permission,
    metricsTeamConditions.isTeamMember({ claims }),
  );
}
