import { ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  declaresMetrics,
  readEntityMetricsAnnotations,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Grid from '@material-ui/core/Grid';
import { ProblemsPanel } from '../shared/ProblemsPanel';
import { useRangeParam } from '../shared/useRangeParam';
import { ViewHeader } from '../shared/ViewHeader';
import { CallersSection } from './CallersSection';
import { HiddenSensitiveNote } from './HiddenSensitiveNote';
import { IntegrationsSection } from './IntegrationsSection';
import { KpisSection } from './KpisSection';
import { MetricsConfigurationCard } from './MetricsConfigurationCard';
import { MetricsNotConfigured } from './MetricsNotConfigured';
import { SloSection } from './SloSection';
import { useConfigurationCheck } from './useConfigurationCheck';
import { useEntityMetrics } from './useEntityMetrics';

/**
 * The Metrics tab of a service (Component) page: SLOs, callers, integrations and KPIs over a
 * time range kept in the URL, with deltas against the previous period.
 *
 * @public
 */
export function EntityMetricsContent() {
  const { entity } = useEntity();
  const annotations = readEntityMetricsAnnotations(entity);
  const shown = declaresMetrics(entity) || annotations.problems.length > 0;

  const [range, setRange, end] = useRangeParam();
  const metrics = useEntityMetrics(entity, range, shown, end);
  // Asked for with the configuration card, which is shown exactly when the view is.
  const check = useConfigurationCheck(entity, shown);

  if (!shown) {
    return <MetricsNotConfigured entity={entity} />;
  }

  // The backend's problems include the annotations' own: until (or unless) its answer is
  // here, those are the ones the browser can tell.
  const problems = metrics.view?.problems ?? annotations.problems;

  const sectionProps = {
    view: metrics.view,
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
          compared={Boolean(metrics.view?.previousRange && !metrics.error)}
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
          prometheus={metrics.view?.prometheus}
          loading={metrics.loading && metrics.view === undefined}
          error={metrics.error}
          check={check}
        />
      </Grid>
    </Grid>
  );
}
