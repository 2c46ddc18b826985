import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { MetricsClient, metricsApiRef } from '../api';

export const metricsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: metricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MetricsClient(deps),
    }),
});
