import { mockServices } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { PrometheusInstance } from '../readers';
import { PrometheusUnavailableError } from './prometheus';
import { READINESS_REUSE_MS, ReadinessProbe } from './ReadinessProbe';

function instance(name: string, ping: jest.Mock): PrometheusInstance {
  return {
    client: { describe: () => ({ id: `prometheus:${name}` }), ping },
  } as unknown as PrometheusInstance;
}

function database(raw: () => Promise<unknown>): DatabaseService {
  const knex = {
    raw: jest.fn(() => ({ timeout: jest.fn(() => raw()) })),
  };
  return { getClient: async () => knex } as unknown as DatabaseService;
}

describe('ReadinessProbe', () => {
  it('shares one check between probes for a few seconds', async () => {
    const ping = jest.fn(async () => {});
    let now = 0;
    const probe = new ReadinessProbe({
      prometheus: new Map([['main', instance('main', ping)]]),
      sources: [{ id: 'prometheus:main', type: 'prometheus' }],
      database: database(async () => [{ 1: 1 }]),
      logger: mockServices.logger.mock(),
      now: () => now,
    });
    await Promise.all([probe.check(), probe.check()]);
    now = READINESS_REUSE_MS - 1;
    await probe.check();
    expect(ping).toHaveBeenCalledTimes(1);
    now = READINESS_REUSE_MS;
    await probe.check();
    expect(ping).toHaveBeenCalledTimes(2);
    expect(ping).toHaveBeenCalledWith(2000);
  });

  it('reports a database that fails select 1, and the SQL events source with it', async () => {
    const logger = mockServices.logger.mock();
    const probe = new ReadinessProbe({
      prometheus: new Map([
        [
          'main',
          instance(
            'main',
            jest.fn(async () => {}),
          ),
        ],
      ]),
      sources: [
        { id: 'prometheus:main', type: 'prometheus' },
        { id: 'sql:events', type: 'sql' },
        { id: 'sql:warehouse', type: 'sql' },
      ],
      database: database(async () => {
        throw new Error('connection refused');
      }),
      logger,
    });
    const { ready, body } = await probe.check();
    expect(ready).toBe(true);
    expect(body.database).toEqual({ status: 'down' });
    expect(body.sources.slice(1)).toEqual([
      { id: 'sql:events', type: 'sql', status: 'down', reason: 'database' },
      // a module's source is listed, never called
      { id: 'sql:warehouse', type: 'sql', status: 'configured' },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('connection refused'),
    );
  });

  it('is ready when one of several instances answers, and gives reason codes only', async () => {
    const down = jest.fn(async () => {
      throw new PrometheusUnavailableError({
        message: "Could not reach Prometheus 'eu' at http://10.0.0.7:9090",
        instance: 'eu',
        reason: 'unreachable',
      });
    });
    const probe = new ReadinessProbe({
      prometheus: new Map([
        [
          'main',
          instance(
            'main',
            jest.fn(async () => {}),
          ),
        ],
        ['eu', instance('eu', down)],
      ]),
      sources: [
        { id: 'prometheus:main', type: 'prometheus' },
        { id: 'prometheus:eu', type: 'prometheus' },
      ],
      database: database(async () => []),
      logger: mockServices.logger.mock(),
    });
    const { ready, body } = await probe.check();
    expect(ready).toBe(true);
    expect(body.sources[1]).toEqual({
      id: 'prometheus:eu',
      type: 'prometheus',
      status: 'down',
      reason: 'unreachable',
    });
    expect(JSON.stringify(body)).not.toContain('10.0.0.7');
  });
});
