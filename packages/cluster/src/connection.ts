/**
 * The ioredis Cluster a tier works with: one it owns, configured for bounded
 * failure like @cache/redis configures a single connection, or one the user
 * owns.
 * @module
 */
import { Cluster, type ClusterOptions } from 'ioredis';
import type { RedisConnection, ResolvedRedisCacheOptions } from '@cache/redis';
import {
  DEFAULT_RETRY_DELAY_ON_CLUSTER_DOWN,
  DEFAULT_RETRY_DELAY_ON_FAILOVER,
  DEFAULT_SLOTS_REFRESH_INTERVAL,
  type ResolvedClusterOptions,
} from './options.js';

const SCALE_READS = { master: 'master', replica: 'slave', all: 'all' } as const;

/**
 * ioredis Cluster settings for a cluster the tier owns:
 * - node connections: commands time out after `commandTimeout`, are not
 *   retried by the node connection itself and not resent after a reconnect;
 * - the cluster retries a command on another node after a failover
 *   (`retryDelayOnFailover`), CLUSTERDOWN and TRYAGAIN, and follows MOVED/ASK,
 *   each bounded by `maxRedirections` — and the tier bounds the whole call by
 *   `commandTimeout` on top;
 * - reconnecting to the cluster backs off up to `maxReconnectDelay`;
 * - at most `offlineQueue` commands wait (in the tier) while the cluster is
 *   not ready; 0 disables ioredis's offline queue.
 */
export function ownedClusterOptions(cluster: ResolvedClusterOptions, resolved: ResolvedRedisCacheOptions): ClusterOptions {
  const maxDelay = resolved.maxReconnectDelay;
  return {
    scaleReads: SCALE_READS[cluster.readFrom],
    enableOfflineQueue: resolved.offlineQueue > 0,
    enableAutoPipelining: resolved.autoPipelining,
    clusterRetryStrategy: (times: number) => Math.min(100 + times * 50, maxDelay),
    retryDelayOnFailover: DEFAULT_RETRY_DELAY_ON_FAILOVER,
    retryDelayOnClusterDown: DEFAULT_RETRY_DELAY_ON_CLUSTER_DOWN,
    retryDelayOnTryAgain: DEFAULT_RETRY_DELAY_ON_CLUSTER_DOWN,
    slotsRefreshTimeout: Math.max(resolved.commandTimeout, 1000),
    slotsRefreshInterval: DEFAULT_SLOTS_REFRESH_INTERVAL,
    ...(cluster.natMap === undefined ? {} : { natMap: cluster.natMap }),
    ...cluster.cluster,
    redisOptions: {
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      connectTimeout: Math.max(resolved.commandTimeout, 1000),
      ...(cluster.credentials.username === undefined ? {} : { username: cluster.credentials.username }),
      ...(cluster.credentials.password === undefined ? {} : { password: cluster.credentials.password }),
      ...(cluster.credentials.tls === true ? { tls: {} } : {}),
      ...cluster.redis,
      commandTimeout: resolved.commandTimeout,
    },
  };
}

/**
 * Creates (or adopts) the Cluster. Either way the tier times every call out
 * itself: the cluster's own retries (failover, CLUSTERDOWN, redirections)
 * are not covered by a node connection's `commandTimeout`.
 */
export function openClusterConnection(
  cluster: ResolvedClusterOptions | undefined,
  client: Cluster | undefined,
  resolved: ResolvedRedisCacheOptions,
): RedisConnection<Cluster> {
  if (cluster === undefined) return { client: client!, owned: false, needsOwnTimeout: true };
  return { client: new Cluster(cluster.nodes, ownedClusterOptions(cluster, resolved)), owned: true, needsOwnTimeout: true };
}
