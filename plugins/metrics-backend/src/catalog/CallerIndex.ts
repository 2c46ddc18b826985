import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readEntityMetricsAnnotations } from '@metrics-suite/backstage-plugin-metrics-common';

/** How long an index answers before it is rebuilt in the background. */
export const CALLER_INDEX_TTL_MS = 5 * 60_000;

interface Snapshot {
  builtAt: number;
  refsById: Map<string, string[]>;
}

/**
 * Caller id → the Components that may claim it (by caller id or by name), over the whole
 * catalog, rebuilt at most every {@link CALLER_INDEX_TTL_MS} with one paged-free listing in
 * the background (a view answers from the previous index meanwhile). It only narrows which
 * entities a view reads by ref; who may see them and which one claims an id are decided per
 * request on the entities as they are then (loadCallerLinks). A Component newly annotated
 * gets its links once the index is rebuilt.
 */
export class CallerIndex {
  #snapshot?: Snapshot;
  #building?: Promise<Snapshot>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      /** Credentials the whole catalog is listed with; the requester's when absent. */
      credentials?: () => Promise<BackstageCredentials>;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /** Refs of the Components that may claim any of `ids`, sorted, without duplicates. */
  async candidates(
    ids: Iterable<string>,
    requester: BackstageCredentials,
  ): Promise<string[]> {
    const { refsById } = await this.#current(requester);
    const refs = new Set<string>();
    for (const id of ids) {
      for (const ref of refsById.get(id) ?? []) refs.add(ref);
    }
    return [...refs].sort();
  }

  #current(requester: BackstageCredentials): Promise<Snapshot> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? CALLER_INDEX_TTL_MS;
    const snapshot = this.#snapshot;
    if (snapshot && now - snapshot.builtAt < ttl)
      return Promise.resolve(snapshot);
    this.#building ??= this.#build(requester, now).finally(() => {
      this.#building = undefined;
    });
    if (!snapshot) return this.#building;
    // Stale: this view uses the previous index; a failed rebuild is retried by the next view.
    this.#building.catch(() => undefined);
    return Promise.resolve(snapshot);
  }

  async #build(
    requester: BackstageCredentials,
    now: number,
  ): Promise<Snapshot> {
    const credentials = this.options.credentials
      ? await this.options.credentials()
      : requester;
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'component' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const refsById = new Map<string, string[]>();
    const add = (id: string | undefined, ref: string) => {
      if (!id) return;
      const refs = refsById.get(id);
      if (refs) refs.push(ref);
      else refsById.set(id, [ref]);
    };
    for (const entity of items) {
      const ref = stringifyEntityRef(entity);
      const { callerId } = readEntityMetricsAnnotations(entity);
      add(callerId, ref);
      if (entity.metadata.name !== callerId) add(entity.metadata.name, ref);
    }
    const snapshot = { builtAt: now, refsById };
    this.#snapshot = snapshot;
    return snapshot;
  }
}
