/**
 * The Memcached tier: the {@link CacheTier} contract over one or more
 * memcached servers (meta protocol, ketama placement, a breaker per server
 * that takes it out of the ring), with the Redis tier's values (the shared
 * `@cache/codec`) and failure behaviour (core's remote kit).
 *
 * Stored form: client flags {@link ENVELOPE_FLAGS}; the value is 8 bytes of
 * expiry (milliseconds since the epoch by the tier's clock, big-endian
 * float64, 0 for none) and then the codec's bytes. The expiry in the value
 * makes TTLs exact to the millisecond (memcached counts whole seconds); the
 * server's own TTL, a second or two later, reclaims the memory.
 * @module
 */
import { createHash } from 'node:crypto';
import {
  CapacityError,
  ClosedError,
  ConnectionError,
  CounterStatsRecorder,
  InvalidArgumentError,
  SerializationError,
  assertKey,
  assertKeys,
  assertValue,
  isCacheError,
  readEntry,
  parseTtl,
  ttlOf,
  type CacheEntry,
  type CacheError,
  type CacheStatsSnapshot,
  type CacheTier,
  type SetManyEntry,
  type SetOptions,
} from '@cache/core';
import { TypedEmitter, type CircuitState } from '@cache/core/remote';
import { ValueCodec } from '@cache/codec';
import type { ConnectionStatus } from './connection.js';
import { resolveOptions, MAX_KEY_BYTES, type MemcachedCacheOptions, type ResolvedOptions } from './options.js';
import { deleteCommand, flagOf, getCommand, setCommand, wireKey, FLUSH_COMMAND, type Command, type Reply } from './protocol.js';
import { KetamaRing, ketamaHash } from './ring.js';
import { Server } from './server.js';

/** The client flags of a value this tier wrote. */
export const ENVELOPE_FLAGS = 0xca01;
/** Bytes of the expiry in front of the codec's bytes. */
const EXPIRY_BYTES = 8;
/** memcached reads a TTL above 30 days as a Unix time. */
const RELATIVE_TTL_LIMIT = 30 * 24 * 3600;
/** memcached's TTLs are 32-bit. */
const MAX_UNIX_TIME = 0xffffffff;

/** Events of a MemcachedCache. */
export interface MemcachedCacheEvents {
  /**
   * An operation failed (both modes: in `throw` mode the caller also got the
   * rejection, in `miss` mode it saw a miss or `false`), or a connection
   * broke (`operation` is `'connection'`).
   */
  error: (error: CacheError, operation: string) => void;
  /** A server left the ring after consecutive failures: its keys go to the next server meanwhile. */
  'server-down': (address: string) => void;
  /** A server came back into the ring (its probe succeeded; emptied first with `flushOnReturn`). */
  'server-up': (address: string) => void;
  /** A connection is ready (first connect and every reconnect). */
  connect: (address: string) => void;
  /** A connection was lost (it reconnects on its own). */
  disconnect: (address: string) => void;
}

/** How one server stands, for dashboards and health checks. */
export interface MemcachedServerState {
  /** `host:port`. */
  readonly address: string;
  /** The connection: `ready` while connected. */
  readonly connection: ConnectionStatus;
  /** The breaker: `closed` while the server is in the ring. */
  readonly circuit: CircuitState;
}

/** An entry read back: its value and its absolute expiry (0 for none). */
interface Stored<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A cache tier on memcached.
 *
 * ```ts
 * const cache = new MemcachedCache<User>({ servers: ['10.0.0.1:11211', '10.0.0.2:11211'], prefix: 'app:' });
 * await cache.set('user:1', user, { ttl: '5m' });
 * ```
 */
export class MemcachedCache<V = unknown> extends TypedEmitter<MemcachedCacheEvents> implements CacheTier<V> {
  readonly name: string;
  readonly #options: ResolvedOptions;
  readonly #codec: ValueCodec;
  readonly #stats: CounterStatsRecorder;
  readonly #servers: Server[];
  readonly #ring: KetamaRing;
  readonly #prefix: Buffer;
  readonly #miss: boolean;
  #closing: Promise<void> | undefined;

