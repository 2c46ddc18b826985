interface RemoteError {
  name?: string;
  message?: string;
  statusCode?: number;
  cause?: { name?: string; message?: string };
}

/**
 * What to tell the user about a failed call. A `ResponseError` says only "Request failed with
 * 400 Bad Request"; the backend's own message (its cause) is the useful part.
 */
export function errorMessage(error: Error): string {
  const remote = error as RemoteError;
  if (remote.name === 'ResponseError' && remote.cause?.message) {
    return remote.cause.message;
  }
  return error.message;
}

/**
 * Whether the backend answered `status`, thrown as a `ResponseError` or as the error `name`.
 * Errors come over the wire here: their name is all that is left of their class.
 */
function answered(error: Error, status: number, name: string): boolean {
  const remote = error as RemoteError;
  return (
    remote.statusCode === status ||
    remote.name === name ||
    remote.cause?.name === name
  );
}

/** Whether the backend answered 404. */
export function isNotFound(error: Error): boolean {
  return answered(error, 404, 'NotFoundError');
}

/** Whether the backend answered 409: someone else changed the record since it was loaded. */
export function isConflict(error: Error): boolean {
  return answered(error, 409, 'ConflictError');
}
