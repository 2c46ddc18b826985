import type { EntityPrometheusInstance } from '@metrics-suite/backstage-plugin-metrics-common';
import type { EntityForView } from './resolveForView';

/** Where the entity's convention comes from: its annotation, else its instance. */
export function conventionOriginOf(
  resolved: EntityForView['resolved'],
): EntityPrometheusInstance['conventionOrigin'] {
  return resolved.annotations.convention ? 'annotation' : 'instance';
}

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
    conventionOrigin: conventionOriginOf(resolved),
  };
  if (!instanceName || !instance) return { origin: 'none', ...convention };
  const named = resolved.annotations.prometheusInstance !== undefined;
  return {
    instance: instanceName,
    origin: named ? 'annotation' : 'default',
    ...convention,
  };
}
