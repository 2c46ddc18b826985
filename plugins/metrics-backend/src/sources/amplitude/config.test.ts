import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { AMPLITUDE_DEFAULT_RETRY, readAmplitudeConfig } from './config';

function read(...projects: JsonObject[]) {
  return readAmplitudeConfig(
    new ConfigReader({ metrics: { amplitude: { projects } } }),
  );
}

/** The error `fn` throws (fails the test when it throws nothing). */
function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const app = { name: 'app', apiKey: 'key-1', secretKey: 'secret-1' };

describe('readAmplitudeConfig', () => {
  it('returns no projects without the section', () => {
    expect(readAmplitudeConfig(new ConfigReader({}))).toEqual({ projects: [] });
    expect(
      readAmplitudeConfig(new ConfigReader({ metrics: { prometheus: {} } })),
    ).toEqual({ projects: [] });
  });

  it('applies the defaults', () => {
    expect(read(app)).toEqual({
      projects: [
        {
          name: 'app',
          apiKey: 'key-1',
          secretKey: 'secret-1',
          baseUrl: 'https://amplitude.com',
          timeZone: 'UTC',
          timeoutMs: 30000,
          maxConcurrency: 5,
          retry: AMPLITUDE_DEFAULT_RETRY,
        },
      ],
    });
  });

  it('reads every key', () => {
    const [project] = read({
      ...app,
      baseUrl: 'https://analytics.eu.amplitude.com/',
      timeZone: 'Europe/Berlin',
      timeoutMs: 5000,
      maxConcurrency: 2,
      retry: {
        maxRetries: 1,
        maxWaitMs: 5000,
        initialDelayMs: 500,
        maxDelayMs: 2000,
      },
    }).projects;
    expect(project).toEqual({
      ...app,
      baseUrl: 'https://analytics.eu.amplitude.com',
      timeZone: 'Europe/Berlin',
      timeoutMs: 5000,
      maxConcurrency: 2,
      retry: {
        maxRetries: 1,
        maxWaitMs: 5000,
        initialDelayMs: 500,
        maxDelayMs: 2000,
      },
    });
  });

  it('fills partial retry settings from the defaults and allows turning retries off', () => {
    expect(
      read({ ...app, retry: { maxRetries: 0 } }).projects[0].retry,
    ).toEqual({
      ...AMPLITUDE_DEFAULT_RETRY,
      maxRetries: 0,
    });
  });

  it('accepts a base URL that already ends with /api/2', () => {
    expect(
      read({ ...app, baseUrl: 'https://amplitude.com/api/2/' }).projects[0]
        .baseUrl,
    ).toBe('https://amplitude.com');
  });

  it.each([
    [
      { name: 'app', secretKey: 's' },
      /metrics\.amplitude\.projects\[0\]\.apiKey/,
    ],
    [
      { name: 'app', apiKey: 'k' },
      /metrics\.amplitude\.projects\[0\]\.secretKey/,
    ],
    [
      { apiKey: 'k', secretKey: 's' },
      /metrics\.amplitude\.projects\[0\]\.name/,
    ],
  ])('names a missing key: %j', (project, message) => {
    expect(() => read(project)).toThrow(message);
  });

  it.each([
    [
      { ...app, name: 'has space' },
      /projects\[0\]\.name "has space" must hold only/,
    ],
    [{ ...app, apiKey: '  ' }, /projects\[0\]\.apiKey must not be empty/],
    [
      { ...app, secretKey: 'a\nb' },
      /projects\[0\]\.secretKey must be a single line/,
    ],
    [
      { ...app, baseUrl: 'amplitude.com' },
      /projects\[0\]\.baseUrl must be an absolute URL/,
    ],
    [
      { ...app, baseUrl: 'ftp://amplitude.com' },
      /projects\[0\]\.baseUrl must be an http\(s\) URL/,
    ],
    [
      { ...app, baseUrl: 'https://k:s@amplitude.com' },
      /baseUrl must not contain credentials/,
    ],
    [
      { ...app, baseUrl: 'https://amplitude.com/?x=1' },
      /baseUrl must not have a query/,
    ],
    [
      { ...app, timeZone: 'Mars/Olympus' },
      /projects\[0\]\.timeZone must be an IANA time zone/,
    ],
    [
      { ...app, timeoutMs: 0 },
      /projects\[0\]\.timeoutMs must be a positive number, got 0/,
    ],
    [
      { ...app, maxConcurrency: 6 },
      /projects\[0\]\.maxConcurrency must be a whole number from 1 to 5, got 6/,
    ],
    [
      { ...app, maxConcurrency: 0 },
      /maxConcurrency must be a whole number from 1 to 5, got 0/,
    ],
    [
      { ...app, maxConcurrency: 2.5 },
      /maxConcurrency must be a whole number from 1 to 5/,
    ],
    [
      { ...app, retry: { maxRetries: -1 } },
      /projects\[0\]\.retry\.maxRetries must be a whole number from 0 to 10/,
    ],
    [
      { ...app, retry: { maxRetries: 11 } },
      /retry\.maxRetries must be a whole number from 0 to 10/,
    ],
    [
      { ...app, retry: { maxWaitMs: -5 } },
      /retry\.maxWaitMs must be a number of at least 0/,
    ],
    [
      { ...app, retry: { initialDelayMs: 0 } },
      /retry\.initialDelayMs must be a positive number, got 0/,
    ],
    [
      { ...app, retry: { initialDelayMs: 5000, maxDelayMs: 1000 } },
      /retry\.maxDelayMs \(1000\) must not be below .*retry\.initialDelayMs \(5000\)/,
    ],
  ])('rejects %j with an InputError naming the key', (project, message) => {
    const error = thrownBy(() => read(project));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(message);
  });

  it('names the index of the bad project', () => {
    const error = thrownBy(() =>
      read(app, { ...app, name: 'web', maxConcurrency: 9 }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      /metrics\.amplitude\.projects\[1\]\.maxConcurrency/,
    );
  });

  it('rejects duplicate names', () => {
    const error = thrownBy(() => read(app, { ...app, apiKey: 'other' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
      'metrics.amplitude.projects: the name "app" is used twice',
    );
  });

  it('does not echo secrets in its errors', () => {
    let message = '';
    try {
      read({ ...app, apiKey: 'very-secret-key', maxConcurrency: 7 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('maxConcurrency');
    expect(message).not.toContain('very-secret-key');
  });
});
