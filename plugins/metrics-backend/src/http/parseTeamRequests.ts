import { CompoundEntityRef, DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CreateFollowUpRequest,
  CreateGoalRequest,
  CreateReviewRequest,
  MetricRef,
  SetNorthStarRequest,
  RecordListOptions,
  UpdateFollowUpRequest,
  UpdateGoalRequest,
  UpdateReviewRequest,
  WithdrawRequest,
  clipInput,
  createFollowUpRequestSchema,
  createGoalRequestSchema,
  createReviewRequestSchema,
  metricRefSchema,
  parseRequestBody,
  setNorthStarRequestSchema,
  updateFollowUpRequestSchema,
  updateGoalRequestSchema,
  updateReviewRequestSchema,
  weekOf,
  withdrawRequestSchema,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  checkDayWindow,
  goalDueDateWindow,
  reviewWeekWindow,
} from './dateWindows';
import { ENTITY_NAME_PATTERN as NAME } from './parseViewRequest';

// Goal and review ids are UUIDs; anything else of this shape is simply not found.
const RECORD_ID = /^[a-zA-Z0-9_-]{1,100}$/;
const MAX_METRIC_ID = 200;

function single(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(`Query parameter '${name}' is required, once`);
  }
  return value;
}

/** `/teams/{namespace}/{name}` (and `/maturity/…`): a Group by namespace and name. */
export function parseTeamParams(params: {
  namespace?: string;
  name?: string;
}): CompoundEntityRef {
  const namespace = params.namespace || DEFAULT_NAMESPACE;
  const name = params.name ?? '';
  if (!NAME.test(namespace)) {
    throw new InputError(`Invalid team namespace '${clipInput(namespace)}'`);
  }
  if (!NAME.test(name)) {
    throw new InputError(`Invalid team name '${clipInput(name)}'`);
  }
  return {
    kind: 'group',
    namespace: namespace.toLocaleLowerCase('en-US'),
    name,
  };
}

export function parseGoalId(params: { goalId?: string }): string {
  const goalId = params.goalId ?? '';
  if (!RECORD_ID.test(goalId)) {
    throw new InputError(`Invalid goal id '${clipInput(goalId)}'`);
  }
  return goalId;
}

export function parseReviewId(params: { reviewId?: string }): string {
  const reviewId = params.reviewId ?? '';
  if (!RECORD_ID.test(reviewId)) {
    throw new InputError(`Invalid review id '${clipInput(reviewId)}'`);
  }
  return reviewId;
}

/** `?include=withdrawn` of the goal and review lists; nothing else may be included. */
export function parseListOptions(
  query: Record<string, unknown>,
): RecordListOptions {
  const include = query.include;
  if (include === undefined) return {};
  if (include !== 'withdrawn') {
    throw new InputError(
      `Query parameter 'include' may only be 'withdrawn', once; got ${clipInput(
        String(JSON.stringify(include)),
      )}`,
    );
  }
  return { includeWithdrawn: true };
}

/*
 * Edits and withdrawals: the body's fields only. Dates are checked against the windows of new
 * records by the services, and only when they change, so a goal past its due date can still be
 * corrected.
 */

export function parseUpdateGoalRequest(body: unknown): UpdateGoalRequest {
  return parseRequestBody(updateGoalRequestSchema, body);
}

export function parseUpdateFollowUpRequest(
  body: unknown,
): UpdateFollowUpRequest {
  return parseRequestBody(updateFollowUpRequestSchema, body);
}

export function parseUpdateReviewRequest(body: unknown): UpdateReviewRequest {
  return parseRequestBody(updateReviewRequestSchema, body);
}

export function parseWithdrawRequest(body: unknown): WithdrawRequest {
  // Without a body, the revision is missing: the 400 says so.
  return parseRequestBody(withdrawRequestSchema, body ?? {});
}

/** `?entityRef=…&metricId=…` of `GET …/metric-value`. */
export function parseMetricValueQuery(
  query: Record<string, unknown>,
): MetricRef {
  const metricId = single(query.metricId, 'metricId');
  if (metricId.length > MAX_METRIC_ID) {
    throw new InputError(
      `Query parameter 'metricId' must be at most ${MAX_METRIC_ID} characters`,
    );
  }
  // The body's rules for a metric ref: a ref the catalog could hold, normalized.
  return parseRequestBody(metricRefSchema, {
    entityRef: single(query.entityRef, 'entityRef'),
    metricId,
  });
}

/** `today` is the caller's current UTC day: a goal is due from today to 5 years ahead. */
export function parseCreateGoalRequest(
  body: unknown,
  today: string,
): CreateGoalRequest {
  const request = parseRequestBody(createGoalRequestSchema, body);
  checkDayWindow('dueDate', request.dueDate, goalDueDateWindow(today));
  return request;
}

export function parseCreateFollowUpRequest(
  body: unknown,
): CreateFollowUpRequest {
  // An empty POST is a valid follow-up: the outcome is measured, `met` computed.
  return parseRequestBody(createFollowUpRequestSchema, body ?? {});
}

/** The parsed review always names its week: the current one unless given. */
export type ParsedReviewRequest = CreateReviewRequest & { week: string };

export function parseCreateReviewRequest(
  body: unknown,
  today: string,
): ParsedReviewRequest {
  const request = parseRequestBody(createReviewRequestSchema, body);
  if (request.week !== undefined) {
    checkDayWindow('week', request.week, reviewWeekWindow(today));
  }
  return { ...request, week: request.week ?? weekOf(today) };
}

/** Body of `PUT …/north-star`. */
export function parseSetNorthStarRequest(body: unknown): SetNorthStarRequest {
  return parseRequestBody(setNorthStarRequestSchema, body);
}
