import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Goal,
  GoalListResponse,
  MaturityCsvTeam,
  MaturityFilter,
  MaturityListResponse,
  ReviewListResponse,
  TeamMaturity,
  WeeklyReview,
  dayOf,
  maturityCsvFileName,
  maturityCsvHeader,
  maturityCsvLine,
  metricsFollowUpCreatePermission,
  metricsGoalCreatePermission,
  metricsReviewCreatePermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import express from 'express';
import Router from 'express-promise-router';
import { loadEntity } from '../catalog/loadEntity';
import { MetricsAuditEventId, audited } from './audit';
import { rejectOtherMethods } from './fallthrough';
import { jsonBody } from './jsonBody';
import {
  parseMaturityExportQuery,
  parseMaturityListQuery,
} from './parseMaturityQuery';
import type { GoalService } from '../team/GoalService';
import {
  parseCreateFollowUpRequest,
  parseCreateGoalRequest,
  parseCreateReviewRequest,
  parseGoalId,
  parseListOptions,
  parseMetricValueQuery,
  parseSetNorthStarRequest,
  parseReviewId,
  parseTeamParams,
  parseUpdateFollowUpRequest,
  parseUpdateGoalRequest,
  parseUpdateReviewRequest,
  parseWithdrawRequest,
} from './parseTeamRequests';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { authorizeTeamAction } from '../team/permissions';
import type { NorthStarService } from '../team/NorthStarService';
import type { ReviewService } from '../team/ReviewService';

/** What the router needs of MaturityService. */
export interface TeamMaturityReader {
  list(
    filter: MaturityFilter,
    page: { limit: number; offset: number },
  ): Promise<MaturityListResponse>;
  listForExport(filter: MaturityFilter): Promise<MaturityCsvTeam[]>;
  getTeam(teamRef: string): Promise<TeamMaturity>;
}

export interface TeamRouterOptions {
  httpAuth: HttpAuthService;
  /** Records every goal, follow-up and review write, including refused ones. */
  auditor: AuditorService;
  catalog: CatalogService;
  permissions: PermissionsService;
  goals: GoalService;
  reviews: ReviewService;
  northStars: NorthStarService;
  maturity: TeamMaturityReader;
  now?: () => Date;
}

/**
 * The team endpoints: maturity, goals and follow-ups, metric values and weekly reviews.
 * Writes need a user (they are signed by the user's entity ref) and the team permission.
 */
