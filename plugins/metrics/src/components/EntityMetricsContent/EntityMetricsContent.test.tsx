import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ConfigurationCheckResponse,
  EntityMetricsResponse,
  KpiViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { MetricsApi, metricsApiRef } from '../../api';
import {
  configurationCheck,
  entityView,
  integrationItem,
  comparedView,
  previousEntityView,
  sloItem,
} from '../testData';
import { EntityMetricsContent } from './EntityMetricsContent';
import { formatKpiValue } from './kpiFormat';

// On a busy machine the renders run past the default 5 s / 1 s.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';
const CALLER = 'metrics-suite/caller-id';

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', ...(annotations ? { annotations } : {}) },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

const annotated = component({ [SERVICE]: 'checkout-api' });

type GetEntityView = MetricsApi['getEntityView'];

/**
 * Answers `current` compared with `previous` in one view, as the backend does with
 * `compare=previous`; a failing `previous` gives items without previous figures (null).
 */
function views(
  current: () => Promise<EntityMetricsResponse> = async () => entityView(),
  previous: () => Promise<EntityMetricsResponse> = async () =>
    previousEntityView(),
): GetEntityView {
  return async (_ref, options) => {
    const view = await current();
    if (options.compare !== 'previous') return view;
    return comparedView(view, await previous().catch(() => undefined));
  };
}

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

