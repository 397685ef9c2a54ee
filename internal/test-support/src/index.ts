export { MemcachedNotInstalledError, MemcachedStartError, RedisNotInstalledError, RedisStartError } from './errors.js';
export {
  startMemcached,
  startMemcachedServers,
  memcachedText,
  type MemcachedServerHandle,
  type StartMemcachedOptions,
} from './memcached-server.js';
export { startRedisServer, whilePaused, type RedisServerHandle, type StartRedisServerOptions } from './redis-server.js';
export {
  startRedisCluster,
  type ClusterNodeInfo,
  type RedisClusterHandle,
  type StartRedisClusterOptions,
} from './redis-cluster.js';
export { cleanupOrphans } from './orphans.js';
export { freePort } from './ports.js';
export { tsChildArgs } from './ts-child.js';
export type { ServerHandle } from './server-process.js';
export { redisCommand, redisPipeline, RespError, type RedisCommandOptions, type RespValue } from './resp.js';
export type { RedisClusterNode } from './vitest-context.js';
import './vitest-context.js';
