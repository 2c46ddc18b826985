import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  MaturityFilter,
  MaturityStage,
  clipInput,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { ENTITY_NAME_PATTERN as NAME } from './parseViewRequest';

/** Teams per page of `GET /v1/maturity` when `limit` is not given. */
export const DEFAULT_MATURITY_LIMIT = 50;
/** The largest page: enough for a screen, bounded so one request stays cheap. */
export const MAX_MATURITY_LIMIT = 500;
const MAX_OFFSET = 1_000_000;
const MAX_SEARCH = 100;
const MAX_REF = 300;

const FILTER_PARAMS = ['parent', 'stage', 'search'];
const PAGE_PARAMS = ['limit', 'offset'];

export interface MaturityPage {
  limit: number;
  offset: number;
}

/** Query parameters arrive as text, repeated ones as arrays (Express' parser). */
function values(value: unknown, name: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every(v => typeof v === 'string')) {
    throw new InputError(`Query parameter '${name}' must be text`);
  }
  return list as string[];
}

function once(value: unknown, name: string): string {
  const list = values(value, name);
  if (list.length !== 1) {
    throw new InputError(`Query parameter '${name}' may be given once`);
  }
  return list[0];
}

function rejectUnknown(query: Record<string, unknown>, allowed: string[]) {
  const unknown = Object.keys(query).filter(k => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new InputError(
      `Unknown query parameter '${clipInput(
        unknown[0],
      )}'; expected ${allowed.join(', ')}`,
    );
  }
}

function integer(text: string, name: string, min: number, max: number) {
  const value = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new InputError(
      `Query parameter '${name}' must be a whole number from ${min} to ${max}, got '${clipInput(
        text,
      )}'`,
    );
  }
  return value;
}

function parseFilter(query: Record<string, unknown>): MaturityFilter {
  const filter: MaturityFilter = {};
  if (query.parent !== undefined) {
    const text = once(query.parent, 'parent').trim();
    const bad = () =>
      new InputError(
        `Query parameter 'parent' must be a group reference, got '${clipInput(
          text,
        )}'`,
      );
    if (text.length > MAX_REF) throw bad();
    let parsed: ReturnType<typeof parseEntityRef>;
    try {
      // The page's spelling: `platform-tribe` is `group:default/platform-tribe`.
      parsed = parseEntityRef(text, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch {
      throw bad();
    }
    if (
      parsed.kind.toLocaleLowerCase('en-US') !== 'group' ||
      !NAME.test(parsed.namespace) ||
      !NAME.test(parsed.name)
    ) {
      throw bad();
    }
    filter.parent = stringifyEntityRef(parsed).toLocaleLowerCase('en-US');
  }
  if (query.stage !== undefined) {
    // `stage=1&stage=2` and `stage=1,2` both name stages 1 and 2.
    const stages = values(query.stage, 'stage')
      .flatMap(v => v.split(','))
      .map(v => integer(v.trim(), 'stage', 0, 6) as MaturityStage);
    filter.stages = [...new Set(stages)].sort((a, b) => a - b);
  }
  if (query.search !== undefined) {
    const search = once(query.search, 'search').trim();
    if (search.length > MAX_SEARCH) {
      throw new InputError(
        `Query parameter 'search' must be at most ${MAX_SEARCH} characters`,
      );
    }
    if (search) filter.search = search;
  }
  return filter;
}

/** `GET /v1/maturity?parent=…&stage=…&search=…&limit=…&offset=…` (docs/api.md#maturity). */
export function parseMaturityListQuery(query: Record<string, unknown>): {
  filter: MaturityFilter;
  page: MaturityPage;
} {
  rejectUnknown(query, [...FILTER_PARAMS, ...PAGE_PARAMS]);
  const page: MaturityPage = {
    limit:
      query.limit === undefined
        ? DEFAULT_MATURITY_LIMIT
        : integer(once(query.limit, 'limit'), 'limit', 1, MAX_MATURITY_LIMIT),
    offset:
      query.offset === undefined
        ? 0
        : integer(once(query.offset, 'offset'), 'offset', 0, MAX_OFFSET),
  };
  return { filter: parseFilter(query), page };
}

/** `GET /v1/maturity.csv?parent=…&stage=…&search=…`: the filters, never a page. */
export function parseMaturityExportQuery(
  query: Record<string, unknown>,
): MaturityFilter {
  rejectUnknown(query, FILTER_PARAMS);
  return parseFilter(query);
}
