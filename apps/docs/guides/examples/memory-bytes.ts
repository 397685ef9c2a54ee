import assert from 'node:assert/strict';
import { CapacityError } from '@cache/core';
import { MemoryCache } from '@cache/memory';

// Byte bounds: maxBytes with your own sizeOf (here: the length of a Buffer).
const images = new MemoryCache<Buffer>({ maxBytes: 1_000_000, sizeOf: (image) => image.byteLength });
images.set('logo', Buffer.alloc(300_000));
images.set('banner', Buffer.alloc(600_000));
assert.equal(images.memoryUsage, 900_000);
images.set('photo', Buffer.alloc(400_000)); // evicts by policy until it fits
assert.ok(images.memoryUsage <= 1_000_000);
assert.throws(() => images.set('poster', Buffer.alloc(2_000_000)), CapacityError); // can never fit: refused, nothing changes
images.close();
