/**
 * The ioredis Cluster a tier works with: one it owns, configured for bounded
 * failure like @cache/redis configures a single connection, or one the user
 * owns.
 * @module
 */
import { Cluster, type ClusterOptions } from 'ioredis';
import { ioredisSettings, type Connection, type ResolvedOptions } from '@cache/redis/internal';
import {
  DEFAULT_RETRY_DELAY_ON_TRY_AGAIN,
  DEFAULT_RETRY_DELAY_ON_FAILOVER,
  DEFAULT_SLOTS_REFRESH_INTERVAL,
  type ResolvedClusterOptions,
} from './options.js';

const SCALE_READS = { master: 'master', replica: 'slave', all: 'all' } as const;

/**
 * ioredis Cluster settings for a cluster the tier owns:
 * - node connections: commands are not retried by the node connection
 *   itself and not resent after a reconnect (and every write is fenced: a
 *   node refuses it once its deadline has passed);
 * - the cluster retries a command on another node after a failover
 *   (`retryDelayOnFailover`) and TRYAGAIN, and follows MOVED/ASK; CLUSTERDOWN
 *   fails at once (its reply is the error's `cause`),
 *   each bounded by `maxRedirections` — and the tier bounds the whole call by
 *   `commandTimeout` on top;
 * - reconnecting to the cluster backs off up to `maxReconnectDelay`;
 * - at most `offlineQueue` commands wait (in the tier) while the cluster is
 *   not ready; 0 disables ioredis's offline queue.
 */
export function ownedClusterOptions(cluster: ResolvedClusterOptions, resolved: ResolvedOptions): ClusterOptions {
  const maxDelay = resolved.maxReconnectDelay;
  return {
    scaleReads: SCALE_READS[cluster.readFrom],
    enableOfflineQueue: resolved.offlineQueue > 0,
    enableAutoPipelining: resolved.autoPipelining,
    clusterRetryStrategy: (times: number) => Math.min(100 + times * 50, maxDelay),
    retryDelayOnFailover: DEFAULT_RETRY_DELAY_ON_FAILOVER,
    // CLUSTERDOWN (a slot nobody serves) fails at once with the server's reply as the cause,
    // instead of being retried until the deadline hides it behind a TimeoutError
    retryDelayOnClusterDown: 0,
    retryDelayOnTryAgain: DEFAULT_RETRY_DELAY_ON_TRY_AGAIN,
    slotsRefreshTimeout: Math.max(resolved.commandTimeout, 1000),
    slotsRefreshInterval: DEFAULT_SLOTS_REFRESH_INTERVAL,
    ...(cluster.natMap === undefined ? {} : { natMap: cluster.natMap }),
    ...cluster.cluster,
    // node connections: @cache/redis's one place for ioredis settings (no retries, no resend, connectTimeout);
    // the Cluster reconnects and holds the offline queue
    redisOptions: ioredisSettings(
      { connectTimeout: resolved.connectTimeout },
      {
        ...(cluster.credentials.username === undefined ? {} : { username: cluster.credentials.username }),
        ...(cluster.credentials.password === undefined ? {} : { password: cluster.credentials.password }),
        ...(cluster.credentials.tls === true ? { tls: {} } : {}),
        ...cluster.redis,
      },
    ),
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
  resolved: ResolvedOptions,
): Connection<Cluster> {
  if (cluster === undefined) return { client: client!, owned: false };
  return { client: new Cluster(cluster.nodes, ownedClusterOptions(cluster, resolved)), owned: true };
}
