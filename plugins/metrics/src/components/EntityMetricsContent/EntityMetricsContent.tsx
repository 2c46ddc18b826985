import { useEntity } from '@backstage/plugin-catalog-react';
import { readEntityMetricsAnnotations } from '@metrics-suite/backstage-plugin-metrics-common';
import Grid from '@material-ui/core/Grid';
import { ProblemsPanel } from '../shared/ProblemsPanel';
import { useMetricsSources } from '../shared/useMetricsSources';
import { MetricsConfigurationCard } from './MetricsConfigurationCard';
import { MetricsNotConfigured } from './MetricsNotConfigured';
import { resolveInstance } from './resolveInstance';

/**
 * The Metrics tab of a service (Component) page.
 *
 * @public
 */
export function EntityMetricsContent() {
  const { entity } = useEntity();
  const annotations = readEntityMetricsAnnotations(entity);
  const { sources, loading, error } = useMetricsSources();

  const declaresMetrics =
    annotations.prometheusService !== undefined ||
    annotations.amplitudeProject !== undefined;
  if (!declaresMetrics && annotations.problems.length === 0) {
    return <MetricsNotConfigured entity={entity} />;
  }

  const instance =
    sources && annotations.prometheusService
      ? resolveInstance(annotations, sources)
      : undefined;
  const problems = [
    ...annotations.problems,
    ...(instance?.problem ? [instance.problem] : []),
  ];

  return (
    <Grid container spacing={3}>
      {problems.length > 0 && (
        <Grid item xs={12}>
          <ProblemsPanel problems={problems} />
        </Grid>
      )}
      <Grid item xs={12} md={8}>
        <MetricsConfigurationCard
          annotations={annotations}
          instance={instance}
          instanceLoading={loading}
          instanceError={error}
        />
      </Grid>
    </Grid>
  );
}
