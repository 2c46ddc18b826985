/** Store calls by method name since the last reset. */
export class StoreCalls {
  readonly byMethod = new Map<string, number>();

  /** Reads are the `list*` and `get*` methods; everything else writes. */
  static isRead(method: string): boolean {
    return /^(list|get)[A-Z]/.test(method);
  }

  count(method: string): void {
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
  }

  get reads(): number {
    return this.total(StoreCalls.isRead);
  }

  get writes(): number {
    return this.total(m => !StoreCalls.isRead(m));
  }

  reset(): void {
    this.byMethod.clear();
  }

  private total(filter: (method: string) => boolean): number {
    let sum = 0;
    for (const [method, n] of this.byMethod) if (filter(method)) sum += n;
    return sum;
  }
}

/** A store, counting every method call in `calls`. */
export function countingStore<S extends object>(
  store: S,
  calls: StoreCalls,
): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') {
        return value;
      }
      return (...args: unknown[]) => {
        calls.count(property);
        // The target as `this`: the store's private fields are not on the proxy.
        return value.apply(target, args);
      };
    },
  });
}

/**
 * Each store counting into the same `calls`: the scorecard reads several stores, and its
 * figures are the calls of all of them (method names do not repeat across stores).
 */
export function countingStores<S extends Record<string, object>>(
  stores: S,
  calls: StoreCalls,
): S {
  return Object.fromEntries(
    Object.entries(stores).map(([name, store]) => [
      name,
      countingStore(store, calls),
    ]),
  ) as S;
}
