/**
 * Hostile input across MultiLevelCache's public API, with memory levels and
 * with a Redis level on the project's real server: every call either
 * succeeds or fails with a typed error naming what to change; nothing is
 * printed; a call that failed changed nothing (every level's entries and the
 * cache's counters, read before and after).
 */
import { ErrorCode } from '@cache/core';
import { MemoryCache } from '@cache/memory';
import type { RedisCache } from '@cache/redis';
import {
  assertFromAnyState,
  constructorProblems,
  contractKeyCalls,
  hostileOptionNames,
  hostileProxy,
  invalidKeys,
  invalidTtls,
  misspeltOptionCalls,
  oddKeys,
  problemOf,
  sweep,
  unencodableValues,
  withOwnOption,
  withThrowingOption,
  type HostileCall,
  type OptionCase,
} from '@cache/test-support/hostile';
import { afterAll, describe, expect, it } from 'vitest';
import { MultiLevelCache, type MultiLevelCacheOptions, type WrapOptions } from '../src/index.js';
import { redis } from './helpers.js';

const CODES = [ErrorCode.InvalidArgument, ErrorCode.Serialization, ErrorCode.Capacity];

interface Setup {
  cache: MultiLevelCache<unknown>;
  l1: MemoryCache;
  l2: MemoryCache | RedisCache;
}

const opened: Setup[] = [];
afterAll(() => Promise.all(opened.map(({ cache }) => cache.close())));

function setup(kind: 'memory' | 'redis'): Setup {
  const l1 = new MemoryCache({ maxEntries: 100 });
  const l2 = kind === 'memory' ? new MemoryCache({ maxEntries: 100 }) : redis();
  const cache = new MultiLevelCache<unknown>({ levels: [{ name: 'l1', tier: l1 }, { name: 'l2', tier: l2 }] });
  const made = { cache, l1, l2 };
  opened.push(made);
  return made;
}

async function state({ cache, l1, l2 }: Setup, counters = true): Promise<string> {
  const level = async (tier: MemoryCache | RedisCache) => {
    if (tier instanceof MemoryCache) return [...tier.keys()].sort();
    const keys = (await tier.client.keys(`${tier.prefix}:*`)).sort();
    return [keys, keys.length === 0 ? [] : (await tier.client.mgetBuffer(...keys)).map((v) => v?.toString('hex'))];
  };
  const { hits, misses, sets, deletes, errors } = cache.stats();
  return JSON.stringify([await level(l1), await level(l2), counters ? [hits, misses, sets, deletes, errors] : []]);
}

interface Call extends HostileCall<MultiLevelCache<unknown>> {
  /** The call reads before it can fail (a loader's bad result): its miss is counted; only the levels must be unchanged. */
  reads?: boolean;
}

const loader = () => 'loaded';
const keyCalls = (label: string, key: unknown): Call[] => {
  const k = key as string;
  return [
    ...contractKeyCalls<MultiLevelCache<unknown>>(label, key),
    { label: `getOrSet(${label}, loader)`, run: (c) => c.getOrSet(k, loader), names: ['key'] },
    { label: `wrap(fn, { key: () => ${label} })()`, run: (c) => c.wrap(loader, { key: () => k })(), names: ['key'] },
  ];
};

const ttlCalls = (label: string, ttl: unknown): Call[] => {
  const d = ttl as number;
  return [
    { label: `set('a', 1, { ttl: ${label} })`, run: (c) => c.set('a', 1, { ttl: d }), names: ['ttl'] },
    { label: `set('a', 1, { grace: ${label} })`, run: (c) => c.set('a', 1, { grace: d }), names: ['grace'] },
    { label: `setMany([...], { ttl: ${label} })`, run: (c) => c.setMany([{ key: 'a', value: 1 }], { ttl: d }), names: ['ttl'] },
    { label: `setMany([{ ttl: ${label} }])`, run: (c) => c.setMany([{ key: 'b', value: 2 }, { key: 'a', value: 1, ttl: d }]), names: ['ttl'] },
    { label: `getOrSet('n', loader, { ttl: ${label} })`, run: (c) => c.getOrSet('n', loader, { ttl: d }), names: ['ttl'] },
    { label: `getOrSet('n', loader, { hardTimeout: ${label} })`, run: (c) => c.getOrSet('n', loader, { hardTimeout: d }), names: ['hardTimeout'] },
    { label: `getOrSet('n', loader, { softTimeout: ${label} })`, run: (c) => c.getOrSet('n', loader, { softTimeout: d }), names: ['softTimeout'] },
  ];
};

