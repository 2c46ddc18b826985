import type { EntityPrometheusInstance } from '@metrics-suite/backstage-plugin-metrics-common';
import type { EntityForView } from './resolveForView';

/**
 * The instance the entity's Prometheus queries go to and where its name came from, so the
 * browser need not match the annotation against the configured sources itself. Undefined
 * when the entity reads no Prometheus.
 */
export function prometheusInstanceOf(
  forView: Pick<
    EntityForView,
    'instanceName' | 'instance' | 'usesPrometheus' | 'resolved'
  >,
): EntityPrometheusInstance | undefined {
  if (!forView.usesPrometheus) return undefined;
  const { instanceName, instance, resolved } = forView;
  const convention = {
    convention: resolved.convention.id,
    conventionOrigin: resolved.annotations.convention
      ? ('annotation' as const)
      : ('instance' as const),
  };
  if (!instanceName || !instance) return { origin: 'none', ...convention };
  const named = resolved.annotations.prometheusInstance !== undefined;
  return {
    instance: instanceName,
    origin: named ? 'annotation' : 'default',
    ...convention,
  };
}
