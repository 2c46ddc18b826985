import type { WebhookDestination } from './config';
import { routeNotification } from './routing';

const slack: WebhookDestination = {
  name: 'payments-slack',
  url: 'http://127.0.0.1/hooks/payments',
  format: 'slack',
  teams: ['group:default/payments', 'group:default/search'],
};
const digestOnly: WebhookDestination = {
  name: 'search-digest',
  url: 'http://127.0.0.1/hooks/search',
  format: 'discord',
  teams: ['group:default/search'],
  topics: ['Metrics: weekly digest'],
};

const send = (entityRef: string | string[], topic?: string) => ({
  recipients: { type: 'entity' as const, entityRef },
  payload: { title: 't', ...(topic && { topic }) },
});

describe('routeNotification', () => {
  it('routes the suite topics to the destinations serving a recipient team', () => {
    expect(
      routeNotification(
        send('group:default/payments', 'Metrics: burn-rate alerts'),
        [slack, digestOnly],
      ),
    ).toEqual([{ destination: slack, teams: ['group:default/payments'] }]);
  });

  it('compares refs the way the catalog does (short names, case)', () => {
    expect(
      routeNotification(
        send(['Group:Default/Payments'], 'Metrics: KPI alerts'),
        [slack],
      ),
    ).toHaveLength(1);
  });

  it('sends one message per destination however many of its teams are named', () => {
    expect(
      routeNotification(
        send(
          [
            'group:default/payments',
            'group:default/search',
            'user:default/ada',
          ],
          'Metrics: weekly digest',
        ),
        [slack, digestOnly],
      ),
    ).toEqual([
      {
        destination: slack,
        teams: ['group:default/payments', 'group:default/search'],
      },
      { destination: digestOnly, teams: ['group:default/search'] },
    ]);
  });

  it('routes nothing for other topics, other teams, users or broadcasts', () => {
    expect(
      routeNotification(send('group:default/payments', 'Catalog: new entity'), [
        slack,
      ]),
    ).toEqual([]);
    expect(routeNotification(send('group:default/payments'), [slack])).toEqual(
      [],
    );
    expect(
      routeNotification(send('group:default/mobility', 'Metrics: KPI alerts'), [
        slack,
      ]),
    ).toEqual([]);
    expect(
      routeNotification(send('user:default/ada', 'Metrics: KPI alerts'), [
        slack,
      ]),
    ).toEqual([]);
    expect(
      routeNotification(
        send('group:default/search', 'Metrics: burn-rate alerts'),
        [digestOnly],
      ),
    ).toEqual([]);
    expect(
      routeNotification(
        {
          recipients: { type: 'broadcast' },
          payload: { title: 't', topic: 'Metrics: KPI alerts' },
        },
        [slack],
      ),
    ).toEqual([]);
  });
});
