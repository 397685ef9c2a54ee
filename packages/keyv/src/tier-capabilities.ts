/**
 * What the adapter can do beyond core's `CacheTier` contract, found by
 * looking at the tier (or its synchronous face): clear one key prefix, list
 * keys, list entries. The contract itself has no listing, so these are
 * optional capabilities that some tiers have (`RedisCache` and
 * `RedisClusterCache` clear by prefix with SCAN + UNLINK; `MemoryCache` lists
 * its keys and entries).
 * @module
 */
import type { CacheTier, SyncCacheTier } from '@cache/core';

/** A tier the adapter accepts: core's asynchronous contract or an in-process tier's synchronous face. */
export type AnyTier<V = unknown> = CacheTier<V> | SyncCacheTier<V>;

type Listing<T> = Iterable<T> | AsyncIterable<T>;

/** A tier that can remove every key starting with a prefix (within its own namespace). */
interface PrefixClearing {
  clearPrefix(prefix: string): Promise<number> | number;
}

/** A tier that can list its live keys. */
interface KeyListing {
  keys(): Listing<string>;
}

/** A tier that can list its live `[key, value]` pairs without counting hits. */
interface EntryListing<V> {
  entries(): Listing<[string, V]>;
}

const hasMethod = (target: unknown, name: string): boolean =>
  typeof target === 'object' && target !== null && typeof (target as Record<string, unknown>)[name] === 'function';

/** The object that has method `name`: the tier itself, else its synchronous face. */
function withMethod<T>(tier: AnyTier<any>, name: string): T | undefined {
  if (hasMethod(tier, name)) return tier as T;
  const sync = (tier as CacheTier<any>).sync;
  return hasMethod(sync, name) ? (sync as T) : undefined;
}

/** The optional capabilities of one tier, looked up once. */
export class TierCapabilities<V> {
  readonly #prefix: PrefixClearing | undefined;
  readonly #keys: KeyListing | undefined;
  readonly #entries: EntryListing<V> | undefined;

  constructor(tier: AnyTier<V>) {
    this.#prefix = withMethod<PrefixClearing>(tier, 'clearPrefix');
    this.#keys = withMethod<KeyListing>(tier, 'keys');
    this.#entries = withMethod<EntryListing<V>>(tier, 'entries');
  }

  /** Whether keys under a prefix can be found or removed (so a namespace can be cleared alone). */
  get canClearPrefix(): boolean {
    return this.#prefix !== undefined || this.#keys !== undefined || this.#entries !== undefined;
  }

  /** Whether the tier can list its entries (so the adapter can offer `iterator`). */
  get canList(): boolean {
    return this.#keys !== undefined || this.#entries !== undefined;
  }

  /**
   * Removes the keys that start with `prefix` through `remove` (or the tier's
   * own `clearPrefix`). Keys are collected before any is removed, so the
   * listing never sees its own deletions.
   */
  async clearPrefix(prefix: string, remove: (keys: string[]) => Promise<unknown>): Promise<void> {
    if (this.#prefix !== undefined) {
      await this.#prefix.clearPrefix(prefix);
      return;
    }
    const doomed: string[] = [];
    for await (const key of this.#listKeys()) if (key.startsWith(prefix)) doomed.push(key);
    if (doomed.length > 0) await remove(doomed);
  }

  /**
   * The live `[key, value]` pairs whose key starts with `prefix`, collected
   * before the first is returned (so the caller may delete while it walks
   * them); `read` fetches the values when the tier lists keys only.
   */
  async entries(prefix: string, read: (keys: string[]) => Promise<(V | undefined)[]>): Promise<[string, V][]> {
    const found: [string, V][] = [];
    if (this.#entries !== undefined) {
      for await (const [key, value] of this.#entries.entries()) if (key.startsWith(prefix)) found.push([key, value]);
      return found;
    }
    const keys: string[] = [];
    for await (const key of this.#listKeys()) if (key.startsWith(prefix)) keys.push(key);
    const values = await read(keys);
    for (let i = 0; i < keys.length; i++) if (values[i] !== undefined) found.push([keys[i]!, values[i]!]);
    return found;
  }

  async *#listKeys(): AsyncGenerator<string> {
    if (this.#keys !== undefined) {
      yield* this.#keys.keys();
      return;
    }
    if (this.#entries !== undefined) for await (const [key] of this.#entries.entries()) yield key;
  }
}
