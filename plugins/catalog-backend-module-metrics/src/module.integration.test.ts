import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { AlphaEntity } from '@backstage/catalog-model/alpha';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { METRICS_ANNOTATIONS } from '@metrics-suite/backstage-plugin-metrics-common';
import type { Server } from 'node:http';
import request from 'supertest';
import catalogModuleMetricsValidation from './index';

// The real catalog backend reading a real file: the problem must reach the stored entity's
// status, and the broken entity must still be in the catalog.

const SERVICE = METRICS_ANNOTATIONS.prometheusService;

const CATALOG_INFO = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: valid-service
  annotations:
    ${SERVICE}: valid-service
  metrics:
    slos:
      - name: availability
        objective: 99.9
spec:
  type: service
  lifecycle: production
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: broken-service
  description: still served
  annotations:
    ${SERVICE}: broken-service
  metrics:
    slos:
      - name: availability
        objective: 120
      - name: latency
        objective: 95
        indicator:
          latency:
            thresholdSeconds: 0.3
spec:
  type: service
  lifecycle: production
  owner: payments
`;

async function getComponent(
  server: Server,
  name: string,
): Promise<AlphaEntity | undefined> {
  const res = await request(server).get(
    `/api/catalog/entities/by-name/component/default/${name}`,
  );
  return res.status === 200 ? res.body : undefined;
}

async function eventually<T>(
  read: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

describe('catalog module metrics-validation with the real catalog backend', () => {
  const dir = createMockDirectory({
    content: { 'catalog-info.yaml': CATALOG_INFO },
  });

  it('stores the broken entity with its problem as a processing error, and leaves the valid one clean', async () => {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleMetricsValidation,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Component'] }],
              locations: [
                { type: 'file', target: dir.resolve('catalog-info.yaml') },
              ],
            },
          },
        }),
      ],
    });
    const { server } = backend;
    try {
      // both entities come from one location read; wait until both are stitched
      const [broken, valid] = await eventually(async () => {
        const b = await getComponent(server, 'broken-service');
        const v = await getComponent(server, 'valid-service');
        return b && v ? [b, v] : undefined;
      });

      // (a) the broken entity is in the catalog, whole, with the path of the bad field
      expect(broken.metadata.description).toBe('still served');
      expect(
        (broken.metadata as Record<string, any>).metrics.slos,
      ).toHaveLength(2);
      const items = broken.status?.items ?? [];
      expect(items).toEqual([
        expect.objectContaining({
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message: expect.stringMatching(
            /^InputError: metadata\.metrics\.slos\[0\]\.objective: /,
          ),
          error: expect.objectContaining({ name: 'InputError' }),
        }),
      ]);

      // (b) the valid entity carries no processing errors
      expect(valid.status?.items ?? []).toEqual([]);
    } finally {
      await backend.stop();
    }
  }, 30_000);
});
