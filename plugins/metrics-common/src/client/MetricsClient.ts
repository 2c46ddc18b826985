import { ResponseError } from '@backstage/errors';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EntityMetricsResponse, GroupMetricsResponse } from '../api';
import type { MetricsSourceSummary, MetricsSourcesResponse } from '../types';
import type { RangeWindow } from '../math/windows';
import type { MetricsApi } from './MetricsApi';

function query(options: { range: RangeWindow; end?: Date }): string {
  const params = new URLSearchParams({ range: options.range });
  if (options.end) params.set('end', options.end.toISOString());
  return params.toString();
}

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
    options: { range: RangeWindow; end?: Date },
  ): Promise<EntityMetricsResponse> {
    const { kind, namespace, name } = entityRef;
    return this.get<EntityMetricsResponse>(
      `/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}?${query(options)}`,
    );
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

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('metrics');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
