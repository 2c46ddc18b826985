import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  EntityMetricsResponse,
  MetricRef,
  RecordHistoryResponse,
  RecordListOptions,
  ReviewPolicyStep,
  UpdateReviewRequest,
  WeeklyReview,
  WithdrawRequest,
  clipInput,
  dayOf,
  reviewDecisionProblem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  ReviewEdit,
  ReviewRow,
  TeamRecordStore,
} from '../database/TeamRecordStore';
import { checkDayWindow, reviewWeekWindow } from '../http/dateWindows';
import type { ParsedReviewRequest } from '../http/parseTeamRequests';
import { ViewRequest, parseViewRequest } from '../http/parseViewRequest';
import { policyStepAnswered } from './policyStepAnswered';
import { TeamMetrics, sameRef } from './TeamMetrics';

export interface ReviewServiceOptions {
  store: Pick<
    TeamRecordStore,
    | 'listReviews'
    | 'createReview'
    | 'getReview'
    | 'updateReview'
    | 'withdrawReview'
    | 'listRevisions'
  >;
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

type Caller = { credentials: BackstageCredentials; userRef: string };

function toReview(row: ReviewRow): WeeklyReview {
  // The stored review is the shared type; only absent optional fields are dropped.
  return Object.fromEntries(
    Object.entries(row).filter(([, value]) => value !== undefined),
  ) as WeeklyReview;
}

/** The weekly reviews of a team: which metrics it looked at and what it decided. */
export class ReviewService {
  constructor(private readonly options: ReviewServiceOptions) {}

  /** Newest week first. */
  async list(
    teamRef: string,
    options: RecordListOptions = {},
  ): Promise<WeeklyReview[]> {
    const rows = await this.options.store.listReviews({
      teamRefs: [teamRef],
      includeWithdrawn: options.includeWithdrawn,
    });
    return rows.map(toReview);
  }

  /**
   * Every metric named must be the team's (the same rule as for goals); a policy step must
   * apply now to its SLO.
   */
  async create(
    team: Entity,
    request: ParsedReviewRequest,
    caller: Caller,
  ): Promise<WeeklyReview> {
    const { policyStep: requestedStep, ...fields } = request;
    const metrics = await this.teamMetrics(team, fields, caller);
    const policyStep =
      requestedStep && (await this.policyStep(requestedStep, team, caller));
    const row = await this.options.store.createReview({
      ...fields,
      ...metrics,
      teamRef: stringifyEntityRef(team),
      ...(policyStep ? { policyStep } : {}),
      author: caller.userRef,
    });
    return toReview(row);
  }

  /** Reads the SLO's entity view with the writer's credentials, as the card does. */
  private async policyStep(
    requested: NonNullable<ParsedReviewRequest['policyStep']>,
    team: Entity,
    { credentials }: Caller,
  ): Promise<ReviewPolicyStep> {
    // The SLO must be the team's, as the metrics looked at are.
    const [{ metric }] = await this.options.teamMetrics.resolve(
      team,
      [requested.metric],
      credentials,
    );
    const { kind, namespace, name } = parseEntityRef(metric.entityRef);
    const view = await this.options.entityViews.getEntityView(
      parseViewRequest(
        { kind, namespace, name },
        {},
        { now: () => (this.options.now?.() ?? new Date()).getTime() },
      ),
      credentials,
    );
    return policyStepAnswered({ ...requested, metric }, view);
  }

  /**
   * Corrects a review (docs/api.md#editing-records) with the rules of a new one: the metrics
   * are the team's, a changed week falls in the window, a decision to act says what.
   */
  async update(
    team: Entity,
    reviewId: string,
    request: UpdateReviewRequest,
    caller: Caller,
  ): Promise<WeeklyReview> {
    const row = await this.reviewOf(stringifyEntityRef(team), reviewId);
    const { revision, reason, ...fields } = request;
    if (fields.week !== undefined && fields.week !== row.week) {
      checkDayWindow(
        'week',
        fields.week,
        reviewWeekWindow(dayOf(this.options.now?.() ?? new Date())),
      );
    }
    const changes: ReviewEdit = {
      ...fields,
      ...(await this.teamMetrics(team, fields, caller)),
    };
    const problem = reviewDecisionProblem({
      decision: changes.decision ?? row.decision,
      actionText:
        changes.actionText === undefined ? row.actionText : changes.actionText,
    });
    if (problem) {
      throw new InputError(`'${problem.field}' ${problem.message}`);
    }
    const updated = await this.options.store.updateReview({
      id: row.id,
      revision,
      changes,
      author: caller.userRef,
      ...(reason !== undefined ? { reason } : {}),
    });
    return toReview(updated);
  }

  /** Withdraws a review: kept with its history, left out of lists and of the maturity evidence. */
  async withdraw(
    teamRef: string,
    reviewId: string,
    request: WithdrawRequest,
    caller: { userRef: string },
  ): Promise<WeeklyReview> {
    const row = await this.reviewOf(teamRef, reviewId);
    return toReview(
      await this.options.store.withdrawReview({
        id: row.id,
        ...request,
        author: caller.userRef,
      }),
    );
  }

  /** Newest first. */
  async history(
    teamRef: string,
    reviewId: string,
  ): Promise<RecordHistoryResponse> {
    const row = await this.reviewOf(teamRef, reviewId);
    return {
      items: await this.options.store.listRevisions(['review'], row.id),
    };
  }

  /** The team's review, withdrawn or not: a review of another team is not found. */
  private async reviewOf(
    teamRef: string,
    reviewId: string,
  ): Promise<ReviewRow> {
    const row = await this.options.store.getReview(reviewId);
    if (!row || !sameRef(row.teamRef, teamRef)) {
      throw new NotFoundError(
        `No review ${clipInput(reviewId)} of ${teamRef} found`,
      );
    }
    return row;
  }

  /** The metrics given, as the team's metrics resolve them (normalized); none are absent. */
  private async teamMetrics(
    team: Entity,
    fields: { metricsLookedAt?: MetricRef[]; linkedMetric?: MetricRef | null },
    caller: Caller,
  ): Promise<{ metricsLookedAt?: MetricRef[]; linkedMetric?: MetricRef }> {
    const looked = fields.metricsLookedAt ?? [];
    const linked = fields.linkedMetric ? [fields.linkedMetric] : [];
    if (looked.length + linked.length === 0) {
      return fields.metricsLookedAt ? { metricsLookedAt: [] } : {};
    }
    const resolved = (
      await this.options.teamMetrics.resolve(
        team,
        [...looked, ...linked],
        caller.credentials,
      )
    ).map(r => r.metric);
    return {
      ...(fields.metricsLookedAt
        ? { metricsLookedAt: resolved.slice(0, looked.length) }
        : {}),
      ...(linked.length > 0 ? { linkedMetric: resolved[looked.length] } : {}),
    };
  }
}
