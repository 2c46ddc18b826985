import { InputError } from '@backstage/errors';
import express from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './httpErrors';

/** The largest body read: a review of 100 metrics with its texts is well under it. */
export const MAX_BODY_BYTES = 100 * 1024;

const parse = express.json({ limit: MAX_BODY_BYTES });

function hasBody(req: express.Request): boolean {
  const length = req.headers['content-length'];
  return (
    req.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && length !== '0')
  );
}

/**
 * body-parser's errors as @backstage/errors. Their messages quote the body (a SyntaxError
 * cites the text it choked on) and their `body` field holds all of it, so neither is kept.
 */
function bodyError(error: unknown): Error {
  const type = (error as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `The request body is larger than ${MAX_BODY_BYTES / 1024} kB`,
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        'The request body must be JSON in UTF-8, uncompressed, gzip or deflate',
      );
    case 'entity.parse.failed':
      return new InputError(
        'The request body is not valid JSON: send a JSON object',
      );
    default:
      return new InputError('The request body could not be read');
  }
}

/**
 * Reads a JSON body for the routes that take one. A body with another `Content-Type` is a
 * 415 rather than silently ignored (an empty follow-up would be recorded); no body at all is
 * left to the route, for which it may be valid.
 */
export function jsonBody(): express.RequestHandler {
  return (req, res, next) => {
    if (hasBody(req) && !req.is('application/json')) {
      next(
        new UnsupportedMediaTypeError(
          "The request body must be JSON, sent with 'Content-Type: application/json'",
        ),
      );
      return;
    }
    parse(req, res, error => next(error ? bodyError(error) : undefined));
  };
}
