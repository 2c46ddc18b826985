import type {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import type {
  MetricsHealthResponse,
  MetricsSourcesResponse,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import type { ReadinessProbe } from '../sources/ReadinessProbe';
import type { ConfigurationCheckService } from '../checks/ConfigurationCheckService';
import type { EntityViewService } from '../views/EntityViewService';
import type { GroupViewService } from '../views/GroupViewService';
import type { RulesFile, SloRules } from '../rules/RulesService';
import { parseRulesRequest } from './parseRulesRequest';
import {
  parseEntityPath,
  parseViewRequest,
  ViewRequest,
} from './parseViewRequest';
import { ViewRecorder, viewActionOf } from '../team/viewRecorder';
import type { ViewCache } from './viewCache';
import type { ViewRateLimit } from './viewRateLimit';
import { MetricsTelemetry, secondsSince } from '../telemetry';
import { badPathErrors, notFound, rejectOtherMethods } from './fallthrough';

export interface RouterOptions {
  sources: ReadonlyArray<MetricsSource>;
  httpAuth: HttpAuthService;
  entityViews: EntityViewService;
  groupViews: GroupViewService;
  /** Answers the `…/rules` endpoints. */
  rules: SloRules;
  /** Answers `/v1/entities/…/configuration-check`. */
  configurationChecks: Pick<ConfigurationCheckService, 'check'>;
  viewCache: ViewCache;
  /** Views (and configuration checks) one requester may ask for per minute. */
  viewRateLimit?: ViewRateLimit;
  /** Records who looked at which metrics, for the maturity evidence. */
  viewRecorder: ViewRecorder;
  /** Answers `/health/ready`. */
  readiness: Pick<ReadinessProbe, 'check'>;
  /** The team endpoints (createTeamRouter). */
  teamRouter: express.Router;
  /** Records each request's duration by route pattern. */
  telemetry?: MetricsTelemetry;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, entityViews, groupViews, viewCache, viewRecorder } =
    options;
  const cacheKey = (view: string, r: ViewRequest) => [
    view,
    r.entityRef.kind,
    r.entityRef.namespace,
    r.entityRef.name,
    r.range,
    r.end,
    r.compare ?? '',
  ];
  // The squad view holds the marked north star: its version is part of the key.
  const groupCacheKey = async (view: string, r: ViewRequest) => [
    ...cacheKey(view, r),
    await groupViews.cacheVersion(r.entityRef),
  ];
  /** Takes one view from the requester's budget; when it is spent, says when to come back. */
  const limitViews = (
    credentials: BackstageCredentials,
    res: express.Response,
  ) => {
    try {
      options.viewRateLimit?.take(credentials);
    } catch (error) {
      const after = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (after !== undefined) res.set('Retry-After', String(after));
      throw error;
    }
  };
  const router = Router();
  if (options.telemetry) router.use(timeRequests(options.telemetry));
  // Bodies are read by the routes that take one (jsonBody in the team router).

  // Public, for probes: says nothing about the configuration.
  router.get('/health', (_req, res) => {
    const body: MetricsHealthResponse = { status: 'ok' };
    res.json(body);
  });

  // Public, for readiness probes: which sources answer, by id and reason code only.
  router.get('/health/ready', async (_req, res) => {
    const { ready, body } = await options.readiness.check();
    res.status(ready ? 200 : 503).json(body);
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

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const request = parseViewRequest(req.params, req.query, {
      nowAlignmentSeconds: viewCache.nowAlignmentSeconds,
    });
    const credentials = await httpAuth.credentials(req);
    limitViews(credentials, res);
    // Recorded alongside the view, not after it: cached answers are looks too.
    const [body] = await Promise.all([
      viewCache.getOrCompute(cacheKey('entity', request), credentials, () =>
        entityViews.getEntityView(request, credentials),
      ),
      viewRecorder.record(credentials, {
        targetRef: stringifyEntityRef(request.entityRef),
        action: viewActionOf('entity', req.query),
      }),
    ]);
    res.json(body);
  });

  // Asks Prometheus on every call (metadata only), so neither cached nor part of the view.
  router.get(
    '/v1/entities/:kind/:namespace/:name/configuration-check',
    async (req, res) => {
      const entityRef = parseEntityPath(req.params);
      const credentials = await httpAuth.credentials(req);
      limitViews(credentials, res);
      res.json(await options.configurationChecks.check(entityRef, credentials));
    },
  );

  // Generated from the catalog on each call: cheap (no Prometheus query), and never stale.
  const sendRules = (res: express.Response, file: RulesFile) => {
    res
      .type('application/yaml')
      .set('Content-Disposition', `inline; filename="${file.filename}"`)
      .send(file.text);
  };
  router.get('/v1/entities/:kind/:namespace/:name/rules', async (req, res) => {
    const request = parseRulesRequest(req.params, req.query);
    const credentials = await httpAuth.credentials(req);
    sendRules(res, await options.rules.entityRules(request, credentials));
  });
  router.get('/v1/groups/:namespace/:name/rules', async (req, res) => {
    const request = parseRulesRequest(req.params, req.query, 'group');
    const credentials = await httpAuth.credentials(req);
    sendRules(res, await options.rules.groupRules(request, credentials));
  });

  router.get('/v1/groups/:namespace/:name', async (req, res) => {
    const request = parseViewRequest(req.params, req.query, {
      fixedKind: 'group',
      nowAlignmentSeconds: viewCache.nowAlignmentSeconds,
    });
    const credentials = await httpAuth.credentials(req);
    limitViews(credentials, res);
    const [body] = await Promise.all([
      groupCacheKey('group', request).then(key =>
        viewCache.getOrCompute(key, credentials, () =>
          groupViews.getGroupView(request, credentials),
        ),
      ),
      viewRecorder.record(credentials, {
        targetRef: stringifyEntityRef(request.entityRef),
        action: viewActionOf('group', req.query),
      }),
    ]);
    res.json(body);
  });

  // For a screen in a room (TV mode): seen by visitors, so no sensitive metric whatever the
  // caller may read. Built and cached like the group view; not recorded as a look (a screen
  // refreshing itself is nobody looking).
  router.get('/v1/groups/:namespace/:name/tv', async (req, res) => {
    const request = parseViewRequest(req.params, req.query, {
      fixedKind: 'group',
      nowAlignmentSeconds: viewCache.nowAlignmentSeconds,
    });
    const credentials = await httpAuth.credentials(req);
    limitViews(credentials, res);
    res.json(
      await viewCache.getOrCompute(
        await groupCacheKey('tv', request),
        credentials,
        () =>
          groupViews.getGroupView(request, credentials, {
            sensitive: 'never',
          }),
      ),
    );
  });

  // Wrong methods and unknown paths answer in Backstage's standard error body.
  rejectOtherMethods(router);
  router.use(options.teamRouter);
  router.use(notFound());
  router.use(badPathErrors());

  return router;
}

/**
 * Times every request, labelled by the route pattern that answered it (set by Express on
 * `req.route` when a route matched, also in the team router) rather than the path, so entity
 * names never become label values.
 */
function timeRequests(telemetry: MetricsTelemetry): express.RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const route: unknown = req.route?.path;
      telemetry.request({
        route: typeof route === 'string' ? route : 'unmatched',
        method: req.method,
        status: res.statusCode,
        seconds: secondsSince(started),
      });
    });
    next();
  };
}
