import assert from 'node:assert/strict';
import { ClusterBatchError, RedisClusterCache, SLOT_COUNT, hashTag, keySlot } from '@cache/cluster';

// Startup nodes: one reachable node is enough, the rest are discovered.
const nodes = (process.env.REDIS_CLUSTER_NODES ?? '127.0.0.1:7000').split(',');

const carts = new RedisClusterCache<{ items: string[] }>({
  nodes,
  prefix: 'carts',
  defaultTtl: '1h',
  onError: 'throw', // partial failures of a batch reject with ClusterBatchError
  readFrom: 'master', // 'replica' spreads reads over replicas (which may lag by a few ms)
  crossSlotReads: true, // getMany: one read per node, not one MGET per slot
});

// Hash tags: keys that share the text between { and } share a slot, hence a node.
const cart = hashTag('user:42', 'cart'); // '{user:42}:cart'
const wishlist = hashTag('user:42', 'wishlist'); // '{user:42}:wishlist'
assert.equal(keySlot(`carts:${cart}`), keySlot(`carts:${wishlist}`));
assert.ok(keySlot('carts:a') >= 0 && keySlot('carts:a') < SLOT_COUNT);

await carts.setMany([
  { key: cart, value: { items: ['book'] } },
  { key: wishlist, value: { items: ['lamp'] } },
  { key: 'guest:1', value: { items: [] } }, // any other slot: the batch is split per node, sent in parallel
]);

try {
  const [c, w, g, missing] = await carts.getMany([cart, wishlist, 'guest:1', 'guest:2']); // results in your order
  assert.deepEqual([c?.items, w?.items, g?.items, missing], [['book'], ['lamp'], [], undefined]);
} catch (error) {
  // Some nodes failed (a master being replaced): the other keys were still read.
  if (!(error instanceof ClusterBatchError)) throw error;
  console.log([...error.failures.keys()], error.partial);
}

const info = await carts.getClusterInfo();
assert.equal(info?.state, 'ok');
assert.equal(info?.slotsCovered, true);
console.log(`${info?.masters} masters, ${info?.replicas} replicas`);

assert.equal(await carts.deleteMany([cart, wishlist]), 2);
await carts.clear(); // SCAN + UNLINK of carts:* on every master
await carts.close();
