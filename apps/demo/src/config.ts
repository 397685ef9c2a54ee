/**
 * The demo's settings, from the environment (or passed in by tests). With no
 * Redis configured, every level is in process memory (the embedded default),
 * so `pnpm demo` runs on a machine without Redis.
 * @module
 */
import { InvalidOptionError } from '@cache/core';

/** What the demo runs with. */
export interface DemoConfig {
  /** Interface to listen on. @default '127.0.0.1' */
  host: string;
  /** Port; 0 picks a free one. @default 3000 */
  port: number;
  /** `redis://` URL of the L2 Redis; unset: L2 is a second in-process level. */
  redisUrl: string | undefined;
  /** `host:port` startup nodes of an L3 Redis Cluster; empty: no L3. */
  clusterNodes: string[];
  /** `host:port` of the memcached servers of a level below the others (the seed's Memcached cluster); empty: none. */
  memcachedServers: string[];
  /** Milliseconds each simulated database query takes. @default 40 */
  databaseLatencyMs: number;
  /** Reads per second the built-in load generator starts with; 0: off until started from the dashboard. @default 100 */
  loadRate: number;
}

/** The defaults, as named constants. */
export const DEFAULT_PORT = 3000;
export const DEFAULT_DATABASE_LATENCY_MS = 40;
export const DEFAULT_LOAD_RATE = 100;

/** Reads the configuration from environment variables (`PORT`, `HOST`, `REDIS_URL`, `REDIS_CLUSTER_NODES`, `MEMCACHED_SERVERS`, `DB_LATENCY_MS`, `LOAD_RATE`). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: integer(env.PORT, 'PORT', DEFAULT_PORT, 0, 65_535),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    clusterNodes: list(env.REDIS_CLUSTER_NODES),
    memcachedServers: list(env.MEMCACHED_SERVERS),
    databaseLatencyMs: integer(env.DB_LATENCY_MS, 'DB_LATENCY_MS', DEFAULT_DATABASE_LATENCY_MS, 0, 60_000),
    loadRate: integer(env.LOAD_RATE, 'LOAD_RATE', DEFAULT_LOAD_RATE, 0, 100_000),
  };
}

/** A comma-separated list, blanks dropped. */
function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function integer(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(name, `${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}
