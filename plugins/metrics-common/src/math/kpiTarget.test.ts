import { meetsTarget } from './kpiTarget';

describe('meetsTarget', () => {
  it('judges targets above and below, inclusive', () => {
    expect(meetsTarget(5, { value: 5, direction: 'above' })).toBe(true);
    expect(meetsTarget(4, { value: 5, direction: 'above' })).toBe(false);
    expect(meetsTarget(5, { value: 5, direction: 'below' })).toBe(true);
    expect(meetsTarget(6, { value: 5, direction: 'below' })).toBe(false);
  });

  it('has no answer without a value or a target', () => {
    expect(meetsTarget(null, { value: 5, direction: 'below' })).toBeUndefined();
    expect(
      meetsTarget(undefined, { value: 5, direction: 'below' }),
    ).toBeUndefined();
    expect(meetsTarget(6, undefined)).toBeUndefined();
  });
});
