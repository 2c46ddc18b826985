import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { readEntityMetricsAnnotations } from '@metrics-suite/backstage-plugin-metrics-common';
import Grid from '@material-ui/core/Grid';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ProblemsPanel } from '../shared/ProblemsPanel';
import { OwnedServicesTable } from './OwnedServicesTable';
import { useOwnedComponents } from './useOwnedComponents';

/**
 * The Metrics tab of a squad (Group) page: what the group and its sub-teams own.
 *
 * @public
 */
export function EntityGroupMetricsContent() {
  const { entity } = useEntity();
  const { components, loading, error } = useOwnedComponents(entity);

  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        title="Could not load the components this group owns"
        error={error}
      />
    );
  }
  const problems = (components ?? []).flatMap(component =>
    readEntityMetricsAnnotations(component).problems.map(problem => ({
      ...problem,
      path: `${stringifyEntityRef(component)}: ${problem.path}`,
    })),
  );
  return (
    <Grid container spacing={3}>
      {problems.length > 0 && (
        <Grid item xs={12}>
          <ProblemsPanel
            problems={problems}
            title={`${problems.length} problem${
              problems.length === 1 ? '' : 's'
            } in the metrics definitions of this group's services`}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <OwnedServicesTable components={components ?? []} />
      </Grid>
    </Grid>
  );
}
