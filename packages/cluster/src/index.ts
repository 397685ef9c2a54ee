/**
 * `@cache/cluster`: the `@cache` Redis tier on a Redis Cluster (ioredis
 * Cluster) — RedisCache's API and failure modes, multi-key operations split
 * by hash slot and pipelined per node, clear across every master, cluster
 * info, and a hash-tag helper.
 * @module
 */
export { RedisClusterCache, type RedisClusterCacheStats } from './redis-cluster-cache.js';
export { type NodeInfo } from './node-info.js';
export {
  type RedisClusterCacheOptions,
  type StartupNode,
  type ReadFrom,
  DEFAULT_CLUSTER_NAME,
  DEFAULT_RETRY_DELAY_ON_FAILOVER,
  DEFAULT_RETRY_DELAY_ON_TRY_AGAIN,
  DEFAULT_SLOTS_REFRESH_INTERVAL,
} from './options.js';
export { ClusterBatchError } from './batch-error.js';
export { type ClusterInfo, type ClusterNodeDescription, parseClusterNodes } from './cluster-info.js';
export { keySlot, hashTag, crc16, SLOT_COUNT } from './slot.js';
