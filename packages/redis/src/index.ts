/**
 * `@cache/redis`: a Redis tier for the `@cache` toolkit (ioredis + msgpackr),
 * with bounded failure behaviour, an invalidation bus on pub/sub and a load
 * lock.
 * @module
 */
export { RedisCache } from './tier/redis-cache.js';
export {
  type RedisCacheOptions,
  type CircuitBreakerOptions,
  type ErrorMode,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_OFFLINE_QUEUE,
  DEFAULT_FAILURE_THRESHOLD,
  DEFAULT_RESET_TIMEOUT,
  DEFAULT_MAX_RECONNECT_DELAY,
  DEFAULT_CONNECT_TIMEOUT,
} from './tier/options.js';
export { type RedisCacheEvents } from './tier/events.js';
export { type CircuitState, type CircuitBreakerSettings } from '@cache/core/remote';
// the value codec (serializer, compression) lives in @cache/codec, shared by the remote tiers; re-exported under the names it always had here
export {
  type CompressionOptions,
  type CompressionSettings,
  type Serializer,
  type SerializerName,
  type MsgpackSerializer,
  createMsgpackSerializer,
  createJsonSerializer,
  DEFAULT_COMPRESSION_THRESHOLD,
  DEFAULT_COMPRESSION_LEVEL,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
} from '@cache/codec';
export { escapeGlob } from './tier/keys.js';
export { type RedisServerStats, type RedisCacheStats } from './tier/server-stats.js';
export { RedisInvalidationBus, type BusCounters } from './bus/redis-invalidation-bus.js';
export { type RedisBusOptions, DEFAULT_CHANNEL_PREFIX, DEFAULT_MAX_TRACKED_KEYS } from './bus/options.js';
export { RedisLoadLock, type RedisLoadLockOptions, type RedisLoadLockCounters, DEFAULT_LOCK_NAME, LOCK_KEY_SEGMENT } from './lock/lock.js';
