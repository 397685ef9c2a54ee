import { describe, expect, it } from 'vitest';
import { FrequencySketch } from '../src/admission/frequency-sketch.js';
import { hashKey } from '../src/hash.js';
import { MemoryCache } from '../src/index.js';
import { WTinyLfuPolicy } from '../src/policy/w-tinylfu.js';
import { mix, replayPolicy } from './policy-replay.js';
import { reuseTrace, zipfTrace } from './traces.js';

describe('FrequencySketch', () => {
  it('estimates counts up to 15 and halves them', () => {
    const sketch = new FrequencySketch(1000);
    const hot = hashKey('hot', 1);
    const cold = hashKey('cold', 1);
    sketch.add(hot, 9);
    sketch.add(cold, 1);
    expect(sketch.frequency(hot)).toBe(9);
    expect(sketch.frequency(cold)).toBe(1);
    sketch.add(hot, 100);
    expect(sketch.frequency(hot)).toBe(15);
    sketch.halve();
    expect(sketch.frequency(hot)).toBe(7);
    expect(sketch.frequency(cold)).toBe(0);
    expect(sketch.frequency(hashKey('never', 1))).toBe(0);
  });

  it('a mid-size sketch at the default policy\'s 5 counters per entry estimates most unseen keys at 0 (collisions decided admissions at 25k entries)', () => {
    // Before the 128 KiB floor, 25,000 entries got 5 counters each: after
    // 50,000 distinct keys, 43% of never-seen keys were estimated at 1 or
    // more (19% with the floor's 8 per entry), and ARC P6 at 25,000 entries
    // lost 0.9 points of hit ratio.
    const sketch = new FrequencySketch(25_000, false, 5);
    for (let i = 0; i < 50_000; i++) sketch.add(hashKey(`seen-${i}`, 7), 1);
    let misjudged = 0;
    for (let i = 0; i < 10_000; i++) if (sketch.frequency(hashKey(`unseen-${i}`, 7)) > 0) misjudged++;
    expect(misjudged).toBeLessThan(2_500);
  });

  it('with a doorkeeper, a first sighting only enters the doorkeeper', () => {
    const sketch = new FrequencySketch(1000, true);
    const key = hashKey('k', 3);
    sketch.add(key, 1);
    expect(sketch.frequency(key)).toBe(1);
    sketch.add(key, 1);
    expect(sketch.frequency(key)).toBe(2);
    sketch.halve();
    expect(sketch.frequency(key)).toBe(0);
  });
});

/** Replays `keys` through the bare policy and reports the window size at the end. */
function finalWindow(keys: string[], capacity: number): number {
  return replayPolicy(keys, capacity, (key) => hashKey(key, 1)).window;
}

describe('the adaptive window', () => {
  it('grows when recency pays (every key read again 1..150 requests later)', () => {
    const keys = reuseTrace(200_000, 150, 5).map((id) => `k${id}`);
    expect(finalWindow(keys, 500)).toBeGreaterThan(50);
  });

  it('stays small when frequency pays (a loop larger than the cache)', () => {
    const keys: string[] = [];
    for (let i = 0; i < 200_000; i++) keys.push(`k${i % 700}`);
    expect(finalWindow(keys, 500)).toBeLessThan(50);
  });

  it('the doorkeeper option keeps hit ratios sane', () => {
    const trace = zipfTrace(50_000, 10_000, 0.9, 5);
    const cache = new MemoryCache<boolean>({ maxEntries: 500, doorkeeper: true, seed: 2 });
    for (const key of trace) if (cache.get(key) === undefined) cache.set(key, true);
    expect(cache.stats().hitRatio).toBeGreaterThan(0.3);
  });
});

describe('probation and protected', () => {
  it('reads that promote every entry leave protected over its share until the next write, which demotes the oldest to probation', () => {
    // 100 entries: a 1-entry window, main 99, protected 80% of main (79).
    const evicted: string[] = [];
    const cache = new MemoryCache<number>({ maxEntries: 100, seed: 3, onEvict: (key) => evicted.push(key) });
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, i); // k99 in the window, k0..k98 in probation
    for (let i = 0; i < 99; i++) cache.get(`k${i}`); // all promoted: probation empty
    cache.set('n1', 1); // demotes k0..k19 (the oldest reads); the window's k99 (one count) loses to k0 (two)
    cache.get('n1');
    cache.get('n1');
    cache.set('n2', 2); // n1 (three counts) beats probation's oldest, k0
    expect(evicted).toEqual(['k99', 'k0']);
    cache.set('n3', 3); // n2 (one count) loses to the next oldest, k1
    expect(evicted).toEqual(['k99', 'k0', 'n2']);
    for (let i = 1; i < 20; i++) expect(cache.peek(`k${i}`)).toBe(i);
  });
});

