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
import { Code } from './Code';
import { ConfigurationCheckResult } from './ConfigurationCheckResult';
import type { ConfigurationCheckState } from './useConfigurationCheck';

function quote(value: string): string {
  return JSON.stringify(value);
}

function text(value: string) {
  return <Typography variant="body2">{value}</Typography>;
}

/**
 * What the suite reads for this entity: the annotations, the Prometheus instance and
 * convention the backend's view says its queries use, and the configuration check: whether
 * that instance has the series they read, and why not.
 */
export function MetricsConfigurationCard(props: {
  annotations: EntityMetricsAnnotations;
  /** From the view; absent while it loads, after it failed, or when no Prometheus is read. */
  prometheus?: EntityPrometheusInstance;
  /** The view is loading and there is no earlier answer. */
  loading: boolean;
  /** The view failed. */
  error?: Error;
  check: ConfigurationCheckState;
}) {
  const { annotations, prometheus, loading, error, check } = props;
  const service = annotations.prometheusService;
  const answer = check.check;

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
    instanceCell = text(
      `${prometheus.instance} ${
        prometheus.origin === 'default' ? '(default instance)' : '(annotation)'
      }`,
    );
  } else {
    instanceCell = text('none');
  }

  // The label is the convention's, as the check read it; until it answers, the value alone.
  const serviceLabel = answer?.checks.find(c => c.label)?.label;
  const convention =
    prometheus ?? (answer?.status === 'checked' ? answer : undefined);

  const metadata: Record<string, JSX.Element> = {
    'Prometheus service label': service ? (
      <Code>
        {serviceLabel ? `${serviceLabel}=${quote(service)}` : quote(service)}
      </Code>
    ) : (
      text('not set')
    ),
    'Appears to callers as': annotations.callerId ? (
      <Code>{`caller=${quote(annotations.callerId)}`}</Code>
    ) : (
      text('not set')
    ),
    // Definitions of their own may read Prometheus without the service annotation.
    'Prometheus instance':
      service || prometheus ? instanceCell : text('not used'),
    'Telemetry convention': convention
      ? text(
          `${convention.convention} (${
            convention.conventionOrigin === 'annotation'
              ? 'annotation'
              : 'instance'
          })`,
        )
      : text(loading ? '…' : 'not used'),
    'Amplitude project': text(annotations.amplitudeProject ?? 'not set'),
    'Series check': <ConfigurationCheckResult state={check} />,
  };

  return (
    <InfoCard
      title="Metrics configuration"
      subheader="From this entity's annotations, checked against its Prometheus"
    >
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
}