  /** @throws InvalidOptionError naming the first bad option */
  constructor(options: MemcachedCacheOptions = {}) {
    super();
    const resolved = resolveOptions(options);
    this.#options = resolved;
    this.name = resolved.name;
    this.#codec = new ValueCodec(resolved.serializer, resolved.compression, resolved.name, resolved.maxDecompressedSize);
    this.#stats = new CounterStatsRecorder(resolved.clock);
    this.#prefix = Buffer.from(resolved.prefix, 'utf8');
    this.#miss = resolved.onError === 'miss';
    const events = {
      onStatus: (server: Server, status: ConnectionStatus) => {
        if (status === 'ready') this.emit('connect', server.address);
        else if (status === 'reconnecting') this.emit('disconnect', server.address);
      },
      onError: (server: Server, error: Error) => {
        if (this.#closing !== undefined) return;
        this.emit('error', new ConnectionError(`memcached at ${server.address}: ${error.message}`, { tier: this.name, cause: error }), 'connection');
      },
      onCircuit: (server: Server, state: CircuitState) => {
        if (state === 'open') this.emit('server-down', server.address);
        else if (state === 'closed') this.emit('server-up', server.address);
      },
    };
    this.#servers = resolved.servers.map((server) => new Server(server, resolved, events));
    this.#ring = new KetamaRing(resolved.servers.map((server) => server.address));
  }

  /**
   * Resolves once every server is connected; rejects with a ConnectionError
   * naming the servers not reached within `connectTimeout`. Calls made
   * before need not wait for it (they wait in the offline queue).
   */
  async ready(): Promise<void> {
    this.#assertOpen();
    const results = await Promise.allSettled(this.#servers.map((server) => server.connection.ready(this.#options.connectTimeout)));
    const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [`${this.#servers[i]!.address} (${(result.reason as Error).message})`] : []));
    if (failed.length > 0) throw new ConnectionError(`${this.name}: could not connect to memcached at ${failed.join(', ')}`, { tier: this.name });
  }

  /** Each server's connection and breaker state, in the order of the `servers` option. */
  get servers(): readonly MemcachedServerState[] {
    return this.#servers.map((server) => ({ address: server.address, connection: server.connection.status, circuit: server.circuitState }));
  }

