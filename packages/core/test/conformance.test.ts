import { describe, expect, it } from 'vitest';
import { describeConformance, runConformanceCase, conformanceCases, MapTier, type ConformanceHarness } from '../src/testing/vitest.js';
import { toAsyncTier, type CacheEntry, type SetOptions, type SyncCacheTier } from '../src/index.js';

describeConformance({ name: 'MapTier', create: ({ clock }) => new MapTier({ clock }) });

/** A tier that forgets every TTL: the suite must catch it. */
class TtlIgnoringTier extends MapTier {
  override async set(key: string, value: unknown, _options?: SetOptions): Promise<boolean> {
    return super.set(key, value);
  }
  override async setMany(entries: readonly { key: string; value: unknown }[]): Promise<boolean> {
    return super.setMany(entries.map(({ key, value }) => ({ key, value })));
  }
}

/** A tier that reads the ttl it knows and ignores any other option (a misspelt ttl then never expires). */
class LenientOptionsTier extends MapTier {
  override async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    return super.set(key, value, options && { ttl: options.ttl });
  }
  override async setMany(entries: readonly { key: string; value: unknown }[], options?: SetOptions): Promise<boolean> {
    return super.setMany(entries, options && { ttl: options.ttl });
  }
}

/** A tier that counts has() as a read and accepts undefined. */
class SloppyTier extends MapTier {
  override async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }
  override async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    if (value === undefined) return true;
    return super.set(key, value, options);
  }
}

/** A tier whose synchronous face has a peek that counts a hit, like get. */
class PeekCountingTier extends MapTier {
  readonly sync = {
    peek: (key: string) => {
      const value = this.entries.get(key);
      if (value === undefined || value.expiresAt <= this.clock.now()) return undefined;
      this.recorder.recordHits(1);
      return value.value;
    },
  } as unknown as SyncCacheTier;
}

/** A tier that stores keys as UTF-8 bytes, as Redis does, without rejecting lone surrogates first. */
class Utf8KeyTier extends MapTier {
  static utf8 = (key: string) => (typeof key === 'string' ? new TextDecoder().decode(new TextEncoder().encode(key)) : key);
  override async set(key: string, value: unknown, options?: SetOptions): Promise<boolean> {
    return super.set(Utf8KeyTier.utf8(key), value, options);
  }
  override async get(key: string): Promise<unknown> {
    return super.get(Utf8KeyTier.utf8(key));
  }
}

async function failures(harness: ConformanceHarness, group?: string): Promise<string[]> {
  const failed: string[] = [];
  for (const testCase of conformanceCases) {
    if (group && testCase.group !== group) continue;
    try {
      await runConformanceCase(harness, testCase);
    } catch {
      failed.push(`${testCase.group}: ${testCase.name}`);
    }
  }
  return failed;
}

describe('the conformance suite catches broken tiers', () => {
  it('fails every ttl case for a tier that ignores ttl', async () => {
    const ttlCases = conformanceCases.filter((t) => t.group === 'ttl').length;
    const failed = await failures({ name: 'ttl-ignoring', create: ({ clock }) => new TtlIgnoringTier({ clock }) }, 'ttl');
    expect(ttlCases).toBeGreaterThanOrEqual(5);
    // "ttl Infinity never expires" and "overwriting without a ttl" hold even when ttl is ignored
    expect(failed.length).toBeGreaterThanOrEqual(ttlCases - 2);
    expect(failed).toContain('ttl: an entry is served before its ttl and gone after it');
  });

  it('fails the stats and validation cases for a sloppy tier', async () => {
    const failed = await failures({ name: 'sloppy', create: ({ clock }) => new SloppyTier({ clock }) });
    expect(failed).toContain('stats: has counts neither a hit nor a miss');
    expect(failed).toContain('validation: undefined is not a value; the old value stays');
  });

  it('fails the misspelt-option case for a tier that ignores unknown options', async () => {
    const failed = await failures({ name: 'lenient-options', create: ({ clock }) => new LenientOptionsTier({ clock }) });
    expect(failed).toEqual(['validation: a misspelt option is rejected naming it and nothing changes']);
  });

  it('fails the peek case for a tier whose peek counts a hit', async () => {
    const failed = await failures({ name: 'peek-counting', create: ({ clock }) => new PeekCountingTier({ clock }) }, 'stats');
    expect(failed).toEqual(['stats: peek, on a synchronous face that has it, returns live values and counts nothing']);
  });

  it('fails the lone-surrogate case for a tier whose keys collide after UTF-8 encoding', async () => {
    const failed = await failures({ name: 'utf8-keys', create: ({ clock }) => new Utf8KeyTier({ clock }) }, 'validation');
    expect(failed).toEqual(['validation: a key with a lone surrogate is rejected and nothing changes']);
  });

  it('passes every case for the reference tier', async () => {
    expect(await failures({ name: 'map', create: ({ clock }) => new MapTier({ clock }) })).toEqual([]);
  });
});

/** A minimal synchronous tier over MapTier semantics, to prove toAsyncTier keeps the contract. */
class SyncMap implements SyncCacheTier {
  readonly name = 'sync-map';
  readonly #map = new Map<string, unknown>();
  get(key: string) {
    if (typeof key !== 'string' || !key) throw new TypeError('bad key');
    return this.#map.get(key);
  }
  getEntry(key: string): CacheEntry<unknown> | undefined {
    const value = this.get(key);
    return value === undefined ? undefined : { value, remainingTtl: Infinity };
  }
  set(key: string, value: unknown) {
    this.#map.set(key, value);
    return true;
  }
  delete(key: string) {
    return this.#map.delete(key);
  }
  has(key: string) {
    return this.#map.has(key);
  }
  getMany(keys: readonly string[]) {
    return keys.map((k) => this.get(k));
  }
  setMany(entries: readonly { key: string; value: unknown }[]) {
    for (const e of entries) this.set(e.key, e.value);
    return true;
  }
  deleteMany(keys: readonly string[]) {
    return keys.filter((k) => this.delete(k)).length;
  }
  clear() {
    this.#map.clear();
  }
  stats() {
    return new MapTier().stats();
  }
  close() {}
}

describe('toAsyncTier', () => {
  it('exposes the synchronous face and returns the same objects', async () => {
    const sync = new SyncMap();
    const tier = toAsyncTier(sync);
    const value = { big: 'object' };
    await tier.set('k', value);
    expect(tier.sync).toBe(sync);
    expect(await tier.get('k')).toBe(value);
    expect(tier.name).toBe('sync-map');
  });

  it('turns synchronous throws into rejections', async () => {
    const tier = toAsyncTier(new SyncMap());
    const pending = tier.get('');
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toThrow(TypeError);
  });
});
