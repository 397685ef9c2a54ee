/**
 * The events of a RedisCache (emitted through core's `TypedEmitter`).
 * @module
 */
import type { CacheError } from '@cache/core';

/** Events of a RedisCache. */
export interface RedisCacheEvents {
  /**
   * An operation failed (both modes: in `throw` mode the caller also got the
   * rejection, in `miss` mode it saw a miss or `false`), or the connection
   * reported an error (`operation` is `'connection'`).
   */
  error: (error: CacheError, operation: string) => void;
  /** The breaker opened after consecutive failures: calls now fail fast. */
  'circuit-open': () => void;
  /** The breaker closed again (a probe succeeded or the connection recovered). */
  'circuit-close': () => void;
  /** The connection is ready (first connect and every reconnect). */
  connect: () => void;
  /** The connection was lost (ioredis reconnects automatically). */
  disconnect: () => void;
}

export { TypedEmitter } from '@cache/core/remote';
