import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ActivityStore, ViewRecord } from '../database/ActivityStore';
import { errorMessage } from '../views/resolveForView';
import { DEFAULT_RANGE } from '../http/parseViewRequest';

export type ViewAction = ViewRecord['action'];

/**
 * `view` is the squad tab as it opens (default range, ending now); anything else is a
 * drill-down: a single service, another range, or a look back in time.
 */
export function viewActionOf(
  view: 'entity' | 'group',
  query: Record<string, unknown>,
): ViewAction {
  const defaultRange =
    query.range === undefined || query.range === DEFAULT_RANGE;
  const endsNow = query.end === undefined || query.end === '';
  return view === 'group' && defaultRange && endsNow ? 'view' : 'explore';
}

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  const principal = credentials.principal as { type?: unknown } | undefined;
  return principal?.type === 'user';
}

function isGroupRef(ref: string): boolean {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
  } catch {
    return false;
  }
}

export interface ViewRecorderOptions {
  store: Pick<ActivityStore, 'recordView'>;
  userInfo: UserInfoService;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * Records that a user looked at metrics, for the maturity evidence (stages 1 and 4). The
 * store keeps one row per viewer team, target, action and day.
 */
export class ViewRecorder {
  constructor(private readonly options: ViewRecorderOptions) {}

  /** Never rejects: a failed record must not fail the view it describes. */
  async record(
    credentials: BackstageCredentials,
    viewed: { targetRef: string; action: ViewAction },
  ): Promise<void> {
    // Services and anonymous callers are no team looking at its metrics.
    if (!isUser(credentials)) return;
    const { store, userInfo, logger } = this.options;
    try {
      const { userEntityRef, ownershipEntityRefs } = await userInfo.getUserInfo(
        credentials,
      );
      const teamRefs = [...new Set(ownershipEntityRefs.filter(isGroupRef))];
      if (teamRefs.length === 0) return;
      await store.recordView({
        userRef: userEntityRef,
        teamRefs,
        targetRef: viewed.targetRef,
        action: viewed.action,
        at: (this.options.now?.() ?? new Date()).toISOString(),
      });
    } catch (error) {
      logger.warn(
        `Could not record the ${viewed.action} of ${
          viewed.targetRef
        }: ${errorMessage(error)}`,
      );
    }
  }
}
