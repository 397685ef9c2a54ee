/**
 * The machinery of a Redis tier — the client, the failure policy, the write
 * fence, the value codec, the key namespace, the counters, the error mode,
 * the server's size and the tier's life (client events, close) — in one
 * object. The operation files (`single-key.ts`, `batch.ts`,
 * `clear-prefix.ts`, `info.ts`, and @cache/cluster's multi-key, clear and
 * info files) take it as their first argument; `RedisCache` and
 * `RedisClusterCache` each hold one and add no machinery of their own.
 * Internal (`@cache/redis/internal`).
 * @module
 */
import { ClosedError, CounterStatsRecorder, isCacheError, type CacheError, type CacheStatsSnapshot } from '@cache/core';
import { WriteFence } from '@cache/core/remote';
import { ValueCodec } from '@cache/codec';
import { RedisCallPolicy } from '../failure/call-policy.js';
import { defineFencedCommands, type FencedClient } from '../failure/fence.js';
import type { Connection, RedisClient } from './connection.js';
import type { RedisCacheEvents } from './events.js';
import { KeyNamespace } from './keys.js';
import { attachClient, closeTier } from './lifecycle.js';
import type { ResolvedOptions } from './options.js';
import { ServerSize } from './server-size.js';

/** Emits one of the tier's events (the tier class's protected `emit`). */
export type Emit = <K extends keyof RedisCacheEvents>(event: K, ...args: Parameters<RedisCacheEvents[K]>) => void;

/** A Redis tier's internals (see the module doc). */
export class RedisTierCore<V, C extends RedisClient> {
  /** The tier's name. */
  readonly name: string;
  /** The key prefix ('' when none). */
  readonly prefix: string;
  /** The validated options. */
  readonly options: ResolvedOptions;
  /** User key → Redis key, SCAN pattern. */
  readonly ns: KeyNamespace;
  readonly codec: ValueCodec;
  /** The local counters. */
  readonly stats: CounterStatsRecorder;
  /** The ioredis client. */
  readonly client: C;
  /** The same client, with the fenced write commands defined (every write goes through them). */
  readonly writer: FencedClient<C>;
  /** Server-time deadlines of writes (at-most-once). */
  readonly fence: WriteFence;
  /** Whether the tier made the client (and closes it). */
  readonly owned: boolean;
  /** Breaker, offline bound, timeout and error translation for every backend call. */
  readonly policy: RedisCallPolicy;
  /** The tier class's protected `emit`. */
  readonly emit: Emit;
  /** The server's entries and memory, for `stats()`. */
  readonly server: ServerSize;
  readonly #miss: boolean;
  readonly #detach: () => void;
  #closing: Promise<void> | undefined;
  /** Set by close(): every later call rejects with ClosedError. */
  closed = false;

  /**
   * Makes the connection, then starts listening to the client's events.
   * @param resolved the validated options
   * @param open makes the connection (called after the codec, which validates nothing more, and before the policy)
   * @param emit the tier class's `emit`
   */
  constructor(resolved: ResolvedOptions, open: () => Connection<C>, emit: Emit) {
    this.options = resolved;
    this.name = resolved.name;
    this.prefix = resolved.prefix;
    this.ns = new KeyNamespace(resolved.prefix);
    this.codec = new ValueCodec(resolved.serializer, resolved.compression, resolved.name, resolved.maxDecompressedSize);
    this.stats = new CounterStatsRecorder(resolved.clock);
    this.#miss = resolved.onError === 'miss';
    this.emit = emit;
    const connection = open();
    this.client = connection.client;
    this.owned = connection.owned;
    this.writer = defineFencedCommands(connection.client);
    this.fence = new WriteFence(resolved.commandTimeout);
    this.policy = new RedisCallPolicy(connection.client, {
      tier: resolved.name,
      commandTimeout: resolved.commandTimeout,
      offlineQueue: resolved.offlineQueue,
      circuitBreaker: resolved.circuitBreaker,
      adaptivePipelining: connection.owned && resolved.autoPipelining,
      clock: resolved.clock,
      onCircuit: (state) => {
        if (state === 'open') emit('circuit-open');
        else if (state === 'closed') emit('circuit-close');
      },
    });
    this.server = new ServerSize(connection.client, resolved.clock);
    this.#detach = attachClient(this);
  }

  /** `stats()`: the local counters with the server's size and memory (refreshed in the background: never waits for the server). */
  snapshot(): CacheStatsSnapshot {
    this.server.refresh();
    return this.stats.snapshot(this.server.size, this.server.memory);
  }

  /**
   * `close()`: marks the tier closed, lets the calls in flight settle, stops
   * listening to the client and closes it when the tier owns it; then calls
   * `released` (the tier drops its listeners). The same promise every time.
   */
  close(released: () => void): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.closed = true;
    this.#closing = closeTier(this, this.#detach).then(released);
    return this.#closing;
  }

  /** Throws ClosedError after close(). */
  assertOpen(): void {
    if (this.closed) throw this.closedError();
  }

  /** The error of a call made after close(). */
  closedError(): ClosedError {
    return new ClosedError(`${this.name} tier is closed; create a new one to keep using Redis`, { tier: this.name });
  }

  /** Counts and emits `error`; throws it (throw mode) or returns `fallback` (miss mode). */
  failed<T>(error: unknown, operation: string, fallback: T): T {
    const failure = this.reported(error, operation);
    if (!this.#miss) throw failure;
    return fallback;
  }

  /** Counts `error` in `stats().errors` and emits it as `error`; returns it typed. */
  reported(error: unknown, operation: string): CacheError {
    const failure = isCacheError(error) ? error : this.policy.translate(error, operation, undefined);
    this.stats.recordErrors(1);
    this.emit('error', failure, operation);
    return failure;
  }

  /**
   * Decodes stored bytes and counts a hit. A value that cannot be decoded
   * (corrupt, foreign, above `maxDecompressedSize`) is a failure (see
   * `failed`) — except in a batch: one bad value must not cost a `getMany`
   * the others, so there it reads as a miss (`undefined`) and its
   * SerializationError (with `key`) is counted and emitted in both modes.
   * The stored bytes are left alone: they may be another writer's data.
   */
  decodeHit(raw: Buffer, key: string, operation: string, batch = false): V | undefined {
    let value: V;
    try {
      value = this.codec.decode(raw, key) as V;
    } catch (error) {
      if (batch) {
        this.reported(error, operation);
        return undefined;
      }
      return this.failed(error, operation, undefined);
    }
    this.stats.recordHits(1);
    return value;
  }

  /** Throws the first error of a MULTI/EXEC reply (or the abort). */
  assertExec(replies: [Error | null, unknown][] | null, operation: string, key: string | undefined): void {
    if (replies === null) throw this.policy.translate(new Error('transaction aborted'), operation, key);
    for (const [error] of replies) if (error) throw this.policy.translate(error, operation, key);
  }
}

/** Redis PX argument: whole milliseconds, at least 1. */
export function toPx(ttl: number): number {
  return Math.max(1, Math.ceil(ttl));
}
