import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
// zod 4's v3 API, as in definitions/schema.ts: one zod package and one API in the tree.
import { z } from 'zod/v3';
import { clipInput } from '../clipInput';
import { POLICY_STEP_NAME_PATTERN } from '../definitions/schema';
import { isDay, weekOf } from './dates';
import type {
  CreateFollowUpRequest,
  CreateGoalRequest,
  CreateReviewRequest,
  MetricRef,
  ReviewDecision,
  SetNorthStarRequest,
  UpdateFollowUpRequest,
  UpdateGoalRequest,
  UpdateReviewRequest,
  WithdrawRequest,
} from './types';

/*
 * Schemas of the team request bodies. Issue messages are the predicate only ("must be a
 * string"); `parseRequestBody` puts the field in front ("'notes' must be a string"). Checks
 * that need the caller's clock (a due date in the past, a future week) stay with the caller.
 */

const MAX_METRIC_ID = 200;
const MAX_TEXT = 2000;
const MAX_METRICS_LOOKED_AT = 100;
const DECISIONS = ['act', 'no-action'] as const;
const ENTITY_REF_EXAMPLE =
  "must be an entity reference such as 'component:default/checkout-api'";
// Unknown fields named in a message; a body with thousands of them is not echoed.
const MAX_NAMED_FIELDS = 5;
const catalogNames = makeValidator();

/** A value as an issue message shows it: JSON, clipped. */
const shown = (value: unknown) => clipInput(String(JSON.stringify(value)));

const finiteNumber = z
  .number({
    invalid_type_error: 'must be a finite number',
    required_error: 'must be a finite number',
  })
  .finite('must be a finite number');

