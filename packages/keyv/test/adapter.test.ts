/**
 * What the adapter promises beyond Keyv's own suite: TTLs reach the tier,
 * clear() stays inside its namespace (and refuses when it cannot), batches go
 * through the tier's batch operations, bad construction is a typed error.
 */
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import { FakeClock, MapTier } from '@cache/core/testing';
import { MemoryCache } from '@cache/memory';
import { KeyvCacheStore } from '../src/index.js';
import { closeAfterEach, redisTier, tierFactories } from './tiers.js';

const track = closeAfterEach();

const rejectsWithCode = (code: string) => (error: unknown) => isCacheError(error) && error.code === code;

describe('TTL', () => {
  it('expires entries in the tier itself, not only in Keyv\'s envelope', async () => {
    const clock = new FakeClock();
    const tier = track(new MemoryCache<any>({ maxEntries: 100, clock }).asAsync());
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    await keyv.set('session', { user: 42 }, 1_000);
    expect(await tier.has('keyv:session')).toBe(true);
    clock.advance(1_001);
    expect(await tier.has('keyv:session')).toBe(false);
  });

  it('sets the TTL on the Redis key', async () => {
    const tier = track(redisTier());
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    await keyv.set('session', 'v', 60_000);
    await keyv.set('forever', 'v');
    const ttl = await tier.ttl('keyv:session');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await tier.ttl('keyv:forever')).toBe(Infinity);
  });

  it('gives each entry of setMany its own TTL', async () => {
    const clock = new FakeClock();
    const tier = track(new MemoryCache<any>({ maxEntries: 100, clock }).asAsync());
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    expect(await keyv.setMany([{ key: 'short', value: 1, ttl: 1_000 }, { key: 'long', value: 2, ttl: 5_000 }, { key: 'none', value: 3 }])).toEqual([true, true, true]);
    clock.advance(2_000);
    expect(await tier.getMany(['keyv:short', 'keyv:long', 'keyv:none'])).toEqual([undefined, expect.any(String), expect.any(String)]);
  });
});

describe.each(tierFactories)('clear() on $name', (factory) => {
  it('removes its namespace and nothing else in the tier', async () => {
    const tier = track(factory.create());
    await tier.set('unrelated', 'kept');
    const mine = new Keyv({ store: new KeyvCacheStore(tier), namespace: 'app' });
    const lookalike = new Keyv({ store: new KeyvCacheStore(tier), namespace: 'apple' });
    await mine.set('a', 1);
    await mine.set('b', 2);
    await lookalike.set('a', 3);
    await mine.clear();
    expect(await mine.get(['a', 'b'])).toEqual([undefined, undefined]);
    expect(await lookalike.get('a')).toBe(3);
    expect(await tier.get('unrelated')).toBe('kept');
  });

  it('treats glob characters in the namespace literally', async () => {
    const tier = track(factory.create());
    const glob = new Keyv({ store: new KeyvCacheStore(tier), namespace: 'a*' });
    const other = new Keyv({ store: new KeyvCacheStore(tier), namespace: 'ab' });
    await glob.set('k', 1);
    await other.set('k', 2);
    await glob.clear();
    expect(await glob.get('k')).toBeUndefined();
    expect(await other.get('k')).toBe(2);
  });

  it('without a namespace clears the whole tier', async () => {
    const tier = track(factory.create());
    await tier.set('unrelated', 'gone');
    const keyv = new Keyv({ store: new KeyvCacheStore(tier), namespace: undefined });
    await keyv.set('a', 1);
    await keyv.clear();
    expect(await tier.getMany(['unrelated', 'a'])).toEqual([undefined, undefined]);
  });
});

