// zod 4's v3 API, as in definitions/schema.ts, whose error map gives these issues their messages.
import { z } from 'zod/v3';
import { METRICS_ANNOTATIONS } from '../annotations';
import { checkPromqlTemplate } from '../definitions/promql';
import { targetToObjective } from './objective';
import {
  OPENSLO_ANNOTATIONS,
  OPENSLO_API_VERSION,
  OPENSLO_LABELS,
} from './types';

/*
 * An OpenSLO v1 SLO document as an item of `metadata.metrics.slos`
 * (docs/catalog-conventions.md#openslo-items). This file checks the OpenSLO shape and what the
 * suite cannot read, and turns the document into the input of a native ratio SLO; the native
 * schema then checks that input with its own rules and messages, reported at the document's
 * paths (see `fieldPath`).
 */

type Segment = string | number;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True for an item written as an OpenSLO document: it has `apiVersion` or `kind`, which no
 * native item has.
 */
export function isOpenSloItem(
  value: unknown,
): value is Record<string, unknown> {
  return isPlainObject(value) && ('apiVersion' in value || 'kind' in value);
}

const SUITE_ANNOTATIONS: readonly string[] = Object.values(OPENSLO_ANNOTATIONS);
const SUITE_LABELS: readonly string[] = Object.values(OPENSLO_LABELS);

/** The policy annotation's steps; undefined when it is not JSON (reported by the shape check). */
function policySteps(annotation: string): unknown {
  try {
    return JSON.parse(annotation);
  } catch {
    return undefined;
  }
}

/** Where the SLO's name is read: the suite's annotation when present, else `metadata.name`. */
function nameField(metadata: unknown): { value: unknown; path: Segment[] } {
  const annotations = isPlainObject(metadata)
    ? metadata.annotations
    : undefined;
  if (
    isPlainObject(annotations) &&
    annotations[OPENSLO_ANNOTATIONS.name] !== undefined
  ) {
    return {
      value: annotations[OPENSLO_ANNOTATIONS.name],
      path: ['metadata', 'annotations', OPENSLO_ANNOTATIONS.name],
    };
  }
  return {
    value: isPlainObject(metadata) ? metadata.name : undefined,
    path: ['metadata', 'name'],
  };
}

/**
 * The name of an OpenSLO item and the path it is read from, for the duplicate check that
 * runs before items are parsed; undefined for a native item.
 */
export function openSloItemName(
  item: unknown,
): { value: unknown; path: Segment[] } | undefined {
  return isOpenSloItem(item) ? nameField(item.metadata) : undefined;
}

// --- the OpenSLO shape ------------------------------------------------------------------------

/** A field of OpenSLO the suite does not read: present at all, it is a problem. */
function unsupported(message: string) {
  return z
    .unknown()
    .superRefine((_, ctx) => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    })
    .optional();
}

function oneOf(expected: string, message: (got: string) => string) {
  return z.string().superRefine((value, ctx) => {
    if (value !== expected) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: message(value) });
    }
  });
}

const NOT_READ_THRESHOLD =
  'threshold SLIs are not supported: use a ratioMetric with good (or bad) and total';
const NOT_READ_RAW =
  'raw (precomputed) ratios are not supported: give good (or bad) and total counts';
const NOT_READ_TIMESLICES =
  'is for Timeslices budgeting; only Occurrences is supported';
const NOT_READ_COMPOSITE = 'composite SLOs are not supported';

const querySchema = z.string().superRefine((value, ctx) => {
  const message = checkPromqlTemplate(value);
  if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
});

const countSchema = z
  .object({
    metricSource: z
      .object({
        type: z.string().superRefine((value, ctx) => {
          if (value.toLocaleLowerCase('en-US') !== 'prometheus') {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              message: `only Prometheus is supported, got ${JSON.stringify(
                value,
              )}`,
            });
          }
        }),
        metricSourceRef: unsupported(
          `DataSource references are not supported: the Prometheus instance is the entity's ${METRICS_ANNOTATIONS.prometheusInstance} annotation`,
        ),
        spec: z.object({ query: querySchema }).strict(),
      })
      .strict(),
  })
  .strict();

