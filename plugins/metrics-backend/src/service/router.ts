import express from 'express';
import Router from 'express-promise-router';
import type { MetricsHealthResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';

export interface RouterOptions {
  sources: ReadonlyArray<MetricsSource>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: MetricsHealthResponse = {
      status: 'ok',
      sources: options.sources.map(source => ({
        id: source.id,
        type: source.type,
        ...(source.description ? { description: source.description } : {}),
        ...(source.default ? { default: true } : {}),
      })),
    };
    res.json(body);
  });

  return router;
}
