/**
 * `@cache/redis/internal`: the Redis tier's machinery, for the other
 * packages of `@cache` that build on it (`@cache/cluster`; the invalidation
 * bus shares the connection settings). **Internal to @cache and not covered
 * by semver**: anything here may change or go in any release. Users of the
 * Redis tier import `@cache/redis`.
 *
 * - {@link RedisTierCore}: a tier's client, failure policy, fence, codec,
 *   namespace, counters and life; `RedisCache` and `RedisClusterCache` each
 *   hold one, and the operation functions below take it first;
 * - {@link ioredisSettings}: the one place that builds ioredis connection
 *   settings (tier, cluster nodes, bus);
 * - the write fence's Lua commands ({@link defineFencedCommands});
 * - INFO parsing and the key namespace.
 *
 * The failure kit itself (deadline, breaker, call policy, error
 * translation) is `@cache/core/remote`.
 * @hidden
 * @module
 */
export { RedisTierCore, toPx, type Emit } from './tier/tier-core.js';
export { ioredisSettings, openConnection, addressOf, closeClient, whenConnected, type ConnectionPolicy, type Connection, type RedisClient } from './tier/connection.js';
export { resolveOptions, DEFAULT_SCAN_COUNT, type ResolvedOptions } from './tier/options.js';
export { TypedEmitter, type RedisCacheEvents } from './tier/events.js';
export { KeyNamespace, PREFIX_SEPARATOR } from './tier/keys.js';
export { parseInfo, serverStatsFromInfo, serverStatsOf, tierStats } from './tier/server-stats.js';
export { whenTierReady } from './tier/lifecycle.js';
export { readInfo } from './tier/info.js';
export { del, expire, get, getEntry, has, increment, set, ttl } from './tier/single-key.js';
export { RedisCallPolicy, type RedisCallPolicySettings } from './failure/call-policy.js';
export { REDIS_ERRORS, translateError } from './failure/translate.js';
export { defineFencedCommands, calibrateFence, type FencedArgument, type FencedClient, type FencedCommands } from './failure/fence.js';
