/**
 * The behaviour every tier must show, as plain async functions that throw
 * (node:assert) on failure, so they run under any test runner and can be
 * checked against deliberately broken tiers.
 * @module
 */
import assert from 'node:assert/strict';
import { MAX_DURATION } from '../duration.js';
import { isCacheError, ErrorCode } from '../errors.js';
import type { CacheTier, SetManyEntry, SetOptions } from '../tier.js';

/** What a case gets to work with. */
export interface ConformanceContext {
  /** A fresh, empty tier. */
  tier: CacheTier<any>;
  /** Moves time forward by `ms` (a fake clock, or a real wait for remote tiers). */
  advance: (ms: number) => Promise<void>;
  /** The TTL unit for this tier, in milliseconds: cases use multiples of it. */
  ttl: number;
}

/** One behaviour of the contract. */
export interface ConformanceCase {
  /** Which part of the contract: `basics`, `ttl`, `batch`, `validation`, `stats`, `lifecycle`. */
  group: 'basics' | 'ttl' | 'batch' | 'validation' | 'stats' | 'lifecycle';
  /** A spec sentence. */
  name: string;
  run: (context: ConformanceContext) => Promise<void>;
}

const rejectsWith = (code: string) => (error: unknown) => {
  assert.ok(isCacheError(error), `expected a CacheError with code ${code}, got ${String(error)}`);
  assert.equal(error.code, code);
  return true;
};
const invalid = rejectsWith(ErrorCode.InvalidArgument);

const sample: Record<string, unknown> = {
  string: 'hello',
  unicode: 'héllo wörld ✓ 日本',
  integer: 42,
  float: 3.25,
  negative: -7,
  zero: 0,
  booleanTrue: true,
  booleanFalse: false,
  emptyString: '',
  array: [1, 'two', { three: 3 }, null],
  object: { a: 1, nested: { b: [true, false], c: 'x' }, n: null },
};

const c = (group: ConformanceCase['group'], name: string, run: ConformanceCase['run']): ConformanceCase => ({ group, name, run });

