import assert from 'node:assert/strict';
import { ErrorCode, InvalidArgumentError, isCacheError, parseDuration, type CacheTier } from '@cache/core';
import { MemoryCache } from '@cache/memory';

interface User {
  id: string;
  name: string;
}

// A tier: bounded (maxEntries and/or maxBytes are required), 5 minute default TTL.
const users = new MemoryCache<User | null>({ maxEntries: 10_000, defaultTtl: '5m' });

// Keys are non-empty strings; a miss is `undefined`.
users.set('user:1', { id: '1', name: 'Ada' });
assert.deepEqual(users.get('user:1'), { id: '1', name: 'Ada' });
assert.equal(users.get('user:2'), undefined);

// `null` is a value: cache "this user does not exist" for a short while.
users.set('user:404', null, { ttl: '30s' });
assert.equal(users.get('user:404'), null); // a hit, not a miss
assert.equal(users.has('user:404'), true);

// `undefined` is not a value: the call throws and nothing changes.
try {
  users.set('user:3', undefined as unknown as User);
} catch (error) {
  assert.ok(error instanceof InvalidArgumentError);
  assert.equal(error.code, ErrorCode.InvalidArgument);
  assert.equal(error.argument, 'value');
}
assert.equal(users.has('user:3'), false);

// Durations: milliseconds, or strings with a unit.
assert.equal(parseDuration('5m', 'ttl'), 300_000);
assert.equal(parseDuration('1.5h', 'ttl'), 5_400_000);
assert.equal(parseDuration(250, 'ttl'), 250);
assert.throws(() => users.set('user:1', null, { ttl: -1 }), (e) => isCacheError(e, ErrorCode.InvalidArgument));

// Every tier has the same asynchronous face: code written against CacheTier
// works with memory, Redis, Redis Cluster and the tiered cache alike.
async function readThrough(tier: CacheTier<User | null>, id: string, load: (id: string) => Promise<User | null>) {
  const key = `user:${id}`;
  try {
    const hit = await tier.get(key);
    if (hit !== undefined) return hit;
  } catch (error) {
    // A remote tier that cannot reach its server rejects with a typed error:
    // treat that one as a miss, let anything else (a bug) propagate.
    if (!isCacheError(error, ErrorCode.Connection) && !isCacheError(error, ErrorCode.Timeout)) throw error;
  }
  const value = await load(id);
  await tier.set(key, value, { ttl: value === null ? '30s' : '5m' });
  return value;
}

const tier = users.asAsync();
const grace = await readThrough(tier, '7', async (id) => ({ id, name: 'Grace' }));
assert.deepEqual(grace, { id: '7', name: 'Grace' });
assert.deepEqual(await tier.get('user:7'), { id: '7', name: 'Grace' });

const stats = users.stats();
console.log(`${stats.hits} hits, ${stats.misses} misses, hit ratio ${stats.hitRatio.toFixed(2)}`);
users.close();
