/**
 * What `pnpm bench:multilevel` measures, for whom, and how big: shared by
 * the CLI (parent) and the workers (one library and scenario per process).
 * @module
 */

/** The scenarios, in table order. */
export const SCENARIOS = ['l1-hit', 'l2-hit', 'get-or-set-stampede', 'redis-outage'] as const;
/** One of {@link SCENARIOS}. */
export type Scenario = (typeof SCENARIOS)[number];

/**
 * The libraries, each a memory L1 in front of a Redis L2 (see libraries.ts
 * for their exact configuration):
 * - `@cache/multilevel`: MemoryCache (LRU) + RedisCache (`onError: 'miss'`,
 *   `commandTimeout: 200ms`) + RedisInvalidationBus
 * - `bentocache`: memoryDriver (`serialize: false`: L1 holds references, as
 *   the other two do) + redisDriver (ioredis `commandTimeout: 200`),
 *   `l2CircuitBreakerDuration: 1s`, redisBusDriver
 * - `bentocache (L1 serialize: true)`: the same with the memory driver's
 *   default (values stored serialized in L1); l1-hit only
 * - `cache-manager`: `createCache({ stores: [cacheable's createKeyv, @keyv/redis createKeyv] })`, defaults
 * - `cache-manager (nonBlocking)`: the option cache-manager offers for a
 *   failing secondary store: `nonBlocking: true` + `createKeyvNonBlocking`
 *   (no offline queue, no reconnect); outage scenario only
 */
export const LIBRARIES = ['@cache/multilevel', 'bentocache', 'cache-manager', 'bentocache (L1 serialize: true)', 'cache-manager (nonBlocking)'] as const;
/** One of {@link LIBRARIES}. */
export type Library = (typeof LIBRARIES)[number];
/** What ratios are computed against. */
export const BASELINE: Library = '@cache/multilevel';

/** The libraries that run a scenario by default. */
export function librariesFor(scenario: Scenario): readonly Library[] {
  const extra: Library = scenario === 'redis-outage' ? 'cache-manager (nonBlocking)' : 'bentocache (L1 serialize: true)';
  return LIBRARIES.filter((library) => LIBRARIES.indexOf(library) < 3 || (library === extra && (scenario === 'redis-outage' || scenario === 'l1-hit')));
}

/** Sizes of every scenario; `--quick` shrinks them. */
export interface Sizes {
  /** Entries every L1 holds at most. */
  l1Entries: number;
  /** TTL of every write, ms (long enough that nothing expires during a run). */
  ttlMs: number;
  /** l1-hit: distinct keys read (all fit in L1). */
  l1Keys: number;
  /** l1-hit: reads per timed round. */
  l1Reads: number;
  /** l2-hit: distinct keys, read in a cycle far longer than L1 (LRU keeps none of them). */
  l2Keys: number;
  /** l2-hit: reads in flight at once. */
  l2Concurrency: number;
  /** Timed rounds of l1-hit and l2-hit (median reported); one untimed warm-up round before. */
  rounds: number;
  /** Stampede: concurrent callers per key. */
  stampedeCallers: number;
  /** Stampede: keys, one after the other. */
  stampedeKeys: number;
  /** Stampede: loader latency, ms. */
  loaderMs: number;
  /** Outage: keys in L1 and Redis (hot) and keys only in Redis (cold), each. */
  outageKeys: number;
  /** Outage: how long reads run against the killed server, ms. */
  outageMs: number;
  /** Outage: read loops running at once. */
  outageConcurrency: number;
  /** Outage: a call not settled after this is counted as hung, ms. */
  deadlineMs: number;
  /** Outage: how long to wait for a write to succeed after the restart, ms. */
  recoveryMs: number;
}

/** Full sizes. */
export const FULL: Sizes = {
  l1Entries: 2000,
  ttlMs: 10 * 60_000,
  l1Keys: 1000,
  l1Reads: 100_000,
  l2Keys: 20_000,
  l2Concurrency: 32,
  rounds: 3,
  stampedeCallers: 1000,
  stampedeKeys: 50,
  loaderMs: 20,
  outageKeys: 200,
  outageMs: 2000,
  outageConcurrency: 16,
  deadlineMs: 1000,
  recoveryMs: 10_000,
};

/** `--quick`: a smoke test, not a measurement. */
export const QUICK: Sizes = {
  ...FULL,
  l1Keys: 200,
  l1Reads: 5000,
  l2Keys: 3000,
  l2Concurrency: 8,
  rounds: 1,
  stampedeCallers: 100,
  stampedeKeys: 3,
  outageKeys: 20,
  outageMs: 400,
  outageConcurrency: 4,
  deadlineMs: 500,
  recoveryMs: 8000,
};

/** What the parent asks a worker to do. */
export interface WorkerJob {
  library: Library;
  scenario: Scenario;
  /** The shared redis-server (unused by redis-outage, which starts its own). */
  url: string;
  /** Key prefix / namespace of this run's L2 keys. */
  prefix: string;
  sizes: Sizes;
}

/** What a worker prints (one JSON line). */
export interface WorkerResult {
  /** Reads (or answered getOrSet callers) per wall-clock second. */
  opsPerSec?: number;
  /** Median latency, ms (stampede: of one key's 1,000 callers; outage: of one read). */
  p50Ms?: number;
  /** 99th percentile latency, ms (as p50Ms). */
  p99Ms?: number;
  /** Stampede: loader calls in total (ideal: one per key). */
  loaderCalls?: number;
  /** Calls that rejected to the caller. */
  errors?: number;
  /** ops/s of every timed round. */
  samples?: number[];
  /** Reads that found nothing though the key was written (l1-hit, l2-hit). */
  misses?: number;
  /** Outage: reads made while Redis was down. */
  calls?: number;
  /** Outage: reads not settled within the per-call deadline. */
  hung?: number;
  /** Outage: reads of keys in L1 that returned their value. */
  l1Served?: number;
  /** Outage: reads of keys in L1 made. */
  l1Reads?: number;
  /** Outage: ms from restart() until a set + get round trip worked (absent: never within recoveryMs). */
  recoveredMs?: number;
}

/** One JSON row of `--json FILE`. */
export interface BenchRow extends Omit<WorkerResult, 'samples'> {
  scenario: Scenario;
  library: Library;
}

/** A ~1 KB JSON-friendly value (a user record with nested items). */
export function sampleValue(id: number): Record<string, unknown> {
  return {
    id,
    name: `user ${id}`,
    email: 'someone@example.com',
    active: true,
    score: 98.6,
    tags: ['a', 'bb', 'ccc', 'dddd'],
    address: { street: '123 Main Street', city: 'Springfield', zip: '12345', country: 'US' },
    items: Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i}`, qty: i, price: i * 1.25, title: `Item title number ${i}` })),
    notes: 'x'.repeat(200),
  };
}

/** The value's id, or undefined when `value` is not a {@link sampleValue}. */
export function idOf(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number' ? (value as { id: number }).id : undefined;
}

/** The `q`-quantile (0…1) of `values` (sorted copy, nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
