/**
 * Hostile input across the Keyv adapter's public API (what Keyv, cache-manager
 * and users call on a store), over a MemoryCache and a RedisCache on the
 * project's real server: every call either succeeds or fails with a typed
 * error naming what to change; nothing is printed; a call that failed changed
 * nothing (the tier's entries, read before and after).
 */
import { ErrorCode } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import { RedisCache } from '@cache/redis';
import {
  assertFromAnyState,
  constructorProblems,
  contractKeyCalls,
  hostileOptionNames,
  hostileProxy,
  invalidKeys,
  invalidTtls,
  oddKeys,
  problemOf,
  sweep,
  unencodableValues,
  withOwnOption,
  withThrowingOption,
  type HostileCall,
  type OptionCase,
} from '@cache/test-support/hostile';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { KeyvCacheStore } from '../src/index.js';

const CODES = [ErrorCode.InvalidArgument, ErrorCode.Serialization, ErrorCode.InvalidOption];

const stores: KeyvCacheStore[] = [];
afterAll(() => Promise.all(stores.map((store) => store.disconnect())));

function storeOn(kind: 'memory' | 'redis'): KeyvCacheStore {
  const tier = kind === 'memory' ? new MemoryCache({ maxEntries: 1000 }) : new RedisCache({ url: inject('redisUrl'), prefix: `keyv-hostile-${kind}-${stores.length}` });
  const store = new KeyvCacheStore(tier);
  store.namespace = 'keyv';
  stores.push(store);
  return store;
}

async function state(store: KeyvCacheStore): Promise<string> {
  const tier = store.tier;
  if (tier instanceof MemoryCache) return JSON.stringify([...tier.entries()].sort());
  const redis = tier as RedisCache;
  const keys = (await redis.client.keys(`${redis.prefix}:*`)).sort();
  return JSON.stringify([keys, keys.length === 0 ? [] : (await redis.client.mgetBuffer(...keys)).map((v) => v?.toString('hex'))]);
}

type Call = HostileCall<KeyvCacheStore>;

const keyCalls = (label: string, key: unknown): Call[] => [
  ...contractKeyCalls<KeyvCacheStore>(label, key, { other: 'keyv:a', value: 'v', getEntry: false }),
  { label: `hasMany(['keyv:a', ${label}])`, run: (s) => s.hasMany(['keyv:a', key as string]), names: ['key', 'keys'] },
];

const hostileCalls: Call[] = [
  ...invalidKeys.flatMap(([label, key]) => keyCalls(label, key)),
  ...invalidTtls.filter(([label]) => label !== '0').flatMap(([label, ttl]): Call[] => [
    { label: `set('keyv:a', 'v', ${label})`, run: (s) => s.set('keyv:a', 'v', ttl as number), names: ['ttl'] },
    { label: `setMany([{ ttl: ${label} }])`, run: (s) => s.setMany([{ key: 'keyv:b', value: 'v' }, { key: 'keyv:a', value: 'v', ttl: ttl as number }]), names: ['ttl'] },
  ]),
  ...[null, 'abc', 42, { length: 1, 0: 'a' }, hostileProxy()].flatMap((keys): Call[] => [
    { label: `getMany(${typeof keys})`, run: (s) => s.getMany(keys as string[]), names: ['keys'] },
    { label: `hasMany(${typeof keys})`, run: (s) => s.hasMany(keys as string[]), names: ['keys'] },
    { label: `deleteMany(${typeof keys})`, run: (s) => s.deleteMany(keys as string[]), names: ['keys'] },
    { label: `setMany(${typeof keys})`, run: (s) => s.setMany(keys as never), names: ['entries'] },
  ]),
  { label: 'setMany([null])', run: (s) => s.setMany([null as never]), names: ['entries', 'key'] },
  { label: 'setMany([Proxy entry])', run: (s) => s.setMany([hostileProxy() as never]), names: ['entries', 'key'] },
  { label: 'set() (no arguments)', run: (s) => (s.set as () => Promise<boolean>)(), names: ['key', 'value'] },
  { label: "set('keyv:a') (no value)", run: (s) => (s.set as (k: string) => Promise<boolean>)('keyv:a'), names: ['value'] },
  ...[Symbol('ns'), 42, {}].map((namespace): Call => ({ label: `iterator/clear with namespace ${typeof namespace}`, run: async (s) => {
    s.namespace = namespace as string;
    try {
      await s.clear();
    } finally {
      s.namespace = 'keyv';
    }
  }, names: ['namespace'] })),
  ...[null, 'fn', 42].map((listener): Call => ({ label: `on('error', ${typeof listener})`, run: (s) => s.on('error', listener as never), names: ['listener'] })),
  ...unencodableValues.map(([label, value]): Call => ({ label: `set('keyv:a', ${label})`, run: (s) => s.set('keyv:a', value) })),
];

async function check(store: KeyvCacheStore, preset: readonly string[], call: Call): Promise<string | undefined> {
  await store.clear();
  for (const key of preset) await store.set(`keyv:${key}`, `{"value":"${key}"}`);
  return problemOf(call, store, { codes: CODES, state: () => state(store) });
}

describe('KeyvCacheStore under hostile arguments', () => {
  for (const kind of ['memory', 'redis'] as const) {
    it(`on ${kind}: every call succeeds or fails with a typed error naming the argument; a failed call changes nothing; nothing is printed`, async () => {
      const store = storeOn(kind);
      expect(await sweep(hostileCalls, (call) => check(store, ['a', 'b'], call))).toEqual([]);
    });
  }

  it('the same holds from any starting state (fast-check, fixed seed)', async () => {
    const store = storeOn('memory');
    await assertFromAnyState(['a', 'b', 'c'], hostileCalls, (preset, call) => check(store, preset, call), 80);
  });

  it('odd but valid keys round-trip', async () => {
    const store = storeOn('redis');
    for (const [, key] of oddKeys) expect(await store.set(key, `v${key.length}`)).toBe(true);
    expect(await store.getMany(oddKeys.map(([, key]) => key))).toEqual(oddKeys.map(([, key]) => `v${key.length}`));
  });
});

describe('new KeyvCacheStore(hostile arguments)', () => {
  it('refuses each with a typed error naming the argument or option; prints nothing', async () => {
    const tier = new MemoryCache({ maxEntries: 10 });
    const cases: OptionCase[] = [
      ...[null, 42, {}, 'redis://x', hostileProxy()].map((t): OptionCase => [`tier: ${typeof t}`, () => [t], ['tier']]),
      ...hostileOptionNames.map((name): OptionCase => [`option ${name}`, () => [tier, withOwnOption({}, name, 5)], [name]]),
      ['clear: a throwing getter', () => [tier, withThrowingOption({}, 'clear')], ['clear']],
      ['clear: a bad value', () => [tier, { clear: 'all' }], ['clear']],
      ['options: a Proxy', () => [tier, hostileProxy()], ['options']],
      ['options: a string', () => [tier, 'tier'], ['options']],
    ];
    const problems = await constructorProblems(cases, (args) => new KeyvCacheStore(...(args as [never, never])), [ErrorCode.InvalidOption, ErrorCode.InvalidArgument]);
    tier.close();
    expect(problems).toEqual([]);
  });
});
