import assert from 'node:assert/strict';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache, type Serializer } from '@cache/redis';

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

// Counters and TTL management on the same namespace.
const counters = new RedisCache<number>({ url, prefix: 'shop:counters' });
assert.equal(await counters.increment('visits'), 1);
assert.equal(await counters.increment('visits', 10), 11);
assert.equal(await counters.expire('visits', '1d'), true);
assert.equal(await counters.get('visits'), 11);

// Clear by prefix: SCAN + UNLINK inside the namespace, never KEYS.
assert.equal(await products.clearPrefix('p'), 3); // every key of shop:products starting with 'p'
await counters.clear(); // the whole shop:counters namespace
await counters.close();

// JSON for values other programs read. Every tier reads both built-in formats
// (a one-byte header says which one wrote a value), so switching needs no migration.
const json = new RedisCache<string[]>({ url, prefix: 'shop:formats', serializer: 'json' });
const msgpack = new RedisCache<string[]>({ url, prefix: 'shop:formats' });
await json.set('colors', ['red', 'green']);
assert.deepEqual(await msgpack.get('colors'), ['red', 'green']);
await json.clear();

// Or your own serializer (it must never evaluate code found in the bytes).
// Values it writes are marked as custom: only a tier with the same serializer reads them.
const upper: Serializer = {
  encode: (value) => Buffer.from(JSON.stringify(value).toUpperCase()),
  decode: (bytes) => JSON.parse(bytes.toString()),
};
const shouting = new RedisCache<string>({ url, prefix: 'shop:custom', serializer: upper });
await shouting.set('greeting', 'hello');
assert.equal(await shouting.get('greeting'), 'HELLO');
const plain = new RedisCache<string>({ url, prefix: 'shop:custom' });
await assert.rejects(plain.get('greeting'), (e) => isCacheError(e, ErrorCode.Serialization));
await shouting.clear();
await Promise.all([json.close(), msgpack.close(), shouting.close(), plain.close()]);

const stats = await products.getStats(); // local counters + the server's (redisKeyspaceHits, redisHitRatio, …)
assert.equal(stats.errors, 0);
assert.deepEqual(failures, []);
await products.close();

// When Redis is down: 'throw' rejects with a typed error within commandTimeout.
const unreachable = new RedisCache({ url: 'redis://127.0.0.1:1', onError: 'throw', commandTimeout: '200ms' });
try {
  await unreachable.get('anything');
  assert.fail('expected a rejection');
} catch (error) {
  assert.ok(isCacheError(error, ErrorCode.Connection) || isCacheError(error, ErrorCode.Timeout));
}
await unreachable.close();
