import { knex as createKnex, Knex } from 'knex';
import {
  ANALYTICS_TABLE,
  computeAnalyticsTruth,
  generateAnalyticsEvents,
  seedAnalyticsEvents,
} from './analytics';
import { DAY, HOUR } from './model';
import { TEST_T0 } from './testUtils';
import { EVENTS, WINDOW_NAMES, WINDOWS } from './world';

describe('analytics events', () => {
  let db: Knex;

  beforeEach(() => {
    db = createKnex({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
  });

  afterEach(async () => {
    await db.destroy();
  });

  it('are deterministic and cover the 28 days before end', () => {
    const a = generateAnalyticsEvents({ end: TEST_T0, seed: 1 });
    const b = generateAnalyticsEvents({ end: TEST_T0, seed: 1 });
    expect(b).toEqual(a);
    expect(generateAnalyticsEvents({ end: TEST_T0, seed: 2 })).not.toEqual(a);
    expect(a.length).toBeGreaterThan(30000);
    expect(
      a.every(
        r =>
          r.occurred_at.getTime() / 1000 >= TEST_T0 - 28 * DAY &&
          r.occurred_at.getTime() / 1000 < TEST_T0,
      ),
    ).toBe(true);
    expect(new Set(a.map(r => r.id)).size).toBe(a.length);
    expect(new Set(a.map(r => r.event_type))).toEqual(
      new Set(['sign_up', 'login', 'integration_call']),
    );
    expect(
      new Set(a.filter(r => r.event_type === 'login').map(r => r.partner)),
    ).toEqual(new Set(['google', 'email', 'linkedin']));
  });

  it('show the Ridely outage', () => {
    const outage = EVENTS.find(e => e.id === 'ridely-outage')!;
    if (outage.kind !== 'integration-outage') throw new Error('bad event');
    const rows = generateAnalyticsEvents({ end: TEST_T0 }).filter(
      r => r.partner === 'ridely',
    );
    const inside = rows.filter(r => {
      const t = r.occurred_at.getTime() / 1000;
      return t >= TEST_T0 + outage.from && t < TEST_T0 + outage.to;
    });
    expect(inside.length).toBeGreaterThan(10);
    expect(
      inside.filter(r => r.outcome === 'failure').length / inside.length,
    ).toBeGreaterThan(0.8);
    expect(
      rows.filter(r => r.outcome === 'failure').length / rows.length,
    ).toBeLessThan(0.2);
  });

  it('seed the table idempotently and match the truth', async () => {
    const first = await seedAnalyticsEvents(db, { end: TEST_T0, seed: 42 });
    expect(first.unchanged).toBe(false);
    const again = await seedAnalyticsEvents(db, { end: TEST_T0, seed: 42 });
    expect(again).toEqual({ ...first, inserted: 0, unchanged: true });
    const count = await db(ANALYTICS_TABLE).count({ n: '*' }).first();
    expect(Number(count!.n)).toBe(first.rows);

    const truth = computeAnalyticsTruth({ end: TEST_T0, seed: 42 });
    expect(truth.rows).toBe(first.rows);
    for (const w of WINDOW_NAMES) {
      const rows = (await db(ANALYTICS_TABLE)
        .select('event_type', 'partner', 'outcome')
        .count({ n: '*' })
        .where('occurred_at', '>=', new Date((TEST_T0 - WINDOWS[w]) * 1000))
        .andWhere('occurred_at', '<', new Date(TEST_T0 * 1000))
        .groupBy('event_type', 'partner', 'outcome')) as unknown as Array<{
        event_type: string;
        partner: string;
        outcome: 'success' | 'failure';
        n: number | string;
      }>;
      const fromSql = rows.map(r => [
        r.event_type,
        r.partner,
        r.outcome,
        Number(r.n),
      ]);
      const expected = rows.map(r => [
        r.event_type,
        r.partner,
        r.outcome,
        truth.windows[w].byTypePartner[r.event_type][r.partner][r.outcome],
      ]);
      expect(fromSql).toEqual(expected);
      expect(rows.reduce((a, r) => a + Number(r.n), 0)).toBe(
        truth.windows[w].total,
      );
    }
    const days = Object.values(truth.days).map(d =>
      Object.values(d)
        .flatMap(p => Object.values(p))
        .reduce((a, b) => a + b, 0),
    );
    expect(days.reduce((a, b) => a + b, 0)).toBe(truth.rows);
    const ridely = truth.windows['7d'].errorClasses.ridely;
    expect(Object.values(ridely).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('replace their own rows when end or seed change, and leave other rows alone', async () => {
    await seedAnalyticsEvents(db, { end: TEST_T0, seed: 42 });
    await db(ANALYTICS_TABLE).insert({
      id: 'manual-1',
      occurred_at: new Date(TEST_T0 * 1000),
      event_type: 'login',
      partner: 'google',
      outcome: 'success',
      error_class: null,
      user_id: 'u-1',
      source: 'manual',
    });
    const moved = await seedAnalyticsEvents(db, {
      end: TEST_T0 + HOUR,
      seed: 7,
    });
    expect(moved.unchanged).toBe(false);
    const bySource = (await db(ANALYTICS_TABLE)
      .select('source')
      .count({ n: '*' })
      .groupBy('source')) as unknown as Array<{
      source: string;
      n: number | string;
    }>;
    expect(bySource.map(r => [r.source, Number(r.n)]).sort()).toEqual(
      [
        ['demo-world:v1:seed=7', moved.rows],
        ['manual', 1],
      ].sort(),
    );
  });
});
