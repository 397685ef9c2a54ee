/**
 * Hostile input across MemoryCache's public API (sync face and `asAsync()`):
 * every call either succeeds or fails with a typed error naming what to
 * change; nothing is printed; a call that failed changed nothing (size,
 * bytes, counters and stored entries read before and after).
 */
import { ErrorCode, type CacheStatsSnapshot } from '@cache/core';
import { FakeClock } from '@cache/core/testing';
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
  typedErrorProblem,
  unencodableValues,
  validTtls,
  withOwnOption,
  withThrowingOption,
  type HostileCall,
  type OptionCase,
} from '@cache/test-support/hostile';
import { describe, expect, it } from 'vitest';
import { MemoryCache, type MemoryCacheOptions } from '../src/index.js';

const ARGUMENT_CODES = [ErrorCode.InvalidArgument, ErrorCode.Capacity];

type Variant = 'entries' | 'bytes' | 'ttl';
const VARIANTS: readonly Variant[] = ['entries', 'bytes', 'ttl'];

function makeCache(variant: Variant): MemoryCache<unknown> {
  const clock = new FakeClock();
  if (variant === 'bytes') return new MemoryCache({ maxBytes: 64 * 1024, clock, seed: 1 });
  if (variant === 'ttl') return new MemoryCache({ maxEntries: 64, defaultTtl: '1m', clock, seed: 1 });
  return new MemoryCache({ maxEntries: 64, clock, seed: 1 });
}

