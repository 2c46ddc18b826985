import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import type {
  EntityMetricsAnnotations,
  EntityPrometheusInstance,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';

const REQUESTS = 'http_server_requests_total';
const LATENCY = 'http_server_request_duration_seconds_bucket';
const INTEGRATIONS = 'integration_requests_total';

function quote(value: string): string {
  return JSON.stringify(value);
}

function Code(props: { children: string }) {
  return (
    <Typography
      variant="body2"
      component="code"
      style={{ fontFamily: 'monospace' }}
    >
      {props.children}
    </Typography>
  );
}

/**
 * What the suite reads for this entity: the annotations, and the Prometheus instance the
 * backend's view says its queries go to.
 */
export function MetricsConfigurationCard(props: {
  annotations: EntityMetricsAnnotations;
  /** From the view; absent while it loads, after it failed, or when no Prometheus is read. */
  prometheus?: EntityPrometheusInstance;
  /** The view is loading and there is no earlier answer. */
  loading: boolean;
  /** The view failed. */
  error?: Error;
}) {
  const { annotations, prometheus, loading, error } = props;
  const service = annotations.prometheusService;

  let instanceCell: JSX.Element;
  if (loading) instanceCell = <Progress />;
  else if (error) {
    instanceCell = (
      <ResponseErrorPanel
        title="Could not reach the metrics backend"
        error={error}
      />
    );
  } else if (prometheus?.instance) {
    instanceCell = (
      <Typography variant="body2">
        {prometheus.instance}{' '}
        {prometheus.origin === 'default'
          ? '(default instance)'
          : '(annotation)'}
      </Typography>
    );
  } else {
    instanceCell = <Typography variant="body2">none</Typography>;
  }

  const metadata: Record<string, JSX.Element> = {
    'Prometheus service label': service ? (
      <Code>{`service=${quote(service)}`}</Code>
    ) : (
      <Typography variant="body2">not set</Typography>
    ),
    'Appears to callers as': annotations.callerId ? (
      <Code>{`caller=${quote(annotations.callerId)}`}</Code>
    ) : (
      <Typography variant="body2">not set</Typography>
    ),
    // Definitions of its own may read Prometheus without the service annotation.
    'Prometheus instance':
      service || prometheus ? (
        instanceCell
      ) : (
        <Typography variant="body2">not used</Typography>
      ),
    'Amplitude project': (
      <Typography variant="body2">
        {annotations.amplitudeProject ?? 'not set'}
      </Typography>
    ),
  };
  if (service) {
    const selector = `{service=${quote(service)}}`;
    metadata['Series read'] = (
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        <li>
          <Code>{`${REQUESTS}${selector}`}</Code>
        </li>
        <li>
          <Code>{`${LATENCY}${selector}`}</Code>
        </li>
        <li>
          <Code>{`${INTEGRATIONS}${selector}`}</Code>
        </li>
      </ul>
    );
  }

  return (
    <InfoCard
      title="Metrics configuration"
      subheader="From this entity's annotations"
    >
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
}
