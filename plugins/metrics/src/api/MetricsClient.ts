import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntityMetricsResponse,
  GroupMetricsResponse,
  MetricsSourceSummary,
  MetricsSourcesResponse,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsApi } from './MetricsApi';

function query(options: { range: RangeWindow; end?: Date }): string {
  const params = new URLSearchParams({ range: options.range });
  if (options.end) params.set('end', options.end.toISOString());
  return params.toString();
}

/**
 * Default {@link MetricsApi}: calls the metrics backend through the app's fetch API.
 *
 * @public
 */
export class MetricsClient implements MetricsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
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
