/**
 * Hostile input across RedisCache's public API, on the project's real
 * server: every call either succeeds or fails with a typed error naming what
 * to change; nothing is printed; a call that failed changed nothing (the
 * keys and bytes under the tier's prefix and the local counters, read before
 * and after). Extends bad-input.test.ts (which pins single regressions).
 */
import { ErrorCode } from '@cache/core';
import {
  assertFromAnyState,
  constructorProblems,
  contractKeyCalls,
  hostileOptionNames,
  hostileProxy,
  invalidCounts,
  invalidKeys,
  invalidTtls,
  misspeltOptionCalls,
  oddKeys,
  problemOf,
  sweep,
  unencodableValues,
  validTtls,
  withOwnOption,
  withThrowingOption,
  type HostileCall,
  type OptionCase,
} from '@cache/test-support/hostile';
import { describe, expect, it } from 'vitest';
import { RedisCache, type RedisCacheOptions } from '../src/index.js';
import { closeAfterAll, redisUrl } from './helpers.js';

const make = closeAfterAll();
const CODES = [ErrorCode.InvalidArgument, ErrorCode.Serialization, ErrorCode.InvalidOption];

type Call = HostileCall<RedisCache>;

const keyCalls = (label: string, key: unknown): Call[] => {
  const k = key as string;
  return [
    ...contractKeyCalls<RedisCache>(label, key),
    { label: `exists(${label})`, run: (c) => c.exists(k), names: ['key'] },
    { label: `increment(${label})`, run: (c) => c.increment(k), names: ['key'] },
    { label: `expire(${label}, 1000)`, run: (c) => c.expire(k, 1000), names: ['key'] },
    { label: `ttl(${label})`, run: (c) => c.ttl(k), names: ['key'] },
  ];
};

const ttlCalls = (label: string, ttl: unknown): Call[] => [
  { label: `set('a', 1, { ttl: ${label} })`, run: (c) => c.set('a', 1, { ttl: ttl as number }), names: ['ttl'] },
  { label: `setMany([...], { ttl: ${label} })`, run: (c) => c.setMany([{ key: 'a', value: 1 }], { ttl: ttl as number }), names: ['ttl'] },
  { label: `setMany([{ ttl: ${label} }])`, run: (c) => c.setMany([{ key: 'b', value: 2 }, { key: 'a', value: 1, ttl: ttl as number }]), names: ['ttl'] },
  { label: `expire('a', ${label})`, run: (c) => c.expire('a', ttl as number), names: ['ttl'] },
];

const notArrays = [null, 'abc', 42, { length: 1, 0: 'a' }, new Set(['a']), hostileProxy()];
const hostileCalls: Call[] = [
  ...invalidKeys.flatMap(([label, key]) => keyCalls(label, key)),
  ...invalidTtls.flatMap(([label, ttl]) => ttlCalls(label, ttl)),
  ...notArrays.flatMap((keys): Call[] => [
    { label: `getMany(${typeof keys})`, run: (c) => c.getMany(keys as string[]), names: ['keys'] },
    { label: `deleteMany(${typeof keys})`, run: (c) => c.deleteMany(keys as string[]), names: ['keys'] },
    { label: `setMany(${typeof keys})`, run: (c) => c.setMany(keys as never), names: ['entries'] },
  ]),
  ...[5000, '5m', null, true].map((options): Call => ({ label: `set('a', 1, ${String(options)})`, run: (c) => c.set('a', 1, options as never), names: ['options'] })),
  ...[5000, '5m'].map((options): Call => ({ label: `setMany([...], ${String(options)})`, run: (c) => c.setMany([{ key: 'a', value: 1 }], options as never), names: ['options'] })),
  ...([['NaN', Number.NaN], ['Infinity', Infinity], ['1e308', 1e308], ['2^64', 2 ** 64], ["'1'", '1'], ['1n', 1n], ['null', null], ['{}', {}]] as const).map(([label, by]): Call => ({ label: `increment('n', ${label})`, run: (c) => c.increment('n', by as number), names: ['by'] })),
  ...[42, null, {}, Symbol('p'), 'a\uD800'].map((prefix): Call => ({ label: `clearPrefix(${String(typeof prefix)})`, run: (c) => c.clearPrefix(prefix as string), names: ['keyPrefix'] })),
  ...[42, '', 'stats\r\nFLUSHALL', 'a b', {}, Symbol('s')].map((section): Call => ({ label: `info(${String(typeof section)})`, run: (c) => c.info(section as string), names: ['section'] })),
  { label: 'set() (no arguments)', run: (c) => (c.set as () => Promise<boolean>)(), names: ['key', 'value'] },
  { label: "set('a') (no value)", run: (c) => (c.set as (k: string) => Promise<boolean>)('a'), names: ['value'] },
  { label: "expire('a') (no ttl)", run: (c) => (c.expire as (k: string) => Promise<boolean>)('a'), names: ['ttl'] },
  { label: 'setMany([null])', run: (c) => c.setMany([null as never]), names: ['key', 'entries'] },
  { label: "set('a', 1, throwing options)", run: (c) => c.set('a', 1, withThrowingOption({}, 'ttl')), names: ['ttl', 'options'] },
  { label: "set('a', 1, Proxy options)", run: (c) => c.set('a', 1, hostileProxy()), names: ['ttl', 'options'] },
  { label: 'setMany([throwing entry])', run: (c) => c.setMany([withThrowingOption({ value: 1 }, 'key') as never]), names: ['key', 'entries'] },
  { label: 'setMany([Proxy entry])', run: (c) => c.setMany([hostileProxy() as never]), names: ['key', 'entries'] },
  ...unencodableValues.flatMap(([label, value]): Call[] => [
    { label: `set('a', ${label})`, run: (c) => c.set('a', value) },
    { label: `setMany([{ a: ${label} }])`, run: (c) => c.setMany([{ key: 'b', value: 1 }, { key: 'a', value }]) },
  ]),
  ...misspeltOptionCalls<RedisCache>("set('a', 1)", (c, options) => c.set('a', 1, options)),
  ...misspeltOptionCalls<RedisCache>("set('new', 1)", (c, options) => c.set('new', 1, options)),
  ...misspeltOptionCalls<RedisCache>('setMany([{ a }, { new }])', (c, options) => c.setMany([{ key: 'a', value: 1 }, { key: 'new', value: 1 }], options)),
];

