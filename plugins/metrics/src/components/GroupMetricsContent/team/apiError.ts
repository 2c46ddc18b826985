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

/** Whether the backend answered 404, thrown as a `ResponseError` or a `NotFoundError`. */
export function isNotFound(error: Error): boolean {
  const remote = error as RemoteError;
  return (
    remote.statusCode === 404 ||
    remote.name === 'NotFoundError' ||
    remote.cause?.name === 'NotFoundError'
  );
}

/** Whether the backend answered 409: someone else changed the record since it was loaded. */
export function isConflict(error: Error): boolean {
  const remote = error as RemoteError;
  return (
    remote.statusCode === 409 ||
    remote.name === 'ConflictError' ||
    remote.cause?.name === 'ConflictError'
  );
}
