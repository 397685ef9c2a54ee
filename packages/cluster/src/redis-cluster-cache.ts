/**
 * The Redis tier on a Redis Cluster. Everything a single key needs —
 * serialization, TTLs, the failure policy (timeouts, offline bound, circuit
 * breaker, `throw`/`miss`), events, counters — is @cache/redis's RedisCache,
 * running over an ioredis `Cluster`. This class holds only what differs on a
 * cluster, each part in a file of its own: multi-key operations split by
 * hash slot and pipelined per node (`batch/`), clear across every master
 * (`clear-masters.ts`), INFO per node and the cluster's own info
 * (`node-info.ts`).
 * @module
 */
import type { Cluster } from 'ioredis';
import type { SetManyEntry, SetOptions } from '@cache/core';
import { RedisCache, defineFencedCommands, type RedisCacheStats } from '@cache/redis';
import { deleteMany } from './batch/delete-many.js';
import { ClusterReader } from './batch/get-many.js';
import { setMany } from './batch/set-many.js';
import { clearPrefix } from './clear-masters.js';
import type { ClusterInfo } from './cluster-info.js';
import { openClusterConnection } from './connection.js';
import { readClusterInfo, readNodeInfo, sumNodeInfo, type NodeInfo } from './node-info.js';
import { splitOptions, type RedisClusterCacheOptions } from './options.js';
import type { TierOps } from './tier-ops.js';

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
 * `clear()` SCANs every master (a SCAN sees one node only) and UNLINKs per slot.
 */
export class RedisClusterCache<V = unknown> extends RedisCache<V, Cluster> {
  readonly #ops: TierOps<V>;
  readonly #reader: ClusterReader<V>;
  #ready: Promise<void> | undefined;

  /** @throws InvalidOptionError naming the first invalid option */
  constructor(options: RedisClusterCacheOptions) {
    const { common, cluster, crossSlotReads } = splitOptions(options);
    super(common, (resolved) => openClusterConnection(cluster, options.client, resolved));
    this.#ops = {
      name: this.name,
      prefix: this.prefix,
      defaultTtl: this.settings.defaultTtl,
      client: defineFencedCommands(this.client),
      writeDeadline: () => this.writeDeadline(),
      namespace: this.namespace,
      recorder: this.recorder,
      circuitState: () => this.circuitState,
      assertOpen: () => this.assertOpen(),
      whenReady: (operation) => this.#whenReady(operation),
      command: (operation, key, run) => this.command(operation, key, run),
      translate: (error, operation, key) => this.translate(error, operation, key),
      failure: (error, operation, fallback) => this.failure(error, operation, fallback),
      encode: (value, key) => this.encode(value, key),
      decodeBatchHit: (raw, key, operation) => this.decodeHit(raw, key, operation, true),
    };
    // a custom scaleReads function picks nodes per command: respect it by reading slot by slot
    this.#reader = new ClusterReader(this.#ops, crossSlotReads && typeof this.client.options.scaleReads !== 'function');
  }

  // ---- multi-key operations (batch/) ---------------------------------------

  /**
   * Values in the order of `keys`. Keys are grouped by the node that serves
   * their slot and each node's keys are read in one call (a cross-slot
   * read-only script, see `crossSlotReads`), all nodes in parallel; keys
   * whose slot moved — and every key when `crossSlotReads` is off — are read
   * with one MGET per slot, pipelined per node.
   */
  override getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    return this.#reader.getMany(keys);
  }

  /**
   * Writes every entry (SET … PX per entry: each value lands with its TTL),
   * one pipeline per node. Resolves true when every entry was written; see
   * {@link ClusterBatchError} for partial failures (`partial` = entries written).
   * Unlike RedisCache there is no all-or-nothing transaction across slots.
   */
  override setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    return setMany(this.#ops, entries, options);
  }

  /** Removes every key (one UNLINK per slot, one pipeline per node); resolves how many were removed. */
  override deleteMany(keys: readonly string[]): Promise<number> {
    return deleteMany(this.#ops, keys);
  }

  /**
   * Removes the keys of this tier's namespace that start with `keyPrefix`
   * (all of them when empty) from **every master** — SCAN MATCH on each
   * master in parallel, UNLINK per slot — and resolves how many were removed.
   * Glob characters are escaped. Needs a `prefix` (InvalidOptionError
   * otherwise). When some masters fail, the others are still cleared and a
   * {@link ClusterBatchError} names the failed nodes (`partial` = removed).
   */
  override clearPrefix(keyPrefix = ''): Promise<number> {
    return clearPrefix(this.#ops, keyPrefix);
  }

  // ---- info (node-info.ts) -------------------------------------------------

  /**
   * INFO of every node the client is connected to (masters and replicas).
   * A node that does not answer is reported with its `error`; the call
   * itself rejects (or, in `miss` mode, resolves `[]`) only when the cluster
   * is unreachable.
   */
  nodeInfo(section?: string): Promise<NodeInfo[]> {
    return readNodeInfo(this.#ops, section);
  }

  /**
   * INFO aggregated over every node that answered: numeric fields summed
   * (`keyspace_hits`, `used_memory`, `connected_clients`…), other fields kept
   * when all nodes agree. Per-node values: {@link RedisClusterCache.nodeInfo}.
   * `{}` when no node answered in `miss` mode.
   */
  override async info(section?: string): Promise<Record<string, string>> {
    return sumNodeInfo(this.#ops, await this.nodeInfo(section));
  }

  /**
   * The seed's `get_cluster_info`: state, masters, replicas, slot coverage and
   * every node, from `CLUSTER INFO` + `CLUSTER NODES` of the first master that
   * answers. In `miss` mode, `undefined` when none does.
   */
  getClusterInfo(): Promise<ClusterInfo | undefined> {
    return readClusterInfo(this.#ops);
  }

  /**
   * RedisCache's `getStats()` (local counters + server counters summed over
   * every node) plus `clusterState`, `clusterSize` and `totalNodes`.
   */
  override async getStats(): Promise<RedisClusterCacheStats> {
    const [stats, cluster] = await Promise.all([super.getStats(), this.getClusterInfo()]);
    if (cluster === undefined) return stats;
    return Object.freeze({ ...stats, clusterState: cluster.state, clusterSize: cluster.masters, totalNodes: cluster.totalNodes });
  }

  // ---- internals -----------------------------------------------------------

  /**
   * Waits (under the failure policy: offline bound, timeout) until the
   * cluster client is ready and knows the slot map. Free when it already is.
   */
  #whenReady(operation: string): Promise<void> | void {
    const client = this.client;
    if (client.status === 'ready' && client.slots.length > 0) return;
    this.#ready ??= new Promise<void>((resolve, reject) => {
      if (client.status === 'end') {
        reject(new Error('Connection is closed.'));
        return;
      }
      const done = (error?: Error) => {
        client.off('ready', onReady);
        client.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const onEnd = () => done(new Error('Connection is closed.'));
      client.on('ready', onReady);
      client.on('end', onEnd);
      if (client.status === 'wait') client.connect().catch(() => {});
    }).finally(() => {
      this.#ready = undefined;
    });
    const ready = this.#ready;
    return this.command(operation, undefined, () => ready);
  }
}
