import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  PreviousIntegration,
  IntegrationViewItem,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Delta } from '../shared/Delta';
import { ErrorClassBar } from '../shared/ErrorClassBar';
import { SourceLinks } from '../shared/SourceLinks';
import { Sparkline } from '../shared/Sparkline';
import { TargetChip } from '../shared/TargetChip';
import {
  formatCount,
  formatPreviousRange,
  formatRate,
  NO_DATA,
  pointsDelta,
} from '../shared/format';
import { StaleNote } from '../shared/StaleNote';
import { previousOf } from './comparison';

interface Row {
  id: string;
  item: IntegrationViewItem;
  previous?: PreviousIntegration | null;
  successRate: number;
  requests: number;
  unknownShare: number;
}

function columns(range: RangeWindow): TableColumn<Row>[] {
  const vs = `vs ${formatPreviousRange(range)}`;
  return [
    {
      title: 'Integration',
      field: 'id',
      render: ({ item }) => (
        <Box>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="subtitle2" component="span">
              {item.name}
            </Typography>
            <Chip size="small" variant="outlined" label={item.source} />
          </Box>
          {item.owner && (
            <Typography variant="caption" color="textSecondary" component="div">
              owner <EntityRefLink entityRef={item.owner} defaultKind="group" />
            </Typography>
          )}
          <SourceLinks links={item.links} label={item.name} />
          {item.stale && (
            <StaleNote stale={item.stale} testId="integration-stale" />
          )}
        </Box>
      ),
    },
    {
      title: 'Success rate',
      field: 'successRate',
      type: 'numeric',
      render: ({ item, previous }) => (
        <Box
          display="flex"
          flexDirection="column"
          alignItems="flex-end"
          style={{ gap: 2 }}
        >
          <Typography
            variant="body1"
            component="span"
            noWrap
            data-testid="integration-success-rate"
          >
            {formatRate(item.successRate)}
          </Typography>
          <Delta
            delta={
              // Stored numbers end on their last day, not at the range's end: no delta.
              previous === undefined || item.stale
                ? undefined
                : pointsDelta(item.successRate, previous?.successRate, 'up', 2)
            }
            title={`${vs}: ${
              previous ? formatRate(previous.successRate) : NO_DATA
            }`}
          />
          <TargetChip target={item.target} successRate={item.successRate} />
        </Box>
      ),
    },
    {
      title: 'Volume',
      field: 'requests',
      type: 'numeric',
      render: ({ item }) => (
        <Box>
          <Typography variant="body2" noWrap>
            {formatCount(item.requests)} calls
          </Typography>
          <Typography variant="caption" color="textSecondary" noWrap>
            {formatCount(item.failures)} failed
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Trend',
      sorting: false,
      render: ({ item }) =>
        item.stale ? (
          <LiveOnly />
        ) : (
          <Sparkline series={item.series} range={range} target={item.target} />
        ),
    },
    {
      title: 'Failures by error class',
      field: 'unknownShare',
      render: ({ item }) =>
        // Snapshots keep successes and calls, not the class of each failure.
        item.stale && item.failures > 0 ? (
          <LiveOnly />
        ) : (
          <ErrorClassBar
            errorClasses={item.errorClasses}
            unknownShare={item.unknownShare}
            failures={item.failures}
          />
        ),
    },
  ];
}

/** In place of what only the live source can tell. */
function LiveOnly() {
  return (
    <Typography variant="caption" color="textSecondary">
      live data only
    </Typography>
  );
}

/**
 * One row per integration: success rate with delta and target, volume, trend, and failures by
 * error class with the unknown share called out. A row built from stored snapshots says up to
 * which day, without delta, trend or error classes.
 */
export function IntegrationsTable(props: {
  integrations: IntegrationViewItem[];
  /** Whether the view answered the previous period (each item's `previous`). */
  compared: boolean;
  range: RangeWindow;
}) {
  const rows: Row[] = props.integrations.map(item => ({
    id: item.id,
    item,
    previous: previousOf(props.compared, item),
    // Integrations without traffic sort after every real rate.
    successRate: item.successRate ?? 2,
    requests: item.requests,
    unknownShare: item.unknownShare,
  }));
  return (
    <Table<Row>
      columns={columns(props.range)}
      data={rows}
      options={{
        toolbar: false,
        paging: rows.length > 20,
        pageSize: 20,
        search: false,
        padding: 'dense',
        draggable: false,
      }}
      style={{ boxShadow: 'none' }}
    />
  );
}
