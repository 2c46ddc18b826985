import {
  KubernetesValidatorFunctions,
  parseEntityRef,
} from '@backstage/catalog-model';
import { distance } from 'fastest-levenshtein';
// zod 4's v3 API: the zod package the tree shares with Backstage, and the API this error map is written for.
import { z } from 'zod/v3';
import type { DefinitionProblem } from '../types';
import { isWindow } from '../math/windows';
import { checkPromqlTemplate } from './promql';
import {
  OPENSLO_FIELD_NAMES,
  isOpenSloItem,
  readOpenSloItem,
} from '../openslo/parse';

/*
 * Schema of the structured block `metadata.metrics` of a catalog entity (docs/catalog-conventions.md#structured-definitions).
 * Precedent: `metadata.dynatrace.queries` of the Dynatrace plugin. Written for people writing
 * YAML: strict objects (a typo is reported, not ignored), defaults where a convention exists,
 * PromQL as plain YAML strings (quote them or use a `|` / `>-` block when they hold `: ` or `#`).
 */

/**
 * Where the structured block lives in an entity.
 *
 * @public
 */
export const METRICS_BLOCK_PATH = 'metadata.metrics';

/**
 * Pattern of metric names (`slos[].name`, `integrations[].name`, `kpis[].name`).
 *
 * @public
 */
export const METRIC_NAME_PATTERN = /^[a-z0-9][a-z0-9-_.]*$/;

/**
 * Window of an SLO when it names none.
 *
 * @public
 */
export const DEFAULT_SLO_WINDOW = '28d';

/**
 * Most items accepted in one list (`slos`, `integrations`, `kpis`) of one entity; the rest are
 * reported and ignored, so one entity cannot make a page issue thousands of queries.
 *
 * @public
 */
export const MAX_DEFINITIONS_PER_LIST = 50;

/**
 * Data sources a definition can name. `custom` is a source a backend module adds through the
 * metrics-node extension point, named by `sourceId`.
 *
 * @public
 */
export const METRIC_SOURCES = [
  'prometheus',
  'amplitude',
  'sql',
  'custom',
] as const;

/**
 * One of {@link METRIC_SOURCES}.
 *
 * @public
 */
export type MetricSourceType = (typeof METRIC_SOURCES)[number];

/**
 * Declared alerting of a metric: `page` or `ticket` when an alert exists (or should), `none`
 * when it is known not to.
 *
 * @public
 */
export const METRIC_ALERTS = ['page', 'ticket', 'none'] as const;

/**
 * Buckets of KPIs on the squad page (docs/catalog-conventions.md#kpis: Usage / System health / Business KPIs).
 *
 * @public
 */
export const KPI_BUCKETS = ['usage', 'health', 'business'] as const;

/**
 * One of {@link KPI_BUCKETS}.
 *
 * @public
 */
export type KpiBucket = (typeof KPI_BUCKETS)[number];

/**
 * Units a KPI may declare, for display.
 *
 * @public
 */
export const KPI_UNITS = ['count', 'percent', 'seconds', 'currency'] as const;

/**
 * One of {@link KPI_UNITS}.
 *
 * @public
 */
export type KpiUnit = (typeof KPI_UNITS)[number];

/**
 * Kinds an owner reference may name.
 *
 * @public
 */
export const OWNER_KINDS = ['group', 'user'] as const;

// --- field schemas ---------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const CONFIG_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(
    METRIC_NAME_PATTERN,
    'must start with a lowercase letter or digit and hold only lowercase letters, digits, "-", "_" and "."',
  );

const descriptionSchema = z
  .string()
  .max(1000, 'must be at most 1000 characters');

const windowSchema = z
  .string()
  .refine(
    isWindow,
    'must be a whole number followed by m, h, d or w, e.g. 28d',
  );

function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** A percentage; values at most 1 are almost always a fraction written by mistake. */
function percentSchema(options: { allowHundred: boolean }) {
  return z.number().superRefine((value, ctx) => {
    const tooBig = options.allowHundred ? value > 100 : value >= 100;
    if (value <= 0 || tooBig) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: options.allowHundred
          ? `must be a percentage above 0 and at most 100, got ${value}`
          : `must be a percentage above 0 and below 100 (100 leaves no error budget), got ${value}`,
      });
    } else if (value <= 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `is a percentage: ${value} means ${value} %; write ${round(
          value * 100,
        )} for ${round(value * 100)} %`,
      });
    }
  });
}

const objectiveSchema = percentSchema({ allowHundred: false });
const successTargetSchema = percentSchema({ allowHundred: true });