/** Every case of the contract. */
export const conformanceCases: readonly ConformanceCase[] = [
  c('basics', 'a missing key reads as undefined', async ({ tier }) => {
    assert.equal(await tier.get('missing'), undefined);
    assert.equal(await tier.getEntry('missing'), undefined);
  }),
  c('basics', 'a value written is read back', async ({ tier }) => {
    assert.equal(await tier.set('k', 'v'), true);
    assert.equal(await tier.get('k'), 'v');
  }),
  c('basics', 'values of every JSON type round-trip', async ({ tier }) => {
    for (const [key, value] of Object.entries(sample)) await tier.set(key, value);
    for (const [key, value] of Object.entries(sample)) assert.deepEqual(await tier.get(key), value, `value of ${key}`);
  }),
  c('basics', 'null is a value, distinct from a miss', async ({ tier }) => {
    await tier.set('nothing', null);
    assert.equal(await tier.get('nothing'), null);
    assert.equal(await tier.has('nothing'), true);
  }),
  c('basics', 'a second write replaces the first', async ({ tier }) => {
    await tier.set('k', 'one');
    await tier.set('k', 'two');
    assert.equal(await tier.get('k'), 'two');
  }),
  c('basics', 'delete removes and reports whether something was removed', async ({ tier }) => {
    await tier.set('k', 1);
    assert.equal(await tier.delete('k'), true);
    assert.equal(await tier.get('k'), undefined);
    assert.equal(await tier.delete('k'), false);
  }),
  c('basics', 'has tells presence', async ({ tier }) => {
    assert.equal(await tier.has('k'), false);
    await tier.set('k', 0);
    assert.equal(await tier.has('k'), true);
  }),
  c('basics', 'clear removes every entry', async ({ tier }) => {
    await tier.setMany([{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
    await tier.clear();
    assert.deepEqual(await tier.getMany(['a', 'b']), [undefined, undefined]);
  }),
  c('basics', 'keys are case-sensitive and may hold any characters', async ({ tier }) => {
    const keys = ['Key', 'key', 'a:b:c', 'with space', 'glob*?[x]', 'üñí', 'x'.repeat(300)];
    for (const [i, key] of keys.entries()) await tier.set(key, i);
    for (const [i, key] of keys.entries()) assert.equal(await tier.get(key), i, key);
  }),
  c('ttl', 'an entry is served before its ttl and gone after it', async ({ tier, advance, ttl }) => {
    await tier.set('k', 'v', { ttl: ttl * 2 });
    await advance(ttl);
    assert.equal(await tier.get('k'), 'v');
    await advance(ttl * 2);
    assert.equal(await tier.get('k'), undefined);
    assert.equal(await tier.has('k'), false);
  }),
  c('ttl', 'a ttl given as a string is honoured', async ({ tier, advance, ttl }) => {
    await tier.set('k', 'v', { ttl: `${ttl}ms` });
    const entry = await tier.getEntry('k');
    assert.ok(entry && entry.remainingTtl > 0 && entry.remainingTtl <= ttl, `remainingTtl ${entry?.remainingTtl}`);
    await advance(ttl * 2);
    assert.equal(await tier.get('k'), undefined);
  }),
  c('ttl', 'getEntry reports the remaining ttl, Infinity without one', async ({ tier, advance, ttl }) => {
    await tier.set('forever', 1);
    assert.equal((await tier.getEntry('forever'))?.remainingTtl, Infinity);
    await tier.set('k', 1, { ttl: ttl * 10 });
    await advance(ttl * 4);
    const entry = await tier.getEntry('k');
    assert.ok(entry, 'entry present');
    assert.ok(entry.remainingTtl <= ttl * 6 + 1 && entry.remainingTtl > ttl * 3, `remainingTtl ${entry.remainingTtl}`);
    assert.equal(entry.value, 1);
  }),
  c('ttl', 'ttl Infinity never expires', async ({ tier, advance, ttl }) => {
    await tier.set('k', 'v', { ttl: Infinity });
    await advance(ttl * 3);
    assert.equal(await tier.get('k'), 'v');
  }),
  c('ttl', 'overwriting without a ttl drops the old ttl', async ({ tier, advance, ttl }) => {
    await tier.set('k', 'short', { ttl });
    await tier.set('k', 'long');
    await advance(ttl * 2);
    assert.equal(await tier.get('k'), 'long');
  }),
  c('ttl', 'setMany applies the batch ttl and per-entry overrides', async ({ tier, advance, ttl }) => {
    await tier.setMany([{ key: 'batch', value: 1 }, { key: 'own', value: 2, ttl: ttl * 10 }], { ttl });
    await advance(ttl * 2);
    assert.deepEqual(await tier.getMany(['batch', 'own']), [undefined, 2]);
  }),
  c('batch', 'getMany keeps the caller order and marks misses', async ({ tier }) => {
    await tier.setMany([{ key: 'a', value: 'A' }, { key: 'c', value: 'C' }]);
    assert.deepEqual(await tier.getMany(['c', 'b', 'a', 'c']), ['C', undefined, 'A', 'C']);
    assert.deepEqual(await tier.getMany([]), []);
  }),
  c('batch', 'setMany writes every entry', async ({ tier }) => {
    const entries = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: { i } }));
    assert.equal(await tier.setMany(entries), true);
    assert.deepEqual(await tier.getMany(entries.map((e) => e.key)), entries.map((e) => e.value));
  }),
  c('batch', 'deleteMany removes and counts what existed', async ({ tier }) => {
    await tier.setMany([{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
    assert.equal(await tier.deleteMany(['a', 'b', 'zzz']), 2);
    assert.deepEqual(await tier.getMany(['a', 'b']), [undefined, undefined]);
  }),
  c('validation', 'an empty or non-string key is rejected and nothing changes', async ({ tier }) => {
    await tier.set('k', 'v');
    await assert.rejects(tier.set('', 1), invalid);
    await assert.rejects(tier.set(42 as any, 1), invalid);
    await assert.rejects(tier.get(''), invalid);
    await assert.rejects(tier.get(undefined as any), invalid);
    await assert.rejects(tier.delete(null as any), invalid);
    await assert.rejects(tier.has({} as any), invalid);
    assert.equal(await tier.get('k'), 'v');
    assert.equal(tier.stats().sets, 1);
  }),
  c('validation', 'undefined is not a value; the old value stays', async ({ tier }) => {
    await tier.set('k', 'v');
    await assert.rejects(tier.set('k', undefined), invalid);
    assert.equal(await tier.get('k'), 'v');
  }),
  c('validation', 'a bad ttl is rejected and the old value stays', async ({ tier }) => {
    await tier.set('k', 'v');
    for (const ttl of [-1, Number.NaN, 0, 'soon', '10 parsecs', {}, 1e300, MAX_DURATION + 1]) {
      await assert.rejects(tier.set('k', 'new', { ttl: ttl as any }), invalid, `ttl ${JSON.stringify(ttl)}`);
    }
    assert.equal(await tier.get('k'), 'v');
    assert.equal((await tier.getEntry('k'))?.remainingTtl, Infinity);
  }),
  c('validation', 'a misspelt option is rejected naming it and nothing changes', async ({ tier }) => {
    await tier.set('k', 'v');
    const misspelt = { tll: 60_000 } as SetOptions;
    const namesIt = (error: unknown) => invalid(error) && (error as { argument?: unknown }).argument === 'tll';
    await assert.rejects(tier.set('k', 'new', misspelt), namesIt);
    await assert.rejects(tier.set('fresh', 1, misspelt), namesIt);
    await assert.rejects(tier.setMany([{ key: 'k', value: 'new' }, { key: 'fresh', value: 1 }], misspelt), namesIt);
    assert.equal(await tier.get('k'), 'v');
    assert.equal(await tier.has('fresh'), false);
    assert.equal(tier.stats().sets, 1);
  }),
  c('validation', "a batch entry whose lifetime field is misspelt is rejected naming it and nothing changes; other extra fields are allowed", async ({ tier }) => {
    await tier.set('k', 'v');
    for (const field of ['tll', 'TTL', 'ttlMs', 'expiresIn', 'maxAge']) {
      const entries = [{ key: 'k', value: 'new' }, { key: 'fresh', value: 1, [field]: 60_000 }] as SetManyEntry<unknown>[];
      await assert.rejects(tier.setMany(entries), (error: unknown) => invalid(error) && (error as { argument?: unknown }).argument === `entries[1].${field}`, field);
    }
    assert.equal(await tier.get('k'), 'v');
    assert.equal(await tier.has('fresh'), false);
    assert.equal(tier.stats().sets, 1);
    // a caller's own record with fields of its own is fine, and so is a lookalike next to a real ttl
    const records = [{ key: 'a', value: 1, id: 7, tag: 'x', version: 2 }, { key: 'b', value: 2, ttl: 60_000, expiresIn: 'ignored' }] as unknown as SetManyEntry<unknown>[];
    assert.equal(await tier.setMany(records), true);
    assert.deepEqual(await tier.getMany(['a', 'b']), [1, 2]);
  }),
  c('validation', 'a batch with one bad entry writes nothing', async ({ tier }) => {
    await assert.rejects(tier.setMany([{ key: 'good', value: 1 }, { key: '', value: 2 }]), invalid);
    await assert.rejects(tier.setMany([{ key: 'good', value: 1 }, { key: 'bad', value: undefined }]), invalid);
    await assert.rejects(tier.setMany([{ key: 'good', value: 1 }, { key: 'bad', value: 2, ttl: -5 }]), invalid);
    await assert.rejects(tier.getMany(['a', '']), invalid);
    await assert.rejects(tier.deleteMany(['a', 7 as any]), invalid);
    assert.equal(await tier.has('good'), false);
  }),
  c('validation', 'a ttl above MAX_DURATION is rejected before anything is written; MAX_DURATION itself is accepted', async ({ tier }) => {
    await assert.rejects(tier.setMany([{ key: 'good', value: 1 }, { key: 'far', value: 2, ttl: 1e300 }]), invalid);
    await assert.rejects(tier.setMany([{ key: 'good', value: 1 }], { ttl: 1e300 }), invalid);
    assert.deepEqual(await tier.getMany(['good', 'far']), [undefined, undefined]);
    assert.equal(await tier.set('longest', 'v', { ttl: MAX_DURATION }), true);
    const entry = await tier.getEntry('longest');
    assert.ok(entry && entry.remainingTtl > MAX_DURATION - 60_000, `remainingTtl ${entry?.remainingTtl}`);
  }),
  c('validation', 'a key with a lone surrogate is rejected and nothing changes', async ({ tier }) => {
    // UTF-8 cannot hold a lone surrogate: remote tiers would store both keys as 'a\uFFFD'
    await tier.set('a\uFFFD', 'replacement character');
    for (const key of ['a\uD800', 'a\uDBFF', '\uDC00b', 'x\uDFFFy']) {
      await assert.rejects(tier.set(key, 'lone'), invalid, JSON.stringify(key));
      await assert.rejects(tier.get(key), invalid, JSON.stringify(key));
      await assert.rejects(tier.has(key), invalid, JSON.stringify(key));
      await assert.rejects(tier.delete(key), invalid, JSON.stringify(key));
    }
    await assert.rejects(tier.setMany([{ key: 'good', value: 1 }, { key: 'a\uD800', value: 2 }]), invalid);
    await assert.rejects(tier.getMany(['good', 'a\uDBFF']), invalid);
    assert.equal(await tier.has('good'), false);
    assert.equal(await tier.get('a\uFFFD'), 'replacement character');
    // whole surrogate pairs are ordinary characters
    await tier.set('a\uD83D\uDE00', 'pair');
    assert.equal(await tier.get('a\uD83D\uDE00'), 'pair');
  }),
  c('stats', 'hits, misses, sets and deletes add up', async ({ tier }) => {
    await tier.set('a', 1);
    await tier.set('b', 2);
    await tier.get('a');
    await tier.get('a');
    await tier.get('nope');
    await tier.delete('b');
    await tier.delete('b');
    const s = tier.stats();
    assert.equal(s.hits, 2);
    assert.equal(s.misses, 1);
    assert.equal(s.sets, 2);
    assert.equal(s.deletes, 1);
    assert.ok(Math.abs(s.hitRatio - 2 / 3) < 1e-9, `hitRatio ${s.hitRatio}`);
  }),
  c('stats', 'getMany counts a hit or a miss per key', async ({ tier }) => {
    await tier.set('a', 1);
    await tier.getMany(['a', 'b', 'a']);
    const s = tier.stats();
    assert.equal(s.hits, 2);
    assert.equal(s.misses, 1);
  }),
  c('stats', 'has counts neither a hit nor a miss', async ({ tier }) => {
    await tier.set('a', 1);
    await tier.has('a');
    await tier.has('b');
    const s = tier.stats();
    assert.equal(s.hits + s.misses, 0);
    assert.equal(s.hitRatio, 0);
  }),
  c('stats', 'peek, on a synchronous face that has it, returns live values and counts nothing', async ({ tier, advance, ttl }) => {
    const sync = tier.sync;
    if (sync?.peek === undefined) return; // peek is optional: a tier without it has nothing to prove here
    await tier.set('a', 1);
    await tier.set('short', 2, { ttl });
    assert.equal(sync.peek('a'), 1);
    assert.equal(sync.peek('b'), undefined);
    await advance(2 * ttl);
    assert.equal(sync.peek('short'), undefined);
    const s = tier.stats();
    assert.equal(s.hits + s.misses, 0, 'peek counted a read');
  }),
  c('stats', 'a snapshot is immutable and carries every field', async ({ tier }) => {
    const s = tier.stats();
    for (const field of ['hits', 'misses', 'sets', 'deletes', 'evictions', 'expiredEvictions', 'errors', 'memoryUsage', 'size', 'hitRatio', 'uptime']) {
      assert.equal(typeof (s as any)[field], 'number', field);
    }
    assert.ok(s.uptime >= 0);
    assert.throws(() => {
      (s as any).hits = 99;
    });
  }),
  c('lifecycle', 'close resolves, twice, and later calls reject with ClosedError', async ({ tier }) => {
    await tier.close();
    await tier.close();
    await assert.rejects(tier.get('k'), rejectsWith(ErrorCode.Closed));
    await assert.rejects(tier.set('k', 1), rejectsWith(ErrorCode.Closed));
  }),
];
