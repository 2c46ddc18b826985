import { NotFoundError } from '@backstage/errors';
import { errorMessage, isNotFound } from './apiError';
import { responseError } from './__testUtils__/teamData';

describe('errorMessage', () => {
  it('prefers the backend’s message to the status line of a ResponseError', async () => {
    const error = await responseError(409, 'Conflict', {
      name: 'ConflictError',
      message: 'Goal g1 was already followed up',
    });
    expect(error.message).toBe('Request failed with 409 Conflict');
    expect(errorMessage(error)).toBe('Goal g1 was already followed up');
    expect(errorMessage(new Error('offline'))).toBe('offline');
  });
});

describe('isNotFound', () => {
  it('recognises a 404 however it is thrown', async () => {
    expect(
      isNotFound(
        await responseError(404, 'Not Found', {
          name: 'NotFoundError',
          message: 'No team group:default/guild',
        }),
      ),
    ).toBe(true);
    expect(isNotFound(new NotFoundError('no such team'))).toBe(true);
    expect(
      isNotFound(
        await responseError(500, 'Internal Server Error', {
          name: 'Error',
          message: 'boom',
        }),
      ),
    ).toBe(false);
  });
});
