import { describe, expect, it } from 'vitest';
import { ErrorCode, MAX_DURATION, isCacheError, type CacheError } from '@cache/core';
import { zipBomb } from './fixtures.js';
import { closeAfterAll } from './helpers.js';

const make = closeAfterAll();

const rejection = async (promise: Promise<unknown>): Promise<CacheError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCacheError(error), `expected a CacheError, got ${String(error)}`).toBe(true);
  return error as CacheError;
};

class Session {
  user = 'ada';
}

describe('values msgpack cannot represent were stored silently and read back as undefined or {}', () => {
  const unencodable: [string, unknown][] = [
    ['a function', () => 42],
    ['a Promise', Promise.resolve(1)],
    ['a WeakMap', new WeakMap()],
    ['a WeakSet', new WeakSet()],
    ['a symbol', Symbol('s')],
    ['a Blob', new Blob(['x'])],
    ['a function inside an object', { id: 1, onChange: () => {} }],
    ['a Promise inside an array inside a Map', new Map([['k', [1, Promise.resolve(2)]]])],
  ];
  for (const serializer of ['msgpack', 'json'] as const) {
    for (const [label, value] of unencodable) {
      it(`${serializer}: set of ${label} rejects with SerializationError naming the key, and the old value stays`, async () => {
        const cache = make({ serializer });
        await cache.set('k', 'old');
        const error = await rejection(cache.set('k', value));
        expect(error.code).toBe(ErrorCode.Serialization);
        expect(error.key).toBe('k');
        expect(error.message).toMatch(/could not encode the value of key "k": value\S* is /);
        expect(await cache.get('k')).toBe('old');
        expect(cache.stats().sets).toBe(1);
      });
    }
    it(`${serializer}: setMany with one unencodable entry writes nothing`, async () => {
      const cache = make({ serializer });
      const error = await rejection(cache.setMany([{ key: 'good', value: 1 }, { key: 'bad', value: { cb: () => 1 } }]));
      expect(error.code).toBe(ErrorCode.Serialization);
      expect(error.key).toBe('bad');
      expect(error.message).toContain('value.cb is a function');
      expect(await cache.client.exists(`${cache.prefix}:good`, `${cache.prefix}:bad`)).toBe(0);
    });
  }

  it('msgpack keeps plain data, Map, Set, Date, Buffer, typed arrays, BigInt and null; class instances read back as their data', async () => {
    const cache = make();
    const value = {
      plain: { a: [1, 'two', null, undefined] },
      map: new Map([[1, new Set([new Date(5)])]]),
      bytes: Buffer.from([1, 2]),
      floats: new Float64Array([0.5]),
      big: 2n ** 80n,
      none: null,
      session: new Session(),
      bare: Object.create(null) as object,
    };
    await cache.set('k', value);
    expect(await cache.get('k')).toEqual({ ...value, session: { user: 'ada' } });
  });

  it('json refuses what JSON would turn into something else (Map, Set, NaN, BigInt, bytes, undefined in an array)', async () => {
    const cache = make({ serializer: 'json' });
    for (const value of [new Map([[1, 2]]), new Set([1]), Number.NaN, { n: Infinity }, 10n, Buffer.from('x'), [1, undefined]]) {
      expect((await rejection(cache.set('k', value))).code).toBe(ErrorCode.Serialization);
    }
    expect(await cache.client.exists(`${cache.prefix}:k`)).toBe(0);
  });
});

describe('ttl: 1e300 passed validation, then set failed with BackendError and setMany wrote part of its entries', () => {
  it('set rejects with InvalidArgumentError naming ttl and the bound; nothing is sent', async () => {
    const cache = make();
    const error = await rejection(cache.set('k', 1, { ttl: 1e300 }));
    expect(error.code).toBe(ErrorCode.InvalidArgument);
    expect(error.message).toMatch(/^ttl must be at most 4503599627370496 ms/);
    expect(await cache.client.exists(`${cache.prefix}:k`)).toBe(0);
  });

  it('setMany validates every entry before writing any', async () => {
    const cache = make();
    const entries = [
      { key: 'a', value: 1 },
      { key: 'b', value: 2, ttl: 1e300 },
      { key: 'c', value: 3 },
    ];
    expect((await rejection(cache.setMany(entries))).code).toBe(ErrorCode.InvalidArgument);
    expect((await rejection(cache.setMany([{ key: 'a', value: 1 }], { ttl: 1e300 }))).code).toBe(ErrorCode.InvalidArgument);
    expect(await cache.client.exists(`${cache.prefix}:a`, `${cache.prefix}:b`, `${cache.prefix}:c`)).toBe(0);
  });

  it('the bound itself is accepted by Redis as PX, and expire() is bounded too', async () => {
    const cache = make();
    expect(await cache.set('k', 1, { ttl: MAX_DURATION })).toBe(true);
    expect(await cache.ttl('k')).toBeGreaterThan(MAX_DURATION - 60_000);
    expect((await rejection(cache.expire('k', 1e300))).code).toBe(ErrorCode.InvalidArgument);
  });
});

