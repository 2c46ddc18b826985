import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AmplitudeClients } from './AmplitudeClient';
import { readAmplitudeConfig } from './config';
import { countAmplitudeEvents } from './countEvents';

const server = setupServer();
registerMswTestHooks(server);

const URL_ = 'https://amplitude.test/api/2/events/segmentation';

function client(timeZone = 'UTC') {
  return AmplitudeClients.fromConfig(
    readAmplitudeConfig(
      new ConfigReader({
        metrics: {
          amplitude: {
            projects: [
              {
                name: 'web',
                apiKey: 'k',
                secretKey: 's',
                baseUrl: 'https://amplitude.test',
                timeZone,
              },
            ],
          },
        },
      }),
    ),
  ).get('web');
}

/** Answers with the documented shape (reference/slo-apis.md §C2); records the parameters. */
function amplitude(data: {
  xValues: string[];
  series: number[][];
  seriesCollapsed?: number[];
}) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(URL_, ({ request }) => {
      seen.push(new URL(request.url).searchParams);
      return HttpResponse.json({
        data: {
          series: data.series,
          seriesLabels: data.series.map(() => 0),
          ...(data.seriesCollapsed
            ? {
                seriesCollapsed: data.seriesCollapsed.map(value => [
                  { setId: '', value },
                ]),
              }
            : {}),
          xValues: data.xValues,
        },
      });
    }),
  );
  return seen;
}

const hoursOf = (day: string) =>
  Array.from(
    { length: 24 },
    (_, h) => `${day}T${String(h).padStart(2, '0')}:00:00`,
  );

describe('countAmplitudeEvents', () => {
  it('asks hourly for a day and sums only the hours of the range', async () => {
    const xValues = [...hoursOf('2024-12-31'), ...hoursOf('2025-01-01')];
    const seen = amplitude({ xValues, series: [xValues.map(() => 10)] });

    const count = await countAmplitudeEvents(client(), {
      event: { event_type: 'signup' },
      metric: 'totals',
      start: new Date('2024-12-31T10:00:00Z'),
      end: new Date('2025-01-01T10:00:00Z'),
    });

    // 24 of the 48 hours Amplitude returns, and the range matched to the hour.
    expect(count).toEqual({ value: 240 });
    expect(['start', 'end', 'i', 'm'].map(k => seen[0].get(k))).toEqual([
      '20241231',
      '20250101',
      '-3600000',
      'totals',
    ]);
  });

  it('says how the counted hours differ from a range off the hour', async () => {
    const xValues = hoursOf('2024-12-31');
    amplitude({ xValues, series: [xValues.map(() => 1)] });

    const count = await countAmplitudeEvents(client(), {
      event: { event_type: 'signup' },
      metric: 'totals',
      start: new Date('2024-12-31T10:20:00Z'),
      end: new Date('2024-12-31T11:20:00Z'),
    });

    expect(count).toEqual({
      value: 1,
      note: 'Amplitude project "web" counts whole hours in its time zone (UTC): counted 2024-12-31 10:00 – 2024-12-31 11:00 for 2024-12-31 10:20 – 2024-12-31 11:20',
    });
  });

  it('asks daily beyond a day, for the days of the project’s zone', async () => {
    const seen = amplitude({
      xValues: ['2024-12-25', '2024-12-26', '2024-12-27', '2024-12-31'],
      series: [[1, 2, 3, 4]],
    });
    const count = await countAmplitudeEvents(client('Europe/Berlin'), {
      event: { event_type: 'signup' },
      metric: 'totals',
      start: new Date('2024-12-25T00:00:00Z'),
      end: new Date('2025-01-01T00:00:00Z'),
    });
    expect(count.value).toBe(10);
    expect(count.note).toMatch(
      /^Amplitude project "web" counts whole days in its time zone \(Europe\/Berlin\): counted 2024-12-25 to 2024-12-31 for/,
    );
    expect(['start', 'end', 'i'].map(k => seen[0].get(k))).toEqual([
      '20241225',
      '20241231',
      '1',
    ]);
  });

  it('reads distinct users from the range total, never by adding days up', async () => {
    const seen = amplitude({
      xValues: ['2024-12-25', '2024-12-26'],
      series: [[40, 50]],
      seriesCollapsed: [70],
    });
    const count = await countAmplitudeEvents(client(), {
      event: { event_type: '_active' },
      metric: 'uniques',
      start: new Date('2024-12-25T00:00:00Z'),
      end: new Date('2024-12-27T00:00:00Z'),
    });
    expect(count).toEqual({ value: 70 });
    expect(['m', 'i'].map(k => seen[0].get(k))).toEqual(['uniques', '1']);
  });

  it('fails rather than add up distinct users of several days', async () => {
    amplitude({ xValues: ['2024-12-25', '2024-12-26'], series: [[40, 50]] });
    await expect(
      countAmplitudeEvents(client(), {
        event: { event_type: '_active' },
        metric: 'uniques',
        start: new Date('2024-12-25T00:00:00Z'),
        end: new Date('2024-12-27T00:00:00Z'),
      }),
    ).rejects.toThrow(
      "Amplitude project 'web' returned no total of unique users over the range (seriesCollapsed)",
    );
  });

  it('answers null when Amplitude returns no series', async () => {
    amplitude({ xValues: [], series: [] });
    await expect(
      countAmplitudeEvents(client(), {
        event: { event_type: 'signup' },
        metric: 'totals',
        start: new Date('2024-12-25T00:00:00Z'),
        end: new Date('2025-01-01T00:00:00Z'),
      }),
    ).resolves.toEqual({ value: null });
  });
});
