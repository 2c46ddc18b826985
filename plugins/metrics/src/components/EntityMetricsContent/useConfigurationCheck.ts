import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type { ConfigurationCheckResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { metricsApiRef } from '../../api';

export interface ConfigurationCheckState {
  check?: ConfigurationCheckResponse;
  loading: boolean;
  error?: Error;
  /** Runs the check again (after fixing an annotation or a scrape). */
  retry: () => void;
}

/**
 * The configuration check of an entity: asked for once per entity while `enabled` (the
 * configuration card is shown), not with every range change, as it queries Prometheus.
 */
export function useConfigurationCheck(
  entity: Entity,
  enabled = true,
): ConfigurationCheckState {
  const metricsApi = useApi(metricsApiRef);
  const ref = stringifyEntityRef(entity);
  const state = useAsyncRetry(async () => {
    if (!enabled) return undefined;
    return metricsApi.getConfigurationCheck(parseEntityRef(ref));
  }, [metricsApi, ref, enabled]);
  return {
    check: state.value,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
