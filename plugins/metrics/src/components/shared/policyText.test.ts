import { policyStepLine, policyThreshold, stepsInOrder } from './policyText';

describe('policy text', () => {
  it('says when a step applies', () => {
    expect(policyThreshold({ below: 0 })).toBe('budget spent');
    expect(policyThreshold({ below: 25 })).toBe('below 25 % budget left');
    expect(policyStepLine({ name: 'f', below: 0, action: 'Freeze' })).toBe(
      'budget spent: Freeze',
    );
  });

  it('orders steps from the most budget left to spent', () => {
    const steps = [
      { name: 'freeze', below: 0, action: 'a' },
      { name: 'watch', below: 50, action: 'b' },
      { name: 'first', below: 25, action: 'c' },
    ];
    expect(stepsInOrder(steps).map(s => s.name)).toEqual([
      'watch',
      'first',
      'freeze',
    ]);
    expect(steps[0].name).toBe('freeze');
  });
});