function state(cache: MemoryCache<unknown>): { stats: Omit<CacheStatsSnapshot, 'uptime'>; entries: [string, unknown][] } {
  const { uptime: _uptime, ...stats } = cache.stats();
  return { stats, entries: [...cache.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };
}

/** One public call with one hostile argument, and the names its error may give. */
type Call = HostileCall<MemoryCache<unknown>>;

const keyCalls = (label: string, key: unknown): Call[] => {
  const k = key as string;
  return [
    ...contractKeyCalls<MemoryCache<unknown>>(label, key),
    { label: `peek(${label})`, run: (c) => c.peek(k), names: ['key'] },
    { label: `getRemainingTtl(${label})`, run: (c) => c.getRemainingTtl(k), names: ['key'] },
    { label: `set(${label}, 1, { ttl: 5 })`, run: (c) => c.set(k, 1, { ttl: 5 }), names: ['key'] },
    { label: `asAsync().get(${label})`, run: (c) => c.asAsync().get(k), names: ['key'] },
    { label: `asAsync().set(${label}, 1)`, run: (c) => c.asAsync().set(k, 1), names: ['key'] },
    { label: `asAsync().getEntry(${label})`, run: (c) => c.asAsync().getEntry?.(k), names: ['key'] },
  ];
};

const ttlCalls = (label: string, ttl: unknown): Call[] => {
  const options = { ttl } as { ttl: number };
  return [
    { label: `set('a', 1, { ttl: ${label} })`, run: (c) => c.set('a', 1, options), names: ['ttl'] },
    { label: `setMany([...], { ttl: ${label} })`, run: (c) => c.setMany([{ key: 'a', value: 1 }], options), names: ['ttl'] },
    { label: `setMany([{ ttl: ${label} }])`, run: (c) => c.setMany([{ key: 'b', value: 2 }, { key: 'a', value: 1, ...options }]), names: ['ttl'] },
    { label: `asAsync().set('a', 1, { ttl: ${label} })`, run: (c) => c.asAsync().set('a', 1, options), names: ['ttl'] },
  ];
};

const hostileCalls: Call[] = [
  ...invalidKeys.flatMap(([label, key]) => keyCalls(label, key)),
  ...invalidTtls.flatMap(([label, ttl]) => ttlCalls(label, ttl)),
  ...[null, 'abc', 42, { length: 1, 0: 'a' }, new Set(['a']), hostileProxy()].flatMap((keys): Call[] => [
    { label: `getMany(${String(typeof keys)})`, run: (c) => c.getMany(keys as string[]), names: ['keys'] },
    { label: `deleteMany(${String(typeof keys)})`, run: (c) => c.deleteMany(keys as string[]), names: ['keys'] },
    { label: `setMany(${String(typeof keys)})`, run: (c) => c.setMany(keys as never), names: ['entries'] },
  ]),
  { label: 'set() (no arguments)', run: (c) => (c.set as () => boolean)(), names: ['key', 'value'] },
  ...[5000, '5m', null, true].map((options): Call => ({ label: `set('a', 1, ${String(options)}) (a ttl where options go)`, run: (c) => c.set('a', 1, options as never), names: ['options'] })),
  { label: "set('a') (no value)", run: (c) => (c.set as (k: string) => boolean)('a'), names: ['value'] },
  { label: 'get() (no arguments)', run: (c) => (c.get as () => unknown)(), names: ['key'] },
  { label: 'setMany([null])', run: (c) => c.setMany([null as never]), names: ['entries'] },
  { label: 'setMany([{ key: a }, { value: undefined }])', run: (c) => c.setMany([{ key: 'a', value: 1 }, { key: 'b', value: undefined }]), names: ['value'] },
  { label: "set('a', 1, throwing options)", run: (c) => c.set('a', 1, withThrowingOption({}, 'ttl')), names: ['ttl', 'options'] },
  { label: "set('a', 1, Proxy options)", run: (c) => c.set('a', 1, hostileProxy()), names: ['ttl', 'options'] },
  { label: 'setMany([throwing entry])', run: (c) => c.setMany([withThrowingOption({ value: 1 }, 'key') as never]), names: ['key', 'entries'] },
  { label: 'setMany([Proxy entry])', run: (c) => c.setMany([hostileProxy() as never]), names: ['key', 'entries'] },
  { label: "set('big', 1 MB string) over maxBytes", run: (c) => c.set('big', 'x'.repeat(1024 * 1024)) },
  ...unencodableValues.map(([label, value]): Call => ({ label: `set('v', ${label})`, run: (c) => c.set('v', value), names: ['value'] })),
  ...misspeltOptionCalls<MemoryCache<unknown>>("set('a', 1)", (c, options) => c.set('a', 1, options)),
  ...misspeltOptionCalls<MemoryCache<unknown>>("set('new', 1)", (c, options) => c.set('new', 1, options)),
  ...misspeltOptionCalls<MemoryCache<unknown>>("setMany([{ a }, { new }])", (c, options) => c.setMany([{ key: 'a', value: 1 }, { key: 'new', value: 1 }], options)),
  ...misspeltOptionCalls<MemoryCache<unknown>>("asAsync().set('a', 1)", (c, options) => c.asAsync().set('a', 1, options)),
  ...misspeltOptionCalls<MemoryCache<unknown>>("asAsync().setMany([{ new }])", (c, options) => c.asAsync().setMany([{ key: 'new', value: 1 }], options)),
];

/** Why `call` on a cache holding `preset` breaks the promise, or undefined. */
async function check(variant: Variant, preset: readonly string[], call: Call): Promise<string | undefined> {
  const cache = makeCache(variant);
  try {
    for (const key of preset) cache.set(key, { key });
    const problem = await problemOf(call, cache, { codes: ARGUMENT_CODES, state: () => state(cache) });
    return problem === undefined ? undefined : `${variant}: ${problem}`;
  } finally {
    cache.close();
  }
}

describe('MemoryCache under hostile arguments', () => {
  it('every call succeeds or fails with a typed error naming the argument; a failed call changes nothing; nothing is printed', async () => {
    const problems = await sweep(VARIANTS, async (variant) => (await sweep(hostileCalls, (call) => check(variant, ['a', 'b'], call))).join('\n') || undefined);
    expect(problems).toEqual([]);
  });

  it('the same holds from any starting state (fast-check, fixed seed)', async () => {
    const calls = VARIANTS.flatMap((variant) => hostileCalls.map((call) => [variant, call] as const));
    await assertFromAnyState(['a', 'b', 'c', 'd'], calls, (preset, [variant, call]) => check(variant, preset, call), 150);
  });

  it('odd but valid keys (NUL, __proto__, constructor, 1 MB) are stored and read back apart from each other', () => {
    for (const variant of ['entries', 'bytes'] as const) {
      const cache = makeCache(variant);
      const small = oddKeys.filter(([, key]) => key.length < 1000);
      for (const [, key] of small) expect(cache.set(key, `v:${key}`)).toBe(true);
      for (const [label, key] of small) expect(cache.get(key), label).toBe(`v:${key}`);
      expect(cache.size).toBe(small.length);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
      for (const [, key] of small) expect(cache.delete(key)).toBe(true);
      expect(cache.size).toBe(0);
      const big = oddKeys.find(([label]) => label === 'a 1 MB key')![1];
      if (variant === 'entries') {
        cache.set(big, 1);
        expect(cache.get(big)).toBe(1);
        expect(cache.get(big.slice(1))).toBeUndefined();
      } else {
        // 2 bytes per character: a 1 MB key alone exceeds maxBytes (64 KiB)
        const problem = typedErrorProblem(settleError(() => cache.set(big, 1)), [ErrorCode.Capacity]);
        expect(problem).toBeUndefined();
        expect(cache.size).toBe(0);
      }
      cache.close();
    }
  });

  it('valid ttls are accepted on set and setMany', () => {
    const cache = makeCache('entries');
    for (const [label, ttl] of validTtls) {
      expect(cache.set(label, 1, { ttl: ttl as number }), label).toBe(true);
      expect(cache.setMany([{ key: `m${label}`, value: 1, ttl: ttl as number }]), label).toBe(true);
    }
    expect(cache.size).toBe(2 * validTtls.length);
  });
});

function settleError(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

const base = { maxEntries: 10 };
const optionCases: OptionCase[] = [
  ...invalidCounts.map(([label, n]): OptionCase => [`maxEntries: ${label}`, () => ({ maxEntries: n }), ['maxEntries']]),
  ...invalidCounts.filter(([label]) => label !== '2.5').map(([label, n]): OptionCase => [`maxBytes: ${label}`, () => ({ maxBytes: n }), ['maxBytes']]),
  ...invalidTtls
    .filter(([label]) => label !== '1e308')
    .flatMap(([label, ttl]): OptionCase[] => [
      [`defaultTtl: ${label}`, () => ({ ...base, defaultTtl: ttl }), ['defaultTtl']],
      [`reclaimInterval: ${label}`, () => ({ ...base, reclaimInterval: ttl }), ['reclaimInterval']],
    ]),
  ...hostileOptionNames.map((name): OptionCase => [`own option ${name}`, () => withOwnOption(base, name, 5), [name]]),
  ...['maxEntries', 'policy', 'defaultTtl', 'clock', 'name'].map((option): OptionCase => [`a throwing getter for ${option}`, () => withThrowingOption(option === 'maxEntries' ? {} : base, option), [option]]),
  ['a Proxy as options', () => hostileProxy(), ['options', 'maxEntries']],
  ['no options', () => undefined, ['maxEntries', 'options']],
  ['null options', () => null, ['maxEntries', 'options']],
  ['a string as options', () => '10', ['maxEntries', 'options']],
  ['policy: a symbol', () => ({ ...base, policy: Symbol('lru') }), ['policy']],
  ['policy: a bigint', () => ({ ...base, policy: 10n }), ['policy']],
  ['policy: __proto__', () => ({ ...base, policy: '__proto__' }), ['policy']],
  ['policy: constructor', () => ({ ...base, policy: 'constructor' }), ['policy']],
  ['seed: a null-prototype object', () => ({ ...base, seed: Object.create(null) }), ['seed']],
  ['maxEntries: a null-prototype object', () => ({ maxEntries: Object.create(null) }), ['maxEntries']],
  ['sizeOf: a string', () => ({ ...base, sizeOf: 'len' }), ['sizeOf']],
  ['clock: now is not a function', () => ({ ...base, clock: { now: 5 } }), ['clock']],
  ['name: empty', () => ({ ...base, name: '' }), ['name']],
  ['stats: a string', () => ({ ...base, stats: 'no' }), ['stats']],
  ['slidingTtl: a string', () => ({ ...base, slidingTtl: 'yes' }), ['slidingTtl']],
  ['doorkeeper: 1', () => ({ ...base, doorkeeper: 1 }), ['doorkeeper']],
];

describe('new MemoryCache(hostile options)', () => {
  it('refuses each with an InvalidOptionError naming the option and saying what to pass; prints nothing', async () => {
    expect(await constructorProblems(optionCases, (options) => new MemoryCache(options as MemoryCacheOptions<unknown>))).toEqual([]);
  });
});
