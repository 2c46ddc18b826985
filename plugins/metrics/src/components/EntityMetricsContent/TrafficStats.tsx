import type {
  PreviousTraffic,
  RangeWindow,
  TrafficItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import { Delta } from '../shared/Delta';
import { Stat } from '../shared/Stat';
import {
  formatCount,
  formatLatency,
  formatPreviousRange,
  formatRate,
  formatRequestRate,
  NO_DATA,
  pointsDelta,
  relativeDelta,
} from '../shared/format';

/**
 * The service's requests, error ratio and p95 latency as the traffic section reports them,
 * each against the previous period: `undefined` while not compared, `null` without numbers.
 */
export function TrafficStats(props: {
  traffic?: TrafficItem;
  previous: PreviousTraffic | null | undefined;
  range: RangeWindow;
}) {
  const { traffic, previous, range } = props;
  const vs = `vs ${formatPreviousRange(range)}`;
  const compared = previous !== undefined;
  return (
    <Box display="flex" flexWrap="wrap" style={{ columnGap: 32 }}>
      <Stat
        label="Requests"
        value={traffic ? formatCount(traffic.requests) : NO_DATA}
        testId="callers-requests"
        delta={
          <Delta
            delta={
              compared
                ? relativeDelta(
                    traffic?.requests,
                    previous?.requests,
                    'neither',
                  )
                : undefined
            }
            title={`${vs}: ${
              previous ? formatCount(previous.requests) : NO_DATA
            }`}
          />
        }
        note={traffic ? formatRequestRate(traffic.requests, range) : undefined}
      />
      <Stat
        label="Error ratio"
        value={formatRate(traffic?.errorRatio ?? null)}
        testId="callers-error-ratio"
        delta={
          <Delta
            delta={
              compared
                ? pointsDelta(
                    traffic?.errorRatio ?? null,
                    previous?.errorRatio ?? null,
                    'down',
                    2,
                  )
                : undefined
            }
            title={`${vs}: ${formatRate(previous?.errorRatio ?? null)}`}
          />
        }
      />
      <Stat
        label="p95 latency"
        value={formatLatency(traffic?.p95Seconds)}
        testId="callers-p95"
      />
    </Box>
  );
}
