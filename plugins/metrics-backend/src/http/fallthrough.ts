import { InputError, NotFoundError } from '@backstage/errors';
import { clipInput } from '@metrics-suite/backstage-plugin-metrics-common';
import express from 'express';
import { MethodNotAllowedError } from './httpErrors';

/** The methods of each route path a router defines so far, as Express keeps them. */
function methodsByPath(router: express.Router): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>();
  for (const layer of router.stack) {
    const route = layer.route as
      | { path?: unknown; methods?: Record<string, boolean> }
      | undefined;
    if (!route || typeof route.path !== 'string') continue;
    const methods = paths.get(route.path) ?? new Set<string>();
    for (const [method, on] of Object.entries(route.methods ?? {})) {
      if (on && method !== '_all') methods.add(method.toUpperCase());
    }
    paths.set(route.path, methods);
  }
  return paths;
}

/**
 * Call after a router's routes: a path it defines asked with another method answers 405 with
 * `Allow` (Express answers HEAD with the GET route; OPTIONS gets the `Allow` alone, 204).
 */
export function rejectOtherMethods(router: express.Router): void {
  for (const [path, methods] of methodsByPath(router)) {
    if (methods.has('GET')) methods.add('HEAD');
    const allow = [...methods].join(', ');
    router.all(path, (req, res) => {
      res.setHeader('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      throw new MethodNotAllowedError(
        `${req.method} is not allowed here; use ${allow}`,
      );
    });
  }
}

/**
 * Last in the plugin's router: any other path is a 404 in the standard error body rather
 * than the root router's empty one. Backstage's own `/.well-known/` routes pass through.
 */
export function notFound(): express.RequestHandler {
  return (req, _res, next) => {
    if (req.path.startsWith('/.well-known/')) {
      next();
      return;
    }
    next(
      new NotFoundError(
        `No such route in the metrics API: ${req.method} ${clipInput(
          req.path,
        )}`,
      ),
    );
  };
}

/**
 * Express's own 400 for a path segment that is not valid percent-encoding quotes the
 * segment and is no @backstage/errors error; everything else passes on unchanged.
 */
export function badPathErrors(): express.ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (error instanceof URIError) {
      next(new InputError('The request path is not valid percent-encoding'));
      return;
    }
    next(error);
  };
}
