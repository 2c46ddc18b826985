import { nearestValues } from './nearestValues';

describe('nearestValues', () => {
  it('puts the fewest edits first, then the longest shared prefix, then A–Z', () => {
    expect(
      nearestValues(
        'checkout',
        [
          'payments',
          'checkout-web',
          'chekout',
          'cart',
          'checkout-api',
          'orders',
        ],
        4,
      ),
    ).toEqual(['chekout', 'checkout-api', 'checkout-web', 'cart']);
  });

  it('ignores case when counting edits but answers the values as seen', () => {
    expect(nearestValues('checkout', ['CHECKOUT', 'Orders'], 5)).toEqual([
      'CHECKOUT',
      'Orders',
    ]);
  });

  it('leaves out the target itself and repeated values', () => {
    expect(nearestValues('a', ['a', 'b', 'b'], 5)).toEqual(['b']);
  });

  it('answers nothing for no values', () => {
    expect(nearestValues('checkout', [], 5)).toEqual([]);
  });
});