describe('the halving (TinyLFU reset)', () => {
  it('never runs on a hit: a run of reads without a miss is halved once, at the next miss', () => {
    // What a halving does that can be seen from outside: after IDLE_TICKS (3) halvings in a row with no hit in the
    // window, the window gives half its surplus over its floor to main. Reads here hit main only.
    const capacity = 1000;
    const hashOf = (slot: number) => mix(slot, 1);
    const policy = new WTinyLfuPolicy(capacity + 5, capacity + 5, { capacity, doorkeeper: false, seed: 1, hashOf, initialWindow: 0.5 });
    for (let slot = 4; slot < 4 + capacity; slot++) policy.onInsert(slot, hashOf(slot)); // slots 4..503 in main, 504..1003 in the window
    const readMain = (reads: number) => {
      for (let i = 0; i < reads; i++) policy.onAccess(4 + (i % 400));
    };
    let fresh = 0;
    const miss = () => {
      const victim = policy.evict();
      policy.onInsert(victim, mix(1_000_000 + fresh++, 1));
    };
    expect(policy.windowMaximum).toBe(500);
    // 30 capacities of reads span 8 half periods: the old code halved at hits, and the idle window shrank during them
    readMain(30 * capacity);
    expect(policy.windowMaximum).toBe(500);
    miss(); // one halving (idle 1), not one per half period that passed
    expect(policy.windowMaximum).toBe(500);
    readMain(4 * capacity);
    miss(); // idle 2
    expect(policy.windowMaximum).toBe(500);
    readMain(4 * capacity);
    miss(); // idle 3: the window shrinks
    expect(policy.windowMaximum).toBeLessThan(500);
  });
});

describe('the meta byte in the links (caches of more than 65,536 slots)', () => {
  /** Replays `keys` through a bare policy of `maxSlots` slots; every victim, in order, and the hits. */
  function victims(keys: readonly number[], capacity: number, maxSlots: number): { victims: number[]; hits: number } {
    const out: number[] = [];
    const { hitRatio } = replayPolicy(keys, capacity, (key) => mix(key, 3), { seed: 3 }, { maxSlots, onEvict: (key) => out.push(key) });
    return { victims: out, hits: Math.round(hitRatio * keys.length) };
  }

  it('evicts exactly what the byte array evicts: same victims in the same order', () => {
    // Phases that exercise every use of the byte: a skewed set (promotions,
    // unfolded hits, halvings), a loop longer than the cache (ties and their
    // trials), a set that goes cold (stale victims), pure recency (the window
    // grows past its split).
    const keys: number[] = [];
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
    for (let i = 0; i < 30_000; i++) keys.push(Math.floor(2000 * random() ** 3));
    for (let i = 0; i < 20_000; i++) keys.push(10_000 + (i % 450));
    for (let i = 0; i < 20_000; i++) keys.push(20_000 + Math.floor(600 * random() ** 2));
    for (let i = 0; i < 20_000; i++) keys.push(30_000 + i - Math.floor(200 * random()));
    const small = victims(keys, 300, 305);
    const large = victims(keys, 300, 1 << 20);
    expect(small.victims.length).toBeGreaterThan(40_000);
    expect(small.hits).toBeGreaterThan(20_000);
    expect(large.hits).toBe(small.hits);
    expect(large.victims).toEqual(small.victims);
  });

  it('through the cache (70,000 entries): every read returns what was written, the bound holds, and it hits at least as often as LRU on a skewed stream', () => {
    const capacity = 70_000;
    const cache = new MemoryCache<number>({ maxEntries: capacity });
    const lru = new Map<string, number>();
    let seed = 5;
    let hits = 0;
    let lruHits = 0;
    let wrong = 0;
    const requests = 300_000;
    for (let i = 0; i < requests; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const id = Math.floor(150_000 * ((seed >>> 8) / 0x1000000) ** 3);
      const key = `k${id}`;
      const value = cache.get(key);
      if (value !== undefined) {
        hits++;
        if (value !== id) wrong++;
      } else {
        cache.set(key, id);
      }
      if (lru.delete(key)) lruHits++;
      else if (lru.size >= capacity) lru.delete(lru.keys().next().value!);
      lru.set(key, id);
    }
    expect(wrong).toBe(0);
    expect(cache.size).toBe(capacity);
    expect(hits).toBeGreaterThanOrEqual(lruHits);
  });
});

describe('TaggedSlotLists', () => {
  it('orders its lists as SlotLists does and keeps each node\'s tag through every operation on it and its neighbours', async () => {
    const { SlotLists, TaggedSlotLists, MAX_TAGGED_NODES } = await import('../src/policy/linked-list.js');
    const plain = new SlotLists(20, 100);
    const tagged = new TaggedSlotLists(20, 100);
    expect(tagged.links).toBeInstanceOf(Uint32Array);
    for (let n = 4; n < 20; n++) tagged.setTag(n, 255 - n);
    for (const lists of [plain, tagged]) {
      for (let n = 4; n < 20; n++) lists.push(n % 2, n);
      lists.unlink(7);
      lists.moveToTail(0, 4);
      lists.moveAll(1, 2);
      lists.unlink(9);
      lists.push(3, 9);
      lists.detach(11);
      lists.grow(24);
      lists.push(1, 23);
    }
    const walk = (lists: InstanceType<typeof SlotLists>, list: number) => {
      const order: number[] = [];
      for (let n = lists.head(list); n !== list && order.length < 40; n = lists.following(n)) order.push(n);
      return order;
    };
    expect(walk(tagged, 0)).toEqual([6, 8, 10, 12, 14, 16, 18, 4]);
    expect(walk(tagged, 2)).toEqual([5, 13, 15, 17, 19]);
    for (let list = 0; list < 4; list++) {
      expect(walk(tagged, list)).toEqual(walk(plain, list));
      expect(tagged.tail(list)).toBe(plain.tail(list));
    }
    for (let n = 4; n < 20; n++) expect(tagged.tag(n)).toBe(255 - n);
    expect(tagged.tag(23)).toBe(0);
    expect(() => new TaggedSlotLists(8, MAX_TAGGED_NODES + 1)).toThrow(RangeError);
  });
});
