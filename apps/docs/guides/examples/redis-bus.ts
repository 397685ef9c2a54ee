import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { InvalidationMessage } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { RedisCache, RedisInvalidationBus } from '@cache/redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two service instances, each with its own in-process L1 in front of a shared Redis.
function instance(name: string) {
  const l1 = new MemoryCache<string>({ maxEntries: 1_000, name: `${name}-l1` });
  const l2 = new RedisCache<string>({ url, prefix: 'prices' });
  const bus = new RedisInvalidationBus({ url, instanceId: name });
  const applied = new EventEmitter();
  const ready = bus.subscribe('prices', (message: InvalidationMessage) => {
    // Another instance changed these keys: drop the local copies.
    if (message.kind === 'clear') l1.clear();
    else l1.deleteMany(message.keys);
    applied.emit('message', message);
  });
  return {
    l1,
    l2,
    applied,
    ready,
    async set(key: string, value: string) {
      await l2.set(key, value);
      l1.set(key, value);
      await bus.publish({ namespace: 'prices', kind: 'set', keys: [key] });
    },
    async get(key: string) {
      const local = l1.get(key);
      if (local !== undefined) return local;
      const shared = await l2.get(key);
      if (shared !== undefined) l1.set(key, shared);
      return shared;
    },
    async close() {
      await Promise.all([bus.close(), l2.close()]);
      l1.close();
    },
  };
}

const a = instance('a');
const b = instance('b');
await Promise.all([a.ready, b.ready]);

await a.set('sku-1', '9.99');
assert.equal(await b.get('sku-1'), '9.99'); // b reads through Redis and keeps a copy in its L1

const delivered = once(b.applied, 'message');
await a.set('sku-1', '7.49'); // a publishes; b drops its stale copy
const [message] = (await delivered) as [InvalidationMessage];
assert.deepEqual([message.instanceId, message.kind, message.keys], ['a', 'set', ['sku-1']]);
assert.equal(b.l1.peek('sku-1'), undefined);
assert.equal(await b.get('sku-1'), '7.49');

await a.l2.clear(); // the shared namespace, once
await Promise.all([a.close(), b.close()]);
