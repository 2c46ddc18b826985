import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { SloDefinition, resolveEntityMetrics } from '../definitions/resolve';
import { renderOpenSlo, sloToOpenSlo } from './export';

const PAYMENTS_GOOD =
  'sum(increase(payments_total{service="checkout",outcome="success"}[{{window}}]))';
const PAYMENTS_TOTAL =
  'sum(increase(payments_total{service="checkout"}[{{window}}]))';

function entity(slos: unknown[]): Entity {
  const metadata: Entity['metadata'] = {
    name: 'checkout-service',
    annotations: { 'metrics-suite/prometheus-service': 'checkout' },
  };
  (metadata as Record<string, unknown>).metrics = { slos };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata,
    spec: { type: 'service', owner: 'checkout-squad' },
  };
}

const NATIVE = [
  {
    name: 'availability',
    description: 'Checkouts that do not fail with 5xx',
    objective: 99.9,
    alert: 'page',
  },
  {
    name: 'payment_success',
    objective: 99.95,
    window: '7d',
    owner: 'payments',
    alert: 'ticket',
    sensitive: true,
    indicator: { ratio: { good: PAYMENTS_GOOD, total: PAYMENTS_TOTAL } },
  },
];

function slosOf(e: Entity): SloDefinition[] {
  const resolved = resolveEntityMetrics(e);
  expect(resolved.problems).toEqual([]);
  return resolved.definitions.filter(
    (d): d is SloDefinition => d.kind === 'slo',
  );
}

describe('sloToOpenSlo and renderOpenSlo', () => {
  it('export the SLOs of an entity as OpenSLO v1 documents', () => {
    const expected = readFileSync(
      join(__dirname, '__fixtures__', 'checkout-service.openslo.yaml'),
      'utf8',
    );
    expect(renderOpenSlo(slosOf(entity(NATIVE)).map(sloToOpenSlo))).toBe(
      expected,
    );
  });

  it('render YAML that reads back as the same documents, whatever the PromQL holds', () => {
    const [slo] = slosOf(
      entity([
        {
          name: 'odd',
          objective: 99,
          indicator: {
            ratio: {
              good: `{__name__="x_total", a=~"b: c #d", e='f'}[{{window}}]`,
              total: `sum(increase(x_total{service="checkout"}[{{window}}])) # all`,
            },
          },
        },
      ]),
    );
    const docs = [sloToOpenSlo(slo), sloToOpenSlo(slo)];
    const read = parseAllDocuments(renderOpenSlo(docs)).map(doc => doc.toJS());
    expect(read).toEqual(JSON.parse(JSON.stringify(docs)));
  });

  it('render nothing for no documents', () => {
    expect(renderOpenSlo([])).toBe('');
  });

  it('leave out what is not declared', () => {
    const [doc] = slosOf(
      entity([{ name: 'availability', objective: 99.5 }]),
    ).map(sloToOpenSlo);
    expect(doc.metadata.annotations).toEqual({
      'metrics-suite/name': 'availability',
    });
    expect(doc.spec.description).toBeUndefined();
    expect(doc.spec.objectives).toEqual([
      { displayName: '99.5 % over 28d', target: 0.995 },
    ]);
  });

  it('keep the error-budget policy in an annotation that reads back', () => {
    const policy = [
      { name: 'reliability-first', below: 25, action: 'Reliability first' },
      { name: 'freeze', below: 0, action: 'Freeze risky releases' },
    ];
    const [native] = slosOf(entity([{ ...NATIVE[0], policy }]));
    const document = sloToOpenSlo(native);
    expect(
      document.metadata.annotations['metrics-suite/error-budget-policy'],
    ).toBe(JSON.stringify(policy));
    const [imported] = slosOf(
      entity(parseAllDocuments(renderOpenSlo([document])).map(d => d.toJS())),
    );
    expect(imported.policy).toEqual(policy);
    expect(
      sloToOpenSlo(slosOf(entity([NATIVE[0]]))[0]).metadata.annotations,
    ).not.toHaveProperty('metrics-suite/error-budget-policy');
  });

  it('give back the same SLO when the documents are imported', () => {
    const native = slosOf(entity(NATIVE));
    const text = renderOpenSlo(native.map(sloToOpenSlo));
    const imported = slosOf(
      entity(parseAllDocuments(text).map(doc => doc.toJS())),
    );
    // The ratio SLO is the same in every field but where its fields are written.
    const written = (slo: SloDefinition) => {
      const { fieldPaths: _, ...rest } = slo;
      return rest;
    };
    expect(imported[1].fieldPaths?.window).toBe(
      'metadata.metrics.slos[1].spec.timeWindow[0].duration',
    );
    expect(written(imported[1])).toEqual(native[1]);
    // A conventional SLO comes back as a ratio SLO over the same queries.
    expect(written(imported[0])).toEqual({
      ...native[0],
      indicator: { type: 'ratio' },
    });
  });
});
