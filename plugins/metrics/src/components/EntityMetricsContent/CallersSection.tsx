import type {
  CallerItem,
  EntityMetricsResponse,
  RangeWindow,
  TrafficItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { SectionCard } from '../shared/SectionCard';
import { formatRange } from '../shared/format';
import { CallersChart } from './CallersChart';
import { CallersTable } from './CallersTable';
import { previousOf } from './comparison';
import { TrafficStats } from './TrafficStats';

/** The traffic item of a view: undefined when it has none or it could not be read. */
function trafficOf(
  view: EntityMetricsResponse | undefined,
): TrafficItem | undefined {
  return view?.traffic?.status === 'ok' ? view.traffic.items[0] : undefined;
}

const NOT_CONFIGURED = (
  <>
    Requests are read from the series of the entity&apos;s telemetry convention
    (by default <code>http_server_requests_total</code> and its{' '}
    <code>caller</code> label). Add the{' '}
    <code>{METRICS_ANNOTATIONS.prometheusService}</code> annotation to see who
    calls this service.
  </>
);

/**
 * Who calls the service: the service's totals (from the traffic section), a share chart and
 * the top-callers table. Where the convention has no caller information, the totals and why.
 */
export function CallersSection(props: {
  view?: EntityMetricsResponse;
  loading: boolean;
  range: RangeWindow;
}) {
  const { view, range } = props;
  const compared = view?.previousRange !== undefined;
  const traffic = trafficOf(view);
  const stats = (
    <TrafficStats
      traffic={traffic}
      previous={previousOf(compared, traffic)}
      range={range}
    />
  );
  const withoutCallers =
    view?.callers.status === 'not-configured' &&
    view.traffic?.status !== 'not-configured';

  if (view && withoutCallers) {
    return (
      <SectionCard<TrafficItem>
        title="Requests"
        subheader={`Requests over the ${formatRange(
          range,
        )}: rate, failures and p95 latency`}
        testId="metrics-callers"
        loading={props.loading}
        section={view.traffic}
        errorTitle="Could not load the requests"
        notConfigured={NOT_CONFIGURED}
        empty={
          <>No requests reached this service in the {formatRange(range)}.</>
        }
      >
        {() => (
          <>
            {stats}
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="callers-unavailable"
            >
              {view.callers.error}
            </Typography>
          </>
        )}
      </SectionCard>
    );
  }

  return (
    <SectionCard<CallerItem>
      title="Requests by caller"
      subheader={`Top callers over the ${formatRange(
        range,
      )}: share, rate, failures and p95 latency`}
      testId="metrics-callers"
      loading={props.loading}
      section={view?.callers}
      errorTitle="Could not load the callers"
      notConfigured={NOT_CONFIGURED}
      empty={<>No requests reached this service in the {formatRange(range)}.</>}
    >
      {items => (
        <Grid container spacing={3}>
          <Grid item xs={12} md={3}>
            {stats}
          </Grid>
          <Grid item xs={12} md={9}>
            <CallersChart callers={items} range={range} />
          </Grid>
          <Grid item xs={12}>
            <CallersTable callers={items} compared={compared} range={range} />
          </Grid>
        </Grid>
      )}
    </SectionCard>
  );
}
