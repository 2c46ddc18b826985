import { rowsThatFit } from './fit';

describe('rowsThatFit', () => {
  it('fills the height left after the overhead, at least one row', () => {
    expect(rowsThatFit(1080, 100, 380)).toBe(7);
    expect(rowsThatFit(720, 100, 380)).toBe(3);
    expect(rowsThatFit(300, 100, 380)).toBe(1);
  });
});
