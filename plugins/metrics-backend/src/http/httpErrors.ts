import { CustomErrorBase } from '@backstage/errors';

/*
 * Statuses @backstage/errors has no error for. Backstage's error middleware answers with an
 * error's numeric `statusCode`, in its standard error body.
 */

/** 405: the path exists, the method does not; the router sets `Allow`. */
export class MethodNotAllowedError extends CustomErrorBase {
  name = 'MethodNotAllowedError' as const;
  statusCode = 405 as const;
}

/** 413: the request body is larger than the router reads. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  statusCode = 413 as const;
}

/** 415: a request body that is not JSON (by its `Content-Type` or `Content-Encoding`). */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
  statusCode = 415 as const;
}

/** 429: this requester asked for more views than `metrics.limits.viewRequestsPerMinute`. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  statusCode = 429 as const;
}
