import { groupEntity, groupView, ownedMetric, sloItem } from '../../testData';
import { policyProposals } from './policyProposals';

const freeze = { name: 'freeze', below: 0, action: 'Freeze risky releases' };
const first = { name: 'reliability-first', below: 25, action: 'Reliability' };

describe('policyProposals', () => {
  it('lists the steps that apply now to SLOs the squad owns, spent budgets first', () => {
    const view = groupView({
      metrics: [
        ownedMetric({
          entityRef: 'component:default/a',
          id: 'slo:availability',
        }),
        ownedMetric({ entityRef: 'component:default/a', id: 'slo:latency' }),
        ownedMetric({
          entityRef: 'component:default/b',
          id: 'slo:availability',
        }),
      ],
      entities: {
        status: 'ok',
        items: [
          groupEntity({
            entityRef: 'component:default/a',
            slos: [
              sloItem({
                budgetRemaining: 0.1,
                policy: { steps: [first, freeze], current: first },
              }),
              // A policy, no step applies now.
              sloItem({
                id: 'slo:latency',
                name: 'latency',
                policy: { steps: [first, freeze] },
              }),
            ],
          }),
          groupEntity({
            entityRef: 'component:default/b',
            slos: [
              sloItem({
                budgetRemaining: -0.2,
                policy: { steps: [first, freeze], current: freeze },
              }),
            ],
          }),
          // Not one of the squad's metrics (e.g. owned by another team).
          groupEntity({
            entityRef: 'component:default/c',
            slos: [sloItem({ policy: { steps: [freeze], current: freeze } })],
          }),
        ],
      },
    });
    expect(policyProposals(view)).toEqual([
      {
        metric: {
          entityRef: 'component:default/b',
          metricId: 'slo:availability',
        },
        sloName: 'availability',
        step: freeze,
        budgetRemaining: -0.2,
      },
      {
        metric: {
          entityRef: 'component:default/a',
          metricId: 'slo:availability',
        },
        sloName: 'availability',
        step: first,
        budgetRemaining: 0.1,
      },
    ]);
  });

  it('has nothing to propose without policies', () => {
    expect(policyProposals(groupView())).toEqual([]);
  });
});
