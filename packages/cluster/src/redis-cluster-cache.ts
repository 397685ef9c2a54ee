/**
 * The Redis tier on a Redis Cluster. Everything a single key needs —
 * serialization, TTLs, the failure policy (timeouts, offline bound, circuit
 * breaker, `throw`/`miss`), events, counters — is @cache/redis's tier
 * machinery (`@cache/redis/internal`): this class holds a tier core over an
 * ioredis `Cluster` (`cluster-tier.ts`) and shares RedisCache's face
 * (`RedisTier`: state, single-key commands, stats, close), without
 * extending RedisCache. What differs on a cluster lives in files of its own:
 * multi-key operations split by hash slot and pipelined per node (`batch/`),
 * clear across every master (`clear-masters.ts`), INFO per node and the
 * cluster's own info (`node-info.ts`).
 * @module
 */
import type { Cluster } from 'ioredis';
import type { CacheTier } from '@cache/core';
import type { RedisCacheStats } from '@cache/redis';
import { RedisTier, resolveOptions, tierStats } from '@cache/redis/internal';
import { deleteMany } from './batch/delete-many.js';
import { ClusterReader } from './batch/get-many.js';
import { setMany } from './batch/set-many.js';
import { clearPrefix } from './clear-masters.js';
import type { ClusterInfo } from './cluster-info.js';
import { ClusterTier } from './cluster-tier.js';
import { openClusterConnection } from './connection.js';
import { readClusterInfo, readNodeInfo, sumNodeInfo, type NodeInfo } from './node-info.js';
import { splitOptions, type RedisClusterCacheOptions } from './options.js';

/** `getStats()` of a cluster tier: RedisCache's (server counters summed over every node) plus the seed's cluster fields. */
export interface RedisClusterCacheStats extends RedisCacheStats {
  /** `ok` or `fail` (absent when the cluster could not be asked in `miss` mode). */
  readonly clusterState?: string;
  /** Masters serving slots (the seed's `cluster_size`). */
  readonly clusterSize?: number;
  /** Nodes the cluster knows (the seed's `total_nodes`). */
  readonly totalNodes?: number;
}

/**
 * A cache tier on a Redis Cluster (ioredis `Cluster`), with RedisCache's API
 * and failure modes. Implements core's `CacheTier`.
 *
 * ```ts
 * const cache = new RedisClusterCache({ nodes: ['127.0.0.1:7000'], prefix: 'users', readFrom: 'replica' });
 * await cache.setMany([{ key: '1', value: 'Ada' }, { key: '2', value: 'Grace' }], { ttl: '5m' });
 * const [ada, grace] = await cache.getMany(['1', '2']);
 * ```
 *
 * Multi-key operations group keys by hash slot (one MGET / UNLINK per slot,
 * one SET per entry) and send one pipeline per node, all nodes in parallel;
 * results come back in the caller's order. When some nodes fail, the other
 * keys still succeed and the failed ones are reported per key with a
 * {@link ClusterBatchError} (thrown in `throw` mode; in `miss` mode they read
 * as misses / unwritten and the error is counted and emitted).
 *
 * Unlike RedisCache, `setMany` has no all-or-nothing transaction across
 * slots: a {@link ClusterBatchError} reports the entries written
 * (`partial`). `clear()` and `clearPrefix()` SCAN every master in parallel
 * (a SCAN sees one node only) and UNLINK per slot; they need a `prefix`
 * (InvalidOptionError otherwise); when some masters fail, the others are
 * still cleared and a {@link ClusterBatchError} names the failed nodes.
 */
export class RedisClusterCache<V = unknown> extends RedisTier<V, Cluster> implements CacheTier<V> {
  readonly #t: ClusterTier<V>;
  readonly #reader: ClusterReader<V>;

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: RedisClusterCacheOptions) {
    const { common, cluster, crossSlotReads } = splitOptions(options);
    const resolved = resolveOptions(common);
    let core!: ClusterTier<V>;
    super((emit) => (core = new ClusterTier<V>(resolved, () => openClusterConnection(cluster, options.client, resolved), emit)), {
      setMany: (entries, setOptions) => setMany(core, entries, setOptions),
      deleteMany: (keys) => deleteMany(core, keys),
      clearPrefix: (keyPrefix) => clearPrefix(core, keyPrefix),
      info: async (section) => sumNodeInfo(core, await readNodeInfo(core, section)),
    });
    this.#t = core;
    // a custom scaleReads function picks nodes per command: respect it by reading slot by slot
    this.#reader = new ClusterReader(core, crossSlotReads && typeof this.client.options.scaleReads !== 'function');
  }

  // ---- multi-key operations (batch/) ---------------------------------------

  /**
   * Values in the order of `keys`. Keys are grouped by the node that serves
   * their slot and each node's keys are read in one call (a cross-slot
   * read-only script, see `crossSlotReads`), all nodes in parallel; keys
   * whose slot moved — and every key when `crossSlotReads` is off — are read
   * with one MGET per slot, pipelined per node.
   */
  getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    return this.#reader.getMany(keys);
  }

  // ---- info (node-info.ts) -------------------------------------------------

  /**
   * INFO of every node the client is connected to (masters and replicas).
   * A node that does not answer is reported with its `error`; the call
   * itself rejects (or, in `miss` mode, resolves `[]`) only when the cluster
   * is unreachable.
   */
  nodeInfo(section?: string): Promise<NodeInfo[]> {
    return readNodeInfo(this.#t, section);
  }

  /**
   * INFO aggregated over every node that answered: numeric fields summed
   * (`keyspace_hits`, `used_memory`, `connected_clients`…), other fields kept
   * when all nodes agree. Per-node values: {@link RedisClusterCache.nodeInfo}.
   * `{}` when no node answered in `miss` mode.
   */
  async info(section?: string): Promise<Record<string, string>> {
    return sumNodeInfo(this.#t, await readNodeInfo(this.#t, section));
  }

  /**
   * The seed's `get_cluster_info`: state, masters, replicas, slot coverage and
   * every node, from `CLUSTER INFO` + `CLUSTER NODES` of the first master that
   * answers. In `miss` mode, `undefined` when none does.
   */
  getClusterInfo(): Promise<ClusterInfo | undefined> {
    return readClusterInfo(this.#t);
  }

  /**
   * RedisCache's `getStats()` (local counters + server counters summed over
   * every node) plus `clusterState`, `clusterSize` and `totalNodes`.
   */
  async getStats(): Promise<RedisClusterCacheStats> {
    const [stats, cluster] = await Promise.all([this.serverStats().then((server) => tierStats(this.stats(), server)), this.getClusterInfo()]);
    if (cluster === undefined) return stats;
    return Object.freeze({ ...stats, clusterState: cluster.state, clusterSize: cluster.masters, totalNodes: cluster.totalNodes });
  }
}