const alertSchema = z.enum(METRIC_ALERTS);

/**
 * Checks the syntax of an owner reference (`[kind:][namespace/]name`, kind group or user);
 * returns a message or undefined. The namespace defaults to the entity's when resolved.
 *
 * @public
 */
export function checkOwnerRef(ref: string): string | undefined {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (error) {
    return `"${ref}" is not an entity reference such as group:default/my-team`;
  }
  if (
    !(OWNER_KINDS as readonly string[]).includes(
      parsed.kind.toLocaleLowerCase('en-US'),
    )
  ) {
    return `"${ref}" must name a group or a user, not a ${parsed.kind}`;
  }
  if (
    !KubernetesValidatorFunctions.isValidNamespace(
      parsed.namespace.toLocaleLowerCase('en-US'),
    ) ||
    !KubernetesValidatorFunctions.isValidObjectName(parsed.name)
  ) {
    return `"${ref}" is not an entity reference such as group:default/my-team`;
  }
  return undefined;
}

const ownerSchema = z.string().superRefine((value, ctx) => {
  const message = checkOwnerRef(value);
  if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
});

const promqlSchema = z.string().superRefine((value, ctx) => {
  const message = checkPromqlTemplate(value);
  if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
});

/** A value that goes into a label matcher (escaped there): same rules as the annotations. */
const labelValueSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine(
    value => value === value.trim() && !CONTROL_CHARS.test(value),
    'must not have leading/trailing whitespace or control characters',
  );

const configNameSchema = z
  .string()
  .regex(
    CONFIG_NAME,
    'must be the name of a configured project (letters, digits, ".", "_" and "-")',
  );

const eventNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters');

/** Ids of module-added sources: `warehouse`, `bigquery:events`, … */
const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;

const sourceIdSchema = z
  .string()
  .max(200, 'must be at most 200 characters')
  .regex(
    SOURCE_ID,
    'must be the id of a source added by a backend module, e.g. "warehouse" (letters, digits, ".", "_", ":", "/" and "-")',
  );

const whereSchema = z.record(
  z.string().min(1, 'property names must not be empty'),
  z.union([z.string(), z.number(), z.boolean()], {
    errorMap: () => ({ message: 'must be a string, a number or a boolean' }),
  }),
);

/** What a custom source is asked to count; its meaning is the source's own. */
const paramsSchema = whereSchema;

const commonFields = {
  name: nameSchema,
  description: descriptionSchema.optional(),
  alert: alertSchema.optional(),
  owner: ownerSchema.optional(),
  sensitive: z.boolean().optional(),
};

// --- SLOs -------------------------------------------------------------------------------------

const INDICATOR_TYPES = ['ratio', 'latency', 'availability'] as const;

const sloIndicatorSchema = z
  .object({
    ratio: z
      .object({ good: promqlSchema, total: promqlSchema })
      .strict()
      .optional(),
    latency: z
      .object({
        thresholdSeconds: z
          .number()
          .gt(0, 'must be a number of seconds above 0')
          .max(3600, 'must be at most 3600 seconds'),
      })
      .strict()
      .optional(),
    // `availability:` with nothing after it is null in YAML.
    availability: z.object({}).strict().nullable().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const present = INDICATOR_TYPES.filter(key => value[key] !== undefined);
    if (present.length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must have exactly one of "ratio", "latency" or "availability" (or leave indicator out for availability)',
      });
    } else if (present.length > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `has ${present
          .map(key => `"${key}"`)
          .join(' and ')}; keep exactly one`,
      });
    }
  });

/**
 * Pattern of an error-budget policy step's `name`.
 *
 * @public
 */
export const POLICY_STEP_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Most steps one error-budget policy may have.
 *
 * @public
 */
export const MAX_POLICY_STEPS = 10;

