import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  GroupMetricsResponse,
  IntegrationViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { StaleNote } from '../shared/StaleNote';
import { SectionCard } from '../shared/SectionCard';
import { TargetChip } from '../shared/TargetChip';
import { UnknownShare } from '../shared/UnknownShare';
import { formatCount, formatRange, formatRate } from '../shared/format';

type Item = IntegrationViewItem & { entityRef: string };

interface Row {
  id: string;
  item: Item;
  successRate: number;
  requests: number;
  unknownShare: number;
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Service',
    sorting: false,
    render: ({ item }) => (
      <EntityRefLink entityRef={item.entityRef} defaultKind="component" />
    ),
  },
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
    render: ({ item }) => (
      <Box
        display="flex"
        flexDirection="column"
        alignItems="flex-end"
        style={{ gap: 2 }}
      >
        <Typography variant="body2" noWrap>
          {formatRate(item.successRate)}
        </Typography>
        <TargetChip target={item.target} successRate={item.successRate} />
      </Box>
    ),
  },
  {
    title: 'Volume',
    field: 'requests',
    type: 'numeric',
    render: ({ item }) => `${formatCount(item.requests)} calls`,
  },
  {
    title: 'Unclassified failures',
    field: 'unknownShare',
    render: ({ item }) => {
      // Snapshots keep successes and calls, not the class of each failure.
      if (item.stale && item.failures > 0) {
        return (
          <Typography variant="caption" color="textSecondary">
            live data only
          </Typography>
        );
      }
      if (item.failures <= 0) {
        return (
          <Typography variant="caption" color="textSecondary">
            no failures
          </Typography>
        );
      }
      return item.unknownShare > 0 ? (
        <UnknownShare share={item.unknownShare} />
      ) : (
        <Typography variant="caption" color="textSecondary">
          all classified
        </Typography>
      );
    },
  },
];

/**
 * Every integration of the squad's services, worst success rate first; those rebuilt from
 * stored snapshots while their source is down say up to which day.
 */
export function GroupIntegrationsSection(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}) {
  const range = props.view?.range.window;
  return (
    <SectionCard<Item>
      title="Integrations"
      subheader={`Third-party calls of the squad's services${
        range ? ` over the ${formatRange(range)}` : ''
      }, worst first`}
      testId="metrics-group-integrations"
      loading={props.loading}
      section={props.view?.integrations}
      errorTitle={
        props.view?.integrations.items.some(i => i.stale)
          ? 'Could not read some integrations live: showing stored history'
          : 'Could not read some integrations'
      }
      showItemsOnError
      notConfigured="No integrations are read for this group."
      empty={
        <>
          None of the squad's services calls an integration. Count calls on{' '}
          <code>integration_requests_total</code> or declare them under{' '}
          <code>metadata.metrics.integrations</code>.
        </>
      }
    >
      {items => (
        <Table<Row>
          columns={columns}
          data={items.map(item => ({
            id: `${item.entityRef}/${item.id}`,
            item,
            successRate: item.successRate ?? 2,
            requests: item.requests,
            unknownShare: item.unknownShare,
          }))}
          options={{
            toolbar: false,
            search: false,
            paging: items.length > 20,
            pageSize: 20,
            padding: 'dense',
            draggable: false,
          }}
          style={{ boxShadow: 'none' }}
        />
      )}
    </SectionCard>
  );
}
