import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  GroupMetricsResponse,
  OwnedMetric,
  RangeWindow,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Star from '@material-ui/icons/Star';
import { HiddenSensitiveNote } from '../EntityMetricsContent/HiddenSensitiveNote';
import { formatKpiValue } from '../EntityMetricsContent/kpiFormat';
import { SectionCard } from '../shared/SectionCard';
import { SectionMessage } from '../shared/SectionMessage';
import { formatRange, plural } from '../shared/format';
import { isNorthStar } from './northStar';

const BUCKETS: ReadonlyArray<{
  bucket: OwnedMetric['bucket'];
  title: string;
  empty: string;
}> = [
  {
    bucket: 'usage',
    title: 'Usage',
    empty:
      'No usage metrics. Declare KPIs with bucket: usage under metadata.metrics.kpis.',
  },
  {
    bucket: 'health',
    title: 'System health',
    empty: 'No SLOs, integrations or health KPIs.',
  },
  {
    bucket: 'business',
    title: 'Business KPIs',
    empty:
      'No business KPIs. Declare KPIs with bucket: business under metadata.metrics.kpis.',
  },
];

const KIND_LABEL: Record<OwnedMetric['kind'], string> = {
  slo: 'SLO',
  integration: 'integration',
  kpi: 'KPI',
};

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: 420,
    overflowY: 'auto',
  },
  item: {
    padding: theme.spacing(1, 0),
    '&:not(:last-child)': {
      borderBottom: `1px solid ${theme.palette.divider}`,
    },
  },
  flags: { display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 2 },
  value: { fontVariantNumeric: 'tabular-nums' },
  yes: {
    color: theme.palette.success.main,
    borderColor: theme.palette.success.main,
  },
  no: { color: theme.palette.text.secondary },
  star: { color: theme.palette.warning.main },
}));

/** A KPI's value over the view's range, "no data", or why it could not be read. */
function KpiValue(props: { metric: OwnedMetric; range?: RangeWindow }) {
  const classes = useStyles();
  const { metric, range } = props;
  if (metric.kind !== 'kpi' || metric.value === undefined) return null;
  if (metric.valueError) {
    return (
      <Tooltip title={metric.valueError}>
        <Typography
          variant="body2"
          color="error"
          component="div"
          data-testid="owned-metric-value"
        >
          value unavailable
        </Typography>
      </Tooltip>
    );
  }
  return (
    <Typography
      variant="body2"
      component="div"
      className={classes.value}
      data-testid="owned-metric-value"
    >
      {formatKpiValue(metric.value, metric.unit)}
      {range && (
        <Typography variant="caption" color="textSecondary" component="span">
          {' '}
          over the {formatRange(range)}
        </Typography>
      )}
    </Typography>
  );
}

function MetricItem(props: {
  metric: OwnedMetric;
  range?: RangeWindow;
  northStar: boolean;
}) {
  const classes = useStyles();
  const { metric } = props;
  const flag = (on: boolean, what: string) => (
    <Chip
      size="small"
      variant="outlined"
      className={on ? classes.yes : classes.no}
      label={on ? what : `no ${what}`}
    />
  );
  return (
    <li className={classes.item} data-testid="owned-metric">
      <Box
        display="flex"
        alignItems="center"
        style={{ gap: 6 }}
        flexWrap="wrap"
      >
        {props.northStar && (
          <Tooltip title="The squad's north star">
            <Star
              fontSize="small"
              className={classes.star}
              aria-label="north star"
              data-testid="north-star-marker"
            />
          </Tooltip>
        )}
        <Typography variant="subtitle2" component="span">
          {metric.name}
        </Typography>
        <Chip size="small" label={KIND_LABEL[metric.kind]} />
        {metric.origin !== 'declared' && (
          <Tooltip
            title={
              metric.origin === 'default'
                ? 'A default SLO from the configuration'
                : 'Discovered from the integration label, not declared'
            }
          >
            <Chip size="small" variant="outlined" label={metric.origin} />
          </Tooltip>
        )}
      </Box>
      <Typography variant="caption" color="textSecondary" component="div">
        <EntityRefLink entityRef={metric.entityRef} defaultKind="component" />
        {' · '}
        {metric.source}
        {' · owner '}
        {metric.owner ? (
          <EntityRefLink entityRef={metric.owner} defaultKind="group" />
        ) : (
          'none'
        )}
      </Typography>
      <KpiValue metric={metric} range={props.range} />
      <div className={classes.flags}>
        {flag(metric.hasTarget, 'target')}
        {flag(metric.hasAlert, 'alert')}
      </div>
    </li>
  );
}

/**
 * Everything the squad owns, in three columns: Usage, System health, Business KPIs; a star
 * marks the north star.
 */
export function MetricsByBucketSection(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}) {
  const classes = useStyles();
  const section: ViewSection<OwnedMetric> | undefined = props.view && {
    status: 'ok',
    items: props.view.metrics,
  };
  return (
    <SectionCard<OwnedMetric>
      title="Metrics the squad owns"
      subheader={
        <>
          Grouped into usage, system health and business KPIs, with whether each
          has a target and an alert; KPIs with their value
          <HiddenSensitiveNote count={props.view?.hiddenSensitive} />
        </>
      }
      testId="metrics-group-metrics"
      loading={props.loading}
      section={section}
      errorTitle="Could not read the metrics"
      notConfigured=""
      empty={
        <>
          The squad's services declare no metrics. Add the{' '}
          <code>{METRICS_ANNOTATIONS.prometheusService}</code> annotation or a{' '}
          <code>metadata.metrics</code> block to them.
        </>
      }
    >
      {items => (
        <Grid container spacing={3}>
          {BUCKETS.map(({ bucket, title, empty }) => {
            const metrics = items.filter(m => m.bucket === bucket);
            return (
              <Grid item xs={12} md={4} key={bucket}>
                <section aria-label={title} data-testid={`bucket-${bucket}`}>
                  <Typography variant="subtitle1" component="h3">
                    {title}{' '}
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      component="span"
                    >
                      {plural(metrics.length, 'metric')}
                    </Typography>
                  </Typography>
                  {metrics.length === 0 ? (
                    <SectionMessage kind="empty">{empty}</SectionMessage>
                  ) : (
                    <ul className={classes.list}>
                      {metrics.map(metric => (
                        <MetricItem
                          key={`${metric.entityRef}/${metric.id}`}
                          metric={metric}
                          range={props.view?.range.window}
                          northStar={isNorthStar(metric, props.view?.northStar)}
                        />
                      ))}
                    </ul>
                  )}
                </section>
              </Grid>
            );
          })}
        </Grid>
      )}
    </SectionCard>
  );
}
