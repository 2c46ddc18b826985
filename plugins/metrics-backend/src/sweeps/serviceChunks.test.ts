import { MAX_SERVICE_MATCHER_CHARS, chunkByService } from './serviceChunks';

const services = (chunks: string[][]) => chunks.map(c => [...new Set(c)]);

describe('chunkByService', () => {
  it('keeps everything in one chunk while the matcher fits, services sorted', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `t${1000 + i}-api`);
    const chunks = chunkByService([...names].reverse(), s => s);
    expect(chunks).toEqual([names]);
    // 1,000 services of 9 characters and their separators stay under the limit.
    expect(names.join('|').length).toBeLessThan(MAX_SERVICE_MATCHER_CHARS);
  });

  it('splits where the escaped matcher text would pass the limit', () => {
    // "a.b" is `a\\.b` in the query (5 characters): two of them and a `|` make 11.
    expect(
      chunkByService(['a.b', 'c.d', 'e.f'], s => s, { maxMatcherChars: 11 }),
    ).toEqual([['a.b', 'c.d'], ['e.f']]);
    expect(
      chunkByService(['a.b', 'c.d', 'e.f'], s => s, { maxMatcherChars: 10 }),
    ).toEqual([['a.b'], ['c.d'], ['e.f']]);
    // Quotes count escaped too: `x\"y` is 4.
    expect(
      chunkByService(['x"y', 'zz'], s => s, { maxMatcherChars: 6 }),
    ).toEqual([['x"y'], ['zz']]);
  });

  it('keeps all items of a service in the same chunk, and a too-long service alone', () => {
    const items = [
      { service: 'b', slo: 1 },
      { service: 'a', slo: 1 },
      { service: 'b', slo: 2 },
      { service: 'long-service-name', slo: 1 },
    ];
    const chunks = chunkByService(items, i => i.service, {
      maxMatcherChars: 5,
    });
    expect(chunks.map(c => c.map(i => `${i.service}${i.slo}`))).toEqual([
      ['a1', 'b1', 'b2'],
      ['long-service-name1'],
    ]);
  });

  it('caps the services of a chunk, for the answer to stay under maxSeries', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    expect(services(chunkByService(names, s => s, { maxServices: 2 }))).toEqual(
      [['a', 'b'], ['c', 'd'], ['e']],
    );
  });

  it('gives no chunk for no items', () => {
    expect(chunkByService([], s => s)).toEqual([]);
  });
});
