import express from 'express';
import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import type { EntityViewService } from './EntityViewService';
import type { GroupViewService } from './GroupViewService';
import { ViewCache } from './viewCache';
import { createRouter } from './router';

async function app(sources: Parameters<typeof createRouter>[0]['sources']) {
  const router = await createRouter({
    sources,
    httpAuth: mockServices.httpAuth(),
    entityViews: { getEntityView: jest.fn() } as unknown as EntityViewService,
    groupViews: { getGroupView: jest.fn() } as unknown as GroupViewService,
    viewCache: new ViewCache(mockServices.cache.mock()),
  });
  return express().use(router);
}

describe('createRouter', () => {
  it('answers GET /health with the status only', async () => {
    const response = await request(
      await app([{ id: 'prometheus:main', type: 'prometheus' }]),
    ).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers GET /v1/sources with the sources', async () => {
    const response = await request(
      await app([
        {
          id: 'prometheus:main',
          type: 'prometheus',
          description: 'https://prom.example.com',
          default: true,
        },
        { id: 'sql:warehouse', type: 'sql' },
      ]),
    ).get('/v1/sources');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          id: 'prometheus:main',
          type: 'prometheus',
          description: 'https://prom.example.com',
          default: true,
        },
        { id: 'sql:warehouse', type: 'sql' },
      ],
    });
  });

  it('leaves out empty descriptions and false defaults', async () => {
    const response = await request(
      await app([
        {
          id: 'prometheus:eu',
          type: 'prometheus',
          description: '',
          default: false,
        },
      ]),
    ).get('/v1/sources');
    expect(response.body.items).toEqual([
      { id: 'prometheus:eu', type: 'prometheus' },
    ]);
  });

  it('copies only the public fields of a source', async () => {
    const source = {
      id: 'custom:x',
      type: 'custom',
      token: 'hunter2',
      password: 'hunter3',
    };
    const response = await request(await app([source])).get('/v1/sources');
    expect(response.body.items).toEqual([{ id: 'custom:x', type: 'custom' }]);
    expect(response.text).not.toContain('hunter');
  });

  it('answers with no sources', async () => {
    const response = await request(await app([])).get('/v1/sources');
    expect(response.body).toEqual({ items: [] });
  });

  it('has no other routes', async () => {
    const response = await request(await app([])).get('/sources');
    expect(response.status).toBe(404);
  });
});
