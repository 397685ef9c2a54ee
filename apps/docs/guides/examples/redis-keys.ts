import assert from 'node:assert/strict';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache } from '@cache/redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const pages = new RedisCache<string>({ url, prefix: 'site:pages' });

await pages.setMany([
  { key: 'en/home', value: '<h1>Home</h1>', ttl: '1h' },
  { key: 'en/about', value: '<h1>About</h1>' }, // no ttl and no defaultTtl: never expires
  { key: 'fr/home', value: '<h1>Accueil</h1>' },
]);
assert.equal(await pages.ttl('en/about'), Infinity);
assert.equal(await pages.expire('en/about', '1d'), true); // sets the TTL of an existing key
assert.equal(await pages.ttl('missing'), undefined);

// Counters: numbers are stored as decimal text, so INCRBY works on them.
const counters = new RedisCache<number>({ url, prefix: 'site:counters' });
assert.equal(await counters.increment('visits'), 1);
assert.equal(await counters.increment('visits', 10), 11);
assert.equal(await counters.expire('visits', '1d'), true);
assert.equal(await counters.get('visits'), 11);

// Clear by prefix: SCAN + UNLINK inside the namespace, never KEYS.
assert.equal(await pages.clearPrefix('en/'), 2); // site:pages:en/* only
assert.equal(await pages.get('fr/home'), '<h1>Accueil</h1>');
await counters.clear(); // the whole site:counters namespace
await pages.clear();
await Promise.all([counters.close(), pages.close()]);

// Without a prefix, clear() refuses: it would remove keys this tier does not own.
const unscoped = new RedisCache({ url });
await assert.rejects(unscoped.clear(), (e) => isCacheError(e, ErrorCode.InvalidOption));
await unscoped.close();
