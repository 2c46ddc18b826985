import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startMetricsTestBackend } from '../__testUtils__/metricsTestBackend';

// Backstage's default permissions (no policy) allow a user everything, sensitive metrics
// included: the squad view shows them, the TV view of the same squad must not.
const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function start() {
  const backend = await startMetricsTestBackend();
  backends.push(backend);
  return backend.server;
}

const USER = mockCredentials.user.header();
const GROUP = '/api/metrics/v1/groups/default/checkout';

const names = (body: { metrics: Array<{ name: string }> }) =>
  body.metrics.map(m => m.name);

describe('GET /v1/groups/{namespace}/{name}/tv', () => {
  it('leaves out every sensitive metric for a caller who may read them', async () => {
    const server = await start();
    const squad = await request(server).get(GROUP).set('Authorization', USER);
    expect(squad.status).toBe(200);
    expect(names(squad.body)).toEqual(['revenue', 'fraud-losses', 'orders']);
    expect(squad.body.hiddenSensitive).toBe(0);

    const tv = await request(server)
      .get(`${GROUP}/tv?range=7d`)
      .set('Authorization', USER);
    expect(tv.status).toBe(200);
    expect(tv.body.entityRef).toBe('group:default/checkout');
    expect(names(tv.body)).toEqual(['orders']);
    expect(tv.body.hiddenSensitive).toBe(2);
    expect(JSON.stringify(tv.body)).not.toMatch(/revenue|fraud-losses/);
  });

  it('does not serve the squad view cached for the same caller', async () => {
    const server = await start();
    await request(server).get(GROUP).set('Authorization', USER);
    const tv = await request(server)
      .get(`${GROUP}/tv`)
      .set('Authorization', USER);
    expect(names(tv.body)).toEqual(['orders']);
  });

  it('validates the range, needs a signed-in caller and a visible group', async () => {
    const server = await start();
    const badRange = await request(server)
      .get(`${GROUP}/tv?range=5y`)
      .set('Authorization', USER);
    expect(badRange.status).toBe(400);
    expect(badRange.body.error.name).toBe('InputError');

    const anonymous = await request(server).get(`${GROUP}/tv`);
    expect(anonymous.status).toBe(401);

    const unknown = await request(server)
      .get('/api/metrics/v1/groups/default/nobody/tv')
      .set('Authorization', USER);
    expect(unknown.status).toBe(404);
  });
});
