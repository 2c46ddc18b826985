import type { Entity } from '@backstage/catalog-model';
import type { AlphaEntity } from '@backstage/catalog-model/alpha';
import {
  METRICS_ANNOTATIONS,
  validateEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { MetricsValidationProcessor } from './MetricsValidationProcessor';

const SERVICE = METRICS_ANNOTATIONS.prometheusService;

function component(metadata: Partial<Entity['metadata']> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', ...metadata },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  };
}

async function process(entity: Entity): Promise<AlphaEntity> {
  return (await new MetricsValidationProcessor().postProcessEntity(
    entity,
  )) as AlphaEntity;
}

describe('MetricsValidationProcessor', () => {
  it('adds one processing error per problem, each with its path', async () => {
    const entity = component({
      annotations: { [SERVICE]: 'checkout ' },
      metrics: {
        slos: [
          { name: 'availability', objective: 120 },
          { name: 'latency', objective: 99, indicator: { latency: {} } },
        ],
      },
    });
    const problems = validateEntityMetrics(entity);
    expect(problems.length).toBeGreaterThanOrEqual(2);

    const result = await process(entity);

    expect(result.status?.items).toEqual(
      problems.map(p => ({
        type: 'backstage.io/catalog-processing',
        level: 'error',
        message: `InputError: ${p.path}: ${p.message}`,
        error: expect.objectContaining({
          name: 'InputError',
          message: `${p.path}: ${p.message}`,
        }),
      })),
    );
    expect(result.status?.items?.map(i => i.error?.message)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^metadata\.annotations\.[^:]+\/prometheus-service: /,
        ),
        expect.stringMatching(/^metadata\.metrics\.slos\[0\]\.objective: /),
      ]),
    );
    // everything else is handed on untouched, for the catalog to store
    expect({ ...result, status: undefined }).toEqual({
      ...entity,
      status: undefined,
    });
  });

  it('keeps status items that are already there', async () => {
    const existing = { type: 'other', level: 'info' as const, message: 'hi' };
    const entity = {
      ...component({ metrics: { slos: 'none' } }),
      status: { items: [existing] },
    } as Entity;

    const result = await process(entity);

    expect(result.status?.items).toEqual([
      existing,
      expect.objectContaining({
        message: expect.stringContaining('metadata.metrics.slos: '),
      }),
    ]);
  });

  it('hands a valid entity back as it is', async () => {
    const entity = component({
      annotations: { [SERVICE]: 'checkout' },
      metrics: { slos: [{ name: 'availability', objective: 99.9 }] },
    });
    await expect(process(entity)).resolves.toBe(entity);
  });

  it('leaves entities without metrics fields alone, whatever their kind', async () => {
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      // an owner the resolver would reject, to show it is not even looked at
      metadata: { name: 'payments', annotations: { 'backstage.io/x': 'y' } },
      spec: { type: 'team', children: [], owner: '' },
    };
    await expect(process(group)).resolves.toBe(group);
    const plain = component();
    await expect(process(plain)).resolves.toBe(plain);
  });

  it('checks other kinds when they carry the fields', async () => {
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', metrics: { kpis: [{ name: 'Bad Name' }] } },
      spec: { owner: 'payments' },
    };
    const result = await process(system);
    expect(result.status?.items?.length).toBeGreaterThan(0);
    expect(result.status?.items?.[0].message).toMatch(
      /^InputError: metadata\.metrics\.kpis\[0\]/,
    );
  });
});
