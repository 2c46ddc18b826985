import type { CompoundEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  SLO_RULES_FORMATS,
  SloRulesFormat,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { parseEntityPath } from './parseViewRequest';

/**
 * A rules request, checked.
 *
 * @public
 */
export interface RulesRequest {
  entityRef: CompoundEntityRef;
  format: SloRulesFormat;
  /** `metadata.namespace` of a PrometheusRule (checked when rendered). */
  namespace?: string;
}

/**
 * Parses `GET /v1/entities/:kind/:namespace/:name/rules` (or the group one, `fixedKind`) and
 * its `format` and `namespace` parameters.
 *
 * @throws InputError naming the bad parameter.
 */
export function parseRulesRequest(
  params: { kind?: string; namespace?: string; name?: string },
  query: Record<string, unknown>,
  fixedKind?: string,
): RulesRequest {
  const entityRef = parseEntityPath(params, fixedKind);
  const format = query.format ?? 'rules';
  if (
    typeof format !== 'string' ||
    !(SLO_RULES_FORMATS as readonly string[]).includes(format)
  ) {
    throw new InputError(
      `format must be one of ${SLO_RULES_FORMATS.join(
        ', ',
      )}, got ${JSON.stringify(format)}`,
    );
  }
  const namespace = query.namespace;
  if (namespace !== undefined && typeof namespace !== 'string') {
    throw new InputError('namespace must be given once');
  }
  if (namespace !== undefined && format !== 'prometheusrule') {
    throw new InputError('namespace is only for format=prometheusrule');
  }
  return {
    entityRef,
    format: format as SloRulesFormat,
    ...(namespace ? { namespace } : {}),
  };
}
