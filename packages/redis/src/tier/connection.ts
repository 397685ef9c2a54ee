/**
 * Where the tier's ioredis client comes from: a URL or ioredis options (the
 * tier owns the connection and configures it for bounded failure, with
 * {@link ioredisSettings}, the one place that builds ioredis settings), or a
 * client the user owns (used as it is; the tier enforces its own timeout);
 * and the client helpers the tier, the cluster tier and the bus share
 * (ready within a deadline, close, address for messages).
 * @module
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { ConnectionError } from '@cache/core';
import { settleWithin } from '@cache/core/remote';
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
}

/** What {@link ioredisSettings} needs to know. */
export interface ConnectionPolicy {
  /** Each connect attempt gives up after this many ms. */
  connectTimeout: number;
  /**
   * Reconnects back off (50 ms per attempt) up to this many ms. Unset: no
   * `retryStrategy` (a Cluster's node connections: the Cluster reconnects).
   */
  maxReconnectDelay?: number;
  /** Whether ioredis may hold commands while disconnected. Unset: not set here. */
  offlineQueue?: boolean;
  /** ioredis' auto-pipelining. Unset: not set here. */
  autoPipelining?: boolean;
}

/**
 * The one place that builds ioredis connection settings — for a Redis tier,
 * each node of a Redis Cluster tier (`redisOptions`) and the invalidation
 * bus: commands fail once per failed reconnect attempt instead of being
 * retried (`maxRetriesPerRequest: 0`), are never resent after a reconnect
 * (at most once), each connect attempt gives up after `connectTimeout`, and
 * reconnects back off up to `maxReconnectDelay`. `user` (the user's ioredis
 * options) overrides these; `forced` overrides the user. Never an ioredis
 * `commandTimeout`: the caller's own deadline (`settleWithin` in
 * `@cache/core/remote`) bounds every call from the moment it is made.
 */
export function ioredisSettings(policy: ConnectionPolicy, user?: RedisOptions, forced?: RedisOptions): RedisOptions {
  const { maxReconnectDelay, offlineQueue, autoPipelining } = policy;
  return {
    ...(autoPipelining === undefined ? {} : { enableAutoPipelining: autoPipelining }),
    ...(offlineQueue === undefined ? {} : { enableOfflineQueue: offlineQueue }),
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    ...(maxReconnectDelay === undefined ? {} : { retryStrategy: (times: number) => Math.min(times * 50, maxReconnectDelay) }),
    connectTimeout: policy.connectTimeout,
    ...user,
    ...forced,
    commandTimeout: undefined,
  };
}

/** Creates (or adopts) the client described by `options`. */
export function openConnection(options: RedisCacheOptions, resolved: ResolvedOptions): Connection {
  if (options.client !== undefined) {
    return { client: options.client, owned: false };
  }
  const settings = ioredisSettings(
    { connectTimeout: resolved.connectTimeout, maxReconnectDelay: resolved.maxReconnectDelay, offlineQueue: resolved.offlineQueue > 0, autoPipelining: resolved.autoPipelining },
    options.redis,
  );
  const client = options.url === undefined ? new Redis(settings) : new Redis(options.url, settings);
  return { client, owned: true };
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

/** `host:port` of a connection, or the startup nodes of a Cluster, for error messages. */
export function addressOf(client: RedisClient): string {
  if (client.isCluster) {
    const nodes = (client as unknown as { startupNodes: (string | number | { host?: string; port?: number })[] }).startupNodes;
    return nodes.map((node) => (typeof node === 'object' ? `${node.host ?? '127.0.0.1'}:${node.port ?? 6379}` : String(node))).join(', ');
  }
  const { host, port, path } = (client as Redis).options;
  return path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/**
 * Resolves once `client` is ready (at once when it is), or rejects with a
 * ConnectionError naming its address (and the last connection error) after
 * `timeoutMs`, or when the client ends. Starts a lazy client.
 */
export function whenConnected(client: RedisClient, timeoutMs: number, tier: string): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  let lastError: unknown;
  const listeners: [string, (...args: any[]) => void][] = [];
  const stop = () => {
    for (const [event, listener] of listeners) client.off(event, listener);
  };
  const failure = (why: string) => {
    const last = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
    return new ConnectionError(
      `${tier}: could not connect to Redis at ${addressOf(client)} (${why}${last}); check that the server runs at that address, or raise connectTimeout`,
      { tier, cause: lastError },
    );
  };
  const connected = new Promise<void>((resolve, reject) => {
    listeners.push(
      ['ready', resolve],
      ['error', (error: unknown) => (lastError = error)],
      ['end', () => reject(failure('the connection ended'))],
    );
    for (const [event, listener] of listeners) client.on(event, listener);
    if (client.status === 'end') reject(failure('the connection was closed'));
    else if (client.status === 'wait') client.connect().catch(() => {});
  });
  const settled = settleWithin(connected, timeoutMs, () => failure(`not ready within ${timeoutMs} ms`));
  settled.then(stop, stop);
  return settled;
}
