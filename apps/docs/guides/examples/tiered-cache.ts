import assert from 'node:assert/strict';
import { ErrorCode, isCacheError, type Clock } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { MultiLevelCache } from '@cache/multilevel';

interface Product {
  id: string;
  price: number;
}

// One clock for the cache and its levels, so the example can move time.
let now = Date.now();
const clock: Clock = { now: () => now };

const products = new MultiLevelCache<Product>({
  levels: [
    { name: 'l1', tier: new MemoryCache({ maxEntries: 1_000, clock }), maxTtl: '30s' }, // short-lived local copies
    { name: 'l2', tier: new MemoryCache({ maxEntries: 100_000, clock }) }, // stands in for a RedisCache here
  ],
  defaultTtl: '5m',
  grace: '1h', // keep values servable for an hour after they expire, for when loading fails
  clock,
});

// getOrSet: one loader call per key, however many callers wait for it.
let loads = 0;
const load = async (id: string): Promise<Product> => {
  loads++;
  return { id, price: 10 };
};
const answers = await Promise.all(Array.from({ length: 100 }, () => products.getOrSet('p:1', () => load('1'))));
assert.equal(loads, 1);
assert.ok(answers.every((answer) => answer.price === 10));

// Reads: the first level with a fresh value answers and is promoted to the faster ones.
now += 60_000; // l1's 30 s copy is gone, l2's 5 minutes are not
assert.deepEqual(await products.get('p:1'), { id: '1', price: 10 }); // answered by l2, copied back into l1
assert.deepEqual(products.multilevelStats().levelHits, { l1: 0, l2: 1 });

// Grace: after the TTL, a failing loader does not fail the caller while a stale value exists.
now += 10 * 60_000;
assert.equal(await products.get('p:1'), undefined); // get never returns stale values
const stale = await products.getOrSet('p:1', async () => {
  throw new Error('database down');
});
assert.deepEqual(stale, { id: '1', price: 10 });
assert.equal(products.multilevelStats().staleServed, 1);

// Without a value to fall back on, the loader's failure reaches the caller as a LoaderError.
await assert.rejects(
  products.getOrSet('p:2', async () => {
    throw new Error('database down');
  }),
  (error) => isCacheError(error, ErrorCode.Loader),
);

// wrap: a function whose results are cached by a key built from its arguments.
const price = products.wrap(async (id: string) => ({ id, price: 20 }), { key: (id) => `price:${id}`, ttl: '1m' });
assert.deepEqual(await price('9'), { id: '9', price: 20 });

await products.close(); // closes the levels too
