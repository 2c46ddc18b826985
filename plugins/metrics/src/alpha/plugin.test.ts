import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import alphaPlugin, { metricsApiRef } from '../alpha';
import { metricsApiRef as legacyMetricsApiRef } from '../api';
import { scorecardRouteRef } from '../routes';

describe('metrics plugin (/alpha)', () => {
  it('is the metrics plugin', () => {
    expect(alphaPlugin.pluginId).toBe('metrics');
  });

  it('exports the same api ref as the main entry point', () => {
    expect(metricsApiRef).toBe(legacyMetricsApiRef);
    expect(metricsApiRef.id).toBe('plugin.metrics.service');
  });

  it('provides the metrics api', () => {
    expect(alphaPlugin.getExtension('api:metrics')).toBeDefined();
  });

  it('provides the maturity scorecard page, which the nav links to', () => {
    const page = createExtensionTester(
      alphaPlugin.getExtension('page:metrics'),
    );
    expect(page.get(coreExtensionData.routePath)).toBe('/metrics-maturity');
    expect(page.get(coreExtensionData.routeRef)).toBe(scorecardRouteRef);
    // nav items are derived from pages with a title and an icon
    expect(page.get(coreExtensionData.title)).toBe('Metrics maturity');
    expect(page.get(coreExtensionData.icon)).toBeDefined();
    expect(alphaPlugin.routes.scorecard).toBe(scorecardRouteRef);
  });

  it.each([
    ['entity-content:metrics/component', 'component'],
    ['entity-content:metrics/group', 'group'],
  ] as const)('provides %s filtered to %s entities', (id, kind) => {
    const extension = alphaPlugin.getExtension(id);
    const filter = createExtensionTester(extension).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    const make = (k: string) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: k,
      metadata: { name: 'x' },
    });
    expect(filter!(make(kind === 'component' ? 'Component' : 'Group'))).toBe(
      true,
    );
    expect(filter!(make('API'))).toBe(false);
  });
});
