import assert from 'node:assert/strict';
import type { Clock, RemovalReason } from '@cache/core';
import { MemoryCache } from '@cache/memory';

// TTL, driven by an injected clock (tests do this instead of sleeping),
//    and removal reasons reported to onEvict.
let now = 0;
const clock: Clock = { now: () => now };
const removed: [string, RemovalReason][] = [];
const sessions = new MemoryCache<string>({
  maxEntries: 2,
  policy: 'lru',
  defaultTtl: '10m',
  clock,
  onEvict: (key, _value, reason) => removed.push([key, reason]),
});
sessions.set('a', 'alice');
sessions.set('b', 'bob', { ttl: '1m' });
now += 30_000;
assert.equal(sessions.getRemainingTtl('b'), 30_000);
now += 30_000; // b's minute is over: never returned again, reclaimed on access or by the timer wheel
assert.equal(sessions.get('b'), undefined);
sessions.set('a', 'alice again'); // replaced
sessions.set('c', 'carol');
sessions.set('d', 'dave'); // over maxEntries: the least recently used entry (a) is evicted
sessions.delete('c');
assert.deepEqual(removed, [
  ['b', 'expired'],
  ['a', 'replaced'],
  ['a', 'evicted'],
  ['c', 'explicit'],
]);
assert.equal(sessions.stats().expiredEvictions, 1);
sessions.close(); // stops the expiry timer (it is unref'd, so it never keeps the process alive anyway)
