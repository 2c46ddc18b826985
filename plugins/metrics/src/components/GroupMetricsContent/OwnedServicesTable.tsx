import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink, getEntityRelations } from '@backstage/plugin-catalog-react';
import { readEntityMetricsAnnotations } from '@metrics-suite/backstage-plugin-metrics-common';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';

interface Row {
  id: string;
  entity: Entity;
  service?: string;
  callerId?: string;
  problems: number;
}

function statusOf(row: Row) {
  if (row.problems > 0) {
    return { label: `${row.problems} problem${row.problems > 1 ? 's' : ''}`, color: 'secondary' as const };
  }
  if (row.service) return { label: 'configured', color: 'primary' as const };
  return { label: 'not configured', color: 'default' as const };
}

const columns: TableColumn<Row>[] = [
  {
    title: 'Service',
    field: 'id',
    highlight: true,
    render: row => <EntityRefLink entityRef={row.entity} />,
  },
  {
    title: 'Owner',
    render: row => {
      const [owner] = getEntityRelations(row.entity, RELATION_OWNED_BY);
      return owner ? <EntityRefLink entityRef={owner} defaultKind="group" /> : '—';
    },
  },
  {
    title: 'Prometheus service',
    field: 'service',
    render: row => (row.service ? <code>{row.service}</code> : '—'),
  },
  {
    title: 'Caller id',
    field: 'callerId',
    render: row => (row.callerId ? <code>{row.callerId}</code> : '—'),
  },
  {
    title: 'Metrics',
    render: row => {
      const status = statusOf(row);
      return <Chip size="small" label={status.label} color={status.color} />;
    },
  },
];

/** The group's services and whether each declares metrics. */
export function OwnedServicesTable(props: { components: Entity[] }) {
  const rows: Row[] = props.components.map(entity => {
    const annotations = readEntityMetricsAnnotations(entity);
    return {
      id: stringifyEntityRef(entity),
      entity,
      service: annotations.prometheusService,
      callerId: annotations.callerId,
      problems: annotations.problems.length,
    };
  });
  const configured = rows.filter(r => r.service && r.problems === 0).length;
  return (
    <Table<Row>
      title="Services"
      subtitle={`${configured} of ${rows.length} declare metrics`}
      options={{ paging: rows.length > 20, pageSize: 20, search: rows.length > 20, padding: 'dense' }}
      columns={columns}
      data={rows}
      emptyContent={
        <Typography variant="body2" style={{ padding: 16 }}>
          This group and its sub-teams own no components.
        </Typography>
      }
    />
  );
}
