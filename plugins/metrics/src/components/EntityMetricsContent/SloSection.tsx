import type {
  EntityMetricsResponse,
  RangeWindow,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import { PrometheusRulesButton } from '../shared/PrometheusRulesButton';
import { SectionCard } from '../shared/SectionCard';
import { formatRange } from '../shared/format';
import { previousOf } from './comparison';
import { SloCard } from './SloCard';

/**
 * The service's SLOs, one card each. When the source is down the section's error shows once,
 * above the SLOs rebuilt from stored snapshots (each card says up to which day).
 */
export function SloSection(props: {
  view?: EntityMetricsResponse;
  loading: boolean;
  range: RangeWindow;
}) {
  const { view, range } = props;
  const compared = view?.previousRange !== undefined;
  return (
    <SectionCard<SloViewItem>
      title="Service level objectives"
      subheader={`SLI and error budget over each SLO's window; charts over the ${formatRange(
        range,
      )}`}
      testId="metrics-slos"
      action={
        view && view.slos.items.length > 0 ? (
          <PrometheusRulesButton
            entityRef={parseEntityRef(view.entityRef)}
            of="this service"
          />
        ) : undefined
      }
      loading={props.loading}
      section={view?.slos}
      errorTitle={
        view?.slos.items.length
          ? 'Could not read the SLOs live: showing stored history'
          : 'Could not load the SLOs'
      }
      showItemsOnError
      notConfigured={
        <>
          No SLOs apply to this service. Add the{' '}
          <code>{METRICS_ANNOTATIONS.prometheusService}</code> annotation to get
          the default SLOs, or declare your own under{' '}
          <code>metadata.metrics.slos</code>.
        </>
      }
      empty={
        <>
          This service declares no SLOs (<code>metadata.metrics.slos: []</code>
          ). Declare some under <code>metadata.metrics.slos</code>.
        </>
      }
    >
      {items =>
        items.map(slo => (
          <Box key={slo.id} mb={2}>
            <SloCard
              slo={slo}
              previous={previousOf(compared, slo)}
              range={range}
            />
          </Box>
        ))
      }
    </SectionCard>
  );
}