const hostileCalls: Call[] = [
  ...invalidKeys.flatMap(([label, key]) => keyCalls(label, key)),
  ...invalidTtls.filter(([label]) => label !== '0').flatMap(([label, ttl]) => ttlCalls(label, ttl)),
  ...[null, 'abc', 42, hostileProxy()].flatMap((keys): Call[] => [
    { label: `getMany(${typeof keys})`, run: (c) => c.getMany(keys as string[]), names: ['keys'] },
    { label: `deleteMany(${typeof keys})`, run: (c) => c.deleteMany(keys as string[]), names: ['keys'] },
    { label: `setMany(${typeof keys})`, run: (c) => c.setMany(keys as never), names: ['entries'] },
  ]),
  ...[5000, '5m', true].map((options): Call => ({ label: `set('a', 1, ${String(options)})`, run: (c) => c.set('a', 1, options as never), names: ['options'] })),
  ...[5000, '5m', true].map((options): Call => ({ label: `getOrSet('n', loader, ${String(options)})`, run: (c) => c.getOrSet('n', loader, options as never), names: ['options'] })),
  ...[null, 'fn', 42, {}].map((fn): Call => ({ label: `getOrSet('n', ${typeof fn})`, run: (c) => c.getOrSet('n', fn as never), names: ['loader'] })),
  ...[null, 'fn', 42].map((fn): Call => ({ label: `wrap(${typeof fn}, { key })`, run: (c) => c.wrap(fn as never, { key: () => 'n' }), names: ['fn'] })),
  ...[undefined, null, {}, { key: 'n' }].map((options): Call => ({ label: `wrap(fn, ${JSON.stringify(options)})`, run: (c) => c.wrap(loader, options as never), names: ['key', 'options'] })),
  { label: "getOrSet('n', () => undefined)", run: (c) => c.getOrSet('n', () => undefined), names: ['loader', 'value'], reads: true },
  { label: 'set() (no arguments)', run: (c) => (c.set as () => Promise<boolean>)(), names: ['key', 'value'] },
  { label: "set('a') (no value)", run: (c) => (c.set as (k: string) => Promise<boolean>)('a'), names: ['value'] },
  { label: 'setMany([null])', run: (c) => c.setMany([null as never]), names: ['key', 'entries'] },
  { label: "set('a', 1, throwing options)", run: (c) => c.set('a', 1, withThrowingOption({}, 'ttl')), names: ['ttl', 'options'] },
  { label: "getOrSet('n', loader, throwing options)", run: (c) => c.getOrSet('n', loader, withThrowingOption({}, 'ttl')), names: ['ttl', 'options'] },
  { label: 'setMany([Proxy entry])', run: (c) => c.setMany([hostileProxy() as never]), names: ['key', 'entries'] },
  ...unencodableValues.flatMap(([label, value]): Call[] => [
    { label: `set('a', ${label})`, run: (c) => c.set('a', value) },
    { label: `setMany([{ a: ${label} }])`, run: (c) => c.setMany([{ key: 'b', value: 1 }, { key: 'a', value }]) },
  ]),
  ...misspeltOptionCalls<MultiLevelCache<unknown>>("set('a', 1)", (c, options) => c.set('a', 1, options)),
  ...misspeltOptionCalls<MultiLevelCache<unknown>>("set('new', 1)", (c, options) => c.set('new', 1, options)),
  ...misspeltOptionCalls<MultiLevelCache<unknown>>('setMany([{ a }, { new }])', (c, options) => c.setMany([{ key: 'a', value: 1 }, { key: 'new', value: 1 }], options)),
  ...misspeltOptionCalls<MultiLevelCache<unknown>>("getOrSet('n', loader)", (c, options) => c.getOrSet('n', loader, options)),
  ...misspeltOptionCalls<MultiLevelCache<unknown>>("getOrSet('a', loader)", (c, options) => c.getOrSet('a', loader, options)),
  // options' names become inherited names of an object that also has key: all must be checked
  ...misspeltOptionCalls<MultiLevelCache<unknown>>('wrap(fn, { key })', (c, options) => c.wrap(loader, Object.create(options, { key: { value: () => 'n', enumerable: true } }) as WrapOptions<[]>)()),
];

