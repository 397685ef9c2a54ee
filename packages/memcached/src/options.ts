/**
 * The options of a MemcachedCache and their validation: every bad option is
 * an InvalidOptionError naming it, before anything connects.
 * @module
 */
import { InvalidOptionError, assertKnownOptions, describeValue, isWellFormed, parseDuration, type Duration } from '@cache/core';
import { parseCodecOptions, type CodecOptions, type ResolvedCodecOptions } from '@cache/codec';
import { REMOTE_TIER_OPTIONS, integerOption, parseRemoteTierOptions, type RemoteTierOptions, type ResolvedRemoteTierOptions } from '@cache/core/remote';

export type { CircuitBreakerOptions, ErrorMode } from '@cache/core/remote';

/**
 * Options of a MemcachedCache. How values are stored (`serializer`,
 * `compression`, `maxDecompressedSize`) are the value codec's options,
 * shared by the remote tiers: {@link CodecOptions}. The failure options
 * (`onError`, `commandTimeout`, `connectTimeout`, `offlineQueue`,
 * `circuitBreaker`, `maxReconnectDelay`, `clock`) are every remote tier's:
 * {@link RemoteTierOptions}. Here the circuit breaker is per server: when it
 * opens, the server leaves the ring until a probe succeeds; `offlineQueue`
 * bounds each server's waiting commands.
 */
export interface MemcachedCacheOptions extends CodecOptions, RemoteTierOptions {
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
   * A server that comes back after its breaker opened is emptied
   * (`flush_all`) before it serves again: while it was out, its keys were
   * written to other servers, and what it still holds may be older. Turn off
   * only when every writer of these keys stays on the same ring. @default true
   */
  flushOnReturn?: boolean;
  /** Largest stored value accepted, in bytes after encoding (memcached's own limit is its `-I`, 1 MiB by default). @default 1048576 */
  maxValueSize?: number;
}

/** One server's address. */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
  /** `host:port`, the server's name on the ring. */
  readonly address: string;
}

/** Options after validation. */
export interface ResolvedOptions extends ResolvedCodecOptions, ResolvedRemoteTierOptions {
  servers: readonly ServerAddress[];
  prefix: string;
  name: string;
  defaultTtl: number;
  flushOnReturn: boolean;
  maxValueSize: number;
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

const KNOWN = new Set(['servers', 'prefix', 'name', 'defaultTtl', 'serializer', 'compression', 'maxDecompressedSize', 'flushOnReturn', 'maxValueSize', ...REMOTE_TIER_OPTIONS]);

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
  const prefix = o.prefix ?? '';
  if (typeof prefix !== 'string' || !isWellFormed(prefix)) {
    throw new InvalidOptionError('prefix', `prefix must be a well-formed string, without lone surrogates (got ${describeValue(prefix)})`);
  }
  if (Buffer.byteLength(prefix) > MAX_PREFIX_BYTES) {
    throw new InvalidOptionError('prefix', `prefix must be at most ${MAX_PREFIX_BYTES} bytes in UTF-8 (got ${Buffer.byteLength(prefix)})`);
  }
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name === '')) throw new InvalidOptionError('name', `name must be a non-empty string (got ${describeValue(o.name)})`);
  if (o.flushOnReturn !== undefined && typeof o.flushOnReturn !== 'boolean') {
    throw new InvalidOptionError('flushOnReturn', `flushOnReturn must be a boolean (got ${describeValue(o.flushOnReturn)})`);
  }
  return {
    servers,
    prefix,
    name: o.name ?? 'memcached',
    defaultTtl: o.defaultTtl === undefined ? Infinity : parseDuration(o.defaultTtl, 'defaultTtl', { allowZero: false, allowInfinity: true }),
    ...parseCodecOptions(o),
    ...parseRemoteTierOptions(o),
    flushOnReturn: o.flushOnReturn ?? true,
    maxValueSize: o.maxValueSize === undefined ? DEFAULT_MAX_VALUE_SIZE : integerOption(o.maxValueSize, 'maxValueSize', 1, 1024 * 1024 * 1024),
  };
}
