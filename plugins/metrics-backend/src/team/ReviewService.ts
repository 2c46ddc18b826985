import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { WeeklyReview } from '@metrics-suite/backstage-plugin-metrics-common';
import type { ReviewRow, TeamRecordStore } from '../database/TeamRecordStore';
import type { TeamMetrics } from './TeamMetrics';
import type { ParsedReviewRequest } from '../http/parseTeamRequests';

export interface ReviewServiceOptions {
  store: Pick<TeamRecordStore, 'listReviews' | 'createReview'>;
  teamMetrics: TeamMetrics;
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

  /** Every metric named must be the team's (the same rule as for goals). */
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
      refs,
      caller.credentials,
    );
    const metrics = resolved.map(r => r.metric);
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
      author: caller.userRef,
    });
    return toReview(row);
  }
}
