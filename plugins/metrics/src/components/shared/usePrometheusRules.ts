import type { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  SloRulesFile,
  SloRulesFormat,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { metricsApiRef } from '../../api';

export interface PrometheusRulesState {
  file?: SloRulesFile;
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/**
 * The generated rules of an entity's SLOs (a group: of every SLO it owns) in one format,
 * asked for only while `enabled` (the dialog is open).
 */
export function usePrometheusRules(
  entityRef: CompoundEntityRef,
  format: SloRulesFormat,
  enabled: boolean,
): PrometheusRulesState {
  const metricsApi = useApi(metricsApiRef);
  const { kind, namespace, name } = entityRef;
  const state = useAsyncRetry(async () => {
    if (!enabled) return undefined;
    return metricsApi.getRules({ kind, namespace, name }, { format });
  }, [metricsApi, kind, namespace, name, format, enabled]);
  return {
    file: state.value,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
