/**
 * `@cache/redis/internal`: the Redis tier's machinery, for the other
 * packages of `@cache` that build on it (`@cache/cluster`; the invalidation
 * bus shares the connection settings). **Internal to @cache and not covered
 * by semver**: anything here may change or go in any release. Users of the
 * Redis tier import `@cache/redis`.
 *
 * - {@link RedisTierCore}: a tier's client, failure policy, fence, codec,
 *   namespace, counters and life; `RedisCache` and `RedisClusterCache` each
 *   hold one (the cluster's multi-key, clear and info code takes it first);
 * - {@link RedisTier}: the face both tier classes share (state, single-key
 *   commands, stats, close), written once over a core;
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
export { RedisTierCore, type Emit } from './tier/tier-core.js';
export { RedisTier } from './tier/redis-tier.js';
export { ioredisSettings, addressOf, closeClient, whenConnected, type ConnectionPolicy, type Connection, type RedisClient } from './tier/connection.js';
export { resolveOptions, DEFAULT_SCAN_COUNT, type ResolvedOptions } from './tier/options.js';
export { KeyNamespace, PREFIX_SEPARATOR } from './tier/keys.js';
export { parseInfo, serverStatsFromInfo, tierStats } from './tier/server-stats.js';
export { RedisCallPolicy, type RedisCallPolicySettings } from './failure/call-policy.js';
export { REDIS_ERRORS, translateError } from './failure/translate.js';
export { defineFencedCommands, calibrateFence, type FencedArgument, type FencedClient, type FencedCommands } from './failure/fence.js';
