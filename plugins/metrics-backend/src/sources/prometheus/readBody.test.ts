import { SeriesCounter } from './readBody';

function count(chunks: string[]): number {
  const counter = new SeriesCounter();
  for (const chunk of chunks) counter.add(Buffer.from(chunk));
  return counter.count;
}

const answer = JSON.stringify({
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      { metric: { service: 'a', kind: 'metric' }, values: [[1, '1']] },
      { metric: { service: 'b', note: 'a "metric": inside' }, values: [] },
      { metric: {}, values: [[1, '2']] },
    ],
  },
});

describe('SeriesCounter', () => {
  it('counts one per series, whatever the label values say', () => {
    expect(count([answer])).toBe(3);
  });

  it('counts the same wherever the chunks are cut', () => {
    for (let cut = 0; cut <= answer.length; cut++) {
      expect(count([answer.slice(0, cut), answer.slice(cut)])).toBe(3);
    }
    expect(count(answer.split(''))).toBe(3);
  });

  it('reads pretty-printed answers too', () => {
    const pretty = JSON.stringify(JSON.parse(answer), null, 2);
    expect(pretty).toContain('"metric": {');
    expect(count([pretty])).toBe(3);
    expect(count(pretty.split(''))).toBe(3);
  });

  it('finds no series in answers that are not lists of series', () => {
    expect(count(['{"status":"success","data":["metric","up"]}'])).toBe(0);
  });
});
