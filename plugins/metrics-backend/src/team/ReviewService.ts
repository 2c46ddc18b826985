import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  EntityMetricsResponse,
  ReviewPolicyStep,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ReviewRow, TeamRecordStore } from '../database/TeamRecordStore';
import type { TeamMetrics } from './TeamMetrics';
import type { ParsedReviewRequest } from '../http/parseTeamRequests';
import { ViewRequest, parseViewRequest } from '../http/parseViewRequest';
import { policyStepAnswered } from './policyStepAnswered';

export interface ReviewServiceOptions {
  store: Pick<TeamRecordStore, 'listReviews' | 'createReview'>;
  teamMetrics: TeamMetrics;
  /** EntityViewService: a review's policy step is checked against the SLO as its card shows it. */
  entityViews: {
    getEntityView(
      request: ViewRequest,
      credentials: BackstageCredentials,
    ): Promise<EntityMetricsResponse>;
  };
  /** For tests. */
  now?: () => Date;
}

function toReview(row: ReviewRow): WeeklyReview {
  return {
    id: row.id,
    teamRef: row.teamRef,
    week: row.week,
    metricsLookedAt: row.metricsLookedAt,
    decision: row.decision,
    ...(row.actionText !== undefined ? { actionText: row.actionText } : {}),
    ...(row.linkedMetric ? { linkedMetric: row.linkedMetric } : {}),
    ...(row.policyStep ? { policyStep: row.policyStep } : {}),
    author: row.author,
    createdAt: row.createdAt,
  };
}

/** The weekly reviews of a team: which metrics it looked at and what it decided. */
export class ReviewService {
  constructor(private readonly options: ReviewServiceOptions) {}

  /** Newest week first. */
  async list(teamRef: string): Promise<WeeklyReview[]> {
    const rows = await this.options.store.listReviews({ teamRefs: [teamRef] });
    return rows.map(toReview);
  }

  /**
   * Every metric named must be the team's (the same rule as for goals); a policy step must
   * apply now to its SLO.
   */
  async create(
    team: Entity,
    request: ParsedReviewRequest,
    caller: { credentials: BackstageCredentials; userRef: string },
  ): Promise<WeeklyReview> {
    const refs = request.linkedMetric
      ? [...request.metricsLookedAt, request.linkedMetric]
      : request.metricsLookedAt;
    const resolved = await this.options.teamMetrics.resolve(
      team,
      request.policyStep ? [...refs, request.policyStep.metric] : refs,
      caller.credentials,
    );
    const metrics = resolved.slice(0, refs.length).map(r => r.metric);
    const policyStep =
      request.policyStep &&
      (await this.policyStep(
        { ...request.policyStep, metric: resolved[refs.length].metric },
        caller.credentials,
      ));
    const row = await this.options.store.createReview({
      teamRef: stringifyEntityRef(team),
      week: request.week,
      metricsLookedAt: metrics.slice(0, request.metricsLookedAt.length),
      decision: request.decision,
      ...(request.actionText !== undefined
        ? { actionText: request.actionText }
        : {}),
      ...(request.linkedMetric
        ? { linkedMetric: metrics[metrics.length - 1] }
        : {}),
      ...(policyStep ? { policyStep } : {}),
      author: caller.userRef,
    });
    return toReview(row);
  }

  /** Reads the SLO's entity view with the writer's credentials, as the card does. */
  private async policyStep(
    requested: NonNullable<ParsedReviewRequest['policyStep']>,
    credentials: BackstageCredentials,
  ): Promise<ReviewPolicyStep> {
    const { kind, namespace, name } = parseEntityRef(
      requested.metric.entityRef,
    );
    const view = await this.options.entityViews.getEntityView(
      parseViewRequest(
        { kind, namespace, name },
        {},
        { now: () => (this.options.now?.() ?? new Date()).getTime() },
      ),
      credentials,
    );
    return policyStepAnswered(requested, view);
  }
}