export function createTeamRouter(options: TeamRouterOptions): express.Router {
  const {
    httpAuth,
    auditor,
    catalog,
    permissions,
    goals,
    reviews,
    northStars,
    maturity,
  } = options;
  const today = () => dayOf(options.now?.() ?? new Date());

  /** The team as the caller sees it: 404 when it does not exist or is not a Group. */
  const loadTeam = (
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> =>
    loadEntity(catalog, ref, credentials, { kind: 'group' });

  async function userCredentials(req: express.Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return { credentials, userRef: credentials.principal.userEntityRef };
  }

  /** The team of the path, as given: audit events name it before it is looked up. */
  const teamOf = (req: express.Request) => ({
    teamRef: stringifyEntityRef({
      kind: 'group',
      namespace: String(req.params.namespace),
      name: String(req.params.name),
    }),
  });

  /**
   * One write on the team of the path, as an audit event, in the create routes' order: the
   * request is parsed (400), the caller must be a user (401), the team visible (404) and the
   * caller allowed `permission` on it (403), then `write` runs.
   */
  function teamWrite<P, T>(
    req: express.Request,
    event: {
      eventId: MetricsAuditEventId;
      meta: JsonObject;
      permission: ResourcePermission<'metrics-team'>;
    },
    parse: () => P,
    write: (
      team: Entity,
      request: P,
      caller: Awaited<ReturnType<typeof userCredentials>>,
    ) => Promise<T>,
    successMeta: (result: T) => JsonObject,
  ): Promise<T> {
    return audited(
      auditor,
      {
        eventId: event.eventId,
        request: req,
        meta: { ...teamOf(req), ...event.meta },
      },
      async () => {
        const ref = parseTeamParams(req.params);
        const request = parse();
        const caller = await userCredentials(req);
        const team = await loadTeam(ref, caller.credentials);
        await authorizeTeamAction(
          permissions,
          event.permission,
          stringifyEntityRef(team),
          caller.credentials,
        );
        return write(team, request, caller);
      },
      successMeta,
    );
  }

  const goalMeta = (goal: Goal) => ({
    goalId: goal.id,
    revision: goal.revision,
    status: goal.status,
  });
  const followUpMeta = (goal: Goal) => ({
    goalId: goal.id,
    status: goal.status,
  });
  const reviewMeta = (review: WeeklyReview) => ({
    reviewId: review.id,
    revision: review.revision,
    week: review.week,
    decision: review.decision,
  });

  const router = Router();

  router.get('/v1/maturity', async (req, res) => {
    const { filter, page } = parseMaturityListQuery(req.query);
    await httpAuth.credentials(req);
    res.json(await maturity.list(filter, page));
  });

  // Every filtered team, written line by line; the page downloads it as is.
  router.get('/v1/maturity.csv', async (req, res) => {
    const filter = parseMaturityExportQuery(req.query);
    await httpAuth.credentials(req);
    const teams = await maturity.listForExport(filter);
    const fileName = maturityCsvFileName(
      options.now?.() ?? new Date(),
      filter.parent,
    );
    res.status(200);
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    // The byte order mark makes spreadsheet programs read the file as UTF-8.
    res.write(`\uFEFF${maturityCsvHeader()}`);
    for (const team of teams) {
      if (!res.write(maturityCsvLine(team))) {
        await new Promise(resolve => res.once('drain', resolve));
      }
    }
    res.end();
  });

  router.get('/v1/maturity/:namespace/:name', async (req, res) => {
    const ref = parseTeamParams(req.params);
    const team = await loadTeam(ref, await httpAuth.credentials(req));
    res.json(await maturity.getTeam(stringifyEntityRef(team)));
  });

  router.get('/v1/teams/:namespace/:name/goals', async (req, res) => {
    const ref = parseTeamParams(req.params);
    const team = await loadTeam(ref, await httpAuth.credentials(req));
    const body: GoalListResponse = {
      items: await goals.list(
        stringifyEntityRef(team),
        parseListOptions(req.query),
      ),
    };
    res.json(body);
  });

  router.post(
    '/v1/teams/:namespace/:name/goals',
    jsonBody(),
    async (req, res) => {
      const goal = await audited(
        auditor,
        { eventId: 'goal-create', request: req, meta: teamOf(req) },
        async () => {
          const ref = parseTeamParams(req.params);
          const request = parseCreateGoalRequest(req.body, today());
          const caller = await userCredentials(req);
          const team = await loadTeam(ref, caller.credentials);
          await authorizeTeamAction(
            permissions,
            metricsGoalCreatePermission,
            stringifyEntityRef(team),
            caller.credentials,
          );
          return goals.create(team, request, caller);
        },
        created => ({ goalId: created.id, metric: { ...created.metric } }),
      );
      res.status(201).json(goal);
    },
  );

  router.post(
    '/v1/teams/:namespace/:name/goals/:goalId/follow-up',
    jsonBody(),
    async (req, res) => {
      const goal = await audited(
        auditor,
        {
          eventId: 'follow-up-create',
          request: req,
          meta: { ...teamOf(req), goalId: String(req.params.goalId) },
        },
        async () => {
          const ref = parseTeamParams(req.params);
          const goalId = parseGoalId(req.params);
          const request = parseCreateFollowUpRequest(req.body);
          const caller = await userCredentials(req);
          const team = await loadTeam(ref, caller.credentials);
          const teamRef = stringifyEntityRef(team);
          await authorizeTeamAction(
            permissions,
            metricsFollowUpCreatePermission,
            teamRef,
            caller.credentials,
          );
          return goals.followUp(teamRef, goalId, request, caller);
        },
        followedUp => ({ goalId: followedUp.id, status: followedUp.status }),
      );
      res.status(201).json(goal);
    },
  );

  // Editing records (docs/api.md#editing-records): the create routes' permissions and audit.

  router.put(
    '/v1/teams/:namespace/:name/goals/:goalId',
    jsonBody(),
    async (req, res) => {
      const goalId = String(req.params.goalId);
      const goal = await teamWrite(
        req,
        {
          eventId: 'goal-update',
          meta: { goalId },
          permission: metricsGoalCreatePermission,
        },
        () => ({
          id: parseGoalId(req.params),
          body: parseUpdateGoalRequest(req.body),
        }),
        (team, { id, body }, caller) =>
          goals.update(stringifyEntityRef(team), id, body, caller),
        goalMeta,
      );
      res.json(goal);
    },
  );

  router.delete(
    '/v1/teams/:namespace/:name/goals/:goalId',
    jsonBody(),
    async (req, res) => {
      const goalId = String(req.params.goalId);
      const goal = await teamWrite(
        req,
        {
          eventId: 'goal-withdraw',
          meta: { goalId },
          permission: metricsGoalCreatePermission,
        },
        () => ({
          id: parseGoalId(req.params),
          body: parseWithdrawRequest(req.body),
        }),
        (team, { id, body }, caller) =>
          goals.withdraw(stringifyEntityRef(team), id, body, caller),
        goalMeta,
      );
      res.json(goal);
    },
  );

  router.put(
    '/v1/teams/:namespace/:name/goals/:goalId/follow-up',
    jsonBody(),
    async (req, res) => {
      const goalId = String(req.params.goalId);
      const goal = await teamWrite(
        req,
        {
          eventId: 'follow-up-update',
          meta: { goalId },
          permission: metricsFollowUpCreatePermission,
        },
        () => ({
          id: parseGoalId(req.params),
          body: parseUpdateFollowUpRequest(req.body),
        }),
        (team, { id, body }, caller) =>
          goals.updateFollowUp(stringifyEntityRef(team), id, body, caller),
        followUpMeta,
      );
      res.json(goal);
    },
  );

  router.delete(
    '/v1/teams/:namespace/:name/goals/:goalId/follow-up',
    jsonBody(),
    async (req, res) => {
      const goalId = String(req.params.goalId);
      const goal = await teamWrite(
        req,
        {
          eventId: 'follow-up-withdraw',
          meta: { goalId },
          permission: metricsFollowUpCreatePermission,
        },
        () => ({
          id: parseGoalId(req.params),
          body: parseWithdrawRequest(req.body),
        }),
        (team, { id, body }, caller) =>
          goals.withdrawFollowUp(stringifyEntityRef(team), id, body, caller),
        followUpMeta,
      );
      res.json(goal);
    },
  );

  router.get(
    '/v1/teams/:namespace/:name/goals/:goalId/history',
    async (req, res) => {
      const ref = parseTeamParams(req.params);
      const goalId = parseGoalId(req.params);
      const team = await loadTeam(ref, await httpAuth.credentials(req));
      res.json(await goals.history(stringifyEntityRef(team), goalId));
    },
  );

  router.get('/v1/teams/:namespace/:name/metric-value', async (req, res) => {
    const ref = parseTeamParams(req.params);
    const metric = parseMetricValueQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    const team = await loadTeam(ref, credentials);
    res.json(await goals.metricValue(team, metric, credentials));
  });

  router.get('/v1/teams/:namespace/:name/reviews', async (req, res) => {
    const ref = parseTeamParams(req.params);
    const team = await loadTeam(ref, await httpAuth.credentials(req));
    const body: ReviewListResponse = {
      items: await reviews.list(
        stringifyEntityRef(team),
        parseListOptions(req.query),
      ),
    };
    res.json(body);
  });

  router.post(
    '/v1/teams/:namespace/:name/reviews',
    jsonBody(),
    async (req, res) => {
      const review = await audited(
        auditor,
        { eventId: 'review-create', request: req, meta: teamOf(req) },
        async () => {
          const ref = parseTeamParams(req.params);
          const request = parseCreateReviewRequest(req.body, today());
          const caller = await userCredentials(req);
          const team = await loadTeam(ref, caller.credentials);
          await authorizeTeamAction(
            permissions,
            metricsReviewCreatePermission,
            stringifyEntityRef(team),
            caller.credentials,
          );
          return reviews.create(team, request, caller);
        },
        recorded => ({
          reviewId: recorded.id,
          week: recorded.week,
          decision: recorded.decision,
        }),
      );
      res.status(201).json(review);
    },
  );

  router.get('/v1/teams/:namespace/:name/north-star', async (req, res) => {
    const ref = parseTeamParams(req.params);
    const credentials = await httpAuth.credentials(req);
    const team = await loadTeam(ref, credentials);
    res.json(await northStars.get(team, credentials));
  });

  router.put(
    '/v1/teams/:namespace/:name/north-star',
    jsonBody(),
    async (req, res) => {
      // Marking the north star is setting the team's direction: the goal writers' permission.
      const view = await teamWrite(
        req,
        {
          eventId: 'north-star-set',
          meta: {},
          permission: metricsGoalCreatePermission,
        },
        () => parseSetNorthStarRequest(req.body),
        (team, request, caller) => northStars.set(team, request, caller),
        set => ({ metric: { ...set.metric } }),
      );
      res.status(200).json(view);
    },
  );

  router.delete('/v1/teams/:namespace/:name/north-star', async (req, res) => {
    await teamWrite(
      req,
      {
        eventId: 'north-star-clear',
        meta: {},
        permission: metricsGoalCreatePermission,
      },
      () => undefined,
      team => northStars.clear(team),
      cleared => ({ cleared }),
    );
    res.status(204).end();
  });
  router.put(
    '/v1/teams/:namespace/:name/reviews/:reviewId',
    jsonBody(),
    async (req, res) => {
      const reviewId = String(req.params.reviewId);
      const review = await teamWrite(
        req,
        {
          eventId: 'review-update',
          meta: { reviewId },
          permission: metricsReviewCreatePermission,
        },
        () => ({
          id: parseReviewId(req.params),
          body: parseUpdateReviewRequest(req.body),
        }),
        (team, { id, body }, caller) => reviews.update(team, id, body, caller),
        reviewMeta,
      );
      res.json(review);
    },
  );

  router.delete(
    '/v1/teams/:namespace/:name/reviews/:reviewId',
    jsonBody(),
    async (req, res) => {
      const reviewId = String(req.params.reviewId);
      const review = await teamWrite(
        req,
        {
          eventId: 'review-withdraw',
          meta: { reviewId },
          permission: metricsReviewCreatePermission,
        },
        () => ({
          id: parseReviewId(req.params),
          body: parseWithdrawRequest(req.body),
        }),
        (team, { id, body }, caller) =>
          reviews.withdraw(stringifyEntityRef(team), id, body, caller),
        reviewMeta,
      );
      res.json(review);
    },
  );

  router.get(
    '/v1/teams/:namespace/:name/reviews/:reviewId/history',
    async (req, res) => {
      const ref = parseTeamParams(req.params);
      const reviewId = parseReviewId(req.params);
      const team = await loadTeam(ref, await httpAuth.credentials(req));
      res.json(await reviews.history(stringifyEntityRef(team), reviewId));
    },
  );

  rejectOtherMethods(router);
  return router;
}
