import { ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DefinitionProblem,
  EntityMetricsResponse,
  readEntityMetricsAnnotations,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Grid from '@material-ui/core/Grid';
import { ProblemsPanel } from '../shared/ProblemsPanel';
import { useMetricsSources } from '../shared/useMetricsSources';
import { useRangeParam } from '../shared/useRangeParam';
import { ViewHeader } from '../shared/ViewHeader';
import { CallersSection } from './CallersSection';
import { HiddenSensitiveNote } from './HiddenSensitiveNote';
import { IntegrationsSection } from './IntegrationsSection';
import { KpisSection } from './KpisSection';
import { MetricsConfigurationCard } from './MetricsConfigurationCard';
import { MetricsNotConfigured } from './MetricsNotConfigured';
import { resolveInstance } from './resolveInstance';
import { SloSection } from './SloSection';
import { useEntityMetrics } from './useEntityMetrics';

/** The backend's problems win over the browser's checks of the same field. */
function mergeProblems(
  local: DefinitionProblem[],
  remote: DefinitionProblem[] = [],
): DefinitionProblem[] {
  const remotePaths = new Set(remote.map(p => p.path));
  return [...remote, ...local.filter(p => !remotePaths.has(p.path))];
}

/**
 * The Metrics tab of a service (Component) page: SLOs, callers, integrations and KPIs over a
 * time range kept in the URL, with deltas against the previous period.
 *
 * @public
 */
export function EntityMetricsContent() {
  const { entity } = useEntity();
  const annotations = readEntityMetricsAnnotations(entity);
  const declaresMetrics =
    annotations.prometheusService !== undefined ||
    annotations.amplitudeProject !== undefined ||
    entity.metadata.metrics !== undefined;
  const shown = declaresMetrics || annotations.problems.length > 0;

  const [range, setRange, end] = useRangeParam();
  const sources = useMetricsSources();
  const metrics = useEntityMetrics(entity, range, shown, end);

  if (!shown) {
    return <MetricsNotConfigured entity={entity} />;
  }

  const instance =
    sources.sources && annotations.prometheusService
      ? resolveInstance(annotations, sources.sources)
      : undefined;
  const problems = mergeProblems(
    [...annotations.problems, ...(instance?.problem ? [instance.problem] : [])],
    metrics.view?.problems,
  );

  // undefined: still loading (no delta yet); null: cannot compare (shows "—").
  let previous: EntityMetricsResponse | null | undefined;
  if (metrics.previousLoading) previous = undefined;
  else previous = metrics.previous ?? null;

  const sectionProps = {
    view: metrics.view,
    previous,
    loading: metrics.loading,
    range,
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ViewHeader
          end={end}
          range={range}
          onRangeChange={setRange}
          viewRange={metrics.view?.range}
          refreshing={metrics.loading && metrics.view !== undefined}
          comparison={
            metrics.error
              ? undefined
              : {
                  loading: metrics.previousLoading,
                  error: metrics.previousError,
                }
          }
        />
        <HiddenSensitiveNote count={metrics.view?.hiddenSensitive} />
      </Grid>
      {problems.length > 0 && (
        <Grid item xs={12}>
          <ProblemsPanel problems={problems} />
        </Grid>
      )}
      {metrics.error ? (
        <Grid item xs={12}>
          <ResponseErrorPanel
            title="Could not load this service's metrics"
            error={metrics.error}
          />
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <SloSection {...sectionProps} />
          </Grid>
          <Grid item xs={12}>
            <CallersSection {...sectionProps} />
          </Grid>
          <Grid item xs={12}>
            <IntegrationsSection {...sectionProps} />
          </Grid>
          <Grid item xs={12}>
            <KpisSection
              view={metrics.view}
              loading={metrics.loading}
              range={range}
            />
          </Grid>
        </>
      )}
      <Grid item xs={12} lg={8}>
        <MetricsConfigurationCard
          annotations={annotations}
          instance={instance}
          instanceLoading={sources.loading}
          instanceError={sources.error}
        />
      </Grid>
    </Grid>
  );
}
