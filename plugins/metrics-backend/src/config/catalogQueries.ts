import type { Config } from '@backstage/config';
import {
  DEFAULT_NAMESPACE,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, isError } from '@backstage/errors';
import {
  CATALOG_QUERY_POLICIES,
  CatalogQueryPolicy,
  checkOwnerRef,
  isValidLabelName,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** Extra label sets one owner's catalog PromQL may read (`catalogQueries.grants[]`). */
export interface CatalogQueryGrant {
  /** Entity ref, lower case, e.g. `group:default/payments`. */
  owner: string;
  /** Equality matchers a selector must all carry, label → value. */
  matchers: Readonly<Record<string, string>>;
}

/** What an instance does with PromQL written in the catalog (`catalogQueries`). */
export interface CatalogQueriesConfig {
  policy: CatalogQueryPolicy;
  grants: CatalogQueryGrant[];
}

/** Which entities may use an instance at all; absent keys restrict nothing. */
export interface InstanceAccessConfig {
  /** Entity refs, lower case. */
  allowedOwners?: string[];
  /** Catalog namespaces, lower case. */
  allowedNamespaces?: string[];
}

export const DEFAULT_CATALOG_QUERIES: CatalogQueriesConfig = {
  policy: 'scoped',
  grants: [],
};

/** `group:default/payments` for `payments`, lower case: refs compare case-insensitively. */
export function ownerKey(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: DEFAULT_NAMESPACE,
    }),
  ).toLocaleLowerCase('en-US');
}

function readOwner(value: string, key: string): string {
  const problem = checkOwnerRef(value);
  if (problem) throw new InputError(`${key}: ${problem}`);
  return ownerKey(value);
}

/** Config's own type errors name the key too, but as plain errors: report them as ours. */
function asInputError<T>(read: () => T, where: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${where}: ${isError(error) ? error.message : String(error)}`,
    );
  }
}

function readGrant(config: Config, key: string): CatalogQueryGrant {
  const owner = readOwner(config.getString('owner'), `${key}.owner`);
  const matchersConfig = config.getOptionalConfig('matchers');
  const labels = matchersConfig?.keys() ?? [];
  // A grant without matchers would scope nothing: every selector would pass.
  if (labels.length === 0) {
    throw new InputError(
      `${key}.matchers must give at least one label and its value, e.g. { namespace: payments }`,
    );
  }
  const matchers: Record<string, string> = {};
  for (const label of labels) {
    if (!isValidLabelName(label)) {
      throw new InputError(
        `${key}.matchers: "${label}" is not a Prometheus label name`,
      );
    }
    // Config refuses empty strings, which would match series without the label.
    matchers[label] = matchersConfig!.getString(label);
  }
  return { owner, matchers };
}

/** Reads `catalogQueries` of the instance at `where`; throws InputError naming the bad key. */
export function readCatalogQueries(
  config: Config,
  where: string,
): CatalogQueriesConfig {
  const at = `${where}.catalogQueries`;
  return asInputError(() => {
    const section = config.getOptionalConfig('catalogQueries');
    const policy =
      section?.getOptionalString('policy') ?? DEFAULT_CATALOG_QUERIES.policy;
    if (!(CATALOG_QUERY_POLICIES as readonly string[]).includes(policy)) {
      throw new InputError(
        `${at}.policy must be one of ${CATALOG_QUERY_POLICIES.map(
          p => `"${p}"`,
        ).join(', ')}, got "${policy}"`,
      );
    }
    const grants = (section?.getOptionalConfigArray('grants') ?? []).map(
      (grant, index) => readGrant(grant, `${at}.grants[${index}]`),
    );
    return { policy: policy as CatalogQueryPolicy, grants };
  }, at);
}

function readList(
  config: Config,
  key: string,
  where: string,
  read: (value: string, key: string) => string,
): string[] | undefined {
  if (!config.has(key)) return undefined;
  const values = config.getStringArray(key);
  // An empty list would lock everyone out, which is what removing the instance does.
  if (values.length === 0) {
    throw new InputError(
      `${where}.${key} must not be empty; leave it out to allow every entity`,
    );
  }
  return values.map((value, index) => read(value, `${where}.${key}[${index}]`));
}

function readNamespace(value: string, key: string): string {
  const namespace = value.toLocaleLowerCase('en-US');
  if (!KubernetesValidatorFunctions.isValidNamespace(namespace)) {
    throw new InputError(`${key} must be a catalog namespace, got "${value}"`);
  }
  return namespace;
}

/** Reads `allowedOwners` and `allowedNamespaces` of the instance at `where`. */
export function readInstanceAccess(
  config: Config,
  where: string,
): InstanceAccessConfig {
  return asInputError(() => {
    const allowedOwners = readList(config, 'allowedOwners', where, readOwner);
    const allowedNamespaces = readList(
      config,
      'allowedNamespaces',
      where,
      readNamespace,
    );
    return {
      ...(allowedOwners ? { allowedOwners } : {}),
      ...(allowedNamespaces ? { allowedNamespaces } : {}),
    };
  }, where);
}
