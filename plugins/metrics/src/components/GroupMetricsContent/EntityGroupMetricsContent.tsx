import { ReactNode, useMemo, useState } from 'react';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  GroupMetricsResponse,
  NorthStarView,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Grid, { GridSize } from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ProblemsPanel } from '../shared/ProblemsPanel';
import { useRangeParam } from '../shared/useRangeParam';
import { ViewHeader } from '../shared/ViewHeader';
import { plural } from '../shared/format';
import { GroupIntegrationsSection } from './GroupIntegrationsSection';
import { GroupServicesSection } from './GroupServicesSection';
import { MetricsByBucketSection } from './MetricsByBucketSection';
import { NorthStarSection, withViewValue } from './northStar';
import { OwnershipGapsSection } from './OwnershipGapsSection';
import { TvModeLink } from './TvModeLink';
import {
  GoalsSection,
  MaturitySection,
  TeamRefreshProvider,
  WeeklyReviewSection,
} from './team';
import { useGroupMetrics } from './useGroupMetrics';

interface SectionProps {
  view?: GroupMetricsResponse;
  loading: boolean;
  onNorthStarChange: (northStar: NorthStarView | null) => void;
}

/**
 * The sections of the squad page, in order, each its own component fed by the same roll-up.
 * The north star heads it, then the maturity stage: the habit the suite grows. Sections that
 * read their own data (`ownData`) still show when the roll-up fails.
 */
const SECTIONS: ReadonlyArray<{
  id: string;
  width: { xs: GridSize; lg?: GridSize };
  ownData?: boolean;
  render: (props: SectionProps) => ReactNode;
}> = [
  {
    id: 'north-star',
    width: { xs: 12 },
    render: p => (
      <NorthStarSection view={p.view} onChange={p.onNorthStarChange} />
    ),
  },
  {
    id: 'maturity',
    width: { xs: 12 },
    ownData: true,
    render: () => <MaturitySection />,
  },
  {
    id: 'services',
    width: { xs: 12 },
    render: p => <GroupServicesSection {...p} />,
  },
  {
    id: 'goals',
    width: { xs: 12 },
    ownData: true,
    render: p => <GoalsSection {...p} />,
  },
  {
    id: 'review',
    width: { xs: 12 },
    ownData: true,
    render: p => <WeeklyReviewSection {...p} />,
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
 * The Metrics tab of a squad (Group) page: the squad's maturity stage, the services the group
 * and its sub-teams own with their SLO status (worst first), its goals and follow-ups, its
 * weekly review, its integrations, its metrics by bucket, and ownership gaps.
 *
 * @public
 */
export function EntityGroupMetricsContent() {
  const { entity } = useEntity();
  const [range, setRange, end] = useRangeParam();
  const { view: loaded, loading, error } = useGroupMetrics(entity, range, end);
  // The north star this user just marked or cleared: the view is cached for a short while and
  // would show the previous one until then. Its value is the one each view read.
  const [written, setWritten] = useState<{ northStar: NorthStarView | null }>();
  const view = useMemo(
    () =>
      loaded && written
        ? {
            ...loaded,
            northStar:
              written.northStar &&
              withViewValue(written.northStar, loaded.metrics),
          }
        : loaded,
    [loaded, written],
  );
  const problems = view?.problems ?? [];
  const subTeams = view ? view.groups.length - 1 : 0;

  const sections = error ? SECTIONS.filter(s => s.ownData) : SECTIONS;

  return (
    <TeamRefreshProvider>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ViewHeader
            end={end}
            range={range}
            onRangeChange={setRange}
            viewRange={view?.range}
            refreshing={loading && view !== undefined}
            actions={<TvModeLink group={entity} />}
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
        {error && (
          <Grid item xs={12}>
            <ResponseErrorPanel
              title="Could not load this group's metrics"
              error={error}
            />
          </Grid>
        )}
        {sections.map(section => (
          <Grid item key={section.id} {...section.width}>
            {section.render({
              view,
              loading,
              onNorthStarChange: northStar => setWritten({ northStar }),
            })}
          </Grid>
        ))}
      </Grid>
    </TeamRefreshProvider>
  );
}
