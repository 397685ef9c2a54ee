/**
 * The options of a MemcachedCache and their validation: every bad option is
 * an InvalidOptionError naming it, before anything connects.
 * @module
 */
import { InvalidOptionError, MAX_TIMER_DELAY, assertKnownOptions, describeValue, parseDuration, systemClock, type Clock, type Duration } from '@cache/core';
import { parseCodecOptions, type CodecOptions, type ResolvedCodecOptions } from '@cache/codec';
import type { CircuitBreakerSettings } from '@cache/core/remote';

/** What a failed call does. */
export type ErrorMode = 'throw' | 'miss';

/** Per-server circuit breaker: when it opens, the server leaves the ring until a probe succeeds. */
export interface CircuitBreakerOptions {
  /** Consecutive failures (timeouts, lost connections) that open it. @default 5 */
  failureThreshold?: number;
  /** How long an open server stays out before it is probed (ms or `'1s'`). @default 1000 */
  resetTimeout?: Duration;
}

/** Options of a MemcachedCache. */
export interface MemcachedCacheOptions extends CodecOptions {
  /**
   * The servers, as `host:port` (or `host`, port 11211). Keys are spread over
   * them by ketama consistent hashing, as libmemcached and spymemcached do.
   * @default ['127.0.0.1:11211']
   */
  servers?: string | readonly string[];
  /** Prepended to every key, to share servers between applications. @default '' */
  prefix?: string;
  /** The tier's name in errors, stats and multilevel reports. @default 'memcached' */
  name?: string;
  /** TTL of entries written without one (ms, a string like `'5m'`, or Infinity). @default Infinity */
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
   * call, whether a server is dead, hung or slow. A write that missed it is
   * never applied later (see the README's "Failure behaviour"). @default 1000
   */
  commandTimeout?: Duration;
  /** `ready()` settles within this time, and it limits each connect attempt. @default 5000 */
  connectTimeout?: Duration;
  /**
   * At most this many commands per server wait while its connection is down
   * (they are written on reconnect, or fail at `commandTimeout`); more fail
   * at once. 0: none wait. @default 100
   */
  offlineQueue?: number;
  /** The per-server circuit breaker (see {@link CircuitBreakerOptions}); `false` turns it off. @default { failureThreshold: 5, resetTimeout: 1000 } */
  circuitBreaker?: false | CircuitBreakerOptions;
  /**
   * A server that comes back after its breaker opened is emptied
   * (`flush_all`) before it serves again: while it was out, its keys were
   * written to other servers, and what it still holds may be older. Turn off
   * only when every writer of these keys stays on the same ring. @default true
   */
  flushOnReturn?: boolean;
  /** Largest stored value accepted, in bytes after encoding (memcached's own limit is its `-I`, 1 MiB by default). @default 1048576 */
  maxValueSize?: number;
  /** Longest pause between reconnect attempts (ms). @default 1000 */
  maxReconnectDelay?: Duration;
  /** Time source for TTLs, the breakers and stats. @default systemClock */
  clock?: Clock;
}

/** One server's address. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** `host:port`, the server's name on the ring. */
  readonly address: string;
}

/** Options after validation. */
export interface ResolvedOptions extends ResolvedCodecOptions {
  servers: readonly ServerAddress[];
  prefix: string;
  name: string;
  defaultTtl: number;
  onError: ErrorMode;
  commandTimeout: number;
  connectTimeout: number;
  offlineQueue: number;
  circuitBreaker: CircuitBreakerSettings | undefined;
  flushOnReturn: boolean;
  maxValueSize: number;
  maxReconnectDelay: number;
  clock: Clock;
}

/** memcached's default port. */
export const DEFAULT_PORT = 11211;
/** memcached's default item size limit (`-I 1m`). */
export const DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;
/**
 * The most bytes a key (prefix included) is sent as: memcached takes key
 * tokens of up to 250 characters, and a key travels base64-encoded (4
 * characters per 3 bytes). Longer keys are sent as a SHA-256 digest.
 */
export const MAX_KEY_BYTES = 186;

/** The longest prefix: a long key's name is the prefix, a marker byte and a 32-byte digest, within {@link MAX_KEY_BYTES}. */
const MAX_PREFIX_BYTES = MAX_KEY_BYTES - 33;

const KNOWN = new Set([
  'servers', 'prefix', 'name', 'defaultTtl', 'serializer', 'compression', 'maxDecompressedSize', 'onError', 'commandTimeout', 'connectTimeout',
  'offlineQueue', 'circuitBreaker', 'flushOnReturn', 'maxValueSize', 'maxReconnectDelay', 'clock',
]);
const CIRCUIT_BREAKER_KNOWN: ReadonlySet<string> = new Set(['failureThreshold', 'resetTimeout']);

function integer(value: unknown, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `${option} must be an integer from ${min} to ${max} (got ${describeValue(value)})`);
  }
  return value;
}

