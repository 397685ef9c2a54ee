/**
 * `@cache/memcached`: a cache tier on memcached (one server or a ketama
 * ring of them), speaking memcached's meta protocol itself, with the Redis
 * tier's values (`@cache/codec`) and failure behaviour (deadlines, a
 * breaker per server, at-most-once writes).
 * @module
 */
export { MemcachedCache, ENVELOPE_FLAGS, type MemcachedCacheEvents, type MemcachedServerState } from './memcached-cache.js';
export {
  DEFAULT_MAX_VALUE_SIZE,
  DEFAULT_PORT,
  MAX_KEY_BYTES,
  type CircuitBreakerOptions,
  type ErrorMode,
  type MemcachedCacheOptions,
} from './options.js';
export type { ConnectionStatus } from './connection.js';
export { KetamaRing, ketamaHash, POINTS_PER_SERVER } from './ring.js';
