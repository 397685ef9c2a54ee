/**
 * Options of {@link RedisCache}: one interface, defaults as named constants,
 * validated once at construction with errors that name the option.
 * @module
 */
import type { Redis, RedisOptions } from 'ioredis';
import { InvalidOptionError, MAX_TIMER_DELAY, assertKnownOptions, isWellFormed, parseDuration, systemClock, describeValue, type Clock, type Duration } from '@cache/core';
import { parseCodecOptions, type CodecOptions, type ResolvedCodecOptions } from '@cache/codec';
import type { CircuitBreakerSettings } from '@cache/core/remote';

/** What failed backend calls do. */
export type ErrorMode = 'throw' | 'miss';

/** Default tier name. */
export const DEFAULT_NAME = 'redis';
/** Default per-command timeout, ms. */
export const DEFAULT_COMMAND_TIMEOUT = 1000;
/** Default bound of commands waiting while disconnected. */
export const DEFAULT_OFFLINE_QUEUE = 100;
/** Default consecutive failures that open the circuit. */
export const DEFAULT_FAILURE_THRESHOLD = 5;
/** Default time the circuit stays open before a probe, ms. */
export const DEFAULT_RESET_TIMEOUT = 1000;
/** Default longest pause between reconnect attempts, ms. */
export const DEFAULT_MAX_RECONNECT_DELAY = 1000;
/** Default `connectTimeout`: `ready()` settles within 5 s. */
export const DEFAULT_CONNECT_TIMEOUT = 5000;
/** Default SCAN COUNT / UNLINK batch size of clear(). */
export const DEFAULT_SCAN_COUNT = 1000;

/** Circuit breaker options. */
export interface CircuitBreakerOptions {
  /** Consecutive connection/timeout failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe call is let through. @default 1000 (ms) */
  resetTimeout?: Duration;
}

/**
 * Options of a RedisCache. Give at most one of `url`, `client` (with `redis` merged over `url`).
 * How values are stored (`serializer`, `compression`, `maxDecompressedSize`)
 * are the value codec's options, shared by the remote tiers: {@link CodecOptions}.
 */
export interface RedisCacheOptions extends CodecOptions {
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
  /**
   * `throw`: a failed call rejects with ConnectionError / TimeoutError /
   * BackendError. `miss`: reads resolve `undefined`, writes `false`, deletes
   * `false`/`0`; the error is counted in `stats().errors` and emitted as `error`.
   * Invalid arguments and use after close() reject in both modes.
   * @default 'throw'
   */
  onError?: ErrorMode;
  /**
   * Every call settles within this time (ms or `'2s'`), counted from the
   * call — whether Redis is dead, hung or slow, and for a `client` you pass
   * too. A write that missed it is never applied later (see the README's
   * "Failure behaviour"). @default 1000
   */
  commandTimeout?: Duration;
  /**
   * `ready()` settles within this time (ms or `'5s'`): it rejects with a
   * ConnectionError naming the address when Redis cannot be reached. On a
   * connection the tier owns it is also each connect attempt's limit.
   * @default 5000
   */
  connectTimeout?: Duration;
  /**
   * At most this many commands wait while the connection is down (they run on
   * reconnect, or fail at `commandTimeout`); more fail at once. 0: none wait.
   * @default 100
   */
  offlineQueue?: number;
  /** The circuit breaker; `false` turns it off. @default { failureThreshold: 5, resetTimeout: 1000 } */
  circuitBreaker?: false | CircuitBreakerOptions;
  /** Longest pause between reconnect attempts (ms). @default 1000 */
  maxReconnectDelay?: Duration;
  /** ioredis auto-pipelining: commands issued in one tick share one write. @default true */
  autoPipelining?: boolean;
  /** Time source for the breaker and stats. @default systemClock */
  clock?: Clock;
}

/** Options after validation (the codec's by {@link parseCodecOptions}). */
export interface ResolvedOptions extends ResolvedCodecOptions {
  name: string;
  prefix: string;
  defaultTtl: number;
  onError: ErrorMode;
  commandTimeout: number;
  connectTimeout: number;
  offlineQueue: number;
  circuitBreaker: CircuitBreakerSettings | undefined;
  maxReconnectDelay: number;
  autoPipelining: boolean;
  clock: Clock;
}

const KNOWN = new Set([
  'url', 'redis', 'client', 'prefix', 'name', 'defaultTtl', 'serializer', 'compression', 'maxDecompressedSize', 'onError', 'commandTimeout', 'connectTimeout',
  'offlineQueue', 'circuitBreaker', 'maxReconnectDelay', 'autoPipelining', 'clock',
]);

const CIRCUIT_BREAKER_KNOWN: ReadonlySet<string> = new Set(['failureThreshold', 'resetTimeout']);

function integer(value: unknown, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `${option} must be an integer from ${min} to ${max} (got ${describeValue(value)})`);
  }
  return value;
}

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

  const onError = o.onError ?? 'throw';
  if (onError !== 'throw' && onError !== 'miss') {
    throw new InvalidOptionError('onError', `onError must be 'throw' or 'miss' (got ${describeValue(onError)})`);
  }
  const commandTimeout = o.commandTimeout === undefined ? DEFAULT_COMMAND_TIMEOUT : parseDuration(o.commandTimeout, 'commandTimeout', { allowZero: false, max: MAX_TIMER_DELAY });
  const connectTimeout = o.connectTimeout === undefined ? DEFAULT_CONNECT_TIMEOUT : parseDuration(o.connectTimeout, 'connectTimeout', { allowZero: false, max: MAX_TIMER_DELAY });
  const offlineQueue = o.offlineQueue === undefined ? DEFAULT_OFFLINE_QUEUE : integer(o.offlineQueue, 'offlineQueue', 0);

  let circuitBreaker: CircuitBreakerSettings | undefined;
  if (o.circuitBreaker !== false) {
    const cb = o.circuitBreaker ?? {};
    if (typeof cb !== 'object' || cb === null) {
      throw new InvalidOptionError('circuitBreaker', `circuitBreaker must be false or { failureThreshold, resetTimeout } (got ${describeValue(cb)})`);
    }
    assertKnownOptions(cb, CIRCUIT_BREAKER_KNOWN, 'circuitBreaker', 'circuitBreaker.');
    circuitBreaker = {
      failureThreshold: cb.failureThreshold === undefined ? DEFAULT_FAILURE_THRESHOLD : integer(cb.failureThreshold, 'circuitBreaker.failureThreshold', 1),
      resetTimeout:
        cb.resetTimeout === undefined ? DEFAULT_RESET_TIMEOUT : parseDuration(cb.resetTimeout, 'circuitBreaker.resetTimeout', { allowZero: false, max: MAX_TIMER_DELAY }),
    };
  }
  const maxReconnectDelay =
    o.maxReconnectDelay === undefined ? DEFAULT_MAX_RECONNECT_DELAY : parseDuration(o.maxReconnectDelay, 'maxReconnectDelay', { allowZero: false, max: MAX_TIMER_DELAY });
  const autoPipelining = o.autoPipelining ?? true;
  if (typeof autoPipelining !== 'boolean') {
    throw new InvalidOptionError('autoPipelining', `autoPipelining must be a boolean (got ${describeValue(autoPipelining)})`);
  }
  const clock = o.clock ?? systemClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function') {
    throw new InvalidOptionError('clock', 'clock must be an object with now()');
  }
  return {
    name, prefix, defaultTtl, serializer, compression, maxDecompressedSize, onError, commandTimeout, connectTimeout, offlineQueue,
    circuitBreaker, maxReconnectDelay, autoPipelining, clock,
  };
}
