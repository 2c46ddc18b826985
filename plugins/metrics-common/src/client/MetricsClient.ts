import { ResponseError } from '@backstage/errors';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  SloRulesFile,
  SloRulesFormat,
  ConfigurationCheckResponse,
  EntityMetricsResponse,
  GroupMetricsResponse,
  NorthStarView,
} from '../api';
import type { MetricsSourceSummary, MetricsSourcesResponse } from '../types';
import type { RangeWindow } from '../math/windows';
import type {
  CreateFollowUpRequest,
  CreateGoalRequest,
  CreateReviewRequest,
  Goal,
  GoalListResponse,
  MaturityFilter,
  MaturityListQuery,
  MaturityListResponse,
  MetricRef,
  MetricValue,
  RecordHistoryResponse,
  RecordListOptions,
  RecordRevision,
  ReviewListResponse,
  SetNorthStarRequest,
  TeamMaturity,
  UpdateFollowUpRequest,
  UpdateGoalRequest,
  UpdateReviewRequest,
  WeeklyReview,
  WithdrawRequest,
} from '../team/types';
import type { MetricsApi } from './MetricsApi';

function query(options: {
  range: RangeWindow;
  end?: Date;
  compare?: 'previous';
}): string {
  const params = new URLSearchParams({ range: options.range });
  if (options.end) params.set('end', options.end.toISOString());
  if (options.compare) params.set('compare', options.compare);
  return params.toString();
}

/** The maturity filters and page as query parameters (`stage` repeated), `?` included. */
function maturityQuery(options: MaturityListQuery): string {
  const params = new URLSearchParams();
  if (options.parent) params.set('parent', options.parent);
  for (const stage of options.stages ?? []) {
    params.append('stage', String(stage));
  }
  if (options.search) params.set('search', options.search);
  if (options.limit !== undefined) params.set('limit', String(options.limit));
  if (options.offset) params.set('offset', String(options.offset));
  const text = params.toString();
  return text ? `?${text}` : '';
}

// `attachment; filename="metrics-maturity-2025-03-10.csv"`
const ATTACHMENT_NAME = /filename="([^"]+)"/;

