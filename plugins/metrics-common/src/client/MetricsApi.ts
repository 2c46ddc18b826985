import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  SloRulesFile,
  SloRulesFormat,
  ConfigurationCheckResponse,
  EntityMetricsResponse,
  GroupMetricsResponse,
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
  TeamMaturity,
  WeeklyReview,
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
  /** The team's goals, newest first. */
  listGoals(teamRef: CompoundEntityRef): Promise<Goal[]>;
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
  /** The team's weekly reviews, newest week first. */
  listReviews(teamRef: CompoundEntityRef): Promise<WeeklyReview[]>;
  createReview(
    teamRef: CompoundEntityRef,
    request: CreateReviewRequest,
  ): Promise<WeeklyReview>;
}