  async get(key: string): Promise<V | undefined> {
    return (await this.#read(key, 'get', true))?.value;
  }

  async getEntry(key: string): Promise<CacheEntry<V> | undefined> {
    const stored = await this.#read(key, 'getEntry', true);
    if (stored === undefined) return undefined;
    return { value: stored.value, remainingTtl: stored.expiresAt === 0 ? Infinity : Math.max(0, stored.expiresAt - this.#options.clock.now()) };
  }

  async has(key: string): Promise<boolean> {
    return (await this.#read(key, 'has', false)) !== undefined;
  }

  async set(key: string, value: V, options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    assertValue(value, key, this.name);
    const ttl = ttlOf(options) ?? this.#options.defaultTtl;
    const wire = this.#wireKey(key);
    const command = this.#setCommand(wire, key, value, ttl);
    try {
      await this.#serverOf(wire).runOne('set', key, command, deleteCommand(wire.key));
    } catch (error) {
      return this.#failed(error, 'set', false);
    }
    this.#stats.recordSets(1);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    this.#assertOpen();
    assertKey(key, this.name);
    const wire = this.#wireKey(key);
    let reply: Reply;
    try {
      reply = await this.#serverOf(wire).runOne('delete', key, deleteCommand(wire.key));
    } catch (error) {
      return this.#failed(error, 'delete', false);
    }
    if (reply.code !== 'HD') return false;
    this.#stats.recordDeletes(1);
    return true;
  }

  async getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    const results = new Array<V | undefined>(keys.length).fill(undefined);
    const now = this.#options.clock.now();
    let hits = 0;
    await this.#perServer(
      keys.map((key, i) => ({ index: i, key, wire: this.#wireKey(key) })),
      'getMany',
      (item) => getCommand(item.wire.key),
      undefined,
      (item, reply) => {
        const stored = this.#decode(reply, item.key, now, 'getMany', true);
        if (stored !== undefined) {
          results[item.index] = stored.value;
          hits++;
        }
      },
    );
    this.#stats.recordHits(hits);
    this.#stats.recordMisses(keys.length - hits);
    return results;
  }

  async setMany(entries: readonly SetManyEntry<V>[], options?: SetOptions): Promise<boolean> {
    this.#assertOpen();
    if (!Array.isArray(entries)) throw new InvalidArgumentError('entries', 'entries must be an array of { key, value, ttl? }', { tier: this.name });
    const batchTtl = ttlOf(options, 'setMany') ?? this.#options.defaultTtl;
    // Everything is validated and encoded before the first command: one bad entry writes nothing.
    const items = entries.map((raw, index) => {
      const entry = readEntry<V>(raw, index, this.name);
      const ttl = entry.ttl === undefined ? batchTtl : parseTtl(entry.ttl, `entries[${index}].ttl`)!;
      const wire = this.#wireKey(entry.key);
      return { index, key: entry.key, wire, command: this.#setCommand(wire, entry.key, entry.value, ttl) };
    });
    const ok = await this.#perServer(items, 'setMany', (item) => item.command, (item) => deleteCommand(item.wire.key), () => {});
    if (!ok) return false;
    this.#stats.recordSets(items.length);
    return true;
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#assertOpen();
    assertKeys(keys, this.name);
    let removed = 0;
    const unique = [...new Set(keys)];
    await this.#perServer(
      unique.map((key, index) => ({ index, key, wire: this.#wireKey(key) })),
      'deleteMany',
      (item) => deleteCommand(item.wire.key),
      undefined,
      (_item, reply) => {
        if (reply.code === 'HD') removed++;
      },
    );
    this.#stats.recordDeletes(removed);
    return removed;
  }

  /**
   * Empties every server of the ring (`flush_all`): memcached cannot list
   * or delete keys by prefix, so this removes other applications' keys on
   * the same servers too.
   */
  async clear(): Promise<void> {
    this.#assertOpen();
    try {
      await Promise.all(this.#servers.map((server) => server.runOne('clear', undefined, FLUSH_COMMAND)));
    } catch (error) {
      this.#failed(error, 'clear', undefined);
    }
  }

  /** The local counters (memcached's own item counts are per server, shared with other clients: `size` and `memoryUsage` are 0). */
  stats(): CacheStatsSnapshot {
    return this.#stats.snapshot(0, 0);
  }

  /** Lets the calls in flight settle (each within its deadline), then closes every connection. The same promise every time. */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closing = Promise.all(this.#servers.map((server) => server.drained())).then(() => {
      for (const server of this.#servers) server.connection.close();
      this.removeAllListeners();
    });
    return this.#closing;
  }

  /** A single-key read (`get`, `getEntry`, `has`); counts a hit or a miss when `count`. */
  async #read(key: string, operation: string, count: boolean): Promise<Stored<V> | undefined> {
    this.#assertOpen();
    assertKey(key, this.name);
    const wire = this.#wireKey(key);
    let reply: Reply;
    try {
      reply = await this.#serverOf(wire).runOne(operation, key, getCommand(wire.key));
    } catch (error) {
      return this.#failed(error, operation, undefined);
    }
    let stored: Stored<V> | undefined;
    try {
      stored = this.#decode(reply, key, this.#options.clock.now(), operation, false);
    } catch (error) {
      return this.#failed(error, operation, undefined);
    }
    if (count) {
      if (stored === undefined) this.#stats.recordMisses(1);
      else this.#stats.recordHits(1);
    }
    return stored;
  }

  /**
   * Runs one pipeline per server for `items` (grouped by the ring); `onReply`
   * hears each item's reply. A server that fails fails the call (`throw`
   * mode) or leaves its items unanswered (`miss` mode; returns false).
   */
  async #perServer<T extends { key: string; wire: WireKey }>(
    items: readonly T[],
    operation: string,
    command: (item: T) => Command,
    undo: ((item: T) => Command) | undefined,
    onReply: (item: T, reply: Reply) => void,
  ): Promise<boolean> {
    const groups = new Map<Server, T[]>();
    for (const item of items) {
      const server = this.#serverOf(item.wire);
      let group = groups.get(server);
      if (group === undefined) groups.set(server, (group = []));
      group.push(item);
    }
    const results = await Promise.allSettled(
      [...groups].map(async ([server, group]) => {
        const replies = await server.run(operation, group.length === 1 ? group[0]!.key : undefined, group.map(command), undo === undefined ? undefined : group.map(undo));
        group.forEach((item, i) => onReply(item, replies[i]!));
      }),
    );
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure === undefined) return true;
    return this.#failed(failure.reason, operation, false);
  }

  /** The server that holds `wire`. */
  #serverOf(wire: WireKey): Server {
    const servers = this.#servers;
    if (servers.length === 1) return servers[0]!;
    return servers[this.#ring.serverFor(wire.position, (i) => servers[i]!.inRing())]!;
  }

  /**
   * A key's name on the servers: prefix + key in UTF-8; above memcached's
   * 250 bytes, prefix + 0xFF + SHA-256 of the key (0xFF never occurs in
   * UTF-8, so no short key can take a long key's name).
   */
  #wireKey(key: string): WireKey {
    let bytes = Buffer.from(this.#options.prefix + key, 'utf8');
    if (bytes.length > MAX_KEY_BYTES) bytes = Buffer.concat([this.#prefix, LONG_KEY_MARK, createHash('sha256').update(key, 'utf8').digest()]);
    return { key: wireKey(bytes), position: this.#servers.length === 1 ? 0 : ketamaHash(bytes) };
  }

  /** The `ms` command that stores `value` under `wire` for `ttl` ms. */
  #setCommand(wire: WireKey, key: string, value: V, ttl: number): Buffer {
    const encoded = this.#codec.encode(value, key);
    const body = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : encoded;
    const size = EXPIRY_BYTES + body.length;
    if (size > this.#options.maxValueSize) {
      throw new CapacityError(
        `the value of ${JSON.stringify(key)} takes ${size} bytes, above maxValueSize (${this.#options.maxValueSize}); raise maxValueSize (and memcached's -I), turn on compression, or store less`,
        size,
        this.#options.maxValueSize,
        { key, tier: this.name },
      );
    }
    const data = Buffer.allocUnsafe(size);
    data.writeDoubleBE(ttl === Infinity ? 0 : this.#options.clock.now() + ttl, 0);
    body.copy(data, EXPIRY_BYTES);
    return setCommand(wire.key, data, ENVELOPE_FLAGS, serverTtl(ttl));
  }

  /**
   * A `mg` reply as an entry: undefined for a miss or an entry past its
   * expiry. A value this tier did not write, or cannot decode, throws
   * SerializationError — except in a batch, where it reads as a miss and
   * the error is reported (one bad value must not cost the others).
   */
  #decode(reply: Reply, key: string, now: number, operation: string, batch: boolean): Stored<V> | undefined {
    if (reply.code === 'EN') return undefined;
    try {
      const data = reply.data;
      if (reply.code !== 'VA' || data === undefined) throw new SerializationError(`unexpected reply ${reply.code} to a read of ${JSON.stringify(key)}`, { key, tier: this.name });
      if (flagOf(reply, 'f') !== String(ENVELOPE_FLAGS) || data.length < EXPIRY_BYTES) {
        throw new SerializationError(`the value of ${JSON.stringify(key)} was not written by @cache/memcached (client flags ${flagOf(reply, 'f') ?? 'none'}, ${data.length} bytes); leaving it alone`, {
          key,
          tier: this.name,
        });
      }
      const expiresAt = data.readDoubleBE(0);
      if (!(expiresAt >= 0)) throw new SerializationError(`the value of ${JSON.stringify(key)} has a corrupt expiry`, { key, tier: this.name });
      if (expiresAt !== 0 && expiresAt <= now) return undefined;
      return { value: this.#codec.decode(data.subarray(EXPIRY_BYTES), key) as V, expiresAt };
    } catch (error) {
      if (!batch) throw error;
      this.#reported(error, operation);
      return undefined;
    }
  }

  /** Counts and emits `error`; throws it (throw mode) or returns `fallback` (miss mode). */
  #failed<T>(error: unknown, operation: string, fallback: T): T {
    const failure = this.#reported(error, operation);
    if (!this.#miss) throw failure;
    return fallback;
  }

  /** Counts `error` in `stats().errors` and emits it as `error`; returns it typed. */
  #reported(error: unknown, operation: string): CacheError {
    const failure = isCacheError(error) ? error : new SerializationError(`${operation} failed: ${(error as Error).message}`, { tier: this.name, cause: error });
    this.#stats.recordErrors(1);
    this.emit('error', failure, operation);
    return failure;
  }

  #assertOpen(): void {
    if (this.#closing !== undefined) throw new ClosedError(`${this.name} tier is closed; create a new one to keep using memcached`, { tier: this.name });
  }
}

/** A key as the servers know it: base64 on the wire, its place on the ring. */
interface WireKey {
  readonly key: string;
  readonly position: number;
}

const LONG_KEY_MARK = Buffer.from([0xff]);

/**
 * The server-side TTL (seconds) for an entry of `ttl` ms: a second past its
 * exact expiry (which reads enforce), as a Unix time beyond 30 days; 0
 * (none) for Infinity or beyond memcached's 32-bit clock.
 */
function serverTtl(ttl: number): number {
  if (ttl === Infinity) return 0;
  const seconds = Math.ceil(ttl / 1000) + 1;
  if (seconds <= RELATIVE_TTL_LIMIT) return seconds;
  const at = Math.floor(Date.now() / 1000) + seconds;
  return at > MAX_UNIX_TIME ? 0 : at;
}
