import assert from 'node:assert/strict';
import { ErrorCode, isCacheError } from '@cache/core';
import { RedisCache, type Serializer } from '@cache/redis';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// JSON for values other programs read. Every tier reads both built-in formats
// (a one-byte header says which one wrote a value), so switching needs no migration.
const json = new RedisCache<string[]>({ url, prefix: 'values:formats', serializer: 'json' });
const msgpack = new RedisCache<string[]>({ url, prefix: 'values:formats' });
await json.set('colors', ['red', 'green']);
assert.deepEqual(await msgpack.get('colors'), ['red', 'green']);
await json.clear();

// Or your own serializer (it must never evaluate code found in the bytes).
// Values it writes are marked as custom: only a tier with the same serializer reads them.
const upper: Serializer = {
  encode: (value) => Buffer.from(JSON.stringify(value).toUpperCase()),
  decode: (bytes) => JSON.parse(bytes.toString()),
};
const shouting = new RedisCache<string>({ url, prefix: 'values:custom', serializer: upper });
await shouting.set('greeting', 'hello');
assert.equal(await shouting.get('greeting'), 'HELLO');
const plain = new RedisCache<string>({ url, prefix: 'values:custom' });
await assert.rejects(plain.get('greeting'), (e) => isCacheError(e, ErrorCode.Serialization));
await shouting.clear();
await Promise.all([json.close(), msgpack.close(), shouting.close(), plain.close()]);


// Compression: values whose encoding is at least `threshold` bytes are deflated.
const docs = new RedisCache<{ body: string }>({ url, prefix: 'values:docs', compression: { threshold: 1024, level: 6 } });
const body = 'lorem ipsum '.repeat(1_000);
await docs.set('big', { body });
assert.equal((await docs.get('big'))?.body, body);
const stored = await docs.client.getBuffer('values:docs:big'); // the raw bytes, to show the saving
assert.ok(stored !== null && stored.length < body.length / 10);
await docs.clear();
await docs.close();
