import type {
  EntityMetricsResponse,
  IntegrationViewItem,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { SectionCard } from '../shared/SectionCard';
import { formatRange } from '../shared/format';
import { IntegrationsTable } from './IntegrationsTable';
import { SectionNotes } from './SectionNotes';

/**
 * Success rates of the third-party integrations this service calls. When a source is down the
 * section's error shows once, above the integrations rebuilt from stored snapshots.
 */
export function IntegrationsSection(props: {
  view?: EntityMetricsResponse;
  loading: boolean;
  range: RangeWindow;
}) {
  const { view, range } = props;
  const compared = view?.previousRange !== undefined;
  return (
    <SectionCard<IntegrationViewItem>
      title="Integration success rates"
      subheader={`Calls to third parties over the ${formatRange(
        range,
      )}, worst first; unclassified failures are the ones nobody can act on`}
      testId="metrics-integrations"
      loading={props.loading}
      section={view?.integrations}
      errorTitle={
        view?.integrations.items.length
          ? 'Could not read the integrations live: showing stored history'
          : 'Could not load the integrations'
      }
      showItemsOnError
      // The section's own message (from the backend) says what to add for this entity.
      notConfigured={<>No integrations are read for this service.</>}
      empty={
        <>
          No integration calls in the {formatRange(range)}. Integrations are
          discovered from the <code>integration</code> label of{' '}
          <code>integration_requests_total</code>, or declared under{' '}
          <code>metadata.metrics.integrations</code>.
        </>
      }
    >
      {items => (
        <>
          <IntegrationsTable
            integrations={items}
            compared={compared}
            range={range}
          />
          <SectionNotes notes={view?.integrations.notes} />
        </>
      )}
    </SectionCard>
  );
}
