/**
 * Options of {@link RedisCache}: one interface, defaults as named constants,
 * validated once at construction with errors that name the option.
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis';
import { InvalidOptionError, assertKnownOptions, isWellFormed, parseDuration, describeValue, type Duration } from '@cache/core';
import { parseCodecOptions, type CodecOptions, type ResolvedCodecOptions } from '@cache/codec';
import { REMOTE_TIER_OPTIONS, parseRemoteTierOptions, type RemoteTierOptions, type ResolvedRemoteTierOptions } from '@cache/core/remote';

export {
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_OFFLINE_QUEUE,
  DEFAULT_FAILURE_THRESHOLD,
  DEFAULT_RESET_TIMEOUT,
  DEFAULT_MAX_RECONNECT_DELAY,
  DEFAULT_CONNECT_TIMEOUT,
  type CircuitBreakerOptions,
  type ErrorMode,
} from '@cache/core/remote';

/** Default tier name. */
export const DEFAULT_NAME = 'redis';
/** Default SCAN COUNT / UNLINK batch size of clear(). */
export const DEFAULT_SCAN_COUNT = 1000;

/**
 * Options of a RedisCache. Give at most one of `url`, `client` (with `redis` merged over `url`).
 * How values are stored (`serializer`, `compression`, `maxDecompressedSize`)
 * are the value codec's options, shared by the remote tiers: {@link CodecOptions}.
 * The failure options (`onError`, `commandTimeout`, `connectTimeout`,
 * `offlineQueue`, `circuitBreaker`, `maxReconnectDelay`, `clock`) are every
 * remote tier's: {@link RemoteTierOptions}. `commandTimeout` holds for a
 * `client` you pass too.
 */
export interface RedisCacheOptions extends CodecOptions, RemoteTierOptions {
  /**
   * `redis://[[username]:password@]host[:port][/db]` or `rediss://…` (TLS).
   * Unset (and no `client`): `redis://127.0.0.1:6379`.
   */
  url?: string;
  /**
   * ioredis options; with `url`, these override what the URL says. They also
   * override the tier's connection defaults (offline queue on,
   * `maxRetriesPerRequest: 0`, no resend of unanswered commands after a
   * reconnect, backoff up to `maxReconnectDelay`), except `commandTimeout`:
   * the tier's option always wins.
   */
  redis?: RedisOptions;
  /**
   * An ioredis client you own. The tier uses it as it is (its own
   * `commandTimeout` and offline queue settings stay; the tier enforces its
   * own timeout on top), and `close()` leaves it open.
   */
  client?: Redis;
  /**
   * Namespace: keys are stored as `<prefix>:<key>`, and `clear()` removes only
   * this namespace. Empty: no namespace, and `clear()` refuses to run.
   * @default ''
   */
  prefix?: string;
  /** The tier's name in errors and stats. @default 'redis' */
  name?: string;
  /** TTL of writes that give none. Unset or `Infinity`: entries never expire. */
  defaultTtl?: Duration;
  /** ioredis auto-pipelining: commands issued in one tick share one write. @default true */
  autoPipelining?: boolean;
}

/** Options after validation (the codec's by {@link parseCodecOptions}, the failure options by {@link parseRemoteTierOptions}). */
export interface ResolvedOptions extends ResolvedCodecOptions, ResolvedRemoteTierOptions {
  name: string;
  prefix: string;
  defaultTtl: number;
  autoPipelining: boolean;
}

const KNOWN = new Set(['url', 'redis', 'client', 'prefix', 'name', 'defaultTtl', 'serializer', 'compression', 'maxDecompressedSize', 'autoPipelining', ...REMOTE_TIER_OPTIONS]);

/** Validates options; throws InvalidOptionError naming the first bad one. */
export function resolveOptions(options: RedisCacheOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `options must be an object (got ${describeValue(options)})`);
  }
  assertKnownOptions(options, KNOWN, 'RedisCache');
  const o = options;
  if (o.url !== undefined) {
    if (typeof o.url !== 'string' || !/^rediss?:\/\//.test(o.url)) {
      throw new InvalidOptionError('url', `url must start with redis:// or rediss:// (got ${describeValue(o.url)})`);
    }
    try {
      new URL(o.url);
    } catch {
      throw new InvalidOptionError('url', `url is not a valid URL (got ${describeValue(o.url)})`);
    }
  }
  if (o.client !== undefined) {
    if (typeof o.client !== 'object' || o.client === null || typeof (o.client as { sendCommand?: unknown }).sendCommand !== 'function') {
      throw new InvalidOptionError('client', 'client must be an ioredis Redis instance');
    }
    if (o.url !== undefined || o.redis !== undefined) {
      throw new InvalidOptionError('client', 'give either client (a connection you own) or url/redis (a connection the tier owns), not both');
    }
  }
  if (o.redis !== undefined && (typeof o.redis !== 'object' || o.redis === null)) {
    throw new InvalidOptionError('redis', `redis must be an ioredis options object (got ${describeValue(o.redis)})`);
  }
  const prefix = o.prefix ?? '';
  if (typeof prefix !== 'string' || !isWellFormed(prefix)) {
    throw new InvalidOptionError('prefix', `prefix must be a well-formed string, without lone surrogates (got ${describeValue(prefix)})`);
  }
  const name = o.name ?? DEFAULT_NAME;
  if (typeof name !== 'string' || name === '') throw new InvalidOptionError('name', `name must be a non-empty string (got ${describeValue(name)})`);
  const defaultTtl = o.defaultTtl === undefined ? Infinity : parseDuration(o.defaultTtl, 'defaultTtl', { allowZero: false, allowInfinity: true });

  // serializer, compression, maxDecompressedSize: the value codec's options, validated where the codec lives
  const { serializer, compression, maxDecompressedSize } = parseCodecOptions(o);

  const failure = parseRemoteTierOptions(o);
  const autoPipelining = o.autoPipelining ?? true;
  if (typeof autoPipelining !== 'boolean') {
    throw new InvalidOptionError('autoPipelining', `autoPipelining must be a boolean (got ${describeValue(autoPipelining)})`);
  }
  return { name, prefix, defaultTtl, serializer, compression, maxDecompressedSize, ...failure, autoPipelining };
}