async function state(cache: RedisCache): Promise<unknown> {
  const keys = (await cache.client.keys(`${cache.prefix}:*`)).sort();
  const values = keys.length === 0 ? [] : await cache.client.mgetBuffer(...keys);
  const { hits, misses, sets, deletes, errors } = cache.stats();
  return { keys, values: values.map((v) => v?.toString('hex')), counters: [hits, misses, sets, deletes, errors] };
}

async function check(cache: RedisCache, preset: readonly string[], call: Call): Promise<string | undefined> {
  await cache.clearPrefix();
  for (const key of preset) await cache.set(key, { key });
  return problemOf(call, cache, { codes: CODES, state: () => state(cache) });
}

describe('RedisCache under hostile arguments', () => {
  for (const serializer of ['msgpack', 'json'] as const) {
    it(`${serializer}: every call succeeds or fails with a typed error naming the argument; a failed call changes nothing; nothing is printed`, async () => {
      const cache = make({ serializer });
      expect(await sweep(hostileCalls, (call) => check(cache, ['a', 'b'], call))).toEqual([]);
    });
  }

  it('the same holds from any starting state (fast-check, fixed seed)', async () => {
    const cache = make();
    await assertFromAnyState(['a', 'b', 'n'], hostileCalls, (preset, call) => check(cache, preset, call), 60);
  });

  it('odd but valid keys (NUL, __proto__, glob characters, 1 MB) are stored and read back apart from each other', async () => {
    const cache = make();
    for (const [, key] of oddKeys) expect(await cache.set(key, `v:${key.length}:${key.slice(0, 20)}`)).toBe(true);
    const values = await cache.getMany(oddKeys.map(([, key]) => key));
    expect(values).toEqual(oddKeys.map(([, key]) => `v:${key.length}:${key.slice(0, 20)}`));
    for (const [label, key] of oddKeys) expect(await cache.get(key), label).toBe(`v:${key.length}:${key.slice(0, 20)}`);
    expect(await cache.deleteMany(oddKeys.map(([, key]) => key))).toBe(oddKeys.length);
    for (const [label, ttl] of validTtls) expect(await cache.set(`t${label}`, 1, { ttl: ttl as number }), label).toBe(true);
  });
});

const url = () => redisUrl();
const optionCases: OptionCase[] = [
  ...invalidCounts.filter(([label]) => label !== '0').map(([label, n]): OptionCase => [`offlineQueue: ${label}`, () => ({ url: url(), offlineQueue: n }), ['offlineQueue']]),
  ...invalidTtls.map(([label, ttl]): OptionCase => [`commandTimeout: ${label}`, () => ({ url: url(), commandTimeout: ttl }), ['commandTimeout']]),
  ...invalidTtls.filter(([label]) => label !== '1e308').map(([label, ttl]): OptionCase => [`defaultTtl: ${label}`, () => ({ url: url(), defaultTtl: ttl }), ['defaultTtl']]),
  ...hostileOptionNames.map((name): OptionCase => [`own option ${name}`, () => withOwnOption({ url: url() }, name, 5), [name]]),
  ...['url', 'prefix', 'commandTimeout', 'circuitBreaker'].map((option): OptionCase => [`a throwing getter for ${option}`, () => withThrowingOption({ url: url() }, option), [option]]),
  ['a Proxy as options', () => hostileProxy(), ['options']],
  ['a string as options', () => 'redis://127.0.0.1:1', ['options']],
  ['compression: a misspelt field', () => ({ url: url(), compression: { treshold: 10 } }), ['treshold']],
  ['circuitBreaker: a misspelt field', () => ({ url: url(), circuitBreaker: { failureTreshold: 1 } }), ['failureTreshold']],
  ['compression: a throwing getter', () => ({ url: url(), compression: withThrowingOption({}, 'level') }), ['level']],
  ['url: not redis', () => ({ url: 'http://127.0.0.1:1' }), ['url']],
  ['prefix: a lone surrogate', () => ({ url: url(), prefix: 'p\uDC00' }), ['prefix']],
  ['autoPipelining: a string', () => ({ url: url(), autoPipelining: 'no' }), ['autoPipelining']],
];

describe('new RedisCache(hostile options)', () => {
  it('refuses each with an InvalidOptionError naming the option; prints nothing; opens no connection', async () => {
    expect(await constructorProblems(optionCases, (options) => new RedisCache(options as RedisCacheOptions))).toEqual([]);
  });
});