const ratioMetricSchema = z
  .object({
    counter: z
      .boolean()
      .optional()
      .refine(
        value => value !== false,
        'must be true (or left out): good and total are counts of events over {{window}}',
      ),
    good: countSchema.optional(),
    bad: countSchema.optional(),
    total: countSchema.optional(),
    rawType: unsupported(NOT_READ_RAW),
    raw: unsupported(NOT_READ_RAW),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.raw !== undefined || value.rawType !== undefined) return;
    if (value.good !== undefined && value.bad !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['bad'],
        message: 'cannot be combined with "good"; give one of them',
      });
    } else if (value.good === undefined && value.bad === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must have "good" or "bad", and "total"',
      });
    }
    if (value.total === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['total'],
        message: 'is required',
      });
    }
  });

const indicatorSchema = z
  .object({
    metadata: z
      .object({ name: z.string(), displayName: z.string().optional() })
      .strict()
      .optional(),
    spec: z
      .object({
        description: z.string().optional(),
        ratioMetric: ratioMetricSchema.optional(),
        thresholdMetric: unsupported(NOT_READ_THRESHOLD),
      })
      .strict()
      .superRefine((value, ctx) => {
        if (
          value.ratioMetric === undefined &&
          value.thresholdMetric === undefined
        ) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['ratioMetric'],
            message:
              'is required: the suite reads ratio SLIs (good or bad, and total)',
          });
        }
      }),
  })
  .strict();

const MONTHS_QUARTERS_YEARS = /^\d+[MQY]$/;

const timeWindowSchema = z
  .object({
    duration: z.string().superRefine((value, ctx) => {
      // Other malformed durations get the native window message.
      if (MONTHS_QUARTERS_YEARS.test(value)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `is ${value}: months, quarters and years have no fixed length; write the window in m, h, d or w, e.g. 28d`,
        });
      }
    }),
    isRolling: z.boolean().optional(),
    calendar: unsupported(
      'calendar-aligned windows are not supported: use a rolling window (isRolling: true)',
    ),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.isRolling === false && value.calendar === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['isRolling'],
        message: 'must be true: only rolling windows are supported',
      });
    }
  });

const objectiveSchema = z
  .object({
    displayName: z.string().optional(),
    target: z.number().optional(),
    targetPercent: z.number().optional(),
    op: unsupported(`${NOT_READ_THRESHOLD} (op and value are for thresholds)`),
    value: unsupported(
      `${NOT_READ_THRESHOLD} (op and value are for thresholds)`,
    ),
    timeSliceTarget: unsupported(NOT_READ_TIMESLICES),
    timeSliceWindow: unsupported(NOT_READ_TIMESLICES),
    indicator: unsupported(NOT_READ_COMPOSITE),
    indicatorRef: unsupported(NOT_READ_COMPOSITE),
    compositeWeight: unsupported(NOT_READ_COMPOSITE),
  })
  .strict()
  .superRefine((value, ctx) => {
    const { target, targetPercent } = value;
    if (target !== undefined && targetPercent !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['targetPercent'],
        message: 'cannot be combined with "target"; give one of them',
      });
    } else if (target === undefined && targetPercent === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must have "target" (a fraction, 0.999) or "targetPercent" (99.9)',
      });
    } else if (target !== undefined && !(target > 0 && target < 1)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['target'],
        message: `must be a fraction above 0 and below 1 (0.999 for 99.9 %), got ${target}`,
      });
    } else if (target !== undefined && target <= 0.01) {
      // The native objective check takes an objective of at most 1 % for a fraction written
      // by mistake; a target is a fraction, so say it in its terms.
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['target'],
        message: `is ${targetToObjective(
          target,
        )} %; objectives of at most 1 % are not accepted (target is a fraction: 0.999 is 99.9 %)`,
      });
    }
  });

