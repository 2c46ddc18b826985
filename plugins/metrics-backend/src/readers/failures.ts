import { ForwardedError, InputError, NotFoundError } from '@backstage/errors';
import {
  PrometheusQueryError,
  QueryBudgetError,
} from '../sources/prometheus/errors';

/**
 * Whether a failure is the definition's or the configuration's fault (a query Prometheus
 * rejects, a bad parameter, a source that is not configured, a spent query budget): retrying does not fix it and
 * stored history would hide it. Everything else (unreachable, timeout, 5xx, 429, refused
 * credentials) is an outage of the source.
 */
export function isDefinitionFault(error: unknown): boolean {
  // A module source's failure is forwarded with its cause: the cause decides.
  if (error instanceof ForwardedError) return isDefinitionFault(error.cause);
  return (
    error instanceof PrometheusQueryError ||
    error instanceof QueryBudgetError ||
    error instanceof InputError ||
    error instanceof NotFoundError
  );
}

/** Whether a source failed to answer, rather than rejected a definition. */
export function isSourceOutage(error: unknown): boolean {
  return !isDefinitionFault(error);
}