/** `{kind}/{namespace}/{name}` of an entity, each segment escaped. */
function entityPath({ kind, namespace, name }: CompoundEntityRef): string {
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/** `{namespace}/{name}` of a group, each segment escaped. */
function teamPath(teamRef: CompoundEntityRef): string {
  return `${encodeURIComponent(teamRef.namespace)}/${encodeURIComponent(
    teamRef.name,
  )}`;
}

const goalPath = (teamRef: CompoundEntityRef, goalId: string) =>
  `/v1/teams/${teamPath(teamRef)}/goals/${encodeURIComponent(goalId)}`;

const reviewPath = (teamRef: CompoundEntityRef, reviewId: string) =>
  `/v1/teams/${teamPath(teamRef)}/reviews/${encodeURIComponent(reviewId)}`;

/** `?include=withdrawn` of the goal and review lists, or nothing. */
const listQuery = (options: RecordListOptions) =>
  options.includeWithdrawn ? '?include=withdrawn' : '';

/**
 * How the client finds the backend: Backstage's `discoveryApi` (browser) or `discovery`
 * service (backend) both fit.
 *
 * @public
 */
export interface MetricsDiscovery {
  getBaseUrl(pluginId: string): Promise<string>;
}

/**
 * How the client calls the backend: Backstage's `fetchApi` (adds the user's token) or a
 * fetch that adds a service token.
 *
 * @public
 */
export interface MetricsFetch {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/**
 * Default {@link MetricsApi}: calls the metrics backend through the app's fetch API.
 *
 * @public
 */
export class MetricsClient implements MetricsApi {
  private readonly discoveryApi: MetricsDiscovery;
  private readonly fetchApi: MetricsFetch;

  constructor(options: {
    discoveryApi: MetricsDiscovery;
    fetchApi: MetricsFetch;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getSources(): Promise<MetricsSourceSummary[]> {
    return (await this.get<MetricsSourcesResponse>('/v1/sources')).items;
  }

  async getEntityView(
    entityRef: CompoundEntityRef,
    options: { range: RangeWindow; end?: Date; compare?: 'previous' },
  ): Promise<EntityMetricsResponse> {
    return this.get<EntityMetricsResponse>(
      `/v1/entities/${entityPath(entityRef)}?${query(options)}`,
    );
  }

  async getConfigurationCheck(
    entityRef: CompoundEntityRef,
  ): Promise<ConfigurationCheckResponse> {
    return this.get<ConfigurationCheckResponse>(
      `/v1/entities/${entityPath(entityRef)}/configuration-check`,
    );
  }

  async getRules(
    entityRef: CompoundEntityRef,
    options: { format?: SloRulesFormat } = {},
  ): Promise<SloRulesFile> {
    const format = options.format ?? 'rules';
    const path =
      entityRef.kind.toLocaleLowerCase('en-US') === 'group'
        ? `/v1/groups/${teamPath(entityRef)}/rules`
        : `/v1/entities/${entityPath(entityRef)}/rules`;
    const response = await this.fetchApi.fetch(
      await this.url(`${path}?format=${encodeURIComponent(format)}`),
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    return {
      fileName:
        ATTACHMENT_NAME.exec(disposition)?.[1] ??
        `${entityRef.name}.${format}.yaml`,
      text: await response.text(),
    };
  }

  async getGroupView(
    groupRef: CompoundEntityRef,
    options: { range: RangeWindow; end?: Date },
  ): Promise<GroupMetricsResponse> {
    const { namespace, name } = groupRef;
    return this.get<GroupMetricsResponse>(
      `/v1/groups/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}?${query(options)}`,
    );
  }

  async getGroupTvView(
    groupRef: CompoundEntityRef,
    options: { range: RangeWindow },
  ): Promise<GroupMetricsResponse> {
    const { namespace, name } = groupRef;
    return this.get<GroupMetricsResponse>(
      `/v1/groups/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/tv?${query(options)}`,
    );
  }

  async getMaturity(
    options: MaturityListQuery = {},
  ): Promise<MaturityListResponse> {
    return this.get<MaturityListResponse>(
      `/v1/maturity${maturityQuery(options)}`,
    );
  }

  async exportMaturityCsv(
    filter: MaturityFilter = {},
  ): Promise<{ fileName: string; csv: string }> {
    const { parent, stages, search } = filter;
    const response = await this.fetchApi.fetch(
      await this.url(
        `/v1/maturity.csv${maturityQuery({ parent, stages, search })}`,
      ),
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    return {
      fileName:
        ATTACHMENT_NAME.exec(disposition)?.[1] ?? 'metrics-maturity.csv',
      csv: await response.text(),
    };
  }

  async getTeamMaturity(teamRef: CompoundEntityRef): Promise<TeamMaturity> {
    return this.get<TeamMaturity>(`/v1/maturity/${teamPath(teamRef)}`);
  }

  async listGoals(
    teamRef: CompoundEntityRef,
    options: RecordListOptions = {},
  ): Promise<Goal[]> {
    return (
      await this.get<GoalListResponse>(
        `/v1/teams/${teamPath(teamRef)}/goals${listQuery(options)}`,
      )
    ).items;
  }

  async getMetricValue(
    teamRef: CompoundEntityRef,
    metric: MetricRef,
  ): Promise<MetricValue> {
    const params = new URLSearchParams({
      entityRef: metric.entityRef,
      metricId: metric.metricId,
    });
    return this.get<MetricValue>(
      `/v1/teams/${teamPath(teamRef)}/metric-value?${params}`,
    );
  }

  async createGoal(
    teamRef: CompoundEntityRef,
    request: CreateGoalRequest,
  ): Promise<Goal> {
    return this.post<Goal>(`/v1/teams/${teamPath(teamRef)}/goals`, request);
  }

  async createFollowUp(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: CreateFollowUpRequest,
  ): Promise<Goal> {
    return this.post<Goal>(
      `/v1/teams/${teamPath(teamRef)}/goals/${encodeURIComponent(
        goalId,
      )}/follow-up`,
      request,
    );
  }

  async updateGoal(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: UpdateGoalRequest,
  ): Promise<Goal> {
    return this.send<Goal>('PUT', goalPath(teamRef, goalId), request);
  }

  async withdrawGoal(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: WithdrawRequest,
  ): Promise<Goal> {
    return this.send<Goal>('DELETE', goalPath(teamRef, goalId), request);
  }

  async updateFollowUp(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: UpdateFollowUpRequest,
  ): Promise<Goal> {
    return this.send<Goal>(
      'PUT',
      `${goalPath(teamRef, goalId)}/follow-up`,
      request,
    );
  }

  async withdrawFollowUp(
    teamRef: CompoundEntityRef,
    goalId: string,
    request: WithdrawRequest,
  ): Promise<Goal> {
    return this.send<Goal>(
      'DELETE',
      `${goalPath(teamRef, goalId)}/follow-up`,
      request,
    );
  }

  async getGoalHistory(
    teamRef: CompoundEntityRef,
    goalId: string,
  ): Promise<RecordRevision[]> {
    return (
      await this.get<RecordHistoryResponse>(
        `${goalPath(teamRef, goalId)}/history`,
      )
    ).items;
  }

  async listReviews(
    teamRef: CompoundEntityRef,
    options: RecordListOptions = {},
  ): Promise<WeeklyReview[]> {
    return (
      await this.get<ReviewListResponse>(
        `/v1/teams/${teamPath(teamRef)}/reviews${listQuery(options)}`,
      )
    ).items;
  }

  async updateReview(
    teamRef: CompoundEntityRef,
    reviewId: string,
    request: UpdateReviewRequest,
  ): Promise<WeeklyReview> {
    return this.send<WeeklyReview>(
      'PUT',
      reviewPath(teamRef, reviewId),
      request,
    );
  }

  async withdrawReview(
    teamRef: CompoundEntityRef,
    reviewId: string,
    request: WithdrawRequest,
  ): Promise<WeeklyReview> {
    return this.send<WeeklyReview>(
      'DELETE',
      reviewPath(teamRef, reviewId),
      request,
    );
  }

  async getReviewHistory(
    teamRef: CompoundEntityRef,
    reviewId: string,
  ): Promise<RecordRevision[]> {
    return (
      await this.get<RecordHistoryResponse>(
        `${reviewPath(teamRef, reviewId)}/history`,
      )
    ).items;
  }

  async createReview(
    teamRef: CompoundEntityRef,
    request: CreateReviewRequest,
  ): Promise<WeeklyReview> {
    return this.post<WeeklyReview>(
      `/v1/teams/${teamPath(teamRef)}/reviews`,
      request,
    );
  }

  async getNorthStar(
    teamRef: CompoundEntityRef,
  ): Promise<NorthStarView | null> {
    return this.get<NorthStarView | null>(
      `/v1/teams/${teamPath(teamRef)}/north-star`,
    );
  }

  async setNorthStar(
    teamRef: CompoundEntityRef,
    request: SetNorthStarRequest,
  ): Promise<NorthStarView> {
    return this.send<NorthStarView>(
      'PUT',
      `/v1/teams/${teamPath(teamRef)}/north-star`,
      request,
    );
  }

  async clearNorthStar(teamRef: CompoundEntityRef): Promise<void> {
    const response = await this.fetchApi.fetch(
      await this.url(`/v1/teams/${teamPath(teamRef)}/north-star`),
      { method: 'DELETE' },
    );
    // 204: no body to read.
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
  }

  private async get<T>(path: string): Promise<T> {
    return this.read<T>(this.fetchApi.fetch(await this.url(path)));
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, body);
  }

  private async send<T>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    body: unknown,
  ): Promise<T> {
    return this.read<T>(
      this.fetchApi.fetch(await this.url(path), {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  }

  private async url(path: string): Promise<string> {
    return `${await this.discoveryApi.getBaseUrl('metrics')}${path}`;
  }

  private async read<T>(pending: Promise<Response>): Promise<T> {
    const response = await pending;
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
