import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CreateFollowUpRequest,
  CreateGoalRequest,
  CreateReviewRequest,
  MetricRef,
  createFollowUpRequestSchema,
  createGoalRequestSchema,
  createReviewRequestSchema,
  parseRequestBody,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { ENTITY_NAME_PATTERN as NAME } from './parseViewRequest';

const GOAL_ID = /^[a-zA-Z0-9_-]{1,100}$/;
const MAX_METRIC_ID = 200;

function entityRefString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new InputError(
      `'${field}' must be an entity reference such as 'component:default/checkout-api'`,
    );
  }
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value);
  } catch {
    throw new InputError(
      `'${field}' must be an entity reference such as 'component:default/checkout-api', got '${value}'`,
    );
  }
  return stringifyEntityRef(ref);
}

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
    throw new InputError(`Invalid team namespace '${namespace}'`);
  }
  if (!NAME.test(name)) throw new InputError(`Invalid team name '${name}'`);
  return {
    kind: 'group',
    namespace: namespace.toLocaleLowerCase('en-US'),
    name,
  };
}

export function parseGoalId(params: { goalId?: string }): string {
  const goalId = params.goalId ?? '';
  if (!GOAL_ID.test(goalId))
    throw new InputError(`Invalid goal id '${goalId}'`);
  return goalId;
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
  return {
    entityRef: entityRefString(
      single(query.entityRef, 'entityRef'),
      'entityRef',
    ),
    metricId,
  };
}

/** `today` is the caller's current UTC day: a goal cannot be due in the past. */
export function parseCreateGoalRequest(
  body: unknown,
  today: string,
): CreateGoalRequest {
  const request = parseRequestBody(createGoalRequestSchema, body);
  if (request.dueDate < today) {
    throw new InputError(
      `'dueDate' must not be in the past, got ${request.dueDate} (today is ${today})`,
    );
  }
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
  const currentWeek = weekOf(today);
  if (request.week !== undefined && request.week > currentWeek) {
    throw new InputError(
      `'week' must not be in the future, got ${request.week} (this week is ${currentWeek})`,
    );
  }
  return { ...request, week: request.week ?? currentWeek };
}
