import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readErrorBudgetPolicy } from './errorBudgetPolicy';

const read = (steps: JsonValue) =>
  readErrorBudgetPolicy(
    new ConfigReader({ metrics: { errorBudgetPolicy: { steps } } }),
  );

describe('readErrorBudgetPolicy', () => {
  it('is undefined when unset', () => {
    expect(readErrorBudgetPolicy(new ConfigReader({}))).toBeUndefined();
  });

  it('reads the steps with the catalog schema', () => {
    expect(read([{ name: 'freeze', below: 0, action: ' Freeze ' }])).toEqual([
      { name: 'freeze', below: 0, action: 'Freeze' },
    ]);
  });

  it('names the key and the step at fault', () => {
    expect(() =>
      read([
        { name: 'freeze', below: 0, action: 'Freeze' },
        { name: 'freeze', below: 120, action: 'Again' },
      ]),
    ).toThrow(
      'metrics.errorBudgetPolicy.steps[1].below must be the remaining error budget in percent, from 0 (spent) to 100, got 120; metrics.errorBudgetPolicy.steps[1].name duplicate step name "freeze"; already used by step 0',
    );
  });
});