describe('clear() on a tier that cannot list its keys', () => {
  it('rejects with a BackendError that says what to do, and removes nothing', async () => {
    const tier = track(new MapTier<any>());
    const store = new KeyvCacheStore(tier);
    const keyv = new Keyv({ store, namespace: 'app', throwOnErrors: true });
    await keyv.set('a', 1);
    await tier.set('unrelated', 'kept');
    const error = await store.clear().catch((e: unknown) => e);
    expect(isCacheError(error, ErrorCode.Backend)).toBe(true);
    expect((error as Error).message).toMatch(/namespace "app".*\{ clear: 'tier' \}/);
    await expect(keyv.clear()).rejects.toSatisfy(rejectsWithCode(ErrorCode.Backend));
    expect(await keyv.get('a')).toBe(1);
    expect(await tier.get('unrelated')).toBe('kept');
  });

  it("clears the whole tier with { clear: 'tier' }", async () => {
    const tier = track(new MapTier<any>());
    const keyv = new Keyv({ store: new KeyvCacheStore(tier, { clear: 'tier' }), namespace: 'app' });
    await keyv.set('a', 1);
    await tier.set('unrelated', 'also gone');
    await keyv.clear();
    expect(await tier.getMany(['keyv:a', 'unrelated'])).toEqual([undefined, undefined]);
  });

  it('offers no iterator', () => {
    expect(new KeyvCacheStore(track(new MapTier())).iterator).toBeUndefined();
    expect(new KeyvCacheStore(track(redisTier())).iterator).toBeUndefined();
  });
});

describe('batches', () => {
  it('reads, checks and deletes many keys through Keyv', async () => {
    const tier = track(new MemoryCache<any>({ maxEntries: 100 }).asAsync());
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    await keyv.setMany([{ key: 'a', value: 1 }, { key: 'b', value: null }]);
    expect(await keyv.getMany(['a', 'missing', 'b'])).toEqual([1, undefined, null]);
    expect(await keyv.hasMany(['a', 'missing', 'b'])).toEqual([true, false, true]);
    expect(await keyv.deleteMany(['a', 'missing'])).toBe(false);
    expect(await keyv.has('a')).toBe(false);
    expect(await keyv.deleteMany(['b', 'b'])).toBe(true);
    expect(tier.stats().size).toBe(0);
  });

  it('uses a MemoryCache given directly (its synchronous face)', async () => {
    const memory = new MemoryCache<any>({ maxEntries: 100 });
    const store = new KeyvCacheStore(memory);
    const keyv = new Keyv({ store });
    await keyv.set('a', 'x');
    expect(await keyv.get('a')).toBe('x');
    expect(store.iterator).toBeTypeOf('function');
    const pairs: unknown[] = [];
    for await (const pair of store.iterator!('keyv')) pairs.push(pair);
    expect(pairs).toEqual([['keyv:a', expect.stringContaining('"x"')]]);
    await keyv.disconnect();
    expect(() => memory.get('keyv:a')).toThrow(expect.objectContaining({ code: ErrorCode.Closed }));
  });
});

describe('lifecycle and errors', () => {
  it("is a Keyv 5 KeyvStoreAdapter (a type check: typecheck fails if it is not)", () => {
    const store: KeyvStoreAdapter = new KeyvCacheStore(track(new MapTier()));
    expect(store.opts).toEqual({ dialect: 'cache', url: '' });
  });

  it('disconnect() closes the tier', async () => {
    const tier = redisTier();
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    await keyv.set('a', 1);
    await keyv.disconnect();
    await expect(tier.get('keyv:a')).rejects.toSatisfy(rejectsWithCode(ErrorCode.Closed));
  });

  it("reports the tier's rejections as Keyv errors", async () => {
    const tier = new MapTier<any>();
    await tier.close();
    const keyv = new Keyv({ store: new KeyvCacheStore(tier) });
    const errors: unknown[] = [];
    keyv.on('error', (error: unknown) => errors.push(error));
    expect(await keyv.set('a', 1)).toBe(false);
    expect(errors).toEqual([expect.objectContaining({ code: ErrorCode.Closed })]);
  });

  it('rejects what is not a tier, naming what is missing', () => {
    expect(() => new KeyvCacheStore(undefined as never)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument, argument: 'tier' }));
    expect(() => new KeyvCacheStore(new Map() as never)).toThrow(/has no getMany, setMany, deleteMany, close/);
  });

  it('rejects unknown and invalid options, naming them', () => {
    const tier = track(new MapTier());
    expect(() => new KeyvCacheStore(tier, { namespace: 'x' } as never)).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'namespace', message: expect.stringContaining('the options are: clear') }),
    );
    expect(() => new KeyvCacheStore(tier, { clear: 'all' } as never)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidOption, option: 'clear' }));
  });
});
