/**
 * Where the tier's ioredis client comes from: a URL or ioredis options (the
 * tier owns the connection and configures it for bounded failure), or a
 * client the user owns (used as it is; the tier enforces its own timeout).
 * @module
 */
import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { ConnectionError } from '@cache/core';
import { settleWithin } from './failure/call-policy.js';
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

/**
 * ioredis settings for a connection the tier owns: commands fail once per
 * failed reconnect attempt instead of being retried, are not resent after a
 * reconnect, each connect attempt gives up after `connectTimeout`, and
 * reconnects back off up to `maxReconnectDelay`. No ioredis
 * `commandTimeout`: the tier's own deadline (call-policy.ts) bounds every
 * call from the moment it is made.
 */
export function ownedClientOptions(resolved: ResolvedOptions, user: RedisOptions | undefined): RedisOptions {
  const maxDelay = resolved.maxReconnectDelay;
  return {
    enableAutoPipelining: resolved.autoPipelining,
    enableOfflineQueue: resolved.offlineQueue > 0,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (times: number) => Math.min(times * 50, maxDelay),
    connectTimeout: resolved.connectTimeout,
    ...user,
    commandTimeout: undefined,
  };
}

/** Creates (or adopts) the client described by `options`. */
export function openConnection(options: RedisCacheOptions, resolved: ResolvedOptions): Connection {
  if (options.client !== undefined) {
    return { client: options.client, owned: false };
  }
  const settings = ownedClientOptions(resolved, options.redis);
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
