import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { MetricsSourceSummary } from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, within } from '@testing-library/react';
import { MetricsApi, metricsApiRef } from '../../api';
import { EntityMetricsContent } from './EntityMetricsContent';

const SERVICE = 'metrics.backstage.io/prometheus-service';
const INSTANCE = 'metrics.backstage.io/prometheus-instance';
const CALLER = 'metrics.backstage.io/caller-id';

const sources: MetricsSourceSummary[] = [
  {
    id: 'prometheus:main',
    type: 'prometheus',
    description: 'https://prometheus.example.com',
    default: true,
  },
  { id: 'prometheus:eu', type: 'prometheus' },
  { id: 'sql:warehouse', type: 'sql' },
];

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', ...(annotations ? { annotations } : {}) },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

async function render(
  entity: Entity,
  getSources: MetricsApi['getSources'] = async () => sources,
) {
  const metricsApi = { getSources: jest.fn(getSources) };
  const result = await renderInTestApp(
    <TestApiProvider apis={[[metricsApiRef, metricsApi]]}>
      <EntityProvider entity={entity}>
        <EntityMetricsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { ...result, metricsApi };
}

/** The row of the configuration table with this label (shown title-cased). */
function row(label: string): HTMLElement {
  return screen.getByText(new RegExp(`^${label}$`, 'i')).closest('tr')!;
}

describe('EntityMetricsContent', () => {
  it('shows the service label, caller id and the resolved default instance', async () => {
    const { metricsApi } = await render(
      component({ [SERVICE]: 'checkout-api' }),
    );

    expect(
      await screen.findByText('main (default instance)'),
    ).toBeInTheDocument();
    expect(metricsApi.getSources).toHaveBeenCalledTimes(1);
    expect(screen.getByText('Metrics configuration')).toBeInTheDocument();
    expect(
      within(row('Prometheus service label')).getByText(
        'service="checkout-api"',
      ),
    ).toBeInTheDocument();
    // the caller id defaults to the service label
    expect(
      within(row('Appears to callers as')).getByText('caller="checkout-api"'),
    ).toBeInTheDocument();
    expect(
      within(row('Prometheus instance')).getByText('main (default instance)'),
    ).toBeInTheDocument();
    expect(
      within(row('Amplitude project')).getByText('not set'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('http_server_requests_total{service="checkout-api"}'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('shows an explicit caller id and an instance named by the annotation', async () => {
    await render(
      component({
        [SERVICE]: 'checkout-api',
        [CALLER]: 'checkout',
        [INSTANCE]: 'eu',
      }),
    );

    expect(await screen.findByText('eu (annotation)')).toBeInTheDocument();
    expect(
      within(row('Appears to callers as')).getByText('caller="checkout"'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('reports an annotation naming an unknown instance, with the field path', async () => {
    await render(
      component({ [SERVICE]: 'checkout-api', [INSTANCE]: 'us-east' }),
    );

    const problems = await screen.findByTestId('metrics-problems');
    expect(
      screen.getByText(/1 problem in this entity's metrics definition$/),
    ).toBeInTheDocument();
    expect(
      within(problems).getByText(`metadata.annotations.${INSTANCE}`),
    ).toBeInTheDocument();
    expect(problems).toHaveTextContent(
      'no Prometheus instance "us-east" is configured (configured: "main", "eu")',
    );
    expect(
      within(row('Prometheus instance')).getByText('none'),
    ).toBeInTheDocument();
  });

  it('reports a missing default instance', async () => {
    await render(component({ [SERVICE]: 'checkout-api' }), async () => [
      { id: 'prometheus:eu', type: 'prometheus' },
    ]);

    const problems = await screen.findByTestId('metrics-problems');
    expect(problems).toHaveTextContent(
      `metadata.annotations.${INSTANCE}: no default Prometheus instance is configured`,
    );
  });

  it('shows the not-configured state with the annotation snippet for an unannotated entity', async () => {
    await render(component());

    expect(
      screen.getByText('Metrics are not configured for this service'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(`${SERVICE}: checkout`);
    expect(document.body).toHaveTextContent('kind: Component');
    expect(screen.queryByText('Metrics configuration')).not.toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('shows the problems panel for a malformed annotation', async () => {
    await render(component({ [SERVICE]: 'checkout-api ' }));

    const problems = await screen.findByTestId('metrics-problems');
    expect(
      within(problems).getByText(`metadata.annotations.${SERVICE}`),
    ).toBeInTheDocument();
    expect(problems).toHaveTextContent('leading/trailing whitespace');
    expect(
      screen.queryByText('Metrics are not configured for this service'),
    ).not.toBeInTheDocument();
    // the card still explains what is (not) read
    expect(
      within(row('Prometheus service label')).getByText('not set'),
    ).toBeInTheDocument();
    expect(
      within(row('Prometheus instance')).getByText('not used'),
    ).toBeInTheDocument();
  });

  it('shows the problem of an instance annotation without a service', async () => {
    await render(component({ [INSTANCE]: 'main' }));

    const problems = await screen.findByTestId('metrics-problems');
    expect(problems).toHaveTextContent(
      `metadata.annotations.${INSTANCE}: has no effect without ${SERVICE}`,
    );
  });

  it('shows a backend error in the instance cell and still renders the card', async () => {
    await render(component({ [SERVICE]: 'checkout-api' }), async () => {
      throw new Error('backend is down');
    });

    expect(
      await screen.findByText(/Could not reach the metrics backend/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend is down/).length).toBeGreaterThan(0);
    expect(screen.getByText('Metrics configuration')).toBeInTheDocument();
    expect(
      within(row('Prometheus service label')).getByText(
        'service="checkout-api"',
      ),
    ).toBeInTheDocument();
    expect(
      within(row('Appears to callers as')).getByText('caller="checkout-api"'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });
});
