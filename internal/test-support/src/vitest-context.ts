/**
 * Types for the values the global setups provide. Test files read them with
 * `inject('redisUrl')` / `inject('redisClusterNodes')` from 'vitest'; importing anything from
 * '@cache/test-support' (or '@cache/test-support/vitest-context') brings these types in.
 */
import type {} from 'vitest';

export interface RedisClusterNode {
  host: string;
  port: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:PORT` of the standalone server started by the global setup */
    redisUrl: string;
    /** startup nodes of the cluster started by global-setup-cluster (absent with global-setup) */
    redisClusterNodes: RedisClusterNode[];
    /** `127.0.0.1:PORT` of the memcached started by global-setup-cluster (absent with global-setup) */
    memcachedServers: string[];
  }
}
