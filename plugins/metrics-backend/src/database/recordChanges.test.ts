import type { RecordRevision } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  byRevisionDesc,
  fieldChanges,
  staleRevisionMessage,
  withCreation,
} from './recordChanges';

const revision = (overrides: Partial<RecordRevision>): RecordRevision => ({
  kind: 'goal',
  recordId: 'g1',
  revision: 2,
  change: 'edited',
  author: 'user:default/bob',
  at: '2026-11-20T10:00:00.000Z',
  changes: {},
  ...overrides,
});

describe('fieldChanges', () => {
  it('names changed, set and cleared fields, and skips kept and equal ones', () => {
    expect(
      fieldChanges(
        { target: 0.99, notes: 'Old', dueDate: '2026-12-01', refs: [{ a: 1 }] },
        {
          target: 0.995,
          notes: null,
          dueDate: '2026-12-01',
          refs: [{ a: 1 }],
          baseline: undefined,
          actionText: 'New',
        },
      ),
    ).toEqual({
      target: { from: 0.99, to: 0.995 },
      notes: { from: 'Old' },
      actionText: { to: 'New' },
    });
    expect(fieldChanges({ notes: undefined }, { notes: null })).toEqual({});
  });
});

describe('withCreation', () => {
  const record = {
    kind: 'goal' as const,
    recordId: 'g1',
    author: 'user:default/alice',
    createdAt: '2026-11-01T10:00:00.000Z',
  };

  it('reads revision 1 from the record when no row holds it', () => {
    expect(withCreation([revision({})], record)).toEqual([
      revision({}),
      revision({
        revision: 1,
        change: 'created',
        author: 'user:default/alice',
        at: '2026-11-01T10:00:00.000Z',
      }),
    ]);
  });

  it('keeps a stored revision 1', () => {
    const kept = revision({ revision: 1, change: 'created' });
    expect(withCreation([kept], record)).toEqual([kept]);
  });
});

describe('byRevisionDesc and staleRevisionMessage', () => {
  it('orders newest first, a follow-up before its goal at the same instant', () => {
    const goal = revision({ revision: 1, at: '2026-11-20T10:00:00.000Z' });
    const followUp = revision({
      kind: 'follow-up',
      revision: 1,
      at: '2026-11-20T10:00:00.000Z',
    });
    const later = revision({ revision: 2, at: '2026-11-21T10:00:00.000Z' });
    expect([goal, later, followUp].sort(byRevisionDesc)).toEqual([
      later,
      followUp,
      goal,
    ]);
  });

  it('says someone else changed the record and what to do', () => {
    expect(staleRevisionMessage('Goal g1', 2, { revision: 4 })).toBe(
      'Goal g1 was changed by someone else since you loaded it (you edited revision 2, it is now at revision 4); reload it and make your change again',
    );
  });
});
