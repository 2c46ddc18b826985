import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  MetricsSourceSummary,
  MetricsSourcesResponse,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsApi } from './MetricsApi';

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

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('metrics');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