const policyStepSchema = z
  .object({
    name: z
      .string()
      .max(63, 'must be at most 63 characters')
      .regex(
        POLICY_STEP_NAME_PATTERN,
        'must start with a lowercase letter or digit and hold only lowercase letters, digits and "-"',
      ),
    below: z.number().superRefine((value, ctx) => {
      if (!(value >= 0 && value <= 100)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be the remaining error budget in percent, from 0 (spent) to 100, got ${value}`,
        });
      }
    }),
    action: z
      .string()
      .max(200, 'must be at most 200 characters')
      .refine(value => value.trim() !== '', 'must not be empty')
      .transform(value => value.trim()),
  })
  .strict();

/**
 * An SLO's error-budget policy (docs/catalog-conventions.md#error-budget-policy): steps
 * with unique names and thresholds. Shared by `slos[].policy` and the configured default.
 *
 * @public
 */
export const errorBudgetPolicySchema = z
  .array(policyStepSchema)
  .max(MAX_POLICY_STEPS, `must have at most ${MAX_POLICY_STEPS} steps`)
  .superRefine((steps, ctx) => {
    const names = new Map<string, number>();
    const thresholds = new Map<number, number>();
    steps.forEach((step, index) => {
      const sameName = names.get(step.name);
      if (sameName !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `duplicate step name "${step.name}"; already used by step ${sameName}`,
        });
      } else {
        names.set(step.name, index);
      }
      // Two steps at one threshold would leave which one applies to their order.
      const sameBelow = thresholds.get(step.below);
      if (sameBelow !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'below'],
          message: `step ${sameBelow} already applies below ${step.below}; give each step its own threshold`,
        });
      } else {
        thresholds.set(step.below, index);
      }
    });
  });

/**
 * One item of `metadata.metrics.slos`.
 *
 * @public
 */
export const sloDefinitionSchema = z
  .object({
    ...commonFields,
    objective: objectiveSchema,
    window: windowSchema.optional(),
    indicator: sloIndicatorSchema.optional(),
    policy: errorBudgetPolicySchema.optional(),
  })
  .strict();

/**
 * One item of `metadata.metrics.slos` as written.
 *
 * @public
 */
export type SloDefinitionInput = z.infer<typeof sloDefinitionSchema>;

// --- integrations ----------------------------------------------------------------------------

const integrationFields = {
  ...commonFields,
  target: successTargetSchema.optional(),
};

const prometheusIntegrationSchema = z
  .object({
    ...integrationFields,
    source: z.literal('prometheus'),
    label: labelValueSchema.optional(),
    success: promqlSchema.optional(),
    total: promqlSchema.optional(),
  })
  .strict();

const amplitudeIntegrationSchema = z
  .object({
    ...integrationFields,
    source: z.literal('amplitude'),
    project: configNameSchema.optional(),
    successEvent: eventNameSchema,
    failureEvent: eventNameSchema.optional(),
    attemptEvent: eventNameSchema.optional(),
    where: whereSchema.optional(),
  })
  .strict();

const sqlIntegrationSchema = z
  .object({
    ...integrationFields,
    source: z.literal('sql'),
    eventType: eventNameSchema,
    partner: eventNameSchema,
  })
  .strict();

const customIntegrationSchema = z
  .object({
    ...integrationFields,
    source: z.literal('custom'),
    sourceId: sourceIdSchema,
    success: paramsSchema,
    total: paramsSchema,
  })
  .strict();

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `source` is optional and defaults to `prometheus`. */
function withDefaultSource(value: unknown): unknown {
  return isPlainObject(value) && value.source === undefined
    ? { ...value, source: 'prometheus' }
    : value;
}

/**
 * One item of `metadata.metrics.integrations`.
 *
 * @public
 */
export const integrationDefinitionSchema = z
  .preprocess(
    withDefaultSource,
    z.discriminatedUnion('source', [
      prometheusIntegrationSchema,
      amplitudeIntegrationSchema,
      sqlIntegrationSchema,
      customIntegrationSchema,
    ]),
  )
  .superRefine((value, ctx) => {
    if (value.source === 'prometheus') {
      const custom = value.success !== undefined || value.total !== undefined;
      if (custom && value.label !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['label'],
          message:
            'cannot be combined with custom "success"/"total" queries; use one or the other',
        });
      }
      for (const key of ['success', 'total'] as const) {
        if (custom && value[key] === undefined) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [key],
            message: `is required with custom queries: give both "success" and "total"`,
          });
        }
      }
    } else if (value.source === 'amplitude') {
      if (
        value.failureEvent === undefined &&
        value.attemptEvent === undefined
      ) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['failureEvent'],
          message:
            'is required unless "attemptEvent" is given: the success rate needs failures or attempts',
        });
      }
    }
  });

/**
 * One item of `metadata.metrics.integrations` as written (after the `source` default).
 *
 * @public
 */
export type IntegrationDefinitionInput = z.infer<
  typeof integrationDefinitionSchema
>;

// --- KPIs ------------------------------------------------------------------------------------

const kpiFields = {
  ...commonFields,
  bucket: z.enum(KPI_BUCKETS),
  unit: z.enum(KPI_UNITS).optional(),
  target: z
    .object({
      value: z.number().finite('must be a finite number'),
      direction: z.enum(['above', 'below']).optional(),
    })
    .strict()
    .optional(),
};

const kpiMetricSchema = z.enum(['totals', 'uniques']);

/**
 * One item of `metadata.metrics.kpis`.
 *
 * @public
 */
export const kpiDefinitionSchema = z.preprocess(
  withDefaultSource,
  z.discriminatedUnion('source', [
    z
      .object({
        ...kpiFields,
        source: z.literal('prometheus'),
        query: promqlSchema,
      })
      .strict(),
    z
      .object({
        ...kpiFields,
        source: z.literal('amplitude'),
        project: configNameSchema.optional(),
        event: eventNameSchema,
        metric: kpiMetricSchema.optional(),
        where: whereSchema.optional(),
      })
      .strict(),
    z
      .object({
        ...kpiFields,
        source: z.literal('sql'),
        eventType: eventNameSchema,
        partner: eventNameSchema.optional(),
        metric: kpiMetricSchema.optional(),
      })
      .strict(),
    z
      .object({
        ...kpiFields,
        source: z.literal('custom'),
        sourceId: sourceIdSchema,
        params: paramsSchema.optional(),
      })
      .strict(),
  ]),
);

/**
 * One item of `metadata.metrics.kpis` as written (after the `source` default).
 *
 * @public
 */
export type KpiDefinitionInput = z.infer<typeof kpiDefinitionSchema>;

// --- the block -------------------------------------------------------------------------------

const LIST_KEYS = ['slos', 'integrations', 'kpis'] as const;

/**
 * The block's own fields, with the lists left unchecked: `resolveEntityMetrics` checks items
 * one by one so that one bad item does not drop its siblings.
 *
 * @public
 */
export const metricsBlockShellSchema = z
  .object({
    owner: ownerSchema.optional(),
    discoverIntegrations: z.boolean().optional(),
    slos: z.array(z.unknown()).optional(),
    integrations: z.array(z.unknown()).optional(),
    kpis: z.array(z.unknown()).optional(),
  })
  .strict();

// --- problems --------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Joins a base path and zod path segments: `metadata.metrics` + `['slos', 0, 'objective']` →
 * `metadata.metrics.slos[0].objective`.
 *
 * @public
 */
export function formatProblemPath(
  base: string,
  segments: ReadonlyArray<string | number>,
): string {
  let out = base;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

// Every field name of the block, to suggest the intended one for an unknown field.
const KNOWN_FIELDS = [
  'owner',
  'discoverIntegrations',
  ...LIST_KEYS,
  'name',
  'description',
  'objective',
  'window',
  'indicator',
  ...INDICATOR_TYPES,
  'good',
  'total',
  'thresholdSeconds',
  'alert',
  'sensitive',
  'source',
  'label',
  'success',
  'target',
  'project',
  'successEvent',
  'failureEvent',
  'attemptEvent',
  'where',
  'eventType',
  'partner',
  'bucket',
  'query',
  'event',
  'metric',
  'unit',
  'value',
  'direction',
  'sourceId',
  'params',
  'policy',
  'below',
  'action',
];

function suggestion(
  key: string,
  knownFields: ReadonlyArray<string> = KNOWN_FIELDS,
): string {
  const lower = key.toLocaleLowerCase('en-US');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of knownFields) {
    const d = distance(lower, known.toLocaleLowerCase('en-US'));
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  // Short keys get fewer edits, so that "foo" does not become "good".
  const allowed = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  return best && bestDistance <= allowed && best !== key
    ? `; did you mean "${best}"?`
    : '';
}

function unknownFieldMessage(
  key: string,
  knownFields?: ReadonlyArray<string>,
): string {
  return `unknown field${suggestion(key, knownFields)}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(
        value.length > 40 ? `${value.slice(0, 40)}…` : value,
      )}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object (key: value pairs)',
  array: 'a list',
  null: 'null',
};

function quoteList(values: ReadonlyArray<unknown>): string {
  return values.map(v => JSON.stringify(v)).join(', ');
}

/**
 * Error map giving zod issues messages written for YAML authors (the path is reported apart).
 *
 * @public
 */
export const definitionErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type: {
      if (issue.received === 'undefined') return { message: 'is required' };
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      let hint = '';
      if (issue.expected === 'number' && typeof ctx.data === 'string') {
        hint = ' (write it without quotes or %)';
      } else if (issue.expected === 'boolean' && typeof ctx.data === 'string') {
        hint = ' (write true or false without quotes)';
      }
      return {
        message: `must be ${expected}, got ${describeValue(ctx.data)}${hint}`,
      };
    }
    case z.ZodIssueCode.invalid_enum_value:
      return {
        message: `must be one of ${quoteList(
          issue.options,
        )}; got ${describeValue(issue.received)}`,
      };
    case z.ZodIssueCode.invalid_union_discriminator: {
      // Raised on the object, with the discriminator's key as the last path segment.
      const key = issue.path[issue.path.length - 1];
      const value = isPlainObject(ctx.data) ? ctx.data[String(key)] : ctx.data;
      return {
        message: `must be one of ${quoteList(
          issue.options,
        )}; got ${describeValue(value)}`,
      };
    }
    case z.ZodIssueCode.too_big:
      if (issue.type === 'array') {
        return {
          message: `has more than ${issue.maximum} items; at most ${issue.maximum} are read`,
        };
      }
      return { message: ctx.defaultError };
    default:
      return { message: ctx.defaultError };
  }
};

/**
 * Turns a zod error into problems: one per issue (one per key for unknown fields), with the
 * path of the field at fault under `base`.
 *
 * @public
 */
export function zodProblems(
  error: z.ZodError,
  base: string,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        problems.push({
          path: formatProblemPath(base, [...issue.path, key]),
          message: unknownFieldMessage(key),
        });
      }
    } else {
      problems.push({
        path: formatProblemPath(base, issue.path),
        message: issue.message,
      });
    }
  }
  return problems;
}

