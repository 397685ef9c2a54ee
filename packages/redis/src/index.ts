/**
 * `@cache/redis`: a Redis tier for the `@cache` toolkit (ioredis + msgpackr),
 * with bounded failure behaviour and an invalidation bus on pub/sub.
 * @module
 */
export { RedisCache } from './redis-cache.js';
export {
  type RedisCacheOptions,
  type CircuitBreakerOptions,
  type CompressionOptions,
  type ErrorMode,
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_OFFLINE_QUEUE,
  DEFAULT_FAILURE_THRESHOLD,
  DEFAULT_RESET_TIMEOUT,
  DEFAULT_MAX_RECONNECT_DELAY,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_COMPRESSION_THRESHOLD,
  DEFAULT_COMPRESSION_LEVEL,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
} from './options.js';
export { type RedisCacheEvents } from './events.js';
export { type CircuitState, type CircuitBreakerSettings } from './failure/circuit-breaker.js';
export { type CompressionSettings } from './serialization/codec.js';
export { type Serializer, type SerializerName, type MsgpackSerializer, createMsgpackSerializer, createJsonSerializer } from './serialization/serializer.js';
export { escapeGlob } from './keys.js';
export { defineFencedCommands, type FencedArgument, type FencedClient, type FencedCommands } from './failure/fence.js';
export { settleWithin } from './failure/call-policy.js';
// the subclass seam: what @cache/cluster builds on
export { type RedisClient, type Connection as RedisConnection } from './connection.js';
export { type ResolvedOptions as ResolvedRedisCacheOptions, DEFAULT_SCAN_COUNT } from './options.js';
export { type KeyNamespace } from './keys.js';
export { parseInfo, serverStatsFromInfo } from './server-stats.js';
export { type RedisServerStats, type RedisCacheStats } from './server-stats.js';
export { RedisInvalidationBus, type BusCounters } from './bus/redis-invalidation-bus.js';
export { type RedisBusOptions, DEFAULT_CHANNEL_PREFIX, DEFAULT_MAX_TRACKED_KEYS } from './bus/options.js';
export { RedisLoadLock, type RedisLoadLockOptions, type RedisLoadLockCounters, DEFAULT_LOCK_NAME, LOCK_KEY_SEGMENT } from './lock.js';
