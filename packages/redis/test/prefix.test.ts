import { describe, expect, it } from 'vitest';
import { ErrorCode, isCacheError } from '@cache/core';
import { closeAfterAll, uniquePrefix } from './helpers.js';

const make = closeAfterAll();

describe('prefix namespaces', () => {
  it('stores keys as <prefix>:<key>', async () => {
    const cache = make();
    await cache.set('k', 1);
    expect(await cache.client.exists(`${cache.prefix}:k`)).toBe(1);
  });

  it('two prefixes never see each other’s keys', async () => {
    const a = make();
    const b = make();
    await a.set('shared', 'A');
    expect(await b.get('shared')).toBeUndefined();
    await b.set('shared', 'B');
    expect(await a.get('shared')).toBe('A');
  });

  it('clear() removes only its own namespace, even when prefixes hold glob characters', async () => {
    const base = uniquePrefix('g');
    // each of these would match the others' keys if the prefix went into MATCH unescaped
    const prefixes = [`${base}*`, `${base}?`, `${base}[ab]`, `${base}\\`, `${base}a`, `${base}b`, `${base}xyz`, `${base}`];
    const tiers = prefixes.map((prefix) => make({ prefix }));
    for (const [i, tier] of tiers.entries()) await tier.setMany([{ key: 'one', value: i }, { key: 'two', value: i }]);
    for (const [i, tier] of tiers.entries()) {
      await tier.clear();
      expect(await tier.getMany(['one', 'two'])).toEqual([undefined, undefined]);
      for (const other of tiers.slice(i + 1)) {
        expect(await other.getMany(['one', 'two']), `clearing ${tier.prefix} touched ${other.prefix}`).toEqual([
          tiers.indexOf(other),
          tiers.indexOf(other),
        ]);
      }
    }
  });

  it('clear() pages through more keys than one SCAN batch', async () => {
    const cache = make();
    const entries = Array.from({ length: 2500 }, (_, i) => ({ key: `k${i}`, value: i }));
    await cache.setMany(entries);
    expect(await cache.clearPrefix()).toBe(2500);
    expect(await cache.has('k1')).toBe(false);
  });

  it('clearPrefix() removes keys starting with a sub-prefix, escaped too', async () => {
    const cache = make();
    await cache.setMany([{ key: 'user:*:1', value: 1 }, { key: 'user:2', value: 2 }, { key: 'order:1', value: 3 }]);
    expect(await cache.clearPrefix('user:*')).toBe(1);
    expect(await cache.getMany(['user:*:1', 'user:2', 'order:1'])).toEqual([undefined, 2, 3]);
    expect(await cache.clearPrefix('user:')).toBe(1);
    expect(await cache.get('order:1')).toBe(3);
  });

  it('clear() without a prefix refuses with InvalidOptionError naming prefix', async () => {
    const cache = make({ prefix: '' });
    const error = await cache.clear().catch((e: unknown) => e);
    expect(isCacheError(error, ErrorCode.InvalidOption)).toBe(true);
    expect((error as { option: string }).option).toBe('prefix');
  });
});
