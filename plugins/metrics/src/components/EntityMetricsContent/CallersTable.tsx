import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  CallerItem,
  CallerViewItem,
  PreviousCaller,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { Delta } from '../shared/Delta';
import {
  formatCount,
  formatLatency,
  formatPercent,
  formatPreviousRange,
  formatRate,
  formatRequestRate,
  NO_DELTA,
  plural,
  pointsDelta,
  relativeDelta,
} from '../shared/format';
import { callerKind } from './callerLabel';
import { previousOf } from './comparison';

interface Row {
  id: string;
  caller: CallerItem;
  previous?: PreviousCaller | null;
  share: number;
  requests: number;
  errorRatio: number;
  p95: number;
}

function CallerCell(props: { caller: CallerItem }) {
  const { caller } = props;
  const kind = callerKind(caller);
  if (kind === 'entity') {
    return (
      <EntityRefLink entityRef={caller.entityRef!} defaultKind="component" />
    );
  }
  if (kind === 'other') {
    return (
      <Box>
        <Typography variant="body2">{caller.caller}</Typography>
        {caller.otherCallers !== undefined && (
          <Typography variant="caption" color="textSecondary">
            {plural(caller.otherCallers, 'caller')} beyond the top 10
          </Typography>
        )}
      </Box>
    );
  }
  const help =
    kind === 'unknown'
      ? 'Requests without a caller label: ask callers to send their caller id'
      : `No catalog entity has this caller id (${METRICS_ANNOTATIONS.callerId}): a caller outside the catalog`;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography
        variant="body2"
        component="span"
        style={{ overflowWrap: 'anywhere' }}
      >
        <code>{caller.caller}</code>
      </Typography>
      <Tooltip title={help}>
        <Chip
          size="small"
          variant="outlined"
          label={kind === 'unknown' ? 'unlabelled' : 'external'}
        />
      </Tooltip>
    </Box>
  );
}

function columns(range: RangeWindow): TableColumn<Row>[] {
  const vs = `vs ${formatPreviousRange(range)}`;
  const delta = (
    row: Row,
    make: (prev: PreviousCaller | null) => ReturnType<typeof pointsDelta>,
  ) => (row.previous === undefined ? undefined : make(row.previous));
  return [
    {
      title: 'Caller',
      field: 'id',
      cellStyle: { minWidth: 180 },
      render: row => <CallerCell caller={row.caller} />,
    },
    {
      title: 'Owner',
      sorting: false,
      cellStyle: { minWidth: 160 },
      render: row =>
        row.caller.owner ? (
          <EntityRefLink entityRef={row.caller.owner} defaultKind="group" />
        ) : (
          NO_DELTA
        ),
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      render: row => formatPercent(row.share),
    },
    {
      title: 'Request rate',
      field: 'requests',
      type: 'numeric',
      render: row => (
        <Box>
          <Typography variant="body2" component="div" noWrap>
            {formatRequestRate(row.requests, range)}
          </Typography>
          <Typography
            variant="caption"
            color="textSecondary"
            component="div"
            noWrap
          >
            {formatCount(row.requests)} req{' '}
            <Delta
              delta={delta(row, prev =>
                relativeDelta(row.requests, prev?.requests, 'neither'),
              )}
              title={`${vs}: ${
                row.previous ? formatCount(row.previous.requests) : 'no data'
              } requests`}
            />
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Error ratio',
      field: 'errorRatio',
      type: 'numeric',
      render: row => (
        <Box>
          <Typography variant="body2" component="div" noWrap>
            {formatRate(row.errorRatio)}
          </Typography>
          <Delta
            delta={delta(row, prev =>
              pointsDelta(row.errorRatio, prev?.errorRatio, 'down', 2),
            )}
            title={`${vs}: ${
              row.previous ? formatRate(row.previous.errorRatio) : 'no data'
            }`}
          />
        </Box>
      ),
    },
    {
      title: 'p95 latency',
      field: 'p95',
      type: 'numeric',
      render: row =>
        row.caller.p95Seconds === undefined ? (
          <Tooltip title="No p95 for this row (callers folded together cannot be combined)">
            <span>{NO_DELTA}</span>
          </Tooltip>
        ) : (
          formatLatency(row.caller.p95Seconds)
        ),
    },
  ];
}

/**
 * Top callers with share, rate, error ratio and p95; entity callers link to their page and
 * owner; with `compared`, each caller's delta against its `previous` figures.
 */
export function CallersTable(props: {
  callers: CallerViewItem[];
  compared: boolean;
  range: RangeWindow;
}) {
  const rows: Row[] = props.callers.map(caller => ({
    id: caller.caller,
    caller,
    previous: previousOf(props.compared, caller),
    share: caller.share,
    requests: caller.requests,
    errorRatio: caller.errorRatio,
    p95: caller.p95Seconds ?? -1,
  }));
  return (
    <Table<Row>
      columns={columns(props.range)}
      data={rows}
      options={{
        toolbar: false,
        paging: false,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
      style={{ boxShadow: 'none' }}
    />
  );
}
