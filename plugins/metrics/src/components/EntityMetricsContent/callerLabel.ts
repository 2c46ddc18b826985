import { parseEntityRef } from '@backstage/catalog-model';
import {
  CallerItem,
  OTHER_CALLERS,
  UNKNOWN_CALLER,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** What a caller row is: a catalog entity, outside the catalog, unlabelled, or the long tail. */
export type CallerKind = 'entity' | 'external' | 'unknown' | 'other';

export function callerKind(caller: CallerItem): CallerKind {
  if (caller.caller === OTHER_CALLERS) return 'other';
  if (caller.entityRef) return 'entity';
  if (caller.caller === UNKNOWN_CALLER) return 'unknown';
  return 'external';
}

/** Short name for charts: the entity's name, else the label value. */
export function callerName(caller: CallerItem): string {
  if (caller.entityRef) {
    try {
      return parseEntityRef(caller.entityRef).name;
    } catch {
      return caller.caller;
    }
  }
  if (caller.caller === OTHER_CALLERS && caller.otherCallers) {
    return `${caller.otherCallers} other callers`;
  }
  return caller.caller;
}