async function render(
  entity: Entity,
  options: {
    getEntityView?: GetEntityView;
    getConfigurationCheck?: () => Promise<ConfigurationCheckResponse>;
    route?: string;
  } = {},
) {
  const metricsApi = {
    getSources: jest.fn(),
    getEntityView: jest.fn(options.getEntityView ?? views()),
    getConfigurationCheck: jest.fn(
      options.getConfigurationCheck ?? (async () => configurationCheck()),
    ),
    getGroupView: jest.fn(),
  };
  const result = await renderInTestApp(
    <TestApiProvider apis={[[metricsApiRef, metricsApi]]}>
      <EntityProvider entity={entity}>
        <EntityMetricsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [options.route ?? '/metrics'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return { ...result, metricsApi };
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

/** The row of the configuration table with this label (shown title-cased). */
function configRow(label: string): HTMLElement {
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
    // the instance is the view's: no lookup of the sources of its own
    expect(metricsApi.getSources).not.toHaveBeenCalled();
    expect(screen.getByText('Metrics configuration')).toBeInTheDocument();
    expect(
      await within(configRow('Prometheus service label')).findByText(
        'service="checkout-api"',
      ),
    ).toBeInTheDocument();
    // the caller id defaults to the service label
    expect(
      within(configRow('Appears to callers as')).getByText(
        'caller="checkout-api"',
      ),
    ).toBeInTheDocument();
    expect(
      within(configRow('Prometheus instance')).getByText(
        'main (default instance)',
      ),
    ).toBeInTheDocument();
    expect(
      within(configRow('Amplitude project')).getByText('not set'),
    ).toBeInTheDocument();
    expect(
      within(configRow('Telemetry convention')).getByText(
        'metrics-suite (instance)',
      ),
    ).toBeInTheDocument();
    // The series read are the check's, with their counts.
    const checks = within(configRow('Series check')).getAllByTestId(
      'series-check',
    );
    expect(checks).toHaveLength(2);
    expect(checks[0]).toHaveTextContent(
      'Requests (availability SLOs, traffic): 12 series',
    );
    expect(checks[0]).toHaveTextContent(
      'http_server_requests_total{service="checkout-api"}',
    );
    expect(checks[1]).toHaveTextContent(
      'Latency (latency SLOs, p95): 500+ series',
    );
    expect(metricsApi.getConfigurationCheck).toHaveBeenCalledTimes(1);
    expect(metricsApi.getConfigurationCheck).toHaveBeenCalledWith({
      kind: 'component',
      namespace: 'default',
      name: 'checkout',
    });
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('shows an explicit caller id and an instance named by the annotation', async () => {
    await render(
      component({
        [SERVICE]: 'checkout-api',
        [CALLER]: 'checkout',
        [INSTANCE]: 'eu',
      }),
      {
        getEntityView: views(async () =>
          entityView({
            prometheus: {
              instance: 'eu',
              origin: 'annotation',
              convention: 'metrics-suite',
              conventionOrigin: 'instance',
            },
          }),
        ),
      },
    );

    expect(await screen.findByText('eu (annotation)')).toBeInTheDocument();
    expect(
      within(configRow('Appears to callers as')).getByText('caller="checkout"'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('reports an annotation naming an unknown instance, with the field path', async () => {
    await render(
      component({ [SERVICE]: 'checkout-api', [INSTANCE]: 'us-east' }),
      {
        getEntityView: views(async () =>
          entityView({
            problems: [
              {
                path: `metadata.annotations.${INSTANCE}`,
                message:
                  'no Prometheus instance "us-east" is configured (configured: "main", "eu")',
              },
            ],
            prometheus: {
              origin: 'none',
              convention: 'metrics-suite',
              conventionOrigin: 'instance',
            },
          }),
        ),
      },
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
      within(configRow('Prometheus instance')).getByText('none'),
    ).toBeInTheDocument();
  });

  it('reports a missing default instance', async () => {
    await render(component({ [SERVICE]: 'checkout-api' }), {
      getEntityView: views(async () =>
        entityView({
          problems: [
            {
              path: `metadata.annotations.${INSTANCE}`,
              message:
                'no default Prometheus instance is configured in metrics.prometheus.instances',
            },
          ],
          prometheus: {
            origin: 'none',
            convention: 'metrics-suite',
            conventionOrigin: 'instance',
          },
        }),
      ),
    });

    const problems = await screen.findByTestId('metrics-problems');
    expect(problems).toHaveTextContent(
      `metadata.annotations.${INSTANCE}: no default Prometheus instance is configured`,
    );
  });

  it('shows the not-configured state with the annotation snippet for an unannotated entity', async () => {
    const { metricsApi } = await render(component());

    expect(metricsApi.getEntityView).not.toHaveBeenCalled();
    expect(
      screen.getByText('Metrics are not configured for this service'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(`${SERVICE}: checkout`);
    expect(document.body).toHaveTextContent(`# ${CALLER}: checkout`);
    expect(document.body).toHaveTextContent(`# ${INSTANCE}: main`);
    expect(document.body).not.toHaveTextContent('metrics.backstage.io');
    expect(document.body).toHaveTextContent('kind: Component');
    expect(screen.queryByText('Metrics configuration')).not.toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('reads a deprecated annotation key and shows its deprecation until the backend answers', async () => {
    const OLD_SERVICE = 'metrics.backstage.io/prometheus-service';
    await render(component({ [OLD_SERVICE]: 'checkout-api' }), {
      getEntityView: () => never(),
    });

    expect(
      screen.queryByText('Metrics are not configured for this service'),
    ).not.toBeInTheDocument();
    expect(
      within(configRow('Prometheus service label')).getByText(
        'service="checkout-api"',
      ),
    ).toBeInTheDocument();
    const problems = screen.getByTestId('metrics-problems');
    expect(
      within(problems).getByText(`metadata.annotations.${OLD_SERVICE}`),
    ).toBeInTheDocument();
    expect(problems).toHaveTextContent(`deprecated: write ${SERVICE} instead`);
  });

  it('shows the problems panel for a malformed annotation', async () => {
    await render(component({ [SERVICE]: 'checkout-api ' }), {
      getEntityView: views(async () =>
        entityView({
          problems: [
            {
              path: `metadata.annotations.${SERVICE}`,
              message:
                '"checkout-api " has leading/trailing whitespace or control characters',
            },
          ],
          prometheus: undefined,
        }),
      ),
    });

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
      within(configRow('Prometheus service label')).getByText('not set'),
    ).toBeInTheDocument();
    expect(
      within(configRow('Prometheus instance')).getByText('not used'),
    ).toBeInTheDocument();
  });

  it('shows the problem of an instance annotation without a service', async () => {
    await render(component({ [INSTANCE]: 'main' }), {
      getEntityView: views(async () =>
        entityView({
          problems: [
            {
              path: `metadata.annotations.${INSTANCE}`,
              message: `has no effect without ${SERVICE}`,
            },
          ],
          prometheus: undefined,
        }),
      ),
    });

    const problems = await screen.findByTestId('metrics-problems');
    expect(problems).toHaveTextContent(
      `metadata.annotations.${INSTANCE}: has no effect without ${SERVICE}`,
    );
  });

  it('shows a backend error in the instance cell and still renders the card', async () => {
    await render(component({ [SERVICE]: 'checkout-api' }), {
      getEntityView: views(async () => {
        throw new Error('backend is down');
      }),
    });

    expect(
      await screen.findByText(/Could not reach the metrics backend/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend is down/).length).toBeGreaterThan(0);
    expect(screen.getByText('Metrics configuration')).toBeInTheDocument();
    expect(
      await within(configRow('Prometheus service label')).findByText(
        'service="checkout-api"',
      ),
    ).toBeInTheDocument();
    expect(
      within(configRow('Appears to callers as')).getByText(
        'caller="checkout-api"',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });
});

describe('EntityMetricsContent: the configuration check', () => {
  it('explains a service label that matches no series, with the nearest values seen', async () => {
    const message =
      'No series of http_server_requests_total has service="checkout". Values seen for service: checkout-api, checkout-web, cart. Set the metrics-suite/prometheus-service annotation to the value this service reports.';
    await render(component({ [SERVICE]: 'checkout' }), {
      getConfigurationCheck: async () =>
        configurationCheck({
          service: 'checkout',
          checks: [
            {
              purpose: 'requests',
              title: 'Requests (availability SLOs, traffic)',
              metric: 'http_server_requests_total',
              selector: 'http_server_requests_total{service="checkout"}',
              label: 'service',
              status: 'no-matching-series',
              valuesSeen: ['checkout-api', 'checkout-web', 'cart'],
              message,
            },
            {
              purpose: 'definition',
              title: 'KPI checkouts',
              definitionId: 'kpi:checkouts',
              status: 'not-checked',
              message: 'Reads its own PromQL; not checked.',
            },
          ],
        }),
    });

    const [failed, notChecked] = await within(
      configRow('Series check'),
    ).findAllByTestId('series-check');
    expect(failed).toHaveTextContent(
      'Requests (availability SLOs, traffic): no series for this service',
    );
    expect(failed).toHaveTextContent(
      'http_server_requests_total{service="checkout"}',
    );
    expect(within(failed).getByText(message)).toBeInTheDocument();
    expect(failed.textContent).toMatch(
      /Values seen for service: checkout-api, checkout-web, cart\./,
    );
    expect(notChecked).toHaveTextContent('KPI checkouts: not checked');
    expect(notChecked).toHaveTextContent('Reads its own PromQL; not checked.');
  });

  it('shows what the backend says when the entity reads no Prometheus', async () => {
    await render(component({ 'metrics-suite/amplitude-project': 'shop' }), {
      getConfigurationCheck: async () =>
        configurationCheck({
          status: 'not-configured',
          message: 'This entity reads no Prometheus: add the annotation.',
          checks: [],
          instance: undefined,
          service: undefined,
        }),
    });
    expect(
      await within(configRow('Series check')).findByText(
        'This entity reads no Prometheus: add the annotation.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a failing check on its own, and runs it again on request', async () => {
    let calls = 0;
    const { metricsApi } = await render(
      component({ [SERVICE]: 'checkout-api' }),
      {
        getConfigurationCheck: async () => {
          calls++;
          if (calls === 1) throw new Error('check exploded');
          return configurationCheck();
        },
      },
    );
    expect(
      await screen.findByText(/Could not check the configuration/),
    ).toBeInTheDocument();
    // the rest of the tab is unaffected
    expect(
      await screen.findByText('main (default instance)'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(
      await within(configRow('Series check')).findByText(/12 series/),
    ).toBeInTheDocument();
    expect(metricsApi.getConfigurationCheck).toHaveBeenCalledTimes(2);
  });

  it('does not ask for the check of an entity that declares no metrics', async () => {
    const { metricsApi } = await render(component());
    expect(
      await screen.findByText('Metrics are not configured for this service'),
    ).toBeInTheDocument();
    expect(metricsApi.getConfigurationCheck).not.toHaveBeenCalled();
  });
});

function section(testId: string): HTMLElement {
  return screen.getByTestId(testId);
}

describe('EntityMetricsContent: the service view', () => {
  it('shows every panel loading while the view loads, and still the configuration card', async () => {
    const { metricsApi } = await render(annotated, {
      getEntityView: () => never(),
    });

    for (const id of [
      'metrics-slos',
      'metrics-callers',
      'metrics-integrations',
    ]) {
      expect(section(id)).toHaveAttribute('data-status', 'loading');
      expect(within(section(id)).getByTestId('progress')).toBeInTheDocument();
    }
    // the instance comes with the view
    expect(
      within(configRow('Prometheus instance')).getByTestId('progress'),
    ).toBeInTheDocument();
    // one request: the previous period comes in the same answer
    expect(metricsApi.getEntityView).toHaveBeenCalledTimes(1);
  });

  it('asks once for the last 7 days by default, compared with the previous 7 days', async () => {
    const { metricsApi } = await render(annotated);

    await screen.findByText('99.950 %');
    expect(metricsApi.getEntityView).toHaveBeenCalledTimes(1);
    expect(metricsApi.getEntityView).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      { range: '7d', compare: 'previous' },
    );
  });

  it('shows an SLO with its objective, SLI, budget, burn rates, status and links', async () => {
    await render(annotated);

    const slo = await screen.findByTestId('slo-slo:availability');
    expect(within(slo).getByText('availability')).toBeInTheDocument();
    expect(within(slo).getByText(/99.9 % over 28d/)).toBeInTheDocument();
    expect(within(slo).getByTestId('slo-sli')).toHaveTextContent('99.950 %');
    expect(within(slo).getByTestId('slo-budget')).toHaveTextContent('50.0 %');
    expect(within(slo).getByText('2,000,000 in 28d')).toBeInTheDocument();
    expect(within(slo).getByTestId('slo-state')).toHaveTextContent('healthy');
    expect(within(slo).queryByTestId('slo-alert')).not.toBeInTheDocument();

    const burn = within(slo).getByTestId('burn-rates');
    expect(burn).toHaveTextContent('5m0.20×');
    expect(burn).toHaveTextContent('1h0.40×');
    expect(burn).toHaveTextContent('30m—'); // no traffic in that window

    expect(
      within(slo).getByRole('link', { name: /Good events of availability/ }),
    ).toHaveAttribute(
      'href',
      'https://prometheus.example.com/graph?g0.expr=good',
    );
    expect(
      within(slo).getByRole('link', { name: /Valid events of availability/ }),
    ).toHaveAttribute('target', '_blank');
  });

  it('shows "no data", an overspent budget and the page alert', async () => {
    const view = entityView({
      slos: {
        status: 'ok',
        items: [
          sloItem({
            id: 'slo:quiet',
            name: 'quiet',
            sli: null,
            budgetRemaining: null,
            burnRates: {},
            state: 'no-data',
            series: [],
          }),
          sloItem({
            id: 'slo:burning',
            name: 'burning',
            sli: 0.99865,
            budgetRemaining: -0.35,
            burnRates: { '5m': 20, '1h': 15, '2h': 4 },
            state: 'breaching',
            alert: 'page',
          }),
          sloItem({
            id: 'slo:tiny',
            name: 'tiny',
            state: 'low-traffic',
            alert: 'ticket',
            counts: { good: 40, valid: 40 },
          }),
        ],
      },
    });
    await render(annotated, { getEntityView: views(async () => view) });

    const quiet = await screen.findByTestId('slo-slo:quiet');
    expect(within(quiet).getByTestId('slo-sli')).toHaveTextContent('no data');
    expect(within(quiet).getByTestId('slo-budget')).toHaveTextContent(
      'no data',
    );
    expect(within(quiet).getByTestId('slo-state')).toHaveTextContent('no data');
    expect(
      within(quiet).getByText('No SLI data in this range'),
    ).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('NaN');

    const burning = screen.getByTestId('slo-slo:burning');
    expect(within(burning).getByTestId('slo-sli')).toHaveTextContent(
      '99.865 %',
    );
    expect(within(burning).getByTestId('slo-budget')).toHaveTextContent(
      '−35.0 % (overspent)',
    );
    expect(within(burning).getByTestId('slo-state')).toHaveTextContent(
      'breaching',
    );
    expect(within(burning).getByTestId('slo-alert')).toHaveTextContent('page');

    const tiny = screen.getByTestId('slo-slo:tiny');
    expect(within(tiny).getByTestId('slo-state')).toHaveTextContent(
      'low traffic',
    );
    expect(within(tiny).getByTestId('slo-alert')).toHaveTextContent('ticket');
    expect(
      within(tiny).getByText(/Low traffic: too few events/),
    ).toBeInTheDocument();
  });

  it('lists callers with share, rate, errors and p95, linking catalog callers and owners', async () => {
    await render(annotated);

    const callers = await screen.findByTestId('metrics-callers');
    expect(within(callers).getByTestId('callers-requests')).toHaveTextContent(
      '1,000,000',
    );
    const row = within(callers)
      .getByRole('link', { name: 'mobile-bff' })
      .closest('tr')!;
    expect(
      within(row).getByRole('link', { name: 'mobile-bff' }),
    ).toHaveAttribute('href', '/catalog/default/component/mobile-bff');
    expect(
      within(row).getByRole('link', { name: 'mobility-squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/mobility-squad');
    expect(row).toHaveTextContent('60.0 %');
    // 600,000 requests over 7 days: just under 1 req/s
    expect(row).toHaveTextContent('59.5 req/min');
    expect(row).toHaveTextContent('0.10 %');
    expect(row).toHaveTextContent('120 ms');

    const external = within(callers).getByText('partner-portal').closest('tr')!;
    expect(within(external).getByText('external')).toBeInTheDocument();
    expect(within(external).queryByRole('link')).not.toBeInTheDocument();
    expect(external).toHaveTextContent('2.00 %');

    const unknown = within(callers).getByText('unknown').closest('tr')!;
    expect(within(unknown).getByText('unlabelled')).toBeInTheDocument();

    const other = within(callers).getByText('(other callers)').closest('tr')!;
    expect(other).toHaveTextContent('4 callers beyond the top 10');
    expect(other).toHaveTextContent('5.0 %');
  });

  it('shows integrations with success rate, target, volume and the unknown share standing out', async () => {
    await render(annotated);

    const integrations = await screen.findByTestId('metrics-integrations');
    const row = within(integrations).getByText('ridely').closest('tr')!;
    expect(
      within(row).getByTestId('integration-success-rate'),
    ).toHaveTextContent('95.00 %');
    expect(within(row).getByTestId('integration-target')).toHaveTextContent(
      'target 99 % · missed',
    );
    expect(row).toHaveTextContent('10,000 calls');
    expect(row).toHaveTextContent('500 failed');
    expect(within(row).getByTestId('unknown-share')).toHaveTextContent(
      '40 % unclassified',
    );
    expect(within(row).getByTestId('error-class-unknown')).toHaveStyle({
      width: '40%',
    });
    expect(
      within(row).getByRole('img', { name: /Failures by class/ }),
    ).toHaveAttribute(
      'aria-label',
      'Failures by class: timeout 50 %, http_5xx 10 %, unknown 40 %',
    );
    expect(
      within(row).getByRole('link', { name: /Success rate of ridely/ }),
    ).toHaveAttribute(
      'href',
      'https://prometheus.example.com/graph?g0.expr=ridely',
    );
  });

  it('does not call out an unknown share when every failure is classified', async () => {
    const view = entityView({
      integrations: {
        status: 'ok',
        items: [
          integrationItem({
            errorClasses: { timeout: 1 },
            unknownShare: 0,
            successRate: 0.995,
          }),
        ],
      },
    });
    await render(annotated, { getEntityView: views(async () => view) });

    const integrations = await screen.findByTestId('metrics-integrations');
    await within(integrations).findByText('ridely');
    expect(
      within(integrations).queryByTestId('unknown-share'),
    ).not.toBeInTheDocument();
    expect(
      within(integrations).getByTestId('integration-target'),
    ).toHaveTextContent('met');
  });

  it('shows deltas against the previous period, coloured by whether they are good', async () => {
    await render(annotated);

    const slo = await screen.findByTestId('slo-slo:availability');
    await waitFor(() =>
      expect(within(slo).getAllByTestId('metrics-delta')).toHaveLength(2),
    );
    const [sliDelta, budgetDelta] = within(slo).getAllByTestId('metrics-delta');
    expect(sliDelta).toHaveTextContent('▲ 0.050 pp');
    expect(sliDelta).toHaveAttribute('data-meaning', 'good');
    expect(budgetDelta).toHaveTextContent('▲ 25.0 pp');

    const integrations = screen.getByTestId('metrics-integrations');
    const rateDelta = within(integrations).getByTestId('metrics-delta');
    expect(rateDelta).toHaveTextContent('▼ 2.00 pp');
    expect(rateDelta).toHaveAttribute('data-meaning', 'bad');

    const callers = screen.getByTestId('metrics-callers');
    // requests doubled: neither good nor bad; the error ratio halved: good
    expect(within(callers).getAllByText('▲ 100 %')[0]).toHaveAttribute(
      'data-meaning',
      'neutral',
    );
    const row = within(callers).getByText('partner-portal').closest('tr')!;
    expect(within(row).getByText('▼ 2.00 pp')).toHaveAttribute(
      'data-meaning',
      'good',
    );
    expect(screen.getByTestId('metrics-period')).toHaveTextContent(
      'compare with the previous 7 days',
    );
  });

  it('shows "—" for a delta when the previous period has no data', async () => {
    const previous = previousEntityView();
    previous.slos.items[0].sli = null;
    await render(annotated, {
      getEntityView: views(undefined, async () => previous),
    });

    const slo = await screen.findByTestId('slo-slo:availability');
    await waitFor(() =>
      expect(within(slo).getAllByTestId('metrics-delta')[0]).toHaveTextContent(
        '—',
      ),
    );
  });

  it('shows "—" for every delta when the previous period could not be read', async () => {
    await render(annotated, {
      getEntityView: views(undefined, async () => {
        throw new Error('prometheus timed out');
      }),
    });

    const slo = await screen.findByTestId('slo-slo:availability');
    expect(within(slo).getByTestId('slo-sli')).toHaveTextContent('99.950 %');
    await waitFor(() =>
      expect(within(slo).getAllByTestId('metrics-delta')).toHaveLength(2),
    );
    for (const delta of screen.getAllByTestId('metrics-delta')) {
      expect(delta).toHaveTextContent('—');
    }
    expect(screen.getByTestId('metrics-callers')).toHaveAttribute(
      'data-status',
      'ok',
    );
    expect(
      screen.queryByText(/Could not load this service/),
    ).not.toBeInTheDocument();
  });

  it('shows a failing section on its own and keeps the others', async () => {
    const view = entityView({
      slos: {
        status: 'error',
        error: 'Prometheus "main": timeout after 30s',
        items: [],
      },
    });
    await render(annotated, { getEntityView: views(async () => view) });

    const slos = await screen.findByTestId('metrics-slos');
    expect(slos).toHaveAttribute('data-status', 'error');
    expect(
      within(slos).getByText(/Could not load the SLOs/),
    ).toBeInTheDocument();
    expect(slos).toHaveTextContent('Prometheus "main": timeout after 30s');
    expect(
      within(screen.getByTestId('metrics-callers')).getByRole('link', {
        name: 'mobile-bff',
      }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('metrics-integrations')).getByText('ridely'),
    ).toBeInTheDocument();
  });

  it.each([
    ['callers', 'metrics-callers', 'Could not load the callers'],
    ['integrations', 'metrics-integrations', 'Could not load the integrations'],
  ] as const)(
    'shows the %s section failing alone',
    async (key, testId, title) => {
      const view = entityView({
        [key]: { status: 'error', error: 'source exploded', items: [] },
      });
      await render(annotated, { getEntityView: views(async () => view) });

      const failing = await screen.findByTestId(testId);
      expect(within(failing).getByText(new RegExp(title))).toBeInTheDocument();
      expect(failing).toHaveTextContent('source exploded');
      expect(
        within(screen.getByTestId('slo-slo:availability')).getByTestId(
          'slo-sli',
        ),
      ).toHaveTextContent('99.950 %');
    },
  );

  it('explains not-configured sections', async () => {
    const view = entityView({
      slos: { status: 'not-configured', items: [] },
      callers: {
        status: 'not-configured',
        error: 'needs the prometheus-service annotation',
        items: [],
      },
      traffic: { status: 'not-configured', items: [] },
      integrations: { status: 'not-configured', items: [] },
    });
    await render(component({ 'metrics-suite/amplitude-project': 'web' }), {
      getEntityView: views(async () => view),
    });

    const slos = await screen.findByTestId('metrics-slos');
    expect(slos).toHaveAttribute('data-status', 'not-configured');
    expect(slos).toHaveTextContent('No SLOs apply to this service');
    const callers = screen.getByTestId('metrics-callers');
    expect(callers).toHaveTextContent(
      'Requests are read from the series of the entity',
    );
    expect(callers).toHaveTextContent(
      'needs the prometheus-service annotation',
    );
    expect(screen.getByTestId('metrics-integrations')).toHaveTextContent(
      'No integrations are read for this service',
    );
  });

  it('shows the totals and why there are no callers when the convention has none', async () => {
    const message =
      'The opentelemetry convention has no caller information; add service-graph to the metrics-suite/convention annotation';
    const view = entityView({
      callers: { status: 'not-configured', error: message, items: [] },
      traffic: {
        status: 'ok',
        items: [
          {
            convention: 'opentelemetry',
            requests: 604800,
            errors: 604.8,
            errorRatio: 0.001,
            p95Seconds: 0.1875,
          },
        ],
      },
    });
    await render(annotated, { getEntityView: views(async () => view) });

    const callers = await screen.findByTestId('metrics-callers');
    expect(callers).toHaveAttribute('data-status', 'ok');
    expect(screen.getByTestId('callers-requests')).toHaveTextContent('604,800');
    expect(screen.getByTestId('callers-error-ratio')).toHaveTextContent(
      '0.10 %',
    );
    expect(screen.getByTestId('callers-p95')).toHaveTextContent('188 ms');
    expect(screen.getByTestId('callers-unavailable')).toHaveTextContent(
      message,
    );
  });

  it('shows empty sections', async () => {
    const view = entityView({
      slos: { status: 'ok', items: [] },
      callers: { status: 'ok', items: [] },
      integrations: { status: 'ok', items: [] },
    });
    await render(annotated, { getEntityView: views(async () => view) });

    expect(
      await screen.findByText(/This service declares no SLOs/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No requests reached this service in the last 7 days.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No integration calls in the last 7 days/),
    ).toBeInTheDocument();
  });

  it('shows one error when the whole view fails, and still the configuration card', async () => {
    await render(annotated, {
      getEntityView: views(async () => {
        throw new Error('Request failed with 404 Not Found');
      }),
    });

    expect(
      await screen.findByText(/Could not load this service's metrics/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/404 Not Found/).length).toBeGreaterThan(0);
    expect(screen.queryByTestId('metrics-slos')).not.toBeInTheDocument();
    expect(screen.queryByTestId('metrics-callers')).not.toBeInTheDocument();
    expect(screen.getByText('Metrics configuration')).toBeInTheDocument();
  });

  it('shows the problems the backend reports, the annotations’ included', async () => {
    const view = entityView({
      problems: [
        {
          path: 'metadata.metrics.slos[0].objective',
          message: 'must be a percentage above 0 and below 100',
        },
        {
          path: `metadata.annotations.${INSTANCE}`,
          message:
            'no Prometheus instance "us-east" is configured (configured: "main")',
        },
      ],
    });
    await render(
      component({ [SERVICE]: 'checkout-api', [INSTANCE]: 'us-east' }),
      {
        getEntityView: views(async () => view),
      },
    );

    const problems = await screen.findByTestId('metrics-problems');
    await waitFor(() =>
      expect(problems).toHaveTextContent(
        'metadata.metrics.slos[0].objective: must be a percentage above 0 and below 100',
      ),
    );
    await waitFor(() =>
      expect(problems).toHaveTextContent(
        `metadata.annotations.${INSTANCE}: no Prometheus instance "us-east"`,
      ),
    );
    expect(
      screen.getByText(/2 problems in this entity's metrics definition/),
    ).toBeInTheDocument();
  });
});

describe('EntityMetricsContent: time range', () => {
  it('reads the range from the URL', async () => {
    const { metricsApi } = await render(annotated, {
      route: '/metrics?range=28d',
    });

    await screen.findByText('99.950 %');
    expect(metricsApi.getEntityView).toHaveBeenCalledWith(expect.anything(), {
      range: '28d',
      compare: 'previous',
    });
    expect(screen.getByRole('button', { name: '28d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      screen.getByRole('heading', { name: 'Last 28 days' }),
    ).toBeInTheDocument();
  });

  it('reads a fixed end from the URL, for links to a past period', async () => {
    const end = new Date('2026-11-20T12:00:00Z');
    const { metricsApi } = await render(annotated, {
      route: '/metrics?range=1d&end=2026-11-20T12:00:00Z',
      getEntityView: views(async () =>
        entityView({
          range: {
            window: '1d',
            start: '2026-11-19T12:00:00.000Z',
            end: '2026-11-20T12:00:00.000Z',
          },
        }),
      ),
    });

    await screen.findByText('99.950 %');
    expect(metricsApi.getEntityView).toHaveBeenCalledTimes(1);
    expect(metricsApi.getEntityView).toHaveBeenCalledWith(expect.anything(), {
      range: '1d',
      compare: 'previous',
      end,
    });
    expect(
      screen.getByRole('heading', { name: /^Last 24 hours up to/ }),
    ).toBeInTheDocument();
  });

  it('falls back to 7 days for an unknown range', async () => {
    const { metricsApi } = await render(annotated, {
      route: '/metrics?range=1y',
    });

    await screen.findByText('99.950 %');
    expect(metricsApi.getEntityView).toHaveBeenCalledWith(expect.anything(), {
      range: '7d',
      compare: 'previous',
    });
  });

  it('puts the chosen range in the URL and asks for it, compared with its previous period', async () => {
    const { metricsApi } = await render(annotated, {
      route: '/metrics?tab=x',
    });
    await screen.findByText('99.950 %');
    expect(screen.getByRole('button', { name: '7d' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    metricsApi.getEntityView.mockClear();

    await userEvent.click(screen.getByRole('button', { name: '24h' }));

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '?tab=x&range=1d',
      ),
    );
    await waitFor(() =>
      expect(metricsApi.getEntityView).toHaveBeenCalledWith(expect.anything(), {
        range: '1d',
        compare: 'previous',
      }),
    );
    expect(metricsApi.getEntityView).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: '24h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      await screen.findByText(/compare with the previous 24 hours/),
    ).toBeInTheDocument();
  });
});

function kpi(overrides: Partial<KpiViewItem> = {}): KpiViewItem {
  return {
    id: 'kpi:checkouts',
    name: 'checkouts',
    description: 'Completed checkouts',
    bucket: 'business',
    unit: 'count',
    source: 'prometheus',
    value: 1200,
    previous: 1000,
    target: { value: 1100, direction: 'above' },
    targetMet: true,
    owner: 'group:default/payments',
    links: [
      {
        title: 'Query',
        url: 'https://prometheus.example.com/graph?g0.expr=checkouts',
      },
    ],
    ...overrides,
  };
}

/** The view with these KPIs (and, optionally, hidden metrics and notes). */
function withKpis(
  items: KpiViewItem[],
  extra: Partial<EntityMetricsResponse> = {},
): EntityMetricsResponse {
  return entityView({
    kpis: { status: 'ok', items },
    hiddenSensitive: 0,
    ...extra,
  });
}

describe('EntityMetricsContent: KPIs and sensitive metrics', () => {
  it('shows each KPI with its value, the change against the previous period and its target', async () => {
    const view = withKpis([
      kpi(),
      kpi({
        id: 'kpi:queue-depth',
        name: 'queue-depth',
        description: undefined,
        bucket: 'health',
        unit: undefined,
        value: 130,
        previous: 100,
        target: { value: 100, direction: 'below' },
        targetMet: false,
        links: undefined,
      }),
    ]);
    await render(annotated, { getEntityView: views(async () => view) });

    const kpis = await screen.findByTestId('metrics-kpis');
    expect(kpis).toHaveAttribute('data-status', 'ok');
    const checkouts = within(kpis).getByText('checkouts').closest('tr')!;
    expect(within(checkouts).getByTestId('kpi-value')).toHaveTextContent(
      '1,200',
    );
    expect(checkouts).toHaveTextContent('Completed checkouts');
    expect(checkouts).toHaveTextContent('business');
    expect(within(checkouts).getByTestId('metrics-delta')).toHaveTextContent(
      '▲ 20 %',
    );
    expect(within(checkouts).getByTestId('metrics-delta')).toHaveAttribute(
      'data-meaning',
      'good',
    );
    expect(within(checkouts).getByTestId('kpi-target')).toHaveTextContent(
      'target ≥ 1,100 · met',
    );
    expect(
      within(checkouts).getByRole('link', { name: /Query of checkouts/ }),
    ).toHaveAttribute(
      'href',
      'https://prometheus.example.com/graph?g0.expr=checkouts',
    );

    // Below-targets: going up is bad.
    const queue = within(kpis).getByText('queue-depth').closest('tr')!;
    expect(within(queue).getByTestId('metrics-delta')).toHaveAttribute(
      'data-meaning',
      'bad',
    );
    expect(within(queue).getByTestId('kpi-target')).toHaveTextContent(
      'target ≤ 100 · missed',
    );
    expect(screen.queryByTestId('hidden-sensitive')).not.toBeInTheDocument();
  });

  it('keeps the other KPIs when one source fails, and shows the section’s notes', async () => {
    const note =
      'Amplitude project "web" counts whole days in its time zone (UTC): counted 2025-03-02 to 2025-03-08 for 2025-03-01 12:00 – 2025-03-08 12:00';
    const view = withKpis(
      [
        kpi(),
        kpi({
          id: 'kpi:revenue',
          name: 'revenue',
          source: 'custom',
          value: null,
          previous: undefined,
          target: undefined,
          targetMet: undefined,
          error: 'Metrics source "warehouse" did not answer within 30 s',
        }),
      ],
      {},
    );
    view.kpis.notes = [note];
    await render(annotated, { getEntityView: views(async () => view) });

    const kpis = await screen.findByTestId('metrics-kpis');
    const revenue = within(kpis).getByText('revenue').closest('tr')!;
    expect(within(revenue).getByTestId('kpi-value')).toHaveTextContent(
      'unavailable',
    );
    expect(revenue).toHaveTextContent(
      'Metrics source "warehouse" did not answer within 30 s',
    );
    expect(revenue).toHaveTextContent('no target');
    const checkouts = within(kpis).getByText('checkouts').closest('tr')!;
    expect(within(checkouts).getByTestId('kpi-value')).toHaveTextContent(
      '1,200',
    );
    expect(within(kpis).getByTestId('section-notes')).toHaveTextContent(note);
  });

  it('shows the KPIs even when every one of them failed, with the reason', async () => {
    const view = withKpis([]);
    view.kpis = {
      status: 'error',
      error: 'checkouts: Prometheus is down',
      items: [kpi({ value: null, error: 'Prometheus is down' })],
    };
    await render(annotated, { getEntityView: views(async () => view) });

    const kpis = await screen.findByTestId('metrics-kpis');
    expect(kpis).toHaveAttribute('data-status', 'error');
    expect(kpis).toHaveTextContent('Could not read the KPIs');
    expect(within(kpis).getByText('checkouts')).toBeInTheDocument();
  });

  it('explains how to declare KPIs when there are none', async () => {
    const view = entityView({
      kpis: { status: 'not-configured', items: [] },
      hiddenSensitive: 0,
    });
    await render(annotated, { getEntityView: views(async () => view) });
    expect(await screen.findByTestId('metrics-kpis')).toHaveTextContent(
      'This service declares no KPIs',
    );
  });

  it('says how many sensitive metrics the viewer may not read', async () => {
    await render(annotated, {
      getEntityView: views(async () =>
        withKpis([kpi()], { hiddenSensitive: 2 }),
      ),
    });
    expect(await screen.findByTestId('hidden-sensitive')).toHaveTextContent(
      '2 sensitive metrics hidden: you may not read them.',
    );
  });

  it('shows how an integration’s counts differ from the range', async () => {
    const view = withKpis([]);
    view.integrations.notes = ['counted whole days'];
    await render(annotated, { getEntityView: views(async () => view) });
    const integrations = await screen.findByTestId('metrics-integrations');
    expect(within(integrations).getByTestId('section-notes')).toHaveTextContent(
      'counted whole days',
    );
  });
});

describe('formatKpiValue', () => {
  it('writes values in their unit', () => {
    expect(formatKpiValue(1234567)).toBe('1,234,567');
    expect(formatKpiValue(2.3456, 'count')).toBe('2.35');
    expect(formatKpiValue(42.5, 'percent')).toBe('42.5 %');
    expect(formatKpiValue(0.85, 'seconds')).toBe('850 ms');
    expect(formatKpiValue(1.5, 'seconds')).toBe('1.5 s');
    expect(formatKpiValue(1234.5, 'currency')).toBe('1,234.50');
    expect(formatKpiValue(null, 'count')).toBe('no data');
  });
});