async function check(s: Setup, preset: readonly string[], call: Call): Promise<string | undefined> {
  await s.cache.clear();
  for (const key of preset) await s.cache.set(key, { key });
  return problemOf(call, s.cache, { codes: CODES, state: () => state(s, call.reads !== true) });
}

describe('MultiLevelCache under hostile arguments', () => {
  for (const kind of ['memory', 'redis'] as const) {
    it(`memory + ${kind}: every call succeeds or fails with a typed error naming the argument; a failed call changes nothing; nothing is printed`, async () => {
      const s = setup(kind);
      expect(await sweep(hostileCalls, (call) => check(s, ['a', 'b'], call))).toEqual([]);
    });
  }

  it('the same holds from any starting state (fast-check, fixed seed)', async () => {
    const s = setup('redis');
    await assertFromAnyState(['a', 'b', 'n'], hostileCalls, (preset, call) => check(s, preset, call), 60);
  });

  it('odd but valid keys round-trip through both levels', async () => {
    const { cache } = setup('redis');
    for (const [, key] of oddKeys) expect(await cache.set(key, key.length)).toBe(true);
    for (const [label, key] of oddKeys) expect(await cache.get(key), label).toBe(key.length);
    expect(await cache.getOrSet('__proto__', loader)).toBe('__proto__'.length);
  });
});

const level = () => ({ name: 'l1', tier: new MemoryCache({ maxEntries: 10 }) });
const optionCases: OptionCase[] = [
  ...hostileOptionNames.map((name): OptionCase => [`own option ${name}`, () => withOwnOption({ levels: [level()] }, name, 5), [name]]),
  ...hostileOptionNames.map((name): OptionCase => [`level option ${name}`, () => ({ levels: [withOwnOption(level(), name, 5)] }), [name]]),
  ...invalidTtls.filter(([label]) => label !== '0' && label !== '1e308').map(([label, ttl]): OptionCase => [`defaultTtl: ${label}`, () => ({ levels: [level()], defaultTtl: ttl }), ['defaultTtl']]),
  ...['levels', 'defaultTtl', 'name'].map((option): OptionCase => [`a throwing getter for ${option}`, () => withThrowingOption({ levels: [level()] }, option), [option]]),
  ['a throwing level getter', () => ({ levels: [withThrowingOption(level(), 'tier')] }), ['tier']],
  ['a Proxy as options', () => hostileProxy(), ['options', 'levels']],
  ['a Proxy as a level', () => ({ levels: [hostileProxy()] }), ['options', 'levels[0]', 'levels[0].options']],
  ['levels: empty', () => ({ levels: [] }), ['levels']],
  ['levels: not an array', () => ({ levels: 'l1' }), ['levels']],
  ['levels: a number as tier', () => ({ levels: [{ name: 'l1', tier: 5 }] }), ['tier']],
  ['a string as options', () => 'l1', ['options', 'levels']],
];

describe('new MultiLevelCache(hostile options)', () => {
  it('refuses each with an InvalidOptionError naming the option; prints nothing', async () => {
    expect(await constructorProblems(optionCases, (options) => new MultiLevelCache(options as MultiLevelCacheOptions))).toEqual([]);
  });
});
