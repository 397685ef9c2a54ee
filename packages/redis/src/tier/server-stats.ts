/**
 * Server-side statistics from INFO, named like the seed's `get_stats`
 * (`redis_keyspace_hits` → `redisKeyspaceHits`).
 * @module
 */
import { hitRatio, type CacheStatsSnapshot } from '@cache/core';

/** Parses INFO output into `field → value` (section headers and blank lines skipped). */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}

/** What the server says about itself (the whole server, not only this prefix). */
export interface RedisServerStats {
  /** INFO stats `total_commands_processed`. */
  readonly redisTotalCommandsProcessed: number;
  /** INFO stats `keyspace_hits`. */
  readonly redisKeyspaceHits: number;
  /** INFO stats `keyspace_misses`. */
  readonly redisKeyspaceMisses: number;
  /** INFO memory `used_memory`, bytes. */
  readonly redisUsedMemory: number;
  /** INFO clients `connected_clients`. */
  readonly redisConnectedClients: number;
  /** keyspace_hits / (hits + misses); 0 before any read. */
  readonly redisHitRatio: number;
}

const num = (info: Record<string, string>, field: string): number => {
  const value = Number(info[field]);
  return Number.isFinite(value) ? value : 0;
};

/** The seed's `get_stats`: local counters merged with the server's. */
export interface RedisCacheStats extends CacheStatsSnapshot, Partial<RedisServerStats> {
  /** Same as `hitRatio` (the seed's `local_hit_ratio`). */
  readonly localHitRatio: number;
}

/** Picks the seed's server fields out of parsed INFO. */
export function serverStatsFromInfo(info: Record<string, string>): RedisServerStats {
  const hits = num(info, 'keyspace_hits');
  const misses = num(info, 'keyspace_misses');
  return Object.freeze({
    redisTotalCommandsProcessed: num(info, 'total_commands_processed'),
    redisKeyspaceHits: hits,
    redisKeyspaceMisses: misses,
    redisUsedMemory: num(info, 'used_memory'),
    redisConnectedClients: num(info, 'connected_clients'),
    redisHitRatio: hitRatio(hits, misses),
  });
}

/** `serverStats()` of a tier: the server's counters from its INFO, `undefined` when INFO came back empty (`miss` mode). */
export function serverStatsOf(info: Record<string, string>): RedisServerStats | undefined {
  return Object.keys(info).length === 0 ? undefined : serverStatsFromInfo(info);
}

/** `getStats()` of a tier: the local snapshot plus `localHitRatio` and the server's counters (when known). */
export function tierStats(local: CacheStatsSnapshot, server: RedisServerStats | undefined): RedisCacheStats {
  return Object.freeze({ ...local, localHitRatio: hitRatio(local.hits, local.misses), ...server });
}
