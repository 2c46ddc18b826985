import { TV_DEFAULTS, tvSettings } from './tvSettings';

const params = (query: string) => new URLSearchParams(query);

describe('tvSettings', () => {
  it('takes the URL over the config over the defaults', () => {
    expect(tvSettings({}, params(''))).toEqual(TV_DEFAULTS);
    expect(
      tvSettings({ slideSeconds: 30, refreshSeconds: 120 }, params('')),
    ).toEqual({ slideSeconds: 30, refreshSeconds: 120 });
    expect(
      tvSettings({ slideSeconds: 30 }, params('slide=45&refresh=300')),
    ).toEqual({ slideSeconds: 45, refreshSeconds: 300 });
  });

  it('clamps values out of range and ignores ones that are not numbers', () => {
    expect(tvSettings({}, params('slide=0&refresh=1'))).toEqual({
      slideSeconds: 2,
      refreshSeconds: 10,
    });
    expect(tvSettings({}, params('slide=100000&refresh=999999'))).toEqual({
      slideSeconds: 600,
      refreshSeconds: 3600,
    });
    expect(
      tvSettings({ slideSeconds: 25 }, params('slide=fast&refresh=')),
    ).toEqual({ slideSeconds: 25, refreshSeconds: 60 });
    expect(tvSettings({}, params('slide=7.6'))).toMatchObject({
      slideSeconds: 8,
    });
    expect(tvSettings({ refreshSeconds: 1 }, params(''))).toMatchObject({
      refreshSeconds: 10,
    });
  });
});
