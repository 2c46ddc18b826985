import express from 'express';
import Router from 'express-promise-router';
import type {
  MetricsHealthResponse,
  MetricsSourcesResponse,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';

export interface RouterOptions {
  sources: ReadonlyArray<MetricsSource>;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  // Public, for probes: says nothing about the configuration.
  router.get('/health', (_req, res) => {
    const body: MetricsHealthResponse = { status: 'ok' };
    res.json(body);
  });

  // Copies only the public fields: a module's source object may hold secrets.
  router.get('/v1/sources', (_req, res) => {
    const body: MetricsSourcesResponse = {
      items: options.sources.map(source => ({
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
