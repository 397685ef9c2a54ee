/**
 * What the cluster's multi-key, clear and info code needs from its tier:
 * the cluster client and RedisCache's protected machinery (failure policy,
 * codec, key namespace, counters), gathered once at construction so that
 * code can live in files of its own.
 * @module
 */
import type { Cluster } from 'ioredis';
import type { FencedClient } from '@cache/redis';
import type { CacheError, StatsRecorder } from '@cache/core';
import type { CircuitState, KeyNamespace } from '@cache/redis';

/** A RedisClusterCache's internals, as the functions of this package see them. Not exported from the package. */
export interface TierOps<V> {
  /** The tier's name. */
  readonly name: string;
  /** The key prefix ('' when none). */
  readonly prefix: string;
  /** The tier's default TTL in ms (Infinity = none). */
  readonly defaultTtl: number;
  /** The ioredis Cluster, with the fenced write commands defined. */
  readonly client: FencedClient<Cluster>;
  /** The server-time deadline to pass to a fenced write issued now. */
  writeDeadline(): number;
  /** User key → Redis key, SCAN pattern. */
  readonly namespace: KeyNamespace;
  /** The local counters. */
  readonly recorder: StatsRecorder;
  /** The circuit breaker's current state. */
  circuitState(): CircuitState;
  /** Throws ClosedError after close(). */
  assertOpen(): void;
  /** Waits (under the failure policy) until the client is ready and knows the slot map; free when it is. */
  whenReady(operation: string): Promise<void> | void;
  /** Runs one backend call under the failure policy. */
  command<T>(operation: string, key: string | undefined, run: () => Promise<T>): Promise<T>;
  /** Wraps what ioredis threw as a typed CacheError. */
  translate(error: unknown, operation: string, key: string | undefined): CacheError;
  /** Counts and emits `error`; throws it (`throw` mode) or returns `fallback` (`miss` mode). */
  failure<T>(error: unknown, operation: string, fallback: T): T;
  /** Encodes a value for Redis. */
  encode(value: V, key: string): Buffer | string;
  /** Decodes a batch read's stored bytes and counts a hit; a value that cannot be decoded reads as a miss, its error counted and emitted. */
  decodeBatchHit(raw: Buffer, key: string, operation: string): V | undefined;
}
