import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `metrics.permissions`. */
export interface PermissionsConfig {
  /**
   * Service subjects (`plugin:<id>`, `external:<subject>`) that may ask for
   * `metrics.sensitive.read`; every other service principal is denied it whatever the policy.
   */
  sensitiveReadServices: ReadonlyArray<string>;
}

// What Backstage's auth service puts in a service principal's subject.
const SERVICE_SUBJECT = /^(plugin|external):\S+$/;

export function readPermissionsConfig(root: Config): PermissionsConfig {
  const where = 'metrics.permissions.sensitiveReadServices';
  const subjects = root.getOptionalStringArray(where) ?? [];
  for (const [index, subject] of subjects.entries()) {
    if (!SERVICE_SUBJECT.test(subject)) {
      throw new InputError(
        `${where}[${index}] must be a service subject such as 'plugin:catalog' or 'external:digest-bot', got '${subject}'`,
      );
    }
  }
  return { sensitiveReadServices: [...new Set(subjects)] };
}
