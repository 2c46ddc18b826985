import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  SloRulesFile,
  SloRulesFormat,
  ConfigurationCheckResponse,
  EntityMetricsResponse,
  GroupMetricsResponse,
  NorthStarView,
} from '../api';
import type { MetricsSourceSummary } from '../types';
import type { RangeWindow } from '../math/windows';
import type {
  CreateFollowUpRequest,
  CreateGoalRequest,
  CreateReviewRequest,
  Goal,
  MaturityFilter,
  MaturityListQuery,
  MaturityListResponse,
  MetricRef,
  MetricValue,
  SetNorthStarRequest,
  RecordListOptions,
  RecordRevision,
  TeamMaturity,
  UpdateFollowUpRequest,
  UpdateGoalRequest,
  UpdateReviewRequest,
  WeeklyReview,
  WithdrawRequest,
} from '../team/types';

/**
 * Access to the metrics backend (`/api/metrics`), from the browser or another backend.
 *
 * @public
 */
export interface MetricsApi {
  /** The data sources the backend knows (no secrets). */
  getSources(): Promise<MetricsSourceSummary[]>;
  /**
   * SLOs, callers, integrations and problems of one entity over the last `range`; with
   * `compare: 'previous'`, each item also carries its figures one period earlier.
   */
  getEntityView(
    entityRef: CompoundEntityRef,
    options: { range: RangeWindow; end?: Date; compare?: 'previous' },
  ): Promise<EntityMetricsResponse>;
  /**
   * Whether the entity's Prometheus instance has the series its metrics read, and why not
   * (`GET /v1/entities/{kind}/{namespace}/{name}/configuration-check`). Queries Prometheus on
   * every call: ask for it when someone looks, not with every view.
   */
  getConfigurationCheck(
    entityRef: CompoundEntityRef,
  ): Promise<ConfigurationCheckResponse>;
  /**
   * The Prometheus rules of an entity's SLOs, or of every SLO a group owns when `entityRef` is
   * a group (`GET …/rules`), as a rule file, a `PrometheusRule` or OpenSLO documents.
   */
  getRules(
    entityRef: CompoundEntityRef,
    options?: { format?: SloRulesFormat },
  ): Promise<SloRulesFile>;
  /** The roll-up of everything a group and its sub-teams own over the last `range`. */
  getGroupView(
    groupRef: CompoundEntityRef,
    options: { range: RangeWindow; end?: Date },
  ): Promise<GroupMetricsResponse>;
  /**
   * The group view for a screen in a room (TV mode, `GET /v1/groups/{namespace}/{name}/tv`):
   * like {@link MetricsApi.getGroupView}, with every sensitive metric left out whatever the
   * caller may read.
   */
  getGroupTvView(
    groupRef: CompoundEntityRef,
    options: { range: RangeWindow },
  ): Promise<GroupMetricsResponse>;
  /**
   * One page of the teams' maturity stage, evidence, next step and history, filtered, with
   * the filtered set's stage counts (`GET /v1/maturity`).
   */
  getMaturity(options?: MaturityListQuery): Promise<MaturityListResponse>;
  /** Every filtered team as the scorecard's CSV (`GET /v1/maturity.csv`), with its file name. */
  exportMaturityCsv(
    filter?: MaturityFilter,
  ): Promise<{ fileName: string; csv: string }>;
  /** One team's maturity (`GET /v1/maturity/{namespace}/{name}`). */
  getTeamMaturity(teamRef: CompoundEntityRef): Promise<TeamMaturity>;
  /** The team's goals, newest first; withdrawn ones only when asked for. */
  listGoals(
    teamRef: CompoundEntityRef,
    options?: RecordListOptions,
  ): Promise<Goal[]>;
  /** Current value of one of the team's metrics (the last 7 days), e.g. a goal's baseline. */
  getMetricValue(
    teamRef: CompoundEntityRef,
    metric: MetricRef,
  ): Promise<MetricValue>;
  createGoal(
    teamRef: CompoundEntityRef,
    request: CreateGoalRequest,
  ): Promise<Goal>;
  /** Records the follow-up of a due goal; returns the goal with it. */
  createFollowUp(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: CreateFollowUpRequest,
  ): Promise<Goal>;
  /**
   * Corrects a goal made on `request.revision`; a ResponseError with status 409 when someone
   * else changed it since (docs/api.md#editing-records).
   */
  updateGoal(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: UpdateGoalRequest,
  ): Promise<Goal>;
  /** Withdraws a goal; it is kept with its history. */
  withdrawGoal(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: WithdrawRequest,
  ): Promise<Goal>;
  /** Corrects a goal's follow-up (`request.revision` is the follow-up's). */
  updateFollowUp(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: UpdateFollowUpRequest,
  ): Promise<Goal>;
  /** Withdraws a goal's follow-up; the goal is due (or open) again. */
  withdrawFollowUp(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: WithdrawRequest,
  ): Promise<Goal>;
  /** The goal's and its follow-up's revisions, newest first. */
  getGoalHistory(
    teamRef: CompoundEntityRef,
    goalId: string,
  ): Promise<RecordRevision[]>;
  /** The team's weekly reviews, newest week first; withdrawn ones only when asked for. */
  listReviews(
    teamRef: CompoundEntityRef,
    options?: RecordListOptions,
  ): Promise<WeeklyReview[]>;
  createReview(
    teamRef: CompoundEntityRef,
    request: CreateReviewRequest,
  ): Promise<WeeklyReview>;
  /**
   * The team's north star with its last 7 complete days, trend and goal; null when none is
   * marked (`GET …/north-star`, docs/api.md#north-star).
   */
  getNorthStar(teamRef: CompoundEntityRef): Promise<NorthStarView | null>;
  /** Marks one of the team's KPIs as its north star, replacing the previous one. */
  setNorthStar(
    teamRef: CompoundEntityRef,
    request: SetNorthStarRequest,
  ): Promise<NorthStarView>;
  /** Unmarks the team's north star; nothing happens when none is marked. */
  clearNorthStar(teamRef: CompoundEntityRef): Promise<void>;
  /** Corrects a review made on `request.revision`; 409 as for goals. */
  updateReview(
    teamRef: CompoundEntityRef,
    reviewId: string,
    request: UpdateReviewRequest,
  ): Promise<WeeklyReview>;
  /** Withdraws a review; it is kept with its history. */
  withdrawReview(
    teamRef: CompoundEntityRef,
    reviewId: string,
    request: WithdrawRequest,
  ): Promise<WeeklyReview>;
  /** The review's revisions, newest first. */
  getReviewHistory(
    teamRef: CompoundEntityRef,
    reviewId: string,
  ): Promise<RecordRevision[]>;
}