const specSchema = z
  .object({
    description: z.string().optional(),
    service: z.string().optional(),
    indicator: indicatorSchema.optional(),
    indicatorRef: unsupported(
      'references to separate SLI documents are not supported: write the SLI inline under "indicator"',
    ),
    timeWindow: z
      .array(timeWindowSchema)
      .superRefine((value, ctx) => {
        if (value.length !== 1) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `must have exactly one item, got ${value.length}`,
          });
        }
      })
      .optional(),
    budgetingMethod: oneOf(
      'Occurrences',
      got => `only Occurrences is supported, got ${got}`,
    ),
    objectives: z.array(objectiveSchema).superRefine((value, ctx) => {
      if (value.length !== 1) {
        // One objective per SLO: a second one would be shown nowhere and alert on nothing.
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must have exactly one objective, got ${value.length}; write one item per objective`,
        });
      }
    }),
    alertPolicies: unsupported(
      `alert policies are not read: declare the alert level in the ${OPENSLO_ANNOTATIONS.alert} annotation (page, ticket or none)`,
    ),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.indicator === undefined && value.indicatorRef === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['indicator'],
        message: 'is required',
      });
    }
  });

const metadataSchema = z
  .object({
    name: z.string(),
    displayName: z.string().optional(),
    labels: z.record(z.unknown()).optional(),
    annotations: z.record(z.string()).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const [key, label] of Object.entries(value.labels ?? {})) {
      const path = ['labels', key];
      if (key.startsWith('metrics-suite.') && !SUITE_LABELS.includes(key)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `unknown label of the suite; known: ${SUITE_LABELS.join(
            ', ',
          )}`,
        });
      } else if (
        typeof label !== 'string' &&
        !(Array.isArray(label) && label.every(item => typeof item === 'string'))
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: 'must be a string or a list of strings',
        });
      }
    }
    for (const [key, annotation] of Object.entries(value.annotations ?? {})) {
      const path = ['annotations', key];
      if (
        key.startsWith('metrics-suite/') &&
        !SUITE_ANNOTATIONS.includes(key)
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `unknown annotation of the suite; known: ${SUITE_ANNOTATIONS.join(
            ', ',
          )}`,
        });
      } else if (
        key === OPENSLO_ANNOTATIONS.policy &&
        !Array.isArray(policySteps(annotation))
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message:
            'must be the policy\'s steps as a JSON list, e.g. [{"name":"freeze","below":0,"action":"Freeze risky releases"}]',
        });
      } else if (
        key === OPENSLO_ANNOTATIONS.sensitive &&
        annotation !== 'true' &&
        annotation !== 'false'
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `must be "true" or "false", got ${JSON.stringify(
            annotation,
          )}`,
        });
      }
    }
  });

const openSloSloSchema = z
  .object({
    apiVersion: oneOf(
      OPENSLO_API_VERSION,
      got =>
        `only ${OPENSLO_API_VERSION} is supported, got ${JSON.stringify(got)}`,
    ),
    kind: oneOf(
      'SLO',
      got =>
        `must be SLO: only SLO documents declare an SLO here, got ${JSON.stringify(
          got,
        )}`,
    ),
    metadata: metadataSchema,
    spec: specSchema,
  })
  .strict();

type OpenSloSlo = z.infer<typeof openSloSloSchema>;

/**
 * Field names of OpenSLO SLO documents, for the "did you mean" of an unknown field.
 */
export const OPENSLO_FIELD_NAMES: ReadonlyArray<string> = [
  'apiVersion',
  'kind',
  'metadata',
  'name',
  'displayName',
  'labels',
  'annotations',
  'spec',
  'description',
  'service',
  'indicator',
  'indicatorRef',
  'ratioMetric',
  'thresholdMetric',
  'counter',
  'good',
  'bad',
  'total',
  'raw',
  'rawType',
  'metricSource',
  'metricSourceRef',
  'type',
  'query',
  'timeWindow',
  'duration',
  'isRolling',
  'calendar',
  'budgetingMethod',
  'objectives',
  'target',
  'targetPercent',
  'op',
  'value',
  'timeSliceTarget',
  'timeSliceWindow',
  'compositeWeight',
  'alertPolicies',
];

// --- into a native item -----------------------------------------------------------------------

const QUERY: Segment[] = ['metricSource', 'spec', 'query'];
const RATIO: Segment[] = ['spec', 'indicator', 'spec', 'ratioMetric'];

/**
 * good = total − bad. Both are summed to one series, and a missing bad series (no failures at
 * all, the usual case) counts as 0 rather than leaving good without data.
 */
function goodFromBad(total: string, bad: string): string {
  return `sum(${total}) - (sum(${bad}) or vector(0))`;
}

/** A native SLO item's input and, for each of its fields, the path it comes from. */
function toNative(doc: OpenSloSlo): {
  input: Record<string, unknown>;
  paths: Record<string, Segment[]>;
} {
  const { metadata, spec } = doc;
  const annotations = metadata.annotations ?? {};
  const objective = spec.objectives[0];
  const ratio = spec.indicator?.spec.ratioMetric;
  // The shape checks above make these present; were one missing, the native schema would say so.
  const total = ratio?.total?.metricSource.spec.query;
  const bad = ratio?.bad?.metricSource.spec.query;
  const good =
    ratio?.good?.metricSource.spec.query ??
    (total !== undefined && bad !== undefined
      ? goodFromBad(total, bad)
      : undefined);
  const name = nameField(metadata);
  const input: Record<string, unknown> = {
    name: name.value,
    objective:
      objective.target !== undefined
        ? targetToObjective(objective.target)
        : objective.targetPercent,
    indicator: { ratio: { good, total } },
  };
  if (spec.description !== undefined) input.description = spec.description;
  if (spec.timeWindow !== undefined) input.window = spec.timeWindow[0].duration;
  const alert = annotations[OPENSLO_ANNOTATIONS.alert];
  if (alert !== undefined) input.alert = alert;
  const owner = metadata.labels?.[OPENSLO_LABELS.owner];
  if (owner !== undefined) input.owner = owner;
  const sensitive = annotations[OPENSLO_ANNOTATIONS.sensitive];
  if (sensitive !== undefined) input.sensitive = sensitive === 'true';
  const policy = annotations[OPENSLO_ANNOTATIONS.policy];
  // Annotations are strings: the steps are JSON there, checked by the native schema.
  if (policy !== undefined) input.policy = policySteps(policy);
  return {
    input,
    paths: {
      name: name.path,
      description: ['spec', 'description'],
      objective: [
        'spec',
        'objectives',
        0,
        objective.target !== undefined ? 'target' : 'targetPercent',
      ],
      window: ['spec', 'timeWindow', 0, 'duration'],
      'indicator.ratio.good': [
        ...RATIO,
        bad !== undefined ? 'bad' : 'good',
        ...QUERY,
      ],
      'indicator.ratio.total': [...RATIO, 'total', ...QUERY],
      alert: ['metadata', 'annotations', OPENSLO_ANNOTATIONS.alert],
      owner: ['metadata', 'labels', OPENSLO_LABELS.owner],
      sensitive: ['metadata', 'annotations', OPENSLO_ANNOTATIONS.sensitive],
      policy: ['metadata', 'annotations', OPENSLO_ANNOTATIONS.policy],
    },
  };
}

/** What {@link readOpenSloItem} gives. */
export type OpenSloItemReading =
  | {
      success: true;
      /** The item as a native SLO item, for the native schema to check. */
      input: Record<string, unknown>;
      /** The path in the document of a path in `input`. */
      fieldPath(nativePath: ReadonlyArray<Segment>): Segment[];
    }
  | { success: false; issues: z.ZodIssue[] };

/**
 * Reads an OpenSLO SLO document into the input of a native ratio SLO item. `errorMap` words
 * the messages of its issues (the definitions' error map).
 */
export function readOpenSloItem(
  value: unknown,
  errorMap: z.ZodErrorMap,
): OpenSloItemReading {
  const result = openSloSloSchema.safeParse(value, { errorMap });
  if (!result.success) return { success: false, issues: result.error.issues };
  const { input, paths } = toNative(result.data);
  return {
    success: true,
    input,
    fieldPath(nativePath) {
      for (let length = nativePath.length; length > 0; length--) {
        const mapped = paths[nativePath.slice(0, length).join('.')];
        if (mapped) return [...mapped, ...nativePath.slice(length)];
      }
      return [];
    },
  };
}
