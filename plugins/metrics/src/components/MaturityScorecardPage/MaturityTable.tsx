import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { NO_DELTA } from '../shared/format';
import { evidenceSummary } from './evidence';
import { humanizeGroupRef, ScorecardRow } from './rows';
import { TrendIndicator } from './TrendIndicator';

const columns: TableColumn<ScorecardRow>[] = [
  {
    title: 'Team',
    field: 'name',
    highlight: true,
    render: ({ team, name }) => (
      <Box>
        <EntityRefLink entityRef={team.entityRef} defaultKind="group">
          {name}
        </EntityRefLink>
        {team.title && (
          <Typography variant="caption" color="textSecondary" component="div">
            {humanizeGroupRef(team.entityRef)}
          </Typography>
        )}
      </Box>
    ),
  },
  {
    title: 'Tribe',
    field: 'parent',
    render: ({ team }) =>
      team.parentRef ? (
        <EntityRefLink entityRef={team.parentRef} defaultKind="group" />
      ) : (
        NO_DELTA
      ),
  },
  {
    title: 'Stage',
    field: 'team.stage',
    customSort: (a, b) =>
      a.team.stage - b.team.stage || a.name.localeCompare(b.name),
    render: ({ team }) => (
      <Box display="flex" alignItems="baseline" style={{ gap: 6 }}>
        <Typography variant="h6" component="span" data-testid="maturity-stage">
          {team.stage}
        </Typography>
        <Typography variant="body2" component="span">
          {team.stageName}
        </Typography>
      </Box>
    ),
  },
  {
    title: 'Trend (4 weeks)',
    field: 'trend.change',
    customSort: (a, b) =>
      a.trend.change - b.trend.change || a.name.localeCompare(b.name),
    render: ({ trend }) => <TrendIndicator trend={trend} />,
  },
  {
    title: 'Evidence',
    field: 'weeksLooked',
    customSort: (a, b) =>
      a.weeksLooked - b.weeksLooked ||
      a.team.evidence.goals.count - b.team.evidence.goals.count ||
      a.team.evidence.followUps.count - b.team.evidence.followUps.count,
    render: ({ team }) => (
      <Typography variant="body2">{evidenceSummary(team.evidence)}</Typography>
    ),
  },
  {
    title: 'Next step',
    field: 'team.nextStep',
    sorting: false,
    render: ({ team }) => (
      <Typography variant="body2">
        {team.nextStep ?? 'Top stage reached: keep the habit.'}
      </Typography>
    ),
  },
];

/** Every team with its stage, trend, evidence and next step; rows come worst first. */
export function MaturityTable(props: { rows: ScorecardRow[]; title: string }) {
  const { rows } = props;
  const paged = rows.length > 25;
  return (
    <div data-testid="maturity-teams">
      <Table<ScorecardRow>
        title={props.title}
        columns={columns}
        data={rows}
        options={{
          search: true,
          paging: paged,
          pageSize: 25,
          pageSizeOptions: [25, 50, 100],
          padding: 'dense',
          draggable: false,
        }}
      />
    </div>
  );
}
