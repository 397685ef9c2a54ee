/**
 * Options of the invalidation bus: what they mean, their defaults, and their
 * validation (once, at construction).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { DEFAULT_MAX_TRACKED_KEYS, InvalidOptionError, assertKnownOptions, describeValue, parseDuration, type Duration } from '@cache/core';
import { DEFAULT_CONNECT_TIMEOUT } from '../tier/options.js';

/** Default number of key versions remembered per namespace (core's `VersionFilter` default). */
export { DEFAULT_MAX_TRACKED_KEYS };

/** Default channel prefix. */
export const DEFAULT_CHANNEL_PREFIX = 'cache:invalidation';
/** Default `commandTimeout` of the bus, ms. */
export const DEFAULT_BUS_COMMAND_TIMEOUT = 1000;
/** Default `heartbeat` of the bus: off (0). */
export const DEFAULT_BUS_HEARTBEAT = 0;

/** Options of {@link RedisInvalidationBus}. Give `url`/`redis` or `client`. */
export interface RedisBusOptions {
  /** `redis://…` of the server the instances share. */
  url?: string;
  /** ioredis options (override what `url` says). */
  redis?: RedisOptions;
  /**
   * A client you own, used to publish; the subscriber connection is its
   * `duplicate()`, which the bus owns. `close()` leaves your client open.
   * May be an ioredis `Cluster` (e.g. a RedisClusterCache's `client`): Redis
   * Cluster forwards every PUBLISH to all nodes, so the bus subscribes on one
   * node at a time, through a connection of its own (named
   * `cache-bus(subscriber):<instanceId>`); when that node or connection is
   * lost it reports `'unsubscribed'`, moves to another node the cluster
   * knows, and reports `'subscribed'` once resubscribed there.
   */
  client?: Redis | Cluster;
  /** Channels are `<channelPrefix>:<namespace>`. @default 'cache:invalidation' */
  channelPrefix?: string;
  /** This instance's id, stamped on its messages. @default a random UUID */
  instanceId?: string;
  /**
   * Publishing and (re)subscribing settle within this time; a publish while
   * the publisher is not connected fails at once. @default 1000 (ms)
   */
  commandTimeout?: Duration;
  /**
   * `ready()` settles within this time (and `subscribe()` waits at most this
   * long for the subscriber connection): a ConnectionError naming the
   * address when Redis cannot be reached. @default 5000 (ms)
   */
  connectTimeout?: Duration;
  /**
   * How often the subscriber connection is checked with a PING. A server
   * that hangs (SIGSTOP, a stalled VM) or a network path that drops packets
   * leaves the connection open and silent; a PING not answered within
   * `commandTimeout` means that, and the bus drops the connection, reports
   * `'unsubscribed'` (a tiered cache stops trusting its in-process copies)
   * and reconnects (on a Cluster, to another node). So a lost subscription
   * is reported within `heartbeat + commandTimeout` (e.g. `'1s'`). Off by
   * default: what it costs is that report. A tiered cache clears its
   * in-process levels when its subscription comes back (messages may have
   * been missed), so every instance then reloads what it held. When the
   * whole server hangs and continues (SIGSTOP for 3 s, `pnpm bench:outage`,
   * two runs each), the service took 4.0 s to get back to speed with a 1 s
   * heartbeat against 1.0–2.0 s without, whose connection simply resumes
   * (nothing could be published meanwhile). Turn it on where a subscriber
   * can hang alone (a Cluster node, a network path): without it, what other
   * instances publish meanwhile is never heard. `false` or unset: no check.
   * @default off
   */
  heartbeat?: Duration | false;
  /**
   * Key versions remembered per namespace for ordering (core's
   * `VersionFilter`); past that the least recently written key is forgotten.
   * @default 10000
   */
  maxTrackedKeys?: number;
  /** Wall clock (ms) for versions. @default Date.now */
  now?: () => number;
}

/** Every option the bus takes (any other is refused, naming the closest). */
const BUS_OPTIONS: ReadonlySet<string> = new Set(['url', 'redis', 'client', 'channelPrefix', 'instanceId', 'commandTimeout', 'connectTimeout', 'heartbeat', 'maxTrackedKeys', 'now']);

/** The bus options after validation. */
export interface ResolvedBusOptions {
  /** channelPrefix */
  prefix: string;
  instanceId: string;
  /** maxTrackedKeys */
  maxTracked: number;
  /** commandTimeout, ms */
  timeout: number;
  /** connectTimeout, ms */
  connectTimeout: number;
  /** heartbeat, ms; 0 when off */
  heartbeat: number;
}

/** Validates the bus options. @throws InvalidOptionError naming the first invalid option */
export function resolveBusOptions(options: RedisBusOptions): ResolvedBusOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `options must be an object like { url } or { client } (got ${describeValue(options)})`);
  }
  assertKnownOptions(options, BUS_OPTIONS, 'RedisInvalidationBus');
  const prefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidOptionError('channelPrefix', `channelPrefix must be a non-empty string (got ${describeValue(prefix)})`);
  }
  const instanceId = options.instanceId ?? randomUUID();
  if (typeof instanceId !== 'string' || instanceId === '') {
    throw new InvalidOptionError('instanceId', `instanceId must be a non-empty string (got ${describeValue(instanceId)})`);
  }
  const maxTracked = options.maxTrackedKeys ?? DEFAULT_MAX_TRACKED_KEYS;
  if (!Number.isInteger(maxTracked) || maxTracked < 1) {
    throw new InvalidOptionError('maxTrackedKeys', `maxTrackedKeys must be a positive integer (got ${describeValue(maxTracked)})`);
  }
  if (options.client !== undefined && (options.url !== undefined || options.redis !== undefined)) {
    throw new InvalidOptionError('client', 'give either client or url/redis, not both');
  }
  if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new InvalidOptionError('url', `url must start with redis:// or rediss:// (got ${describeValue(options.url)})`);
  }
  const timeout = options.commandTimeout === undefined ? DEFAULT_BUS_COMMAND_TIMEOUT : parseDuration(options.commandTimeout, 'commandTimeout', { allowZero: false });
  const connectTimeout =
    options.connectTimeout === undefined ? DEFAULT_CONNECT_TIMEOUT : parseDuration(options.connectTimeout, 'connectTimeout', { allowZero: false });
  const heartbeat =
    options.heartbeat === false ? 0 : options.heartbeat === undefined ? DEFAULT_BUS_HEARTBEAT : parseDuration(options.heartbeat, 'heartbeat', { allowZero: false });
  return { prefix, instanceId, maxTracked, timeout, connectTimeout, heartbeat };
}