/**
 * Parses a value with a definition schema; never throws.
 *
 * @public
 */
export function parseDefinition<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  base: string,
):
  | { success: true; data: z.output<T>; problems: [] }
  | { success: false; problems: DefinitionProblem[] } {
  const result = schema.safeParse(value, { errorMap: definitionErrorMap });
  if (result.success) return { success: true, data: result.data, problems: [] };
  return { success: false, problems: zodProblems(result.error, base) };
}

// --- OpenSLO items and the whole block -------------------------------------------------------

/**
 * One item of `metadata.metrics.slos` as written: a native item, or an OpenSLO v1 SLO document
 * (docs/catalog-conventions.md#openslo-items), read into the input of a native ratio item and
 * checked by {@link sloDefinitionSchema}, each problem at the document's own path.
 *
 * @public
 */
export const sloItemSchema = z
  .unknown()
  .transform((value, ctx): SloDefinitionInput => {
    const reading = isOpenSloItem(value)
      ? readOpenSloItem(value, definitionErrorMap)
      : undefined;
    if (reading?.success === false) {
      for (const issue of reading.issues) {
        if (issue.code !== z.ZodIssueCode.unrecognized_keys) {
          ctx.addIssue(issue);
          continue;
        }
        // Suggestions among OpenSLO's fields, not the native ones.
        for (const key of issue.keys) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [...issue.path, key],
            message: unknownFieldMessage(key, OPENSLO_FIELD_NAMES),
          });
        }
      }
      return z.NEVER;
    }
    const result = sloDefinitionSchema.safeParse(reading?.input ?? value, {
      errorMap: definitionErrorMap,
    });
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue(
        reading ? { ...issue, path: reading.fieldPath(issue.path) } : issue,
      );
    }
    return z.NEVER;
  });

