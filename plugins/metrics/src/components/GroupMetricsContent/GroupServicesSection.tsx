import { parseEntityRef } from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  GroupEntitySummary,
  GroupMetricsResponse,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import History from '@material-ui/icons/History';
import { formatStoredDay } from '../shared/format';
import { staleMessage } from '../shared/StaleNote';
import { PrometheusRulesButton } from '../shared/PrometheusRulesButton';
import { SectionCard } from '../shared/SectionCard';
import { SloAlertChip, SloStateChip } from '../shared/SloStatusChips';
import { PolicyStepChip } from '../shared/PolicyStepChip';
import { formatSli, NO_DELTA, plural } from '../shared/format';
import {
  compareStatus,
  STATE_RANK,
  stateLabel,
  worstAlert,
} from '../shared/sloStatus';

interface Row {
  id: string;
  summary: GroupEntitySummary;
  alert: ReturnType<typeof worstAlert>;
  rank: number;
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Service',
    field: 'id',
    highlight: true,
    render: ({ summary }) => (
      <Box>
        <EntityRefLink entityRef={summary.entityRef} defaultKind="component" />
        {summary.service && (
          <Typography variant="caption" color="textSecondary" component="div">
            service=<code>{summary.service}</code>
          </Typography>
        )}
      </Box>
    ),
  },
  {
    title: 'Owner',
    sorting: false,
    render: ({ summary }) =>
      summary.owner ? (
        <EntityRefLink entityRef={summary.owner} defaultKind="group" />
      ) : (
        NO_DELTA
      ),
  },
  {
    title: 'Status',
    field: 'rank',
    render: ({ summary, alert }) => (
      <Box display="flex" style={{ gap: 4 }}>
        <SloStateChip state={summary.worstState} />
        <SloAlertChip alert={alert} />
      </Box>
    ),
  },
  {
    title: 'SLOs (SLI over each window)',
    sorting: false,
    render: ({ summary }) =>
      summary.slos.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {summary.service ? 'no SLOs' : 'no metrics annotation'}
        </Typography>
      ) : (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {[...summary.slos].sort(compareStatus).map(slo => (
            <Box key={slo.id} display="inline-flex" style={{ gap: 2 }}>
              <SloStateChip
                state={slo.state}
                label={`${slo.name} ${formatSli(slo.sli)}`}
              />
              <SloAlertChip alert={slo.alert} />
              <PolicyStepChip policy={slo.policy} />
              {slo.stale && (
                // Built from stored snapshots: the date on the chip, the reason on hover.
                <Tooltip title={staleMessage(slo.stale)}>
                  <Chip
                    size="small"
                    variant="outlined"
                    icon={<History />}
                    label={`stored, to ${formatStoredDay(slo.stale.asOf)}`}
                    data-testid="slo-stale"
                  />
                </Tooltip>
              )}
            </Box>
          ))}
        </Box>
      ),
  },
  {
    title: 'Problems',
    sorting: false,
    render: ({ summary }) =>
      summary.problems.length > 0 ? (
        <Chip
          size="small"
          color="secondary"
          label={plural(summary.problems.length, 'problem')}
        />
      ) : (
        NO_DELTA
      ),
  },
];

/** Sorts owned services worst first: state, then firing alert, then name. */
export function sortWorstFirst(entities: GroupEntitySummary[]): Row[] {
  return entities
    .map(summary => {
      const alert = worstAlert(summary.slos.map(s => s.alert));
      return {
        id: summary.entityRef,
        summary,
        alert,
        rank:
          STATE_RANK[summary.worstState] * 10 +
          ['page', 'ticket', 'none'].indexOf(alert),
      };
    })
    .sort(
      (a, b) =>
        compareStatus(
          { state: a.summary.worstState, alert: a.alert },
          { state: b.summary.worstState, alert: b.alert },
        ) || a.id.localeCompare(b.id),
    );
}

function summaryLine(entities: GroupEntitySummary[]): string {
  const counts = new Map<string, number>();
  for (const e of entities) {
    counts.set(e.worstState, (counts.get(e.worstState) ?? 0) + 1);
  }
  const parts = (
    ['breaching', 'at-risk', 'no-data', 'low-traffic', 'healthy'] as const
  )
    .filter(state => counts.get(state))
    .map(state => `${counts.get(state)} ${stateLabel(state)}`);
  return [plural(entities.length, 'service'), ...parts].join(' · ');
}

/**
 * Every service the squad owns with its SLO status at a glance, worst first. SLOs rebuilt from
 * stored snapshots while their source is down carry an outlined "stored" chip.
 */
export function GroupServicesSection(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}) {
  const section = props.view?.entities;
  return (
    <SectionCard<GroupEntitySummary>
      title="Services and SLOs"
      subheader={
        section && section.items.length > 0
          ? `${summaryLine(section.items)} — worst first`
          : 'Every component the group and its sub-teams own, worst first'
      }
      testId="metrics-group-services"
      action={
        props.view?.entities.items.some(e => e.slos.length > 0) ? (
          <PrometheusRulesButton
            entityRef={parseEntityRef(props.view.entityRef)}
            of="the squad's services"
          />
        ) : undefined
      }
      loading={props.loading}
      section={section}
      errorTitle={
        section?.items.some(e => e.slos.some(slo => slo.stale))
          ? 'Could not read the SLOs of some services live: showing stored history'
          : 'Could not read the SLOs of some services'
      }
      showItemsOnError
      notConfigured="No services are read for this group."
      empty="This group and its sub-teams own no components."
    >
      {items => (
        <Table<Row>
          columns={columns}
          data={sortWorstFirst(items)}
          options={{
            toolbar: items.length > 20,
            search: items.length > 20,
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
