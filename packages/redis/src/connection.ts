/**
 * Where the tier's ioredis client comes from: a URL or ioredis options (the
 * tier owns the connection and configures it for bounded failure), or a
 * client the user owns (used as it is; the tier enforces its own timeout).
 * @module
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import type { RedisCacheOptions, ResolvedOptions } from './options.js';

/**
 * The ioredis clients a tier can run on: a `Redis` connection, or (for
 * `@cache/cluster`) a `Cluster`, which has the same single-key command API.
 */
export type RedisClient = Redis | Cluster;

/** The connection a tier works with. */
export interface Connection<C extends RedisClient = Redis> {
  client: C;
  /** Whether close() should close the client. */
  owned: boolean;
  /** Whether the client lacks a commandTimeout, so the tier must time calls out itself. */
  needsOwnTimeout: boolean;
}

/**
 * ioredis settings for a connection the tier owns: commands time out, fail
 * once per failed reconnect attempt instead of being retried, are not resent
 * after a reconnect (at-most-once, so INCRBY cannot apply twice), and
 * reconnects back off up to `maxReconnectDelay`.
 */
export function ownedClientOptions(resolved: ResolvedOptions, user: RedisOptions | undefined): RedisOptions {
  const maxDelay = resolved.maxReconnectDelay;
  return {
    enableAutoPipelining: resolved.autoPipelining,
    enableOfflineQueue: resolved.offlineQueue > 0,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, maxDelay),
    connectTimeout: Math.max(resolved.commandTimeout, 1000),
    ...user,
    commandTimeout: resolved.commandTimeout,
  };
}

/** Creates (or adopts) the client described by `options`. */
export function openConnection(options: RedisCacheOptions, resolved: ResolvedOptions): Connection {
  if (options.client !== undefined) {
    return { client: options.client, owned: false, needsOwnTimeout: typeof options.client.options.commandTimeout !== 'number' };
  }
  const settings = ownedClientOptions(resolved, options.redis);
  const client = options.url === undefined ? new Redis(settings) : new Redis(options.url, settings);
  return { client, owned: true, needsOwnTimeout: false };
}

/**
 * QUITs (when connected) and disconnects `client`, then waits until its
 * socket is gone (status `end`), at most `timeoutMs`. Never rejects.
 */
export async function closeClient(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'end') return;
  const ended = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    client.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (client.status === 'ready') {
    try {
      await client.quit();
    } catch {
      // the connection is going away anyway; disconnect() below finishes the job
    }
  }
  client.disconnect();
  await ended;
}
