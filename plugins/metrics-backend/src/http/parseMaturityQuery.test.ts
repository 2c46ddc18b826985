import {
  parseMaturityExportQuery,
  parseMaturityListQuery,
} from './parseMaturityQuery';

describe('parseMaturityListQuery', () => {
  it('defaults to the first page of 50 without filters', () => {
    expect(parseMaturityListQuery({})).toEqual({
      filter: {},
      page: { limit: 50, offset: 0 },
    });
  });

  it('reads the filters and the page, normalizing the parent and the stages', () => {
    expect(
      parseMaturityListQuery({
        parent: ' Platform-Tribe ',
        stage: ['3,1', '1'],
        search: '  checkout ',
        limit: '500',
        offset: '100',
      }),
    ).toEqual({
      filter: {
        parent: 'group:default/platform-tribe',
        stages: [1, 3],
        search: 'checkout',
      },
      page: { limit: 500, offset: 100 },
    });
    expect(
      parseMaturityListQuery({ parent: 'group:ops/tribe', search: ' ' }).filter,
    ).toEqual({ parent: 'group:ops/tribe' });
  });

  it.each([
    [{ stage: '7' }, "'stage' must be a whole number from 0 to 6, got '7'"],
    [{ stage: '1.5' }, "'stage' must be a whole number"],
    [{ stage: '' }, "'stage' must be a whole number"],
    [{ limit: '0' }, "'limit' must be a whole number from 1 to 500"],
    [{ limit: '501' }, "'limit' must be a whole number from 1 to 500"],
    [{ limit: ['5', '6'] }, "'limit' may be given once"],
    [{ offset: '-1' }, "'offset' must be a whole number from 0"],
    [{ parent: 'component:default/api' }, "'parent' must be a group reference"],
    [{ parent: 'a:b:c' }, "'parent' must be a group reference"],
    [{ search: 'x'.repeat(101) }, "'search' must be at most 100 characters"],
    [{ search: { a: '1' } }, "'search' must be text"],
    [{ stages: '1' }, "Unknown query parameter 'stages'"],
  ])('rejects %j', (query, message) => {
    expect(() => parseMaturityListQuery(query)).toThrow(message);
  });
});

describe('parseMaturityExportQuery', () => {
  it('reads the filters and refuses a page', () => {
    expect(parseMaturityExportQuery({ stage: '0', search: 'x' })).toEqual({
      stages: [0],
      search: 'x',
    });
    expect(() => parseMaturityExportQuery({ limit: '10' })).toThrow(
      "Unknown query parameter 'limit'; expected parent, stage, search",
    );
  });
});
