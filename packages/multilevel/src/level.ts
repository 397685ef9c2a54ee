/**
 * A level as the cache uses it: the tier's asynchronous face, its
 * synchronous face when it has one (read without awaiting), its TTL cap, and
 * its counters.
 * @module
 */
import { isInProcessTier, type CacheTier, type SyncCacheTier } from '@cache/core';
import type { AbsorbedOperation } from './options.js';
import type { ResolvedLevelOptions } from './resolve-options.js';
import { isBadInput } from './recovery.js';
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
  /**
   * Whether the level is failing: set by an operation that failed for
   * another reason than bad input, cleared by recovery once a probe
   * succeeded and every write it missed was repaired. While failing, reads
   * skip the level and writes are recorded for repair instead of sent.
   */
  failing = false;

  readonly #report: (operation: AbsorbedOperation, level: string, key: string | undefined, error: unknown) => void;
  readonly #down: (level: Level<V>) => void;

  constructor(
    options: ResolvedLevelOptions,
    index: number,
    report: (operation: AbsorbedOperation, level: string, key: string | undefined, error: unknown) => void,
    down: (level: Level<V>) => void,
  ) {
    this.#report = report;
    this.#down = down;
    const tier = options.tier as CacheTier<StoredEntry<V>> | SyncCacheTier<StoredEntry<V>>;
    this.name = options.name;
    this.index = index;
    if (isInProcessTier(tier)) {
      this.sync = tier;
      this.tier = tier.asAsync();
    } else {
      // a CacheTier (its `sync` face, if any, is read without awaiting), or a bare SyncCacheTier read like a remote one
      this.tier = tier as CacheTier<StoredEntry<V>>;
      this.sync = this.tier.sync;
    }
    this.maxTtl = options.maxTtl;
    this.shared = options.shared ?? this.sync === undefined;
  }

  /**
   * Counts a failure of this level the cache absorbed, and reports it. A
   * thrown error that is not bad input also marks the level failing (see
   * recovery.ts), unless `markDown` is false (recovery's own probes).
   */
  fail(operation: AbsorbedOperation, key: string | undefined, error?: unknown, markDown = true): void {
    this.errors++;
    this.#report(operation, this.name, key, error);
    if (markDown && error !== undefined && !isBadInput(error)) this.#down(this);
  }

  /** `ttl` capped to this level (ms; Infinity allowed). */
  cap(ttl: number): number {
    return ttl < this.maxTtl ? ttl : this.maxTtl;
  }

  /**
   * The envelope as this level stores it for `ttl` ms from `now`. A remote
   * level is read with one plain `get` (no TTL query), so when its copy ends
   * before the envelope's physical expiry (a `maxTtl` cap, a degraded TTL),
   * the copy carries its own end in `p`: a reader then promotes it for no
   * longer than it lives here. Synchronous levels report their remaining
   * TTL on every read and keep the envelope as it is (no allocation).
   */
  envelope(stored: StoredEntry<V>, ttl: number, now: number): StoredEntry<V> {
    if (this.sync !== undefined || ttl === Infinity) return stored;
    const goneAt = now + ttl;
    const end = stored.p ?? stored.e;
    if (end !== undefined && end <= goneAt) return stored;
    return stored.e === undefined ? { v: stored.v, p: goneAt } : { v: stored.v, e: stored.e, p: goneAt };
  }

  /** The face writes use: the synchronous one when there is one. */
  get face(): CacheTier<StoredEntry<V>> | SyncCacheTier<StoredEntry<V>> {
    return this.sync ?? this.tier;
  }
}
