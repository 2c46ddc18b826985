import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  GroupMetricsResponse,
  OwnedMetric,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { SectionCard } from '../shared/SectionCard';
import { plural } from '../shared/format';
import { gapAdvice, gapLabel } from './gapAdvice';

interface Row {
  id: string;
  metric: OwnedMetric;
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Metric',
    field: 'id',
    width: '20%',
    render: ({ metric }) => (
      <Box>
        <Typography variant="subtitle2" component="span">
          {metric.name}
        </Typography>{' '}
        <Typography variant="caption" color="textSecondary">
          {metric.kind}
        </Typography>
      </Box>
    ),
  },
  {
    title: 'Service',
    sorting: false,
    width: '15%',
    render: ({ metric }) => (
      <EntityRefLink entityRef={metric.entityRef} defaultKind="component" />
    ),
  },
  {
    title: 'Gap',
    sorting: false,
    width: '15%',
    render: ({ metric }) => (
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {metric.gaps.map(gap => (
          <Chip
            key={gap}
            size="small"
            color="secondary"
            label={gapLabel(gap)}
          />
        ))}
      </Box>
    ),
  },
  {
    title: 'How to close it',
    sorting: false,
    render: ({ metric }) => (
      <ul style={{ margin: 0, paddingLeft: 16 }} data-testid="gap-advice">
        {gapAdvice(metric).map(advice => (
          <li key={`${advice.action}:${advice.field}`}>
            <Typography variant="body2" component="span">
              {advice.action}: <code>{advice.field}</code>
              {advice.or && (
                <>
                  {' '}
                  or {advice.or.action}: <code>{advice.or.field}</code>
                </>
              )}
            </Typography>
          </li>
        ))}
      </ul>
    ),
  },
];

/**
 * Metrics nobody acts on: without an owner, or with neither a target nor an alert, and how to
 * close each gap ("a dashboard nobody acts on is noise").
 */
export function OwnershipGapsSection(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}) {
  const gaps = props.view?.metrics.filter(m => m.gaps.length > 0);
  const section: ViewSection<OwnedMetric> | undefined = gaps && {
    status: 'ok',
    items: gaps,
  };
  return (
    <SectionCard<OwnedMetric>
      title="Ownership gaps"
      subheader={
        gaps && gaps.length > 0
          ? `${plural(
              gaps.length,
              'metric',
            )} without an owner, or with neither a target nor an alert`
          : 'Metrics without an owner, or with neither a target nor an alert'
      }
      testId="metrics-group-gaps"
      loading={props.loading}
      section={section}
      errorTitle="Could not read the metrics"
      notConfigured=""
      emptyKind={props.view?.metrics.length ? 'done' : 'empty'}
      empty={
        props.view?.metrics.length
          ? 'No gaps: every metric has an owner and a target or an alert.'
          : 'No metrics yet, so no gaps.'
      }
    >
      {items => (
        <Table<Row>
          columns={columns}
          data={items.map(metric => ({
            id: `${metric.entityRef}/${metric.id}`,
            metric,
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
