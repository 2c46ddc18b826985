import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizePermissionResponse,
  AuthorizeResult,
  Permission,
  QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import { metricsSensitiveReadPermission } from '@metrics-suite/backstage-plugin-metrics-common';
import type { PermissionsConfig } from '../config/permissions';

/** What happens to one `metrics.sensitive.read` request: asked of the policy, or denied here. */
export type SensitiveReadGate = 'policy' | 'deny';

const DENY = { result: AuthorizeResult.DENY } as const;

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function serviceSubject(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as
    | { type?: unknown; subject?: unknown }
    | undefined;
  if (principal?.type !== 'service') return undefined;
  return typeof principal.subject === 'string' ? principal.subject : '';
}

const isSensitiveRead = (permission: Permission) =>
  permission.name === metricsSensitiveReadPermission.name;

/**
 * Who may ask for `metrics.sensitive.read` at all. Backstage's permission framework allows
 * service principals by default (the allow-all policy), so without this any plugin or external
 * caller with a service token would read every team's sensitive metrics.
 */
export class SensitiveReadRule {
  readonly #services: ReadonlySet<string>;
  // Credentials the nudges obtained for one team; never widened, only narrowed.
  readonly #audiences = new WeakMap<BackstageCredentials, string>();

  constructor(config: PermissionsConfig) {
    this.#services = new Set(config.sensitiveReadServices);
  }

  /**
   * The rule, for the permission on `teamRef` (undefined: a sensitive metric without an owning
   * team). Users (and the none principal) go to the policy. A service goes to the policy only
   * when its subject is listed in `metrics.permissions.sensitiveReadServices`, or when its
   * credentials act for that very team (see {@link SensitiveReadRule.actingFor}); every other
   * service is denied, whatever the policy would say.
   */
  gate(
    credentials: BackstageCredentials,
    teamRef: string | undefined,
  ): SensitiveReadGate {
    const subject = serviceSubject(credentials);
    if (subject === undefined) return 'policy';
    const audience = this.#audiences.get(credentials);
    if (audience !== undefined) {
      return teamRef !== undefined && lower(teamRef) === audience
        ? 'policy'
        : 'deny';
    }
    return this.#services.has(subject) ? 'policy' : 'deny';
  }

  /**
   * Marks service credentials as acting for the members of one team: what the nudges send to
   * that team. With them the team's own sensitive metrics go to the policy and every other
   * team's are denied, also for a subject listed in `sensitiveReadServices`. Pass credentials
   * obtained for this team alone (a fresh `auth.getOwnServiceCredentials()`): credentials
   * marked for two teams are denied every sensitive metric.
   */
  actingFor(
    credentials: BackstageCredentials,
    teamRef: string,
  ): BackstageCredentials {
    const previous = this.#audiences.get(credentials);
    // An unmatchable audience: nobody's sensitive metrics leak into another team's nudge.
    this.#audiences.set(
      credentials,
      previous === undefined || previous === lower(teamRef)
        ? lower(teamRef)
        : '\u0000',
    );
    return credentials;
  }

  /**
   * `permissions` with the rule applied first: `metrics.sensitive.read` requests the rule
   * denies are answered DENY without asking; all others go to `permissions` unchanged, in
   * one call, in order.
   */
  guard(permissions: PermissionsService): PermissionsService {
    const denied = (
      requests: ReadonlyArray<{ permission: Permission; resourceRef?: string }>,
      credentials: BackstageCredentials,
    ) =>
      requests.map(
        r =>
          isSensitiveRead(r.permission) &&
          this.gate(credentials, r.resourceRef) === 'deny',
      );
    return {
      async authorize(requests, options) {
        const deny = denied(requests, options.credentials);
        const asked = requests.filter((_, i) => !deny[i]);
        const answers = asked.length
          ? await permissions.authorize(asked, options)
          : [];
        return merge<AuthorizePermissionResponse>(deny, answers);
      },
      async authorizeConditional(requests, options) {
        const deny = denied(requests, options.credentials);
        const asked = requests.filter((_, i) => !deny[i]);
        const answers = asked.length
          ? await permissions.authorizeConditional(asked, options)
          : [];
        return merge<QueryPermissionResponse>(deny, answers);
      },
    };
  }
}

/** The answers in request order: DENY where denied here, else the policy's next answer. */
function merge<T>(deny: boolean[], answers: T[]): T[] {
  let next = 0;
  return deny.map(d => (d ? (DENY as T) : answers[next++]));
}
