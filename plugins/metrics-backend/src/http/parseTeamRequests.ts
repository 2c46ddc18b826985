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
  ReviewDecision,
  isDay,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { ENTITY_NAME_PATTERN as NAME } from './parseViewRequest';

const GOAL_ID = /^[a-zA-Z0-9_-]{1,100}$/;
const MAX_METRIC_ID = 200;
const MAX_TEXT = 2000;
const MAX_METRICS_LOOKED_AT = 100;
const DECISIONS: ReviewDecision[] = ['act', 'no-action'];

type Body = Record<string, unknown>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectBody(body: unknown, allowed: string[]): Body {
  if (!isObject(body)) {
    throw new InputError('Request body must be a JSON object');
  }
  const unknown = Object.keys(body).filter(key => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new InputError(
      `Unknown field ${unknown
        .map(k => `'${k}'`)
        .join(', ')} in request body; expected ${allowed
        .map(k => `'${k}'`)
        .join(', ')}`,
    );
  }
  return body;
}

function finiteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`'${field}' must be a finite number`);
  }
  return value;
}

/** Blank text counts as absent, so an emptied form field does not store "". */
function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`'${field}' must be a string`);
  }
  if (value.length > MAX_TEXT) {
    throw new InputError(
      `'${field}' must be at most ${MAX_TEXT} characters, got ${value.length}`,
    );
  }
  return value.trim() === '' ? undefined : value;
}

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

function metricRef(value: unknown, field: string): MetricRef {
  if (!isObject(value)) {
    throw new InputError(
      `'${field}' must be an object with 'entityRef' and 'metricId'`,
    );
  }
  const entityRef = entityRefString(value.entityRef, `${field}.entityRef`);
  const metricId = value.metricId;
  if (typeof metricId !== 'string' || metricId.trim() === '') {
    throw new InputError(`'${field}.metricId' must be a non-empty string`);
  }
  if (metricId.length > MAX_METRIC_ID) {
    throw new InputError(
      `'${field}.metricId' must be at most ${MAX_METRIC_ID} characters`,
    );
  }
  return { entityRef, metricId };
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
  const input = objectBody(body, [
    'metric',
    'target',
    'dueDate',
    'baseline',
    'notes',
  ]);
  const metric = metricRef(input.metric, 'metric');
  const target = finiteNumber(input.target, 'target');
  const { dueDate } = input;
  if (!isDay(dueDate)) {
    throw new InputError(
      `'dueDate' must be a day as YYYY-MM-DD, got ${JSON.stringify(dueDate)}`,
    );
  }
  if (dueDate < today) {
    throw new InputError(
      `'dueDate' must not be in the past, got ${dueDate} (today is ${today})`,
    );
  }
  const request: CreateGoalRequest = { metric, target, dueDate };
  if (input.baseline !== undefined && input.baseline !== null) {
    request.baseline = finiteNumber(input.baseline, 'baseline');
  }
  const notes = optionalText(input.notes, 'notes');
  if (notes !== undefined) request.notes = notes;
  return request;
}

export function parseCreateFollowUpRequest(
  body: unknown,
): CreateFollowUpRequest {
  // An empty POST is a valid follow-up: the outcome is measured, `met` computed.
  const input = objectBody(body ?? {}, ['notes', 'met']);
  const request: CreateFollowUpRequest = {};
  const notes = optionalText(input.notes, 'notes');
  if (notes !== undefined) request.notes = notes;
  if (input.met !== undefined && input.met !== null) {
    if (typeof input.met !== 'boolean') {
      throw new InputError(`'met' must be true or false`);
    }
    request.met = input.met;
  }
  return request;
}

/** The parsed review always names its week: the current one unless given. */
export type ParsedReviewRequest = CreateReviewRequest & { week: string };

export function parseCreateReviewRequest(
  body: unknown,
  today: string,
): ParsedReviewRequest {
  const input = objectBody(body, [
    'week',
    'metricsLookedAt',
    'decision',
    'actionText',
    'linkedMetric',
  ]);
  const currentWeek = weekOf(today);
  let week = currentWeek;
  if (input.week !== undefined && input.week !== null) {
    if (!isDay(input.week) || weekOf(input.week) !== input.week) {
      throw new InputError(
        `'week' must be the Monday of the week reviewed as YYYY-MM-DD, got ${JSON.stringify(
          input.week,
        )}`,
      );
    }
    if (input.week > currentWeek) {
      throw new InputError(
        `'week' must not be in the future, got ${input.week} (this week is ${currentWeek})`,
      );
    }
    week = input.week;
  }

  if (!Array.isArray(input.metricsLookedAt)) {
    throw new InputError(`'metricsLookedAt' must be an array of metrics`);
  }
  if (input.metricsLookedAt.length > MAX_METRICS_LOOKED_AT) {
    throw new InputError(
      `'metricsLookedAt' must list at most ${MAX_METRICS_LOOKED_AT} metrics, got ${input.metricsLookedAt.length}`,
    );
  }
  const seen = new Set<string>();
  const metricsLookedAt: MetricRef[] = [];
  input.metricsLookedAt.forEach((item, index) => {
    const ref = metricRef(item, `metricsLookedAt[${index}]`);
    const key = `${ref.entityRef}\u0000${ref.metricId}`;
    if (!seen.has(key)) {
      seen.add(key);
      metricsLookedAt.push(ref);
    }
  });

  const decision = input.decision;
  if (!DECISIONS.includes(decision as ReviewDecision)) {
    throw new InputError(
      `'decision' must be one of ${DECISIONS.map(d => `'${d}'`).join(
        ', ',
      )}, got ${JSON.stringify(decision)}`,
    );
  }
  const actionText = optionalText(input.actionText, 'actionText');
  if (decision === 'act' && actionText === undefined) {
    throw new InputError(
      `'actionText' is required when the decision is 'act': say what the team will do`,
    );
  }

  const request: ParsedReviewRequest = {
    week,
    metricsLookedAt,
    decision: decision as ReviewDecision,
  };
  if (actionText !== undefined) request.actionText = actionText;
  if (input.linkedMetric !== undefined && input.linkedMetric !== null) {
    request.linkedMetric = metricRef(input.linkedMetric, 'linkedMetric');
  }
  return request;
}
