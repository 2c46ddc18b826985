import type {
  CallerItem,
  EntityMetricsResponse,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { Delta } from '../shared/Delta';
import { SectionCard } from '../shared/SectionCard';
import { Stat } from '../shared/Stat';
import {
  formatCount,
  formatPreviousRange,
  formatRange,
  formatRate,
  formatRequestRate,
  NO_DATA,
  pointsDelta,
  relativeDelta,
} from '../shared/format';
import { CallersChart } from './CallersChart';
import { CallersTable } from './CallersTable';
import { previousItems } from './comparison';

interface Totals {
  requests: number;
  errorRatio: number | null;
}

function totals(callers: CallerItem[]): Totals {
  const requests = callers.reduce((sum, c) => sum + c.requests, 0);
  const errors = callers.reduce((sum, c) => sum + c.requests * c.errorRatio, 0);
  return { requests, errorRatio: requests > 0 ? errors / requests : null };
}

/** Who calls the service: totals, a share chart and the top-callers table. */
export function CallersSection(props: {
  view?: EntityMetricsResponse;
  previous?: EntityMetricsResponse | null;
  loading: boolean;
  range: RangeWindow;
}) {
  const { view, range } = props;
  const previous = previousItems(
    props.previous,
    v => v.callers,
    c => c.caller,
  );
  let previousTotals: Totals | null | undefined;
  if (props.previous === undefined) previousTotals = undefined;
  else if (props.previous?.callers.status === 'ok') {
    previousTotals = totals(props.previous.callers.items);
  } else previousTotals = null;
  const vs = `vs ${formatPreviousRange(range)}`;

  return (
    <SectionCard<CallerItem>
      title="Requests by caller"
      subheader={`Top callers over the ${formatRange(
        range,
      )}: share, rate, errors (5xx) and p95 latency`}
      testId="metrics-callers"
      loading={props.loading}
      section={view?.callers}
      errorTitle="Could not load the callers"
      notConfigured={
        <>
          Callers are read from the <code>caller</code> label of{' '}
          <code>http_server_requests_total</code>. Add the{' '}
          <code>{METRICS_ANNOTATIONS.prometheusService}</code> annotation to see
          who calls this service.
        </>
      }
      empty={<>No requests reached this service in the {formatRange(range)}.</>}
    >
      {items => {
        const current = totals(items);
        return (
          <Grid container spacing={3}>
            <Grid item xs={12} md={3}>
              <Box display="flex" flexWrap="wrap" style={{ columnGap: 32 }}>
                <Stat
                  label="Requests"
                  value={formatCount(current.requests)}
                  testId="callers-requests"
                  delta={
                    <Delta
                      delta={
                        previousTotals === undefined
                          ? undefined
                          : relativeDelta(
                              current.requests,
                              previousTotals?.requests,
                              'neither',
                            )
                      }
                      title={`${vs}: ${
                        previousTotals
                          ? formatCount(previousTotals.requests)
                          : NO_DATA
                      }`}
                    />
                  }
                  note={formatRequestRate(current.requests, range)}
                />
                <Stat
                  label="Error ratio (5xx)"
                  value={formatRate(current.errorRatio)}
                  testId="callers-error-ratio"
                  delta={
                    <Delta
                      delta={
                        previousTotals === undefined
                          ? undefined
                          : pointsDelta(
                              current.errorRatio,
                              previousTotals?.errorRatio,
                              'down',
                              2,
                            )
                      }
                      title={`${vs}: ${
                        previousTotals
                          ? formatRate(previousTotals.errorRatio)
                          : NO_DATA
                      }`}
                    />
                  }
                />
              </Box>
            </Grid>
            <Grid item xs={12} md={9}>
              <CallersChart callers={items} range={range} />
            </Grid>
            <Grid item xs={12}>
              <CallersTable callers={items} previous={previous} range={range} />
            </Grid>
          </Grid>
        );
      }}
    </SectionCard>
  );
}
