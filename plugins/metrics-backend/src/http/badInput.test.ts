import { mockCredentials } from '@backstage/backend-test-utils';
import {
  addDays,
  dayOf,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import request from 'supertest';
import {
  API,
  startMetricsTestBackend,
} from '../__testUtils__/metricsTestBackend';

jest.setTimeout(60_000);

/*
 * Bad requests to every route of the plugin (router.ts, teamRouter.ts, the configuration
 * check), through the real plugin and Backstage's error middleware. Each must answer its 4xx
 * in the standard error body, with a message that does not send a long input back whole.
 */

const BASE = '/api/metrics';
const TODAY = dayOf(new Date());
const metric = { entityRef: API, metricId: 'kpi:orders' };
const goal = { metric, target: 10, dueDate: addDays(TODAY, 30) };
const review = { metricsLookedAt: [metric], decision: 'no-action' };
const LONG = 'x'.repeat(5000);
const HUGE_NOTES = 'n'.repeat(200 * 1024);
const GOALS = '/v1/teams/default/checkout/goals';
const FOLLOW_UP = `${GOALS}/g-1/follow-up`;
const REVIEWS = '/v1/teams/default/checkout/reviews';
const VALUE = '/v1/teams/default/checkout/metric-value';
const ENTITY = '/v1/entities/component/default/checkout-api';
const GROUP = '/v1/groups/default/checkout';
const CHECK = `${ENTITY}/configuration-check`;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface Case {
  name: string;
  method: Method;
  path: string;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  /** Sent as is, with `contentType`. */
  raw?: string;
  contentType?: string;
  contentEncoding?: string;
  status: 400 | 404 | 405 | 413 | 415;
}

const get = (name: string, path: string, status: Case['status']): Case => ({
  name,
  method: 'get',
  path,
  status,
});
const post = (
  name: string,
  path: string,
  body: unknown,
  status: Case['status'],
): Case => ({ name, method: 'post', path, body, status });

const cases: Case[] = [
  // Entity view: kinds, namespaces, names
  get(
    'entity: kind starting with a digit',
    `/v1/entities/1component/default/checkout-api`,
    400,
  ),
  get('entity: overlong kind', `/v1/entities/${'k'.repeat(64)}/default/x`, 400),
  get(
    'entity: namespace with a space',
    '/v1/entities/component/de%20fault/x',
    400,
  ),
  get('entity: overlong name', `/v1/entities/component/default/${LONG}`, 400),
  get(
    'entity: unicode name',
    `/v1/entities/component/default/${encodeURIComponent('ünïcødé')}`,
    400,
  ),
  get(
    'entity: emoji namespace',
    `/v1/entities/component/${encodeURIComponent('😀')}/x`,
    400,
  ),
  get(
    'entity: right-to-left override in the name',
    `/v1/entities/component/default/${encodeURIComponent('a\u202Eb')}`,
    400,
  ),
  get('entity: name with a dot-dot', '/v1/entities/component/default/..', 400),
  get(
    'entity: bad percent-encoding',
    '/v1/entities/component/default/%E0%A4%A',
    400,
  ),
  get('entity: unknown entity', '/v1/entities/component/default/nobody', 404),
  // Entity view: range and end
  get('entity: unknown range', `${ENTITY}?range=2d`, 400),
  get('entity: empty range', `${ENTITY}?range=`, 400),
  get('entity: overlong range', `${ENTITY}?range=${LONG}`, 400),
  get('entity: range twice', `${ENTITY}?range=1h&range=1d`, 400),
  get('entity: range as an array', `${ENTITY}?range[]=1h`, 400),
  get('entity: range as an object', `${ENTITY}?range[a]=1h`, 400),
  get('entity: end not a time', `${ENTITY}?end=yesterday`, 400),
  get(
    'entity: end far in the future',
    `${ENTITY}?end=2999-01-01T00:00:00Z`,
    400,
  ),
  get('entity: end far in the past', `${ENTITY}?end=1970-01-02T00:00:00Z`, 400),
  get(
    'entity: end of unbounded seconds',
    `${ENTITY}?end=${'9'.repeat(400)}`,
    400,
  ),
  get('entity: overlong end', `${ENTITY}?end=${LONG}`, 400),
  get('entity: end twice', `${ENTITY}?end=1&end=2`, 400),
  // Configuration check
  get(
    'check: invalid name',
    '/v1/entities/component/default/-bad-/configuration-check',
    400,
  ),
  get(
    'check: overlong kind',
    `/v1/entities/${LONG}/default/x/configuration-check`,
    400,
  ),
  get(
    'check: unknown entity',
    '/v1/entities/component/default/nobody/configuration-check',
    404,
  ),
  // Group view
  get('group: invalid name', '/v1/groups/default/-squad', 400),
  get('group: overlong namespace', `/v1/groups/${LONG}/checkout`, 400),
  get('group: unknown group', '/v1/groups/default/nobody', 404),
  get('group: a component is no group', '/v1/groups/default/checkout-api', 404),
  get('group: unknown range', `${GROUP}?range=365d`, 400),
  get('group: end far in the future', `${GROUP}?end=${2 ** 40}`, 400),
  // Maturity
  get('maturity: invalid team name', '/v1/maturity/default/a%20b', 400),
  get('maturity: unknown team', '/v1/maturity/default/nobody', 404),
  get('maturity list: stage out of range', '/v1/maturity?stage=7', 400),
  get('maturity list: stage not a number', '/v1/maturity?stage=one', 400),
  get('maturity list: limit 0', '/v1/maturity?limit=0', 400),
  get('maturity list: limit too large', '/v1/maturity?limit=501', 400),
  get('maturity list: negative offset', '/v1/maturity?offset=-1', 400),
  get('maturity list: limit twice', '/v1/maturity?limit=5&limit=6', 400),
  get('maturity list: invalid parent', '/v1/maturity?parent=a:b:c', 400),
  get('maturity list: long search', `/v1/maturity?search=${LONG}`, 400),
  get('maturity list: unknown parameter', '/v1/maturity?stages=1', 400),
  get('maturity csv: a page is no filter', '/v1/maturity.csv?limit=5', 400),
  get('maturity csv: stage out of range', '/v1/maturity.csv?stage=9', 400),
  // Team reads
  get('goals: invalid namespace', '/v1/teams/-x/checkout/goals', 400),
  get('goals: unknown team', '/v1/teams/default/nobody/goals', 404),
  get(
    'reviews: unicode team name',
    `/v1/teams/default/${encodeURIComponent('çheckout')}/reviews`,
    400,
  ),
  get('metric value: no entityRef', `${VALUE}?metricId=kpi:orders`, 400),
  get('metric value: no metricId', `${VALUE}?entityRef=${API}`, 400),
  get(
    'metric value: entityRef twice',
    `${VALUE}?entityRef=${API}&entityRef=${API}&metricId=kpi:orders`,
    400,
  ),
  get(
    'metric value: metricId twice',
    `${VALUE}?entityRef=${API}&metricId=a&metricId=b`,
    400,
  ),
  get(
    'metric value: entityRef without kind',
    `${VALUE}?entityRef=checkout-api&metricId=kpi:orders`,
    400,
  ),
  get(
    'metric value: overlong entityRef',
    `${VALUE}?entityRef=component:default/${LONG}&metricId=kpi:orders`,
    400,
  ),
  get(
    'metric value: overlong metricId',
    `${VALUE}?entityRef=${API}&metricId=${LONG}`,
    400,
  ),
  get(
    'metric value: unknown metric',
    `${VALUE}?entityRef=${API}&metricId=kpi:${'m'.repeat(190)}`,
    400,
  ),
  get(
    'metric value: unknown entity',
    `${VALUE}?entityRef=component:default/nobody&metricId=kpi:orders`,
    400,
  ),
  // Goals: bodies
  post('goal: missing fields', GOALS, {}, 400),
  post('goal: missing target', GOALS, { metric, dueDate: goal.dueDate }, 400),
  post('goal: extra field', GOALS, { ...goal, owner: 'me' }, 400),
  post(
    'goal: thousands of extra fields',
    GOALS,
    {
      ...goal,
      ...Object.fromEntries(
        Array.from({ length: 2000 }, (_, i) => [`${LONG.slice(0, 20)}${i}`, i]),
      ),
    },
    400,
  ),
  post('goal: target as a string', GOALS, { ...goal, target: '10' }, 400),
  post('goal: target too large for a number', GOALS, undefined, 400),
  post('goal: dueDate as a number', GOALS, { ...goal, dueDate: 20261231 }, 400),
  post(
    'goal: impossible dueDate',
    GOALS,
    { ...goal, dueDate: '2026-02-30' },
    400,
  ),
  post('goal: overlong dueDate', GOALS, { ...goal, dueDate: LONG }, 400),
  post(
    'goal: dueDate in the past',
    GOALS,
    { ...goal, dueDate: addDays(TODAY, -1) },
    400,
  ),
  post(
    'goal: dueDate far in the past',
    GOALS,
    { ...goal, dueDate: '1999-12-31' },
    400,
  ),
  post(
    'goal: dueDate more than five years ahead',
    GOALS,
    { ...goal, dueDate: addDays(TODAY, 5 * 366 + 1) },
    400,
  ),
  post(
    'goal: metric as a string',
    GOALS,
    { ...goal, metric: 'kpi:orders' },
    400,
  ),
  post(
    'goal: overlong entity ref',
    GOALS,
    {
      ...goal,
      metric: {
        entityRef: `component:default/${LONG}`,
        metricId: 'kpi:orders',
      },
    },
    400,
  ),
  post('goal: notes too long', GOALS, { ...goal, notes: LONG }, 400),
  post('goal: body is an array', GOALS, [goal], 400),
  post('goal: unknown team', '/v1/teams/default/nobody/goals', goal, 404),
  {
    name: 'goal: invalid JSON',
    method: 'post',
    path: GOALS,
    raw: `{"target": ${LONG}`,
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'goal: a JSON string',
    method: 'post',
    path: GOALS,
    raw: JSON.stringify(LONG),
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'goal: JSON null',
    method: 'post',
    path: GOALS,
    raw: 'null',
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'goal: huge body',
    method: 'post',
    path: GOALS,
    body: { ...goal, notes: HUGE_NOTES },
    status: 413,
  },
  {
    name: 'goal: plain text',
    method: 'post',
    path: GOALS,
    raw: JSON.stringify(goal),
    contentType: 'text/plain',
    status: 415,
  },
  {
    name: 'goal: form encoded',
    method: 'post',
    path: GOALS,
    raw: 'target=10',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  {
    name: 'goal: JSON in latin-1',
    method: 'post',
    path: GOALS,
    raw: JSON.stringify(goal),
    contentType: 'application/json; charset=latin1',
    status: 415,
  },
  {
    name: 'goal: unknown content encoding',
    method: 'post',
    path: GOALS,
    raw: JSON.stringify(goal),
    contentType: 'application/json',
    contentEncoding: 'br',
    status: 415,
  },
  // Follow-ups
  post('follow-up: met as a string', FOLLOW_UP, { met: 'yes' }, 400),
  post('follow-up: extra field', FOLLOW_UP, { outcome: 1 }, 400),
  post(
    'follow-up: overlong goal id',
    `${GOALS}/${'g'.repeat(101)}/follow-up`,
    {},
    400,
  ),
  post(
    'follow-up: unicode goal id',
    `${GOALS}/${encodeURIComponent('gœal')}/follow-up`,
    {},
    400,
  ),
  post('follow-up: unknown goal', FOLLOW_UP, {}, 404),
  {
    name: 'follow-up: invalid JSON',
    method: 'post',
    path: FOLLOW_UP,
    raw: `{${LONG}`,
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'follow-up: plain text',
    method: 'post',
    path: FOLLOW_UP,
    raw: 'met',
    contentType: 'text/plain',
    status: 415,
  },
  // Reviews
  post('review: missing decision', REVIEWS, { metricsLookedAt: [metric] }, 400),
  post('review: unknown decision', REVIEWS, { ...review, decision: LONG }, 400),
  post(
    'review: act without action text',
    REVIEWS,
    { ...review, decision: 'act' },
    400,
  ),
  post(
    'review: week not a Monday',
    REVIEWS,
    { ...review, week: '2026-11-17' },
    400,
  ),
  post(
    'review: week far in the past',
    REVIEWS,
    { ...review, week: '1990-01-01' },
    400,
  ),
  post(
    'review: week more than 7 days ahead',
    REVIEWS,
    { ...review, week: weekOf(addDays(TODAY, 14)) },
    400,
  ),
  post('review: week as a number', REVIEWS, { ...review, week: 1 }, 400),
  post(
    'review: metricsLookedAt as an object',
    REVIEWS,
    { ...review, metricsLookedAt: metric },
    400,
  ),
  post(
    'review: over 100 metrics',
    REVIEWS,
    { ...review, metricsLookedAt: Array(101).fill(metric) },
    400,
  ),
  post(
    'review: linked metric of another team',
    REVIEWS,
    {
      ...review,
      linkedMetric: { entityRef: 'component:default/nobody', metricId: 'x' },
    },
    400,
  ),
  {
    name: 'review: huge body',
    method: 'post',
    path: REVIEWS,
    body: { ...review, actionText: HUGE_NOTES },
    status: 413,
  },
  // Wrong methods
  { name: 'PUT /v1/sources', method: 'put', path: '/v1/sources', status: 405 },
  { name: 'DELETE /health', method: 'delete', path: '/health', status: 405 },
  {
    name: 'POST /health/ready',
    method: 'post',
    path: '/health/ready',
    body: {},
    status: 405,
  },
  {
    name: 'DELETE an entity view',
    method: 'delete',
    path: ENTITY,
    status: 405,
  },
  {
    name: 'POST the configuration check',
    method: 'post',
    path: CHECK,
    body: {},
    status: 405,
  },
  {
    name: 'PATCH a group view',
    method: 'patch',
    path: GROUP,
    body: {},
    status: 405,
  },
  {
    name: 'POST /v1/maturity',
    method: 'post',
    path: '/v1/maturity',
    body: {},
    status: 405,
  },
  { name: 'DELETE goals', method: 'delete', path: GOALS, status: 405 },
  {
    name: 'PUT reviews',
    method: 'put',
    path: REVIEWS,
    body: review,
    status: 405,
  },
  { name: 'GET a follow-up', method: 'get', path: FOLLOW_UP, status: 405 },
  {
    name: 'POST metric-value',
    method: 'post',
    path: VALUE,
    body: metric,
    status: 405,
  },
  // Unknown paths
  get('unknown path', '/v1/nope', 404),
  get('another API version', '/v2/sources', 404),
  get('entity path too short', '/v1/entities/component/default', 404),
  get('entity path too deep', `${ENTITY}/a/b`, 404),
  get('team without a resource', '/v1/teams/default/checkout', 404),
  // A goal is edited (PUT) and withdrawn (DELETE) by id, not read.
  get('GET of a goal by id', `${GOALS}/g-1`, 405),
  get('overlong unknown path', `/v1/${LONG}`, 404),
  {
    name: 'POST to an unknown path with a huge body',
    method: 'post',
    path: '/v1/nope',
    body: { notes: HUGE_NOTES },
    status: 404,
  },
];

// JSON cannot say 1e400 once parsed; sent raw, it becomes Infinity.
cases.find(
  c => c.name === 'goal: target too large for a number',
)!.raw = `{"metric":${JSON.stringify(metric)},"target":1e400,"dueDate":"${
  goal.dueDate
}"}`;
for (const c of cases) {
  if (c.raw !== undefined) c.contentType ??= 'application/json';
}

/** Every 80-character run of `text`: a message holding one echoes the input. */
function echoes(message: string, sent: string): boolean {
  for (let i = 0; i + 80 <= message.length; i++) {
    if (sent.includes(message.slice(i, i + 80))) return true;
  }
  return false;
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

describe('bad input to every route', () => {
  let backend: Awaited<ReturnType<typeof startMetricsTestBackend>>;
  beforeAll(async () => {
    backend = await startMetricsTestBackend();
  });
  afterAll(async () => {
    await backend.stop();
  });

  it('covers at least 60 requests and every route', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const routes = [
      /^\/health$/,
      /^\/health\/ready$/,
      /^\/v1\/sources$/,
      /^\/v1\/entities\/[^/]+\/[^/]+\/[^/?]+(\?|$)/,
      /^\/v1\/entities\/[^/]+\/[^/]+\/[^/]+\/configuration-check$/,
      /^\/v1\/groups\/[^/]+\/[^/?]+(\?|$)/,
      /^\/v1\/maturity(\?|$)/,
      /^\/v1\/maturity\.csv(\?|$)/,
      /^\/v1\/maturity\/[^/]+\/[^/]+$/,
      /^\/v1\/teams\/[^/]+\/[^/]+\/goals$/,
      /^\/v1\/teams\/[^/]+\/[^/]+\/goals\/[^/]+\/follow-up$/,
      /^\/v1\/teams\/[^/]+\/[^/]+\/metric-value(\?|$)/,
      /^\/v1\/teams\/[^/]+\/[^/]+\/reviews$/,
    ];
    for (const route of routes) {
      expect(cases.filter(c => route.test(c.path)).length).toBeGreaterThan(0);
    }
  });

  it.each(cases.map(c => [c.name, c]))('%s', async (_, c) => {
    let call = request(backend.server)
      [c.method](`${BASE}${c.path}`)
      .set('Authorization', mockCredentials.user.header());
    if (c.contentEncoding)
      call = call.set('Content-Encoding', c.contentEncoding);
    if (c.raw !== undefined) {
      call = call.set('Content-Type', c.contentType!).send(c.raw);
    } else if (c.body !== undefined) {
      call = call.send(c.body as object);
    }
    const response = await call;

    expect(response.status).toBe(c.status);
    expect(response.body).toEqual({
      error: expect.objectContaining({
        name: expect.any(String),
        message: expect.any(String),
      }),
      request: { method: c.method.toUpperCase(), url: expect.any(String) },
      response: { statusCode: c.status },
    });
    const { name, message } = response.body.error;
    expect(name).not.toBe('Error');
    expect(message.trim()).not.toBe('');
    expect(message.length).toBeLessThan(500);
    const sent = [
      c.path,
      decoded(c.path),
      c.raw ?? '',
      JSON.stringify(c.body ?? ''),
    ].join('\n');
    expect(echoes(message, sent)).toBe(false);
  });

  it.each(cases.filter(c => c.status === 405).map(c => [c.name, c]))(
    '%s: Allow names the methods, not this one',
    async (_, c) => {
      const response = await request(backend.server)
        [c.method](`${BASE}${c.path}`)
        .set('Authorization', mockCredentials.user.header());
      expect(response.headers.allow).toMatch(/^[A-Z]+(, [A-Z]+)*$/);
      expect(response.headers.allow.split(', ')).not.toContain(
        c.method.toUpperCase(),
      );
    },
  );

  it('answers OPTIONS with the allowed methods', async () => {
    const response = await request(backend.server)
      .options(`${BASE}${GOALS}`)
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(204);
    expect(response.headers.allow).toBe('GET, POST, HEAD');
  });

  it('leaves /health and /health/ready as they were', async () => {
    const health = await request(backend.server).get(`${BASE}/health`);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await request(backend.server).get(`${BASE}/health/ready`);
    expect(ready.body).toEqual(
      expect.objectContaining({ status: expect.any(String) }),
    );
  });

  it("does not shadow Backstage's own routes under the plugin", async () => {
    const response = await request(backend.server)
      .get(`${BASE}/.well-known/backstage/permissions/metadata`)
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    expect(
      response.body.permissions.map((p: { name: string }) => p.name),
    ).toContain('metrics.sensitive.read');
  });

  it('says why an invalid JSON body was refused, without quoting it', async () => {
    const response = await request(backend.server)
      .post(`${BASE}${GOALS}`)
      .set('Authorization', mockCredentials.user.header())
      .set('Content-Type', 'application/json')
      .send('{"notes": "s3cret');
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({
      name: 'InputError',
      message: 'The request body is not valid JSON: send a JSON object',
    });
    expect(response.text).not.toContain('s3cret');
  });
});
