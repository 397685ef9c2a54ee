/**
 * The Redis tier: core's async contract on ioredis, with msgpack values, key
 * namespaces, TTL on every write path and bounded failure behaviour.
 *
 * This class is the public face; the machinery is the tier's
 * {@link RedisTierCore} (client, failure policy, codec, namespace, counters,
 * life), and each concern lives in a file of its own that works on it:
 * what both Redis tiers offer alike in `redis-tier.ts` (single-key commands
 * in `single-key.ts`), multi-key ones in `batch.ts`, clear in
 * `clear-prefix.ts`, INFO in `info.ts`, client events and ownership in
 * `lifecycle.ts`. `@cache/cluster`'s RedisClusterCache builds on the same
 * `RedisTier` with a core of its own over a Cluster.
 * @module
 */
import type { Redis } from 'ioredis';
import type { CacheTier } from '@cache/core';
import { deleteMany, getMany, setMany } from './batch.js';
import { clearPrefix } from './clear-prefix.js';
import { openConnection } from './connection.js';
import { readInfo } from './info.js';
import { tierStats, type RedisCacheStats } from './server-stats.js';
import { resolveOptions, type RedisCacheOptions } from './options.js';
import { RedisTier } from './redis-tier.js';
import { RedisTierCore } from './tier-core.js';

/**
 * A cache tier on Redis (ioredis). Implements core's `CacheTier`.
 *
 * ```ts
 * const cache = new RedisCache({ url: 'redis://127.0.0.1:6380', prefix: 'users', onError: 'miss' });
 * await cache.set('42', { name: 'Ada' }, { ttl: '5m' });
 * ```
 *
 * Failure behaviour: every command settles within `commandTimeout`; while the
 * connection is down at most `offlineQueue` commands wait; after
 * `circuitBreaker.failureThreshold` consecutive failures calls fail fast until
 * a probe succeeds. `onError` decides whether failures reject (`throw`) or read
 * as misses (`miss`). Events: `error`, `circuit-open`, `circuit-close`,
 * `connect`, `disconnect`.
 *
 * `stats()`: the local counters, with the server's `size` (keys of the database, every prefix) and
 * `memoryUsage` (`used_memory`) from `INFO`, refreshed in the background (≤ every 5 s; 0 until read).
 */
export class RedisCache<V = unknown> extends RedisTier<V, Redis> implements CacheTier<V> {
  readonly #t: RedisTierCore<V, Redis>;

  /**
   * @param options validated once, here
   * @throws InvalidOptionError naming the first invalid option
   */
  constructor(options: RedisCacheOptions = {}) {
    const resolved = resolveOptions(options);
    let core!: RedisTierCore<V, Redis>;
    super((emit) => (core = new RedisTierCore<V, Redis>(resolved, () => openConnection(options, resolved), emit)), {
      setMany: (entries, setOptions) => setMany(core, entries, setOptions),
      deleteMany: (keys) => deleteMany(core, keys),
      clearPrefix: (keyPrefix) => clearPrefix(core, keyPrefix),
      info: (section) => readInfo(core, section),
    });
    this.#t = core;
  }

  // ---- multi-key, clear and info on one server (batch.ts, clear-prefix.ts, info.ts) ----

  /** Values in the order of `keys` (one MGET); a value that cannot be decoded reads as a miss, its error counted and emitted. */
  getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    return getMany(this.#t, keys);
  }

  /** Parsed `INFO [section]` (the seed's `get_info`); `{}` on failure in `miss` mode. */
  info(section?: string): Promise<Record<string, string>> {
    return readInfo(this.#t, section);
  }

  /**
   * The seed's `get_stats`: the local snapshot plus `localHitRatio` and the
   * server's counters (`redisKeyspaceHits`, `redisKeyspaceMisses`,
   * `redisUsedMemory`, `redisConnectedClients`, `redisTotalCommandsProcessed`,
   * `redisHitRatio`), which are absent when the server could not be asked in
   * `miss` mode.
   */
  async getStats(): Promise<RedisCacheStats> {
    const server = await this.serverStats();
    return tierStats(this.stats(), server);
  }
}
