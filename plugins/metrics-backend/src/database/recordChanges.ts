import type {
  RecordFieldChange,
  RecordKind,
  RecordRevision,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { cmp } from './queryHelpers';

/*
 * The pure part of editing records (docs/api.md#editing-records): which fields an edit changes,
 * the creation of records older than their first revision row, the order of a history.
 */

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields `edit` changes on `current`, from → to. Undefined in the edit keeps a field, null
 * clears it (an unset field has no `from`, a cleared one no `to`).
 */
export function fieldChanges(
  current: Record<string, unknown>,
  edit: Record<string, unknown>,
): Record<string, RecordFieldChange> {
  const changes: Record<string, RecordFieldChange> = {};
  for (const [field, to] of Object.entries(edit)) {
    const from = current[field];
    if (to === undefined || same(from, to)) continue;
    changes[field] = {
      ...(from === undefined || from === null ? {} : { from }),
      ...(to === null ? {} : { to }),
    };
  }
  return changes;
}

/**
 * Newest first: by instant, then the follow-up before its goal (it was recorded later), then by
 * revision.
 */
export function byRevisionDesc(a: RecordRevision, b: RecordRevision): number {
  return (
    cmp(b.at, a.at) ||
    cmp(
      a.kind === 'follow-up' ? '0' : '1',
      b.kind === 'follow-up' ? '0' : '1',
    ) ||
    b.revision - a.revision
  );
}

/**
 * A record's revisions with its creation: records created before revisions were kept, and not
 * changed since in a way that rewrote their creation, have no revision 1 row; it is read from
 * the record itself.
 */
export function withCreation(
  revisions: RecordRevision[],
  record: {
    kind: RecordKind;
    recordId: string;
    author: string;
    createdAt: string;
  },
): RecordRevision[] {
  if (revisions.some(r => r.revision === 1)) return revisions;
  return [
    ...revisions,
    {
      kind: record.kind,
      recordId: record.recordId,
      revision: 1,
      change: 'created',
      author: record.author,
      at: record.createdAt,
      changes: {},
    },
  ];
}

/** The 409 of an edit or withdrawal made on a revision that is no longer the record's. */
export function staleRevisionMessage(
  label: string,
  seen: number,
  current: { revision: number },
): string {
  return `${label} was changed by someone else since you loaded it (you edited revision ${seen}, it is now at revision ${current.revision}); reload it and make your change again`;
}