function parseServer(value: unknown, index: number): ServerAddress {
  const option = `servers[${index}]`;
  const fail = (): never => {
    throw new InvalidOptionError('servers', `${option} must be 'host:port' or 'host' (port ${DEFAULT_PORT}), e.g. '127.0.0.1:11211' (got ${describeValue(value)})`);
  };
  if (typeof value !== 'string') return fail();
  const match = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]/]+)(?::(\d{1,5}))?$/.exec(value);
  if (match === null) return fail();
  const host = match[1]!.startsWith('[') ? match[1]!.slice(1, -1) : match[1]!;
  const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
  if (port < 1 || port > 65535) return fail();
  return { host, port, address: `${match[1]}:${port}` };
}

/** Validates options; throws InvalidOptionError naming the first bad one. */
export function resolveOptions(options: MemcachedCacheOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', `options must be an object (got ${describeValue(options)})`);
  }
  assertKnownOptions(options, KNOWN, 'MemcachedCache');
  const o = options;
  const list = o.servers === undefined ? [`127.0.0.1:${DEFAULT_PORT}`] : typeof o.servers === 'string' ? [o.servers] : o.servers;
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidOptionError('servers', `servers must be a 'host:port' string or a non-empty array of them (got ${describeValue(o.servers)})`);
  }
  if (list.length > 1024) throw new InvalidOptionError('servers', `servers may list at most 1024 servers (got ${list.length})`);
  const servers = list.map(parseServer);
  const seen = new Set<string>();
  for (const server of servers) {
    if (seen.has(server.address)) throw new InvalidOptionError('servers', `servers lists ${server.address} twice`);
    seen.add(server.address);
  }
  if (o.prefix !== undefined && typeof o.prefix !== 'string') throw new InvalidOptionError('prefix', `prefix must be a string (got ${describeValue(o.prefix)})`);
  const prefix = o.prefix ?? '';
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) {
    throw new InvalidOptionError('prefix', `prefix must be at most ${MAX_PREFIX_BYTES} bytes in UTF-8 (got ${Buffer.byteLength(prefix)})`);
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) throw new InvalidOptionError('name', `name must be a non-empty string (got ${describeValue(o.name)})`);
  if (o.onError !== undefined && o.onError !== 'throw' && o.onError !== 'miss') {
    throw new InvalidOptionError('onError', `onError must be 'throw' or 'miss' (got ${describeValue(o.onError)})`);
  }
  if (o.flushOnReturn !== undefined && typeof o.flushOnReturn !== 'boolean') {
    throw new InvalidOptionError('flushOnReturn', `flushOnReturn must be a boolean (got ${describeValue(o.flushOnReturn)})`);
  }
  if (o.clock !== undefined && (typeof o.clock !== 'object' || o.clock === null || typeof o.clock.now !== 'function')) {
    throw new InvalidOptionError('clock', `clock must be an object with now() (got ${describeValue(o.clock)})`);
  }
  let circuitBreaker: CircuitBreakerSettings | undefined;
  if (o.circuitBreaker !== false) {
    const c = o.circuitBreaker ?? {};
    if (typeof c !== 'object' || c === null) {
      throw new InvalidOptionError('circuitBreaker', `circuitBreaker must be false or { failureThreshold, resetTimeout } (got ${describeValue(c)})`);
    }
    assertKnownOptions(c, CIRCUIT_BREAKER_KNOWN, 'circuitBreaker', 'circuitBreaker.');
    circuitBreaker = {
      failureThreshold: c.failureThreshold === undefined ? 5 : integer(c.failureThreshold, 'circuitBreaker.failureThreshold', 1),
      resetTimeout: c.resetTimeout === undefined ? 1000 : parseDuration(c.resetTimeout, 'circuitBreaker.resetTimeout', { allowZero: false }),
    };
  }
  const timer = { allowZero: false, max: MAX_TIMER_DELAY } as const;
  return {
    ...parseCodecOptions(o),
    servers,
    prefix,
    name: o.name ?? 'memcached',
    defaultTtl: o.defaultTtl === undefined ? Infinity : parseDuration(o.defaultTtl, 'defaultTtl', { allowZero: false, allowInfinity: true }),
    onError: o.onError ?? 'throw',
    commandTimeout: o.commandTimeout === undefined ? 1000 : parseDuration(o.commandTimeout, 'commandTimeout', timer),
    connectTimeout: o.connectTimeout === undefined ? 5000 : parseDuration(o.connectTimeout, 'connectTimeout', timer),
    offlineQueue: o.offlineQueue === undefined ? 100 : integer(o.offlineQueue, 'offlineQueue', 0),
    circuitBreaker,
    flushOnReturn: o.flushOnReturn ?? true,
    maxValueSize: o.maxValueSize === undefined ? DEFAULT_MAX_VALUE_SIZE : integer(o.maxValueSize, 'maxValueSize', 1, 1024 * 1024 * 1024),
    maxReconnectDelay: o.maxReconnectDelay === undefined ? 1000 : parseDuration(o.maxReconnectDelay, 'maxReconnectDelay', timer),
    clock: o.clock ?? systemClock,
  };
}
