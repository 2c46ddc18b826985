import { InputError } from '@backstage/errors';
import {
  mockCountingSource,
  mockMetricsSource,
} from '@metrics-suite/backstage-plugin-metrics-node/testUtils';
import {
  CUSTOM_SOURCE_TIMEOUT_MS,
  countWithCustomSource,
  customSourcesById,
} from './custom';

const range = {
  start: new Date('2025-01-01T00:00:00Z'),
  end: new Date('2025-01-02T00:00:00Z'),
};

describe('countWithCustomSource', () => {
  it('passes the parameters and range, and answers the count', async () => {
    const source = mockCountingSource({ id: 'w', count: () => 12 });
    await expect(
      countWithCustomSource(customSourcesById([source]), 'w', { a: 1 }, range),
    ).resolves.toBe(12);
    expect(source.requests).toEqual([
      { params: { a: 1 }, ...range, signal: expect.any(AbortSignal) },
    ]);
  });

  it('names sources that cannot count, and answers that are no count', async () => {
    const listed = mockMetricsSource({ id: 'listed' });
    const odd = mockCountingSource({
      id: 'odd',
      count: () => Number.NaN,
    });
    const sources = customSourcesById([listed, odd]);
    await expect(
      countWithCustomSource(sources, 'nope', {}, range),
    ).rejects.toThrow(
      'No metrics source "nope" is added by a backend module (added: "listed", "odd")',
    );
    await expect(
      countWithCustomSource(sources, 'listed', {}, range),
    ).rejects.toThrow(
      'Metrics source "listed" cannot count: its module gives it no countEvents',
    );
    await expect(
      countWithCustomSource(sources, 'odd', {}, range),
    ).rejects.toThrow(
      'Metrics source "odd" answered NaN where a count (a finite number or null) belongs',
    );
  });

  it('keeps the source’s own message when it rejects the parameters', async () => {
    const strict = mockCountingSource({
      id: 'strict',
      count: () => {
        throw new InputError('params.table is required');
      },
    });
    await expect(
      countWithCustomSource(customSourcesById([strict]), 'strict', {}, range),
    ).rejects.toThrow(
      'Metrics source "strict" failed; caused by InputError: params.table is required',
    );
  });

  it('gives up on a source that does not answer, and aborts it', async () => {
    jest.useFakeTimers();
    try {
      let signal: AbortSignal | undefined;
      const slow = mockCountingSource({
        id: 'slow',
        count: request => {
          signal = request.signal;
          return new Promise<number>(() => {});
        },
      });
      const promise = countWithCustomSource(
        customSourcesById([slow]),
        'slow',
        {},
        range,
      );
      const failure = promise.then(
        () => undefined,
        (error: Error) => error,
      );
      await jest.advanceTimersByTimeAsync(CUSTOM_SOURCE_TIMEOUT_MS);
      expect((await failure)?.message).toBe(
        'Metrics source "slow" did not answer within 30 s',
      );
      expect(signal?.aborted).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
