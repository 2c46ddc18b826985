import { ConfigReader } from '@backstage/config';
import { catalogPromqlOf } from '@metrics-suite/backstage-plugin-metrics-common';
import { readMetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';
import { resolveForView } from '../views/resolveForView';
import {
  MALFORMED_CATALOG,
  MALFORMED_CATALOG_CONFIG,
  WELL_FORMED_CATALOG,
} from '../__testUtils__/malformedCatalog';

const config = readMetricsConfig(
  new ConfigReader({ metrics: MALFORMED_CATALOG_CONFIG }),
);
const prometheus = new Map<string, PrometheusInstance>(
  config.prometheus.map(instance => [
    instance.name,
    {
      client: PrometheusClient.fromConfig(instance),
      convention: instance.convention,
    },
  ]),
);

const resolve = (entity: (typeof WELL_FORMED_CATALOG)[number]) =>
  resolveForView(entity, config, prometheus);

describe('a malformed catalog, resolved for the views', () => {
  it('has at least 20 entities, each named once', () => {
    expect(MALFORMED_CATALOG.length).toBeGreaterThanOrEqual(20);
    const names = MALFORMED_CATALOG.map(c => c.entity.metadata.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(MALFORMED_CATALOG.map(c => [c.what, c] as const))(
    '%s: reported at its path, and not left to run',
    (_what, testCase) => {
      const forView = resolve(testCase.entity);
      const { problems, definitions } = forView.resolved;
      for (const expected of testCase.problems) {
        expect(problems).toContainEqual({
          path: expected.path,
          message: expect.stringMatching(expected.message),
        });
      }
      const ids = definitions.map(d => d.id);
      for (const id of testCase.refused) expect(ids).not.toContain(id);
      for (const id of testCase.kept ?? []) expect(ids).toContain(id);
      // No instance means none at all: its sources have no Prometheus to fall back on.
      expect(forView.instance !== undefined).toBe(!testCase.noInstance);
      expect(
        Boolean(forView.instanceName && prometheus.get(forView.instanceName)),
      ).toBe(!testCase.noInstance);
    },
  );

  it('leaves no catalog PromQL that its instance would refuse', () => {
    for (const { entity } of MALFORMED_CATALOG) {
      const forView = resolve(entity);
      // What is left either may run or cannot run at all (no instance).
      const runnable = forView.instance
        ? forView.resolved.definitions.flatMap(catalogPromqlOf)
        : [];
      const refusedPaths = new Set(forView.resolved.problems.map(p => p.path));
      expect(runnable.filter(({ path }) => refusedPaths.has(path))).toEqual([]);
      const policy = config.prometheus.find(
        i => i.name === forView.instanceName,
      )?.catalogQueries.policy;
      expect(policy === 'none' ? runnable : []).toEqual([]);
    }
  });

  it('keeps problems of one query few, however many selectors it has', () => {
    const flood = MALFORMED_CATALOG.find(
      c => c.entity.metadata.name === 'many-selectors',
    )!;
    expect(resolve(flood.entity).resolved.problems).toHaveLength(6);
  });

  it('refuses nothing of the entities that do it right', () => {
    for (const entity of WELL_FORMED_CATALOG) {
      const forView = resolve(entity);
      expect({
        entity: entity.metadata.name,
        problems: forView.resolved.problems,
      }).toEqual({ entity: entity.metadata.name, problems: [] });
      expect(forView.instance).toBeDefined();
      expect(
        forView.resolved.definitions.flatMap(catalogPromqlOf).length,
      ).toBeGreaterThan(0);
    }
  });
});
