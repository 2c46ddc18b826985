import type { ReactNode } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { GroupMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import Grid, { GridSize } from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ProblemsPanel } from '../shared/ProblemsPanel';
import { useRangeParam } from '../shared/useRangeParam';
import { ViewHeader } from '../shared/ViewHeader';
import { plural } from '../shared/format';
import { GroupIntegrationsSection } from './GroupIntegrationsSection';
import { GroupServicesSection } from './GroupServicesSection';
import { MetricsByBucketSection } from './MetricsByBucketSection';
import { OwnershipGapsSection } from './OwnershipGapsSection';
import { useGroupMetrics } from './useGroupMetrics';

interface SectionProps {
  view?: GroupMetricsResponse;
  loading: boolean;
}

/**
 * The sections of the squad page, in order. Later sections (maturity stage, goals and
 * follow-ups, weekly review) are added here as further entries, each its own component
 * fed by the same roll-up.
 */
const SECTIONS: ReadonlyArray<{
  id: string;
  width: { xs: GridSize; lg?: GridSize };
  render: (props: SectionProps) => ReactNode;
}> = [
  {
    id: 'services',
    width: { xs: 12 },
    render: p => <GroupServicesSection {...p} />,
  },
  {
    id: 'integrations',
    width: { xs: 12 },
    render: p => <GroupIntegrationsSection {...p} />,
  },
  {
    id: 'metrics',
    width: { xs: 12 },
    render: p => <MetricsByBucketSection {...p} />,
  },
  {
    id: 'gaps',
    width: { xs: 12 },
    render: p => <OwnershipGapsSection {...p} />,
  },
];

/**
 * The Metrics tab of a squad (Group) page: the services the group and its sub-teams own with
 * their SLO status (worst first), their integrations, their metrics by bucket, and ownership gaps.
 *
 * @public
 */
export function EntityGroupMetricsContent() {
  const { entity } = useEntity();
  const [range, setRange, end] = useRangeParam();
  const { view, loading, error } = useGroupMetrics(entity, range, end);
  const problems = view?.problems ?? [];
  const subTeams = view ? view.groups.length - 1 : 0;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ViewHeader
          end={end}
          range={range}
          onRangeChange={setRange}
          viewRange={view?.range}
          refreshing={loading && view !== undefined}
        />
        {subTeams > 0 && (
          <Typography variant="caption" color="textSecondary">
            Includes the services of {plural(subTeams, 'sub-team')}.
          </Typography>
        )}
      </Grid>
      {problems.length > 0 && (
        <Grid item xs={12}>
          <ProblemsPanel
            problems={problems}
            title={`${plural(
              problems.length,
              'problem',
            )} in the metrics definitions of this group's services`}
          />
        </Grid>
      )}
      {error ? (
        <Grid item xs={12}>
          <ResponseErrorPanel
            title="Could not load this group's metrics"
            error={error}
          />
        </Grid>
      ) : (
        SECTIONS.map(section => (
          <Grid item key={section.id} {...section.width}>
            {section.render({ view, loading })}
          </Grid>
        ))
      )}
    </Grid>
  );
}
