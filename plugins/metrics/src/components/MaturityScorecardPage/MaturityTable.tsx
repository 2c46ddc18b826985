import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import TablePagination from '@material-ui/core/TablePagination';
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
    render: ({ trend }) => <TrendIndicator trend={trend} />,
  },
  {
    title: 'Evidence',
    field: 'weeksLooked',
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

/** Teams per page the table offers; the backend allows up to 500. */
export const PAGE_SIZES = [25, 50, 100];

/**
 * One page of teams with their stage, trend, evidence and next step, in the backend's order
 * (lowest stage first, then by name); the pager asks the backend for other pages.
 */
export function MaturityTable(props: {
  rows: ScorecardRow[];
  title: string;
  totalItems: number;
  offset: number;
  limit: number;
  onPage: (page: { offset: number; limit: number }) => void;
}) {
  const { rows, totalItems, offset, limit, onPage } = props;
  return (
    <div data-testid="maturity-teams">
      <Table<ScorecardRow>
        title={props.title}
        columns={columns}
        data={rows}
        options={{
          search: false,
          paging: false,
          sorting: false,
          padding: 'dense',
          draggable: false,
        }}
      />
      {totalItems > PAGE_SIZES[0] && (
        <TablePagination
          component="div"
          count={totalItems}
          page={Math.floor(offset / limit)}
          rowsPerPage={limit}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_, page) => onPage({ offset: page * limit, limit })}
          onRowsPerPageChange={e =>
            onPage({ offset: 0, limit: Number(e.target.value) })
          }
        />
      )}
    </div>
  );
}
