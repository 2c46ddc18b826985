import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';

/** The suite's audited writes (the plugin id `metrics` gives the context). */
export type MetricsAuditEventId =
  | 'goal-create'
  | 'goal-update'
  | 'goal-withdraw'
  | 'follow-up-create'
  | 'follow-up-update'
  | 'follow-up-withdraw'
  | 'review-create'
  | 'review-update'
  | 'review-withdraw'
  | 'north-star-set'
  | 'north-star-clear';

/**
 * Runs one write as an audit event: opened before anything is checked (so refused and
 * invalid attempts are recorded too), then closed as success with what was written or as
 * failure with the error, which is passed on unchanged.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: AuditorServiceCreateEventOptions & { eventId: MetricsAuditEventId },
  write: () => Promise<T>,
  successMeta: (result: T) => JsonObject,
): Promise<T> {
  const auditEvent = await auditor.createEvent({
    // Backstage's levels: writes are `medium`.
    severityLevel: 'medium',
    ...event,
  });
  try {
    const result = await write();
    await auditEvent.success({ meta: successMeta(result) });
    return result;
  } catch (error) {
    await auditEvent.fail({ error: toError(error) });
    throw error;
  }
}
