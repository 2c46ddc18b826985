import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readWebhooksConfig } from './config';

function read(webhooks: unknown, app: object = {}) {
  return readWebhooksConfig(
    new ConfigReader({
      app,
      metrics: { notifications: { webhooks: webhooks as JsonValue } },
    }),
  );
}

const valid = {
  name: 'payments-slack',
  url: 'https://hooks.slack.com/services/T/B/secret',
  format: 'slack',
  teams: ['payments', 'group:default/Search'],
};

describe('readWebhooksConfig', () => {
  it('has no destinations and the documented delivery defaults when unset', () => {
    expect(readWebhooksConfig(new ConfigReader({}))).toEqual({
      destinations: [],
      delivery: {
        maxAttempts: 8,
        initialBackoffSeconds: 30,
        timeoutMs: 10000,
        keepDays: 14,
      },
    });
  });

  it('reads destinations with full, lower-case team refs, topics and app.baseUrl', () => {
    const config = read(
      {
        destinations: [
          valid,
          {
            ...valid,
            name: 'digest',
            format: 'teams',
            topics: ['Metrics: weekly digest'],
          },
        ],
        delivery: {
          maxAttempts: 3,
          initialBackoffSeconds: 0.5,
          timeoutMs: 2000,
          keepDays: 7,
        },
      },
      { baseUrl: 'http://localhost:3000' },
    );
    expect(config.destinations).toEqual([
      {
        name: 'payments-slack',
        url: valid.url,
        format: 'slack',
        teams: ['group:default/payments', 'group:default/search'],
      },
      {
        name: 'digest',
        url: valid.url,
        format: 'teams',
        teams: ['group:default/payments', 'group:default/search'],
        topics: ['Metrics: weekly digest'],
      },
    ]);
    expect(config.delivery).toEqual({
      maxAttempts: 3,
      initialBackoffSeconds: 0.5,
      timeoutMs: 2000,
      keepDays: 7,
    });
    expect(config.appBaseUrl).toBe('http://localhost:3000');
  });

  it.each([
    [
      { ...valid, format: 'mattermost' },
      'destinations[0].format must be one of slack, teams, discord, got "mattermost"',
    ],
    [
      { ...valid, format: undefined },
      'destinations[0].format must be one of slack, teams, discord, got null',
    ],
    [
      { ...valid, url: undefined },
      'destinations[0].url must be a non-empty string',
    ],
    [
      { ...valid, url: 'hooks.slack.com/x' },
      'destinations[0].url must be an absolute http(s) URL',
    ],
    [
      { ...valid, url: 'ftp://hooks.example/x' },
      'destinations[0].url must be an absolute http(s) URL',
    ],
    [{ ...valid, name: '' }, 'destinations[0].name must be a non-empty string'],
    [
      { ...valid, teams: [] },
      'destinations[0].teams must be a non-empty list of strings',
    ],
    [
      { ...valid, teams: ['user:default/guest'] },
      'destinations[0].teams[0] must be a group entity ref, got "user:default/guest"',
    ],
    [
      { ...valid, teams: ['payments', 'a:b:c/d/e'] },
      'destinations[0].teams[1] must be a group entity ref, got "a:b:c/d/e"',
    ],
    [
      { ...valid, topics: [] },
      'destinations[0].topics must be a non-empty list of strings',
    ],
  ])('refuses %j naming the key', (destination, message) => {
    expect(() => read({ destinations: [destination] })).toThrow(
      `metrics.notifications.webhooks.${message}`,
    );
  });

  it('never puts the URL in an error', () => {
    const url = 'not a url with-secret-token';
    expect(() => read({ destinations: [{ ...valid, url }] })).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.not.stringContaining('secret-token'),
      }),
    );
  });

  it('refuses two destinations with one name', () => {
    expect(() => read({ destinations: [valid, valid] })).toThrow(
      'metrics.notifications.webhooks.destinations[1].name "payments-slack" is used twice',
    );
  });

  it.each([
    ['maxAttempts', 0, 'a positive whole number, got 0'],
    ['maxAttempts', 2.5, 'a positive whole number, got 2.5'],
    ['initialBackoffSeconds', -1, 'a positive number, got -1'],
    ['timeoutMs', 'fast', 'a positive whole number, got "fast"'],
    ['keepDays', 0, 'a positive number, got 0'],
  ])('refuses delivery.%s = %j', (key, value, message) => {
    expect(() => read({ delivery: { [key]: value } })).toThrow(
      `metrics.notifications.webhooks.delivery.${key} must be ${message}`,
    );
  });
});
