import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError, type CacheError } from '@cache/core';
import { closeAfterAll } from './helpers.js';

const make = closeAfterAll();

const foreign: [string, Buffer][] = [
  ['JSON written by another program', Buffer.from('{"user":"ada"}')],
  ['a pickle-like blob', Buffer.from([0x80, 0x04, 0x95, 0x0b, 0x00, 0x2e])],
  ['an empty string', Buffer.alloc(0)],
  ['a truncated msgpack value', Buffer.from([0x01, 0xde, 0x00, 0x05])],
];

describe('bytes under a key that are corrupt or foreign', () => {
  for (const [label, raw] of foreign) {
    it(`throw mode: ${label} rejects with SerializationError naming key and tier`, async () => {
      const cache = make();
      await cache.client.set(`${cache.prefix}:bad`, raw);
      const error = await cache.get('bad').catch((e: unknown) => e);
      expect(isCacheError(error, ErrorCode.Serialization)).toBe(true);
      expect((error as CacheError).key).toBe('bad');
      expect((error as CacheError).tier).toBe('redis');
      await expect(cache.getEntry('bad')).rejects.toMatchObject({ code: ErrorCode.Serialization });
      // a batch reports it per key (error event) and reads it as a miss
      expect(await cache.getMany(['bad'])).toEqual([undefined]);
    });
  }

  it('miss mode: a corrupt value reads as a miss, is counted as an error and emitted', async () => {
    const cache = make({ onError: 'miss' });
    const seen: CacheError[] = [];
    cache.on('error', (error) => seen.push(error));
    await cache.set('good', 'fine');
    await cache.client.set(`${cache.prefix}:bad`, Buffer.from('{"not":"ours"}'));
    expect(await cache.get('bad')).toBeUndefined();
    expect(await cache.getMany(['good', 'bad'])).toEqual(['fine', undefined]);
    expect(cache.stats().errors).toBe(2);
    expect(seen.map((e) => e.code)).toEqual([ErrorCode.Serialization, ErrorCode.Serialization]);
  });

  it('a decimal number written by another program (or INCRBY) reads as a number', async () => {
    const cache = make();
    await cache.client.set(`${cache.prefix}:n`, '123');
    expect(await cache.get('n')).toBe(123);
  });
});