function uniqueNames(
  items: ReadonlyArray<{ name: string }>,
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.name);
    if (first === undefined) {
      seen.set(item.name, index);
    } else {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [index, 'name'],
        message: `duplicate name "${item.name}"; already used by item ${first}`,
      });
    }
  });
}

/**
 * The whole block `metadata.metrics` in one schema (for tools and docs). The backend uses
 * `resolveEntityMetrics`, which applies the same item schemas one item at a time.
 *
 * @public
 */
export const metricsBlockSchema = z
  .object({
    owner: ownerSchema.optional(),
    discoverIntegrations: z.boolean().optional(),
    slos: z
      .array(sloItemSchema)
      .max(MAX_DEFINITIONS_PER_LIST)
      .superRefine(uniqueNames)
      .optional(),
    integrations: z
      .array(integrationDefinitionSchema)
      .max(MAX_DEFINITIONS_PER_LIST)
      .superRefine(uniqueNames)
      .optional(),
    kpis: z
      .array(kpiDefinitionSchema)
      .max(MAX_DEFINITIONS_PER_LIST)
      .superRefine(uniqueNames)
      .optional(),
  })
  .strict();

/**
 * The block `metadata.metrics` as written (after defaults of `source`).
 *
 * @public
 */
export type MetricsBlockInput = z.infer<typeof metricsBlockSchema>;
