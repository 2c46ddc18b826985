import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { ActivityStore, ViewRecord } from '../database/ActivityStore';
import { ViewRecorder, viewActionOf } from './viewRecorder';

const NOW = new Date('2026-11-22T10:00:00.000Z');

function recorder(options: {
  ownershipEntityRefs?: string[];
  recordView?: (view: ViewRecord) => Promise<void>;
}) {
  const views: ViewRecord[] = [];
  const store = {
    recordView: jest.fn(
      options.recordView ??
        (async (view: ViewRecord) => {
          views.push(view);
        }),
    ),
  } as unknown as ActivityStore;
  const logger = mockServices.logger.mock();
  const userInfo = mockServices.userInfo({
    ownershipEntityRefs: options.ownershipEntityRefs ?? [
      'user:default/ada',
      'group:default/checkout',
      'Group:default/platform',
    ],
  });
  return {
    views,
    store,
    logger,
    recorder: new ViewRecorder({ store, userInfo, logger, now: () => NOW }),
  };
}

describe('viewActionOf', () => {
  it.each([
    ['group', {}, 'view'],
    ['group', { range: '7d' }, 'view'],
    ['group', { range: '28d' }, 'explore'],
    ['group', { end: '2026-11-01T00:00:00Z' }, 'explore'],
    ['entity', {}, 'explore'],
    ['entity', { range: '7d' }, 'explore'],
  ] as const)('calls a %s view with %j "%s"', (view, query, action) => {
    expect(viewActionOf(view, query)).toBe(action);
  });
});

describe('ViewRecorder', () => {
  it("records a user's view for each of the user's groups", async () => {
    const { recorder: r, views } = recorder({});
    await r.record(mockCredentials.user('user:default/ada'), {
      targetRef: 'group:default/checkout',
      action: 'view',
    });
    expect(views).toEqual([
      {
        userRef: 'user:default/ada',
        teamRefs: ['group:default/checkout', 'Group:default/platform'],
        targetRef: 'group:default/checkout',
        action: 'view',
        at: NOW.toISOString(),
      },
    ]);
  });

  it('records nothing for services or users in no group', async () => {
    const service = recorder({});
    await service.recorder.record(mockCredentials.service(), {
      targetRef: 'group:default/checkout',
      action: 'view',
    });
    expect(service.store.recordView).not.toHaveBeenCalled();

    const loner = recorder({ ownershipEntityRefs: ['user:default/ada'] });
    await loner.recorder.record(mockCredentials.user('user:default/ada'), {
      targetRef: 'component:default/checkout-api',
      action: 'explore',
    });
    expect(loner.store.recordView).not.toHaveBeenCalled();
  });

  it('logs instead of failing when the store fails', async () => {
    const { recorder: r, logger } = recorder({
      recordView: async () => {
        throw new Error('database is locked');
      },
    });
    await expect(
      r.record(mockCredentials.user('user:default/ada'), {
        targetRef: 'component:default/checkout-api',
        action: 'explore',
      }),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not record the explore of component:default/checkout-api: database is locked',
    );
  });
});
