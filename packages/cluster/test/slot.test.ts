import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCacheError, ErrorCode } from '@cache/core';
import { SLOT_COUNT, crc16, hashTag, keySlot } from '../src/index.js';
import { clusterNodes } from './helpers.js';

describe('keySlot', () => {
  it('matches the cluster specification test vector', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
    expect(keySlot('123456789')).toBe(12739);
  });

  it('hashes only a non-empty hash tag', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('foo{}{bar}')).toBe(keySlot('foo{}{bar}')); // empty tag: the whole key
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
    expect(keySlot('no-close{tag')).toBe(crc16(Buffer.from('no-close{tag')) % SLOT_COUNT);
  });

  it('hashes UTF-8 bytes, for strings and buffers alike', () => {
    for (const key of ['héllo', '日本語のキー', 'emoji 🎉', '{tägg}:x']) {
      expect(keySlot(key)).toBe(keySlot(Buffer.from(key, 'utf8')));
    }
  });

  describe('agrees with CLUSTER KEYSLOT of a real server', () => {
    let redis: Redis;
    beforeAll(() => {
      const [node] = clusterNodes();
      redis = new Redis({ host: node!.host, port: node!.port, lazyConnect: false });
    });
    afterAll(async () => {
      await redis.quit();
    });

    it('for 500 varied keys', async () => {
      const keys = [
        ...Array.from({ length: 400 }, (_, i) => `prefix:${i}:${(i * 7919).toString(36)}`),
        ...Array.from({ length: 50 }, (_, i) => `ü-${i}-日本-${'é'.repeat(i % 5)}`),
        ...Array.from({ length: 50 }, (_, i) => `p:{tag${i % 7}}:${i}`),
        'a{b', 'a}b{', '{}', '{}{x}', '{{}}', '}{x}',
      ];
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.cluster('KEYSLOT', key);
      const replies = (await pipeline.exec())!;
      keys.forEach((key, i) => expect(keySlot(key), key).toBe(replies[i]![1]));
    });
  });
});

describe('hashTag', () => {
  it('builds keys that share a slot', () => {
    expect(hashTag('user:42', 'profile')).toBe('{user:42}:profile');
    expect(hashTag('user:42', 'cart', 'items')).toBe('{user:42}:cart:items');
    expect(hashTag('user:42')).toBe('{user:42}');
    // the tier's prefix goes in front; the tag still decides the slot
    expect(keySlot(`app:${hashTag('user:42', 'profile')}`)).toBe(keySlot(`other:${hashTag('user:42', 'cart')}`));
  });

  it('rejects tags that would not co-locate', () => {
    for (const tag of ['', 'a}b', 42 as unknown as string]) {
      let error: unknown;
      try {
        hashTag(tag, 'x');
      } catch (caught) {
        error = caught;
      }
      expect(isCacheError(error, ErrorCode.InvalidArgument)).toBe(true);
      expect((error as { argument: string }).argument).toBe('tag');
    }
  });
});