const text = z
  .string({ invalid_type_error: 'must be a string' })
  .superRefine((value, ctx) => {
    if (value.length > MAX_TEXT) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be at most ${MAX_TEXT} characters, got ${value.length}`,
      });
    }
  });

const isBlank = (value: string | null | undefined) =>
  value === null || value === undefined || value.trim() === '';

/** Blank text counts as absent, so an emptied form field does not store "". */
const optionalText = text
  .nullish()
  .transform(value => (isBlank(value) ? undefined : value!));

/** In an edit: absent keeps the text, null or blank clears it (null). */
const clearableText = text.nullish().transform(value => {
  if (value === undefined) return undefined;
  return isBlank(value) ? null : value!;
});

const REVISION_MESSAGE =
  'must be the revision the change was made on, a whole number from 1';

/** The revision an edit or a withdrawal was made on (docs/api.md#editing-records). */
const revisionSchema = z
  .number({
    invalid_type_error: REVISION_MESSAGE,
    required_error: REVISION_MESSAGE,
  })
  .int(REVISION_MESSAGE)
  .min(1, REVISION_MESSAGE);

/**
 * Parses an entity reference and normalizes it (`component:checkout` →
 * `component:default/checkout`); undefined unless its kind, namespace and name are ones the
 * catalog accepts (a name of at most 63 characters, and so on).
 */
function normalizedEntityRef(value: string): string | undefined {
  try {
    const ref = parseEntityRef(value);
    const valid =
      catalogNames.isValidKind(ref.kind) &&
      catalogNames.isValidNamespace(ref.namespace) &&
      catalogNames.isValidEntityName(ref.name);
    return valid ? stringifyEntityRef(ref) : undefined;
  } catch {
    return undefined;
  }
}

/** An entity reference, normalized (`component:checkout` → `component:default/checkout`). */
const entityRefSchema = z
  .string({
    invalid_type_error: ENTITY_REF_EXAMPLE,
    required_error: ENTITY_REF_EXAMPLE,
  })
  .min(1, ENTITY_REF_EXAMPLE)
  .transform((value, ctx) => {
    const ref = normalizedEntityRef(value);
    if (ref === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `${ENTITY_REF_EXAMPLE}, got '${clipInput(value)}'`,
      });
      return z.NEVER;
    }
    return ref;
  });

const metricIdSchema = z
  .string({
    invalid_type_error: 'must be a non-empty string',
    required_error: 'must be a non-empty string',
  })
  .refine(value => value.trim() !== '', 'must be a non-empty string')
  .refine(
    value => value.length <= MAX_METRIC_ID,
    `must be at most ${MAX_METRIC_ID} characters`,
  );

/**
 * A metric of an entity: `{ entityRef, metricId }`.
 *
 * @public
 */
export const metricRefSchema: z.ZodType<MetricRef, z.ZodTypeDef, unknown> =
  z.object(
    { entityRef: entityRefSchema, metricId: metricIdSchema },
    {
      invalid_type_error: "must be an object with 'entityRef' and 'metricId'",
      required_error: "must be an object with 'entityRef' and 'metricId'",
    },
  );

const optionalMetricRef = metricRefSchema
  .nullish()
  .transform(value => value ?? undefined);

/** In an edit: absent keeps the metric, null unlinks it. */
const clearableMetricRef = metricRefSchema.nullish();

/** A JSON object body with only the given fields. */
function body<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape)
    .map(k => `'${k}'`)
    .join(', ');
  return z
    .object(shape, {
      errorMap: (issue, ctx) => {
        if (issue.code === z.ZodIssueCode.unrecognized_keys) {
          const named = issue.keys
            .slice(0, MAX_NAMED_FIELDS)
            .map(k => `'${clipInput(k)}'`);
          const more = issue.keys.length - named.length;
          return {
            message: `Unknown field ${named.join(', ')}${
              more > 0 ? ` and ${more} more` : ''
            } in request body; expected ${allowed}`,
          };
        }
        if (issue.code === z.ZodIssueCode.invalid_type) {
          return { message: 'Request body must be a JSON object' };
        }
        return { message: ctx.defaultError };
      },
    })
    .strict();
}

/** Drops keys whose value is undefined, so parsed requests hold only what was sent. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

const daySchema = z.custom<string>(isDay, value => ({
  message: `must be a day as YYYY-MM-DD, got ${shown(value)}`,
}));

const booleanOrAbsent = z
  .boolean({ invalid_type_error: 'must be true or false' })
  .nullish()
  .transform(value => value ?? undefined);

const numberOrAbsent = finiteNumber
  .nullish()
  .transform(value => value ?? undefined);

/**
 * Body of a new goal. The caller checks that `dueDate` is not in the past.
 *
 * @public
 */
export const createGoalRequestSchema = body({
  metric: metricRefSchema,
  target: finiteNumber,
  dueDate: daySchema,
  baseline: numberOrAbsent,
  notes: optionalText,
}).transform(value => compact(value) as CreateGoalRequest);

/**
 * Body of a goal's edit: the creation's fields but the metric, each optional. The caller
 * checks a changed `dueDate` against the creation's window.
 *
 * @public
 */
export const updateGoalRequestSchema = body({
  target: numberOrAbsent,
  dueDate: daySchema.optional(),
  baseline: numberOrAbsent,
  notes: clearableText,
  revision: revisionSchema,
  reason: optionalText,
}).transform(value => compact(value) as UpdateGoalRequest);

/**
 * Body of a goal's follow-up; every field is optional.
 *
 * @public
 */
export const createFollowUpRequestSchema = body({
  notes: optionalText,
  met: booleanOrAbsent,
}).transform(value => compact(value) as CreateFollowUpRequest);

/**
 * Body of a follow-up's edit.
 *
 * @public
 */
export const updateFollowUpRequestSchema = body({
  met: booleanOrAbsent,
  notes: clearableText,
  revision: revisionSchema,
  reason: optionalText,
}).transform(value => compact(value) as UpdateFollowUpRequest);

/**
 * Body of the withdrawal (`DELETE`) of a goal, a follow-up or a review.
 *
 * @public
 */
export const withdrawRequestSchema = body({
  revision: revisionSchema,
  reason: optionalText,
}).transform(value => compact(value) as WithdrawRequest);

/**
 * Why a review's decision and action text do not fit together, or undefined when they do: a
 * decision to act says what the team will do. Checked on new reviews and on edited ones
 * (after the edit is applied).
 *
 * @public
 */
export function reviewDecisionProblem(review: {
  decision: ReviewDecision;
  actionText?: string | null;
}): { field: 'actionText'; message: string } | undefined {
  return review.decision === 'act' && isBlank(review.actionText)
    ? {
        field: 'actionText',
        message:
          "is required when the decision is 'act': say what the team will do",
      }
    : undefined;
}

/** A review's fields as a new review takes them; an edit takes each of them optionally. */
const reviewFields = {
  week: z
    .custom<string>(
      value =>
        value === undefined ||
        value === null ||
        (isDay(value) && weekOf(value) === value),
      value => ({
        message: `must be the Monday of the week reviewed as YYYY-MM-DD, got ${shown(
          value,
        )}`,
      }),
    )
    .nullish()
    .transform(value => value ?? undefined),
  metricsLookedAt: z
    .array(z.unknown(), {
      invalid_type_error: 'must be an array of metrics',
      required_error: 'must be an array of metrics',
    })
    .superRefine((list, ctx) => {
      // The length first: a list too long is not worth checking item by item.
      if (list.length > MAX_METRICS_LOOKED_AT) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must list at most ${MAX_METRICS_LOOKED_AT} metrics, got ${list.length}`,
          fatal: true,
        });
      }
    })
    .pipe(z.array(metricRefSchema))
    .transform(list => {
      const seen = new Set<string>();
      return list.filter(ref => {
        const key = `${ref.entityRef}\u0000${ref.metricId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }),
  decision: z.enum(DECISIONS, {
    errorMap: (_issue, ctx) => ({
      message: `must be one of ${DECISIONS.map(d => `'${d}'`).join(
        ', ',
      )}, got ${shown(ctx.data)}`,
    }),
  }),
  actionText: optionalText,
  linkedMetric: optionalMetricRef,
};

/**
 * Body of a weekly review. The caller defaults `week` and checks it is not in the future;
 * repeated metrics are dropped.
 *
 * @public
 */
export const createReviewRequestSchema = body({
  ...reviewFields,
  // Fixed at creation: an edit does not change the step a review answered.
  policyStep: z
    .object(
      {
        metric: metricRefSchema,
        step: z
          .string({
            invalid_type_error: 'must be the name of a policy step',
            required_error: 'must be the name of a policy step',
          })
          .regex(POLICY_STEP_NAME_PATTERN, 'must be the name of a policy step')
          .max(63, 'must be the name of a policy step'),
      },
      {
        errorMap: (issue, ctx) => {
          if (issue.code === z.ZodIssueCode.unrecognized_keys) {
            return {
              message: `must hold only 'metric' and 'step', got ${issue.keys
                .slice(0, MAX_NAMED_FIELDS)
                .map(k => `'${clipInput(k)}'`)
                .join(
                  ', ',
                )}: the backend records the action and the budget left itself`,
            };
          }
          if (issue.code === z.ZodIssueCode.invalid_type) {
            return { message: "must be an object with 'metric' and 'step'" };
          }
          return { message: ctx.defaultError };
        },
      },
    )
    .strict()
    .nullish()
    .transform(value => value ?? undefined),
})
  .superRefine((value, ctx) => {
    const problem = reviewDecisionProblem(value);
    if (problem) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [problem.field],
        message: problem.message,
      });
    }
  })
  .transform(
    value =>
      compact(value) as CreateReviewRequest & { decision: ReviewDecision },
  );

/**
 * Body of a review's edit: any of the review's fields and the revision seen. The caller checks
 * a changed `week` against the creation's window and the decision rule on the edited review
 * (`reviewDecisionProblem`).
 *
 * @public
 */
export const updateReviewRequestSchema = body({
  ...z.object(reviewFields).partial().shape,
  actionText: clearableText,
  linkedMetric: clearableMetricRef,
  revision: revisionSchema,
  reason: optionalText,
}).transform(value => compact(value) as UpdateReviewRequest);

/**
 * Body of `PUT …/north-star`: the metric only; whether it is one of the team's KPIs is the
 * backend's check against the catalog.
 *
 * @public
 */
export const setNorthStarRequestSchema: z.ZodType<
  SetNorthStarRequest,
  z.ZodTypeDef,
  unknown
> = body({ metric: metricRefSchema });

function fieldPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}

/**
 * Parses a request body with one of the schemas above.
 *
 * @throws InputError naming the first bad field, e.g. `'target' must be a finite number`.
 * @public
 */
export function parseRequestBody<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(
    issue.path.length > 0
      ? `'${fieldPath(issue.path)}' ${issue.message}`
      : issue.message,
  );
}
