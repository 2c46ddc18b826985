import { CodeSnippet, EmptyState } from '@backstage/core-components';
import type { Entity } from '@backstage/catalog-model';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';

function snippet(entity: Entity): string {
  return `apiVersion: ${entity.apiVersion}
kind: ${entity.kind}
metadata:
  name: ${entity.metadata.name}
  annotations:
    # the "service" label of its metrics
    ${METRICS_ANNOTATIONS.prometheusService}: ${entity.metadata.name}
    # optional: its "caller" label elsewhere
    # ${METRICS_ANNOTATIONS.callerId}: ${entity.metadata.name}
    # optional: a non-default instance
    # ${METRICS_ANNOTATIONS.prometheusInstance}: main`;
}

/** Shown on a Component that declares no metrics: how to turn them on. */
export function MetricsNotConfigured(props: { entity: Entity }) {
  return (
    <EmptyState
      missing="field"
      title="Metrics are not configured for this service"
      description={
        <>
          Add the <code>{METRICS_ANNOTATIONS.prometheusService}</code>{' '}
          annotation to this entity's <code>catalog-info.yaml</code>. The suite
          then reads the conventional request, latency and integration metrics
          labelled with that service name, and shows SLOs, callers and
          integration success rates here.
        </>
      }
      action={
        <>
          <Typography variant="body1">
            Add the annotation to your component:
          </Typography>
          <CodeSnippet
            text={snippet(props.entity)}
            language="yaml"
            showLineNumbers
            customStyle={{ background: 'inherit', fontSize: '115%' }}
          />
        </>
      }
    />
  );
}