describe("keys with lone surrogates shared one Redis key ('a\\uD800' read 'a\\uDBFF''s value)", () => {
  it('are rejected at the call with InvalidArgumentError, and nothing reaches Redis', async () => {
    const cache = make();
    for (const key of ['a\uD800', 'a\uDBFF']) {
      const error = await rejection(cache.set(key, key));
      expect(error.code).toBe(ErrorCode.InvalidArgument);
      expect(error.message).toMatch(/^key must be well-formed UTF-16/);
      expect((await rejection(cache.get(key))).code).toBe(ErrorCode.InvalidArgument);
    }
    expect(await cache.client.exists(`${cache.prefix}:a\uFFFD`)).toBe(0);
  });

  it('a prefix with a lone surrogate is refused, and so is clearPrefix of one', async () => {
    expect(() => make({ prefix: 'p\uD800' })).toThrow(/prefix must be a well-formed string/);
    const cache = make();
    await cache.set('a\uFFFDx', 1);
    expect((await rejection(cache.clearPrefix('a\uD800'))).code).toBe(ErrorCode.InvalidArgument);
    expect(await cache.get('a\uFFFDx')).toBe(1);
  });
});

describe('getMany in throw mode: one corrupt value failed the whole batch', () => {
  it('returns every good value; the corrupt one reads as a miss and is reported per key through the error event', async () => {
    const cache = make();
    const seen: [CacheError, string][] = [];
    cache.on('error', (error, operation) => seen.push([error, operation]));
    await cache.setMany([
      { key: 'a', value: { n: 1 } },
      { key: 'c', value: 'three' },
    ]);
    const foreign = Buffer.from([0x01, 0xde, 0x00, 0x05]);
    await cache.client.set(`${cache.prefix}:b`, foreign);
    expect(await cache.getMany(['a', 'b', 'c', 'missing'])).toEqual([{ n: 1 }, undefined, 'three', undefined]);
    expect(seen).toHaveLength(1);
    expect(seen[0]![0].code).toBe(ErrorCode.Serialization);
    expect(seen[0]![0].key).toBe('b');
    expect(seen[0]![1]).toBe('getMany');
    const stats = cache.stats();
    expect([stats.hits, stats.misses, stats.errors]).toEqual([2, 1, 1]);
    // left alone: it may be another writer's data; a single get still reports it
    expect(await cache.client.getBuffer(`${cache.prefix}:b`)).toEqual(foreign);
    expect((await rejection(cache.get('b'))).code).toBe(ErrorCode.Serialization);
  });
});

describe('a 505 KB foreign value with the compression header inflated to 511 MB on every read', () => {
  const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

  it('the read fails fast with SerializationError naming maxDecompressedSize, and memory does not balloon', async () => {
    const cache = make();
    const bomb = zipBomb(511 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(600 * 1024);
    await cache.client.set(`${cache.prefix}:bomb`, bomb);
    const before = peakRssMiB();
    for (let i = 0; i < 3; i++) {
      const error = await rejection(cache.get('bomb'));
      expect(error.code).toBe(ErrorCode.Serialization);
      expect(error.key).toBe('bomb');
      expect(error.message).toContain('inflates to more than maxDecompressedSize (67108864 bytes');
    }
    expect(await cache.getMany(['bomb'])).toEqual([undefined]);
    // inflating stops at the 64 MiB default: far below the 511 MiB the bomb holds
    expect(peakRssMiB() - before).toBeLessThan(200);
  });

  it('maxDecompressedSize is an option: smaller refuses earlier, and writes above it are refused', async () => {
    const cache = make({ maxDecompressedSize: 1024 * 1024, compression: { threshold: 64 } });
    await cache.client.set(`${cache.prefix}:bomb`, zipBomb(2 * 1024 * 1024));
    expect((await rejection(cache.get('bomb'))).message).toContain('maxDecompressedSize (1048576 bytes');
    await cache.set('fits', 'x'.repeat(1000 * 1000));
    expect(await cache.get('fits')).toBe('x'.repeat(1000 * 1000));
    const error = await rejection(cache.set('big', 'x'.repeat(1100 * 1000)));
    expect(error.code).toBe(ErrorCode.Serialization);
    expect(error.message).toMatch(/more than maxDecompressedSize \(1048576\), so no reader would inflate it/);
    expect(await cache.client.exists(`${cache.prefix}:big`)).toBe(0);
    expect(() => make({ maxDecompressedSize: 0 })).toThrow(/maxDecompressedSize must be an integer from 1/);
  });
});
