import assert from 'node:assert/strict';
import { RedisCache } from '@cache/redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// A production-shaped tier: a namespace, a default TTL, bounded failure behaviour.
const products = new RedisCache<{ sku: string; price: number; tags: Set<string> }>({
  url,
  prefix: 'shop:products', // keys are stored as shop:products:<key>; clear() removes only these
  defaultTtl: '10m',
  onError: 'miss', // Redis down: reads resolve undefined, writes false; errors are counted and emitted
  commandTimeout: '250ms', // every call settles within this
  offlineQueue: 100, // at most 100 calls wait for a reconnect; more fail at once
  circuitBreaker: { failureThreshold: 5, resetTimeout: '1s' }, // then fail fast, probe once a second
  compression: { threshold: 1024 }, // deflate values of 1 KB or more
});
// In 'miss' mode, failures surface here (log or count them); the caller just sees a miss.
const failures: string[] = [];
products.on('error', (error, operation) => failures.push(`${operation}: ${error.code} ${error.message}`));
products.on('circuit-open', () => failures.push('circuit open: Redis unreachable, serving misses'));

await products.set('p1', { sku: 'p1', price: 12.5, tags: new Set(['new']) });
const p1 = await products.get('p1'); // msgpack (the default) brings the Set back as a Set
assert.deepEqual(p1, { sku: 'p1', price: 12.5, tags: new Set(['new']) });
await products.setMany([
  { key: 'p2', value: { sku: 'p2', price: 3, tags: new Set() } },
  { key: 'p3', value: { sku: 'p3', price: 7, tags: new Set() }, ttl: '1h' }, // per-entry TTL wins
]);
assert.deepEqual((await products.getMany(['p1', 'p404'])).map((p) => p?.sku), ['p1', undefined]);
const ttl = await products.ttl('p3');
assert.ok(ttl !== undefined && ttl > 3_500_000 && ttl <= 3_600_000);

const stats = await products.getStats(); // local counters + the server's (redisKeyspaceHits, redisHitRatio, …)
assert.equal(stats.errors, 0);
assert.deepEqual(failures, []);
await products.clear(); // removes shop:products:* only (SCAN + UNLINK)
await products.close();
