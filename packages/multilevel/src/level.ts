/**
 * A level as the cache uses it: the tier's asynchronous face, its
 * synchronous face when it has one (read without awaiting), its TTL cap, and
 * its counters.
 * @module
 */
import type { CacheTier, SyncCacheTier } from '@cache/core';
import type { AbsorbedOperation, ResolvedLevelOptions } from './options.js';
import type { StoredEntry } from './stored-entry.js';

/** A level of the cache, with the counters the cache keeps for it. */
export class Level<V> {
  /** The level's name. */
  readonly name: string;
  /** Position, 0 = fastest. */
  readonly index: number;
  /** The asynchronous face (always present). */
  readonly tier: CacheTier<StoredEntry<V>>;
  /** The synchronous face, for in-process tiers. */
  readonly sync: SyncCacheTier<StoredEntry<V>> | undefined;
  /** Longest TTL a copy gets here (Infinity: no cap). */
  readonly maxTtl: number;
  /** Whether other instances see this level (the bus leaves shared levels alone). */
  readonly shared: boolean;
  /** Reads of the cache this level answered. */
  hits = 0;
  /** Operations of this level that threw or could not store. */
  errors = 0;
  /** Copies written here by promotion. */
  promotions = 0;

  readonly #report: (operation: AbsorbedOperation, level: string, key: string | undefined, error: unknown) => void;

  constructor(
    options: ResolvedLevelOptions,
    index: number,
    report: (operation: AbsorbedOperation, level: string, key: string | undefined, error: unknown) => void,
  ) {
    this.#report = report;
    const tier = options.tier as Partial<CacheTier<StoredEntry<V>>> & { asAsync?: () => CacheTier<StoredEntry<V>> };
    this.name = options.name;
    this.index = index;
    if (typeof tier.asAsync === 'function') {
      // a synchronous tier with its own async face (MemoryCache)
      this.sync = options.tier as SyncCacheTier<StoredEntry<V>>;
      this.tier = tier.asAsync();
    } else {
      this.tier = options.tier as CacheTier<StoredEntry<V>>;
      this.sync = this.tier.sync;
    }
    this.maxTtl = options.maxTtl;
    this.shared = options.shared ?? this.sync === undefined;
  }

  /** Counts a failure of this level the cache absorbed, and reports it. */
  fail(operation: AbsorbedOperation, key: string | undefined, error?: unknown): void {
    this.errors++;
    this.#report(operation, this.name, key, error);
  }

  /** `ttl` capped to this level (ms; Infinity allowed). */
  cap(ttl: number): number {
    return ttl < this.maxTtl ? ttl : this.maxTtl;
  }
}
