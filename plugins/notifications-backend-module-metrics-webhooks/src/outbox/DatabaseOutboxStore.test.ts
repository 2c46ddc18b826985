import {
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseOutboxStore, OUTBOX_TABLE } from './DatabaseOutboxStore';
import { MIGRATIONS_TABLE } from './migrations';

jest.setTimeout(60_000);

const REQUIRED: TestDatabaseId[] = process.env
  .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? ['SQLITE_3', 'POSTGRES_15']
  : ['SQLITE_3'];

const T0 = new Date('2026-12-03T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const message = (title: string) => ({
  destination: 'payments-slack',
  teams: ['group:default/payments', 'group:default/search'],
  title,
  body: JSON.stringify({ text: title }),
});

describe('DatabaseOutboxStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it(`runs on ${REQUIRED.join(' and ')}`, () => {
    expect(databases.eachSupportedId()).toEqual(
      expect.arrayContaining(REQUIRED.map(id => [id])),
    );
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseOutboxStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      const database: DatabaseService = { getClient: async () => knex };
      store = await DatabaseOutboxStore.create({ database });
    });

    it('migrates with its own migrations table, beside knex_migrations', async () => {
      const done = await knex(MIGRATIONS_TABLE).select('name');
      expect(done.map(row => row.name)).toEqual([
        '20261203000000_metrics_webhooks_outbox.js',
      ]);
      expect(await knex.schema.hasTable('knex_migrations')).toBe(false);
      // A second create() finds nothing to do.
      await DatabaseOutboxStore.create({
        database: { getClient: async () => knex },
      });
    });

    it('enqueues pending rows due at once, and lists due rows oldest first', async () => {
      const [a] = await store.enqueue([message('a')], T0);
      const [b] = await store.enqueue([message('b')], at(10));
      expect(a).toEqual({
        id: expect.any(Number),
        destination: 'payments-slack',
        teams: ['group:default/payments', 'group:default/search'],
        title: 'a',
        body: '{"text":"a"}',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0.toISOString(),
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
      });
      expect((await store.due(at(5), 10)).map(r => r.title)).toEqual(['a']);
      expect((await store.due(at(10), 10)).map(r => r.title)).toEqual([
        'a',
        'b',
      ]);
      expect((await store.due(at(10), 1)).map(r => r.title)).toEqual(['a']);
      expect((await store.get([b.id])).map(r => r.title)).toEqual(['b']);
    });

    it('lets only one of two senders claim a row', async () => {
      const [row] = await store.enqueue([message('a')], T0);
      const [first, second] = await Promise.all([
        store.claim(row, at(70), at(1)),
        store.claim(row, at(70), at(1)),
      ]);
      const claimed = [first, second].filter(Boolean);
      expect(claimed).toHaveLength(1);
      expect(claimed[0]).toMatchObject({
        status: 'sending',
        attempts: 1,
        nextAttemptAt: at(70).toISOString(),
      });
      // The row as read before is stale now.
      expect(await store.claim(row, at(70), at(2))).toBeUndefined();
      // Leased: not due until the lease runs out, then due again for another sender.
      expect(await store.due(at(69), 10)).toEqual([]);
      const [expired] = await store.due(at(70), 10);
      expect(expired).toMatchObject({ status: 'sending', attempts: 1 });
      expect(await store.claim(expired, at(140), at(70))).toMatchObject({
        attempts: 2,
      });
    });

    it('records an outcome only while the claim holds', async () => {
      const [row] = await store.enqueue([message('a')], T0);
      const claimed = (await store.claim(row, at(70), at(1)))!;
      expect(
        await store.finish(
          claimed,
          { status: 'pending', lastStatus: 'HTTP 500', nextAttemptAt: at(31) },
          at(1),
        ),
      ).toBe(true);
      const [retry] = await store.get([row.id]);
      expect(retry).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastStatus: 'HTTP 500',
        nextAttemptAt: at(31).toISOString(),
      });
      // The same claim cannot be finished twice.
      expect(
        await store.finish(
          claimed,
          { status: 'delivered', lastStatus: 'HTTP 200' },
          at(2),
        ),
      ).toBe(false);

      const again = (await store.claim(retry, at(100), at(31)))!;
      expect(
        await store.finish(
          again,
          { status: 'delivered', lastStatus: 'HTTP 200' },
          at(32),
        ),
      ).toBe(true);
      expect((await store.get([row.id]))[0]).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lastStatus: 'HTTP 200',
        updatedAt: at(32).toISOString(),
      });
      expect(await store.due(at(1000), 10)).toEqual([]);
    });

    it('purges delivered and failed rows older than the cut-off, never pending ones', async () => {
      const [delivered, failed, pending] = await store.enqueue(
        [message('delivered'), message('failed'), message('pending')],
        T0,
      );
      for (const [row, status] of [
        [delivered, 'delivered'],
        [failed, 'failed'],
      ] as const) {
        const claimed = (await store.claim(row, at(70), at(1)))!;
        await store.finish(claimed, { status, lastStatus: 'HTTP 400' }, at(2));
      }
      expect(await store.purge(at(2))).toBe(0);
      expect(await store.purge(at(3))).toBe(2);
      expect(
        (await knex(OUTBOX_TABLE).select('id')).map(r => Number(r.id)),
      ).toEqual([pending.id]);
    });
  });
});
