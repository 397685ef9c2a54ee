import assert from 'node:assert/strict';
import {
  CacheError,
  ClosedError,
  CounterStatsRecorder,
  ErrorCode,
  InvalidArgumentError,
  InvalidOptionError,
  isCacheError,
  type CacheStatsSnapshot,
  type Clock,
} from '@cache/core';
import { MemoryCache } from '@cache/memory';

// Options are validated once, at construction; the error names the option.
try {
  new MemoryCache({ maxEntries: 0 });
} catch (error) {
  assert.ok(error instanceof InvalidOptionError);
  assert.equal(error.option, 'maxEntries');
  assert.equal(error.code, 'CACHE_INVALID_OPTION');
  console.log(error.message); // maxEntries must be an integer from 1 to 2147483640 (got 0)
}

const cache = new MemoryCache<number>({ maxEntries: 2, name: 'scores' });

// Bad arguments: InvalidArgumentError naming the argument, and nothing changes.
assert.throws(
  () => cache.set('', 1),
  (e) => e instanceof InvalidArgumentError && e.argument === 'key' && e.tier === 'scores',
);
assert.throws(() => cache.set('a', 1, { ttl: 0 }), (e) => isCacheError(e, ErrorCode.InvalidArgument));
assert.equal(cache.size, 0);

// Stats: cheap counters every tier keeps.
cache.set('a', 1);
cache.set('b', 2);
cache.get('a'); // hit
cache.get('zzz'); // miss
cache.set('c', 3); // over maxEntries: one eviction
cache.delete('c');
const stats: CacheStatsSnapshot = cache.stats();
assert.deepEqual(
  { hits: stats.hits, misses: stats.misses, sets: stats.sets, deletes: stats.deletes, evictions: stats.evictions, size: stats.size },
  { hits: 1, misses: 1, sets: 3, deletes: 1, evictions: 1, size: 1 },
);
assert.equal(stats.hitRatio, 0.5);
assert.ok(Object.isFrozen(stats)); // a snapshot: later operations do not change it
cache.resetStats();
assert.equal(cache.stats().hits, 0);

// After close(), every call throws ClosedError (code CACHE_CLOSED).
cache.close();
assert.throws(() => cache.get('a'), ClosedError);

// isCacheError() is how to recognise these errors: it works across duplicate
// installs of @cache/core, where `instanceof` would not. Every error is a CacheError.
const error: unknown = new InvalidArgumentError('key', 'key must not be empty');
assert.ok(isCacheError(error) && error instanceof CacheError);
assert.equal(isCacheError(error, ErrorCode.Timeout), false);

// A custom tier records its events into a StatsRecorder and builds snapshots from it.
let now = 0;
const clock: Clock = { now: () => now };
const recorder = new CounterStatsRecorder(clock);
recorder.recordHits(3);
recorder.recordMisses(1);
recorder.recordEviction('expired');
now += 1_000;
const snapshot = recorder.snapshot(10, 2_048);
assert.deepEqual(
  [snapshot.hitRatio, snapshot.evictions, snapshot.expiredEvictions, snapshot.size, snapshot.memoryUsage, snapshot.uptime],
  [0.75, 1, 1, 10, 2_048, 1_000],
);
