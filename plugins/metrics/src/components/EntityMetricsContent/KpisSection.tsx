import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  EntityMetricsResponse,
  KpiViewItem,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Delta } from '../shared/Delta';
import { SectionCard } from '../shared/SectionCard';
import { SourceLinks } from '../shared/SourceLinks';
import { MetChip } from '../shared/TargetChip';
import {
  GoodWhen,
  formatPreviousRange,
  formatRange,
  relativeDelta,
} from '../shared/format';
import { formatKpiTarget, formatKpiValue } from './kpiFormat';
import { SectionNotes } from './SectionNotes';

const BUCKET_LABEL: Record<KpiViewItem['bucket'], string> = {
  usage: 'usage',
  health: 'system health',
  business: 'business',
};

function goodWhen(item: KpiViewItem): GoodWhen {
  if (!item.target) return 'neither';
  return item.target.direction === 'below' ? 'down' : 'up';
}

function KpiTargetChip(props: { item: KpiViewItem }) {
  const { item } = props;
  if (!item.target) {
    return (
      <Typography variant="caption" color="textSecondary">
        no target
      </Typography>
    );
  }
  return (
    <MetChip
      label={formatKpiTarget(item.target, item.unit)}
      met={item.targetMet}
      testId="kpi-target"
    />
  );
}

interface Row {
  id: string;
  item: KpiViewItem;
  value: number;
}

function columns(range: RangeWindow): TableColumn<Row>[] {
  const vs = `vs ${formatPreviousRange(range)}`;
  return [
    {
      title: 'KPI',
      field: 'id',
      render: ({ item }) => (
        <Box>
          <Box display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="subtitle2" component="span">
              {item.name}
            </Typography>
            <Chip size="small" label={BUCKET_LABEL[item.bucket]} />
            <Chip size="small" variant="outlined" label={item.source} />
          </Box>
          {item.description && (
            <Typography variant="caption" color="textSecondary" component="div">
              {item.description}
            </Typography>
          )}
          {item.owner && (
            <Typography variant="caption" color="textSecondary" component="div">
              owner <EntityRefLink entityRef={item.owner} defaultKind="group" />
            </Typography>
          )}
          <SourceLinks links={item.links} label={item.name} />
        </Box>
      ),
    },
    {
      title: 'Value',
      field: 'value',
      type: 'numeric',
      render: ({ item }) =>
        item.error ? (
          <Box textAlign="right" maxWidth={320} marginLeft="auto">
            <Typography variant="body2" color="error" data-testid="kpi-value">
              unavailable
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {item.error}
            </Typography>
          </Box>
        ) : (
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
              data-testid="kpi-value"
            >
              {formatKpiValue(item.value, item.unit)}
            </Typography>
            <Delta
              delta={relativeDelta(item.value, item.previous, goodWhen(item))}
              title={`${vs}: ${
                item.previous === undefined
                  ? 'not read'
                  : formatKpiValue(item.previous, item.unit)
              }`}
            />
          </Box>
        ),
    },
    {
      title: 'Target',
      sorting: false,
      render: ({ item }) => <KpiTargetChip item={item} />,
    },
  ];
}

/**
 * The service's KPIs (business and usage metrics from Prometheus, Amplitude, SQL or a module's
 * source) over the range, with the change against the previous period and their targets. A
 * KPI whose source failed says why in its row; the others keep their values.
 */
export function KpisSection(props: {
  view?: EntityMetricsResponse;
  loading: boolean;
  range: RangeWindow;
}) {
  const { view, range } = props;
  // An older backend answers without KPIs: show nothing rather than an empty card.
  if (view && !view.kpis) return null;
  return (
    <SectionCard<KpiViewItem>
      title="KPIs"
      subheader={`Business and usage metrics over the ${formatRange(
        range,
      )}, against the ${formatPreviousRange(range)}`}
      testId="metrics-kpis"
      loading={props.loading}
      section={view?.kpis}
      errorTitle="Could not read the KPIs"
      showItemsOnError
      notConfigured={
        <>
          This service declares no KPIs. Declare business and usage metrics
          under <code>metadata.metrics.kpis</code>, each with a{' '}
          <code>bucket</code> and a <code>target</code>.
        </>
      }
      empty="No KPIs to show."
    >
      {items => (
        <>
          <Table<Row>
            columns={columns(range)}
            data={items.map(item => ({
              id: item.id,
              item,
              value: item.value ?? -Infinity,
            }))}
            options={{
              toolbar: false,
              paging: items.length > 20,
              pageSize: 20,
              search: false,
              padding: 'dense',
              draggable: false,
            }}
            style={{ boxShadow: 'none' }}
          />
          <SectionNotes notes={view?.kpis.notes} />
        </>
      )}
    </SectionCard>
  );
}
