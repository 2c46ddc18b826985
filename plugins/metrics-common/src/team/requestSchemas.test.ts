import { InputError } from '@backstage/errors';
import {
  createReviewRequestSchema,
  parseRequestBody,
  reviewDecisionProblem,
  updateFollowUpRequestSchema,
  updateGoalRequestSchema,
  updateReviewRequestSchema,
  withdrawRequestSchema,
} from './requestSchemas';

const metric = {
  entityRef: 'component:default/checkout-api',
  metricId: 'slo:availability',
};

describe('edit and withdrawal bodies', () => {
  it('keeps absent fields absent and clears blank or null text', () => {
    expect(
      parseRequestBody(updateGoalRequestSchema, {
        target: 0.99,
        notes: '  ',
        revision: 2,
      }),
    ).toEqual({ target: 0.99, notes: null, revision: 2 });
    expect(
      parseRequestBody(updateGoalRequestSchema, { notes: null, revision: 1 }),
    ).toEqual({ notes: null, revision: 1 });
    expect(
      parseRequestBody(updateFollowUpRequestSchema, {
        met: false,
        revision: 1,
        reason: 'Measured during the freeze',
      }),
    ).toEqual({
      met: false,
      revision: 1,
      reason: 'Measured during the freeze',
    });
  });

  it.each([
    [
      { target: 0.99 },
      "'revision' must be the revision the change was made on",
    ],
    [{ revision: 0 }, "'revision' must be the revision"],
    [{ revision: '2' }, "'revision' must be the revision"],
    [
      { revision: 1, dueDate: '31.12.2026' },
      "'dueDate' must be a day as YYYY-MM-DD",
    ],
    [{ revision: 1, metric }, "Unknown field 'metric' in request body"],
    [
      { revision: 1, notes: 'x'.repeat(2001) },
      "'notes' must be at most 2000 characters",
    ],
  ])('refuses the goal edit %j', (body, message) => {
    expect(() => parseRequestBody(updateGoalRequestSchema, body)).toThrow(
      InputError,
    );
    expect(() => parseRequestBody(updateGoalRequestSchema, body)).toThrow(
      message,
    );
  });

  it("takes any of a review's fields, with the creation's checks", () => {
    expect(
      parseRequestBody(updateReviewRequestSchema, {
        metricsLookedAt: [
          metric,
          { ...metric, entityRef: 'component:checkout-api' },
        ],
        linkedMetric: null,
        actionText: '',
        revision: 3,
      }),
    ).toEqual({
      metricsLookedAt: [metric],
      linkedMetric: null,
      actionText: null,
      revision: 3,
    });
    expect(() =>
      parseRequestBody(updateReviewRequestSchema, {
        week: '2026-11-18',
        revision: 1,
      }),
    ).toThrow("'week' must be the Monday of the week reviewed");
    expect(() =>
      parseRequestBody(updateReviewRequestSchema, {
        author: 'me',
        revision: 1,
      }),
    ).toThrow("Unknown field 'author'");
  });

  it('takes a withdrawal with the revision and an optional reason', () => {
    expect(parseRequestBody(withdrawRequestSchema, { revision: 4 })).toEqual({
      revision: 4,
    });
    expect(() => parseRequestBody(withdrawRequestSchema, {})).toThrow(
      "'revision' must be",
    );
  });
});

describe('reviewDecisionProblem', () => {
  it('asks a decision to act for its action, on new and edited reviews', () => {
    expect(reviewDecisionProblem({ decision: 'act' })).toEqual({
      field: 'actionText',
      message:
        "is required when the decision is 'act': say what the team will do",
    });
    expect(
      reviewDecisionProblem({ decision: 'act', actionText: ' ' }),
    ).toBeDefined();
    expect(
      reviewDecisionProblem({ decision: 'act', actionText: null }),
    ).toBeDefined();
    expect(
      reviewDecisionProblem({ decision: 'act', actionText: 'Add retries' }),
    ).toBeUndefined();
    expect(reviewDecisionProblem({ decision: 'no-action' })).toBeUndefined();
    expect(() =>
      parseRequestBody(createReviewRequestSchema, {
        metricsLookedAt: [],
        decision: 'act',
      }),
    ).toThrow("'actionText' is required when the decision is 'act'");
  });
});
