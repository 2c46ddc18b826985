import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import net from 'node:net';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  startTestReceiver,
  type TestReceiver,
} from './__testUtils__/webhookReceiver';
import type { WebhooksConfig } from './config';
import { OutboxSender } from './delivery/OutboxSender';
import { MetricsWebhooksProcessor } from './MetricsWebhooksProcessor';
import { DatabaseOutboxStore } from './outbox/DatabaseOutboxStore';
import type { OutboxStore } from './outbox/OutboxStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-12-03T10:00:00.000Z');

const send = (
  entityRef: string | string[],
  topic = 'Metrics: burn-rate alerts',
): NotificationSendOptions => ({
  recipients: { type: 'entity', entityRef },
  payload: {
    title: 'Page: availability of checkout burns its error budget',
    description: 'Budget remaining: 12 %.',
    link: '/catalog/default/component/checkout/metrics',
    severity: 'critical',
    topic,
  },
});

describe('MetricsWebhooksProcessor', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let receiver: TestReceiver;
  let now: Date;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let store: OutboxStore;
  let sender: OutboxSender;
  let processor: MetricsWebhooksProcessor;

  let freePort: number;

  beforeAll(async () => {
    receiver = await startTestReceiver();
    // A port that was free a moment ago: connecting to it is refused.
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    freePort = (server.address() as net.AddressInfo).port;
    await new Promise(resolve => server.close(resolve));
  });
  afterAll(async () => {
    await receiver.stop();
  });

  async function setUp(overrides: Partial<WebhooksConfig['delivery']> = {}) {
    await receiver.clear();
    await receiver.plan(200, 0);
    now = T0;
    logger = mockServices.logger.mock();
    const knex = await databases.init('SQLITE_3');
    store = await DatabaseOutboxStore.create({
      database: { getClient: async () => knex },
    });
    const config: WebhooksConfig = {
      destinations: [
        {
          name: 'payments-slack',
          url: `${receiver.url}/hooks/payments`,
          format: 'slack',
          teams: ['group:default/payments'],
        },
        {
          name: 'search-discord',
          url: `${receiver.url}/hooks/search`,
          format: 'discord',
          teams: ['group:default/search'],
        },
        {
          name: 'nobody-listens',
          url: `http://127.0.0.1:${freePort}/hooks/down`,
          format: 'teams',
          teams: ['group:default/mobility'],
        },
      ],
      delivery: {
        maxAttempts: 3,
        initialBackoffSeconds: 30,
        timeoutMs: 2000,
        keepDays: 14,
        ...overrides,
      },
      appBaseUrl: 'http://localhost:3000',
    };
    sender = new OutboxSender({
      store,
      destinations: config.destinations,
      delivery: config.delivery,
      logger,
      now: () => now,
    });
    processor = new MetricsWebhooksProcessor({
      config,
      store,
      sender,
      logger,
      now: () => now,
    });
  }

  const later = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  async function allRows() {
    return store.get(Array.from({ length: 20 }, (_, i) => i + 1));
  }

  function logged(): string {
    return JSON.stringify([
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
  }

  // Every test's log lines, checked by the last test: a URL is a secret.
  const allLogs: string[] = [];
  afterEach(() => {
    allLogs.push(logged());
  });

  it('posts one message to the team channel and hands the options back untouched', async () => {
    await setUp();
    const options = send('group:default/payments');
    expect(await processor.processOptions(options)).toBe(options);
    await sender.settled();

    const received = await receiver.received();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/hooks/payments', status: 200 });
    expect(received[0].body.blocks[0].text.text).toBe(
      'Page: availability of checkout burns its error budget',
    );
    expect(received[0].body.blocks.at(-1).elements[0].url).toBe(
      'http://localhost:3000/catalog/default/component/checkout/metrics',
    );
    expect(await allRows()).toEqual([
      expect.objectContaining({
        status: 'delivered',
        attempts: 1,
        lastStatus: 'HTTP 200',
      }),
    ]);
  });

  it('sends each served team its own channel and nothing for other topics or teams', async () => {
    await setUp();
    await processor.processOptions(
      send([
        'group:default/payments',
        'group:default/search',
        'user:default/ada',
      ]),
    );
    await processor.processOptions(
      send('group:default/payments', 'Catalog: orphan'),
    );
    await processor.processOptions(send('group:default/platform'));
    await sender.settled();

    const received = await receiver.received();
    expect(received.map(r => r.path).sort()).toEqual([
      '/hooks/payments',
      '/hooks/search',
    ]);
    expect(
      received.find(r => r.path === '/hooks/search')!.body.embeds[0],
    ).toMatchObject({
      title: 'Page: availability of checkout burns its error budget',
      color: 0xd32f2f,
    });
    expect(await allRows()).toHaveLength(2);
  });

  it('retries 500 with backoff and delivers on the third attempt', async () => {
    await setUp();
    await receiver.plan(500, 2);
    await processor.processOptions(send('group:default/payments'));
    await sender.settled();
    expect(await receiver.received()).toHaveLength(1);
    expect((await allRows())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 'HTTP 500',
      nextAttemptAt: '2026-12-03T10:00:30.000Z',
    });

    later(29);
    await sender.sendDue(); // not due yet
    expect(await receiver.received()).toHaveLength(1);

    later(1);
    await sender.sendDue();
    expect((await allRows())[0]).toMatchObject({
      attempts: 2,
      status: 'pending',
    });
    later(60); // doubled
    await sender.sendDue();

    expect((await receiver.received()).map(r => r.status)).toEqual([
      500, 500, 200,
    ]);
    expect((await allRows())[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatus: 'HTTP 200',
    });
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.warn.mock.calls[0][0]).toBe(
      'Attempt 1 of 3 of webhook message "Page: availability of checkout burns its error budget" for group:default/payments to destination payments-slack failed (HTTP 500); retrying in 30 s',
    );
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('fails a 400 at once and logs it as an error with destination, team, title and status', async () => {
    await setUp();
    await receiver.plan(400, 1);
    await processor.processOptions(send('group:default/payments'));
    await sender.settled();
    later(3600);
    await sender.sendDue();

    expect(await receiver.received()).toHaveLength(1);
    expect((await allRows())[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatus: 'HTTP 400',
    });
    expect(logger.error).toHaveBeenCalledWith(
      'Gave up on webhook message "Page: availability of checkout burns its error budget" for group:default/payments to destination payments-slack after 1 attempt(s): HTTP 400',
      expect.objectContaining({
        destination: 'payments-slack',
        teams: 'group:default/payments',
        title: 'Page: availability of checkout burns its error budget',
        lastStatus: 'HTTP 400',
      }),
    );
  });

  it('retries a timeout', async () => {
    await setUp({ timeoutMs: 300 });
    await receiver.plan(200, 1, 1500);
    await processor.processOptions(send('group:default/payments'));
    await sender.settled();
    expect((await allRows())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 'timeout after 300 ms',
    });
    later(30);
    await sender.sendDue();
    expect((await allRows())[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts, logging every retry and the failure', async () => {
    await setUp();
    await receiver.plan(503, 10);
    await processor.processOptions(send('group:default/payments'));
    await sender.settled();
    for (let i = 0; i < 4; i += 1) {
      later(3600);
      await sender.sendDue();
    }
    expect(await receiver.received()).toHaveLength(3);
    expect((await allRows())[0]).toMatchObject({
      status: 'failed',
      attempts: 3,
    });
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0][0]).toContain(
      'after 3 attempt(s): HTTP 503',
    );
  });

  it('sends a row once when two replicas run at the same time', async () => {
    await setUp();
    await receiver.plan(500, 1);
    await processor.processOptions(send('group:default/payments'));
    await sender.settled();
    later(30);
    const other = new OutboxSender({
      store,
      destinations: [
        {
          name: 'payments-slack',
          url: `${receiver.url}/hooks/payments`,
          format: 'slack',
          teams: ['group:default/payments'],
        },
      ],
      delivery: {
        maxAttempts: 3,
        initialBackoffSeconds: 30,
        timeoutMs: 2000,
        keepDays: 14,
      },
      logger,
      now: () => now,
    });
    await Promise.all([sender.sendDue(), other.sendDue(), sender.sendDue()]);
    expect((await receiver.received()).map(r => r.status)).toEqual([500, 200]);
    expect((await allRows())[0]).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
  });

  it('keeps retrying when nothing listens, without holding the notification back', async () => {
    await setUp();
    const options = send('group:default/mobility');
    expect(await processor.processOptions(options)).toBe(options);
    await sender.settled();
    expect((await allRows())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: 'network error ECONNREFUSED',
    });
  });

  it('logs, and returns the options, when the outbox cannot take the message', async () => {
    await setUp();
    const broken = new MetricsWebhooksProcessor({
      config: {
        destinations: [
          {
            name: 'payments-slack',
            url: `${receiver.url}/hooks/payments`,
            format: 'slack',
            teams: ['group:default/payments'],
          },
        ],
        delivery: {
          maxAttempts: 3,
          initialBackoffSeconds: 30,
          timeoutMs: 2000,
          keepDays: 14,
        },
      },
      store: {
        ...store,
        enqueue: async () => {
          throw new Error('database is down');
        },
      } as OutboxStore,
      sender,
      logger,
    });
    const options = send('group:default/payments');
    expect(await broken.processOptions(options)).toBe(options);
    expect(logger.error).toHaveBeenCalledWith(
      'Could not queue the webhook messages of "Page: availability of checkout burns its error budget" for payments-slack (group:default/payments): Error: database is down',
    );
  });

  it('logged no webhook URL in any of the cases above', () => {
    expect(allLogs.length).toBeGreaterThan(5);
    for (const lines of allLogs) {
      expect(lines).not.toContain(receiver.url);
      expect(lines).not.toContain('/hooks/');
    }
  });
});
