import { describe, expect, it } from 'vitest';
import { ReadFloor, type KeyHash } from '../src/memory/read-floor.js';

/** A stand-in hash: FNV-1a, and a constant one that makes every key collide. */
const fnv: KeyHash = (key, seed) => {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h;
};
const constant: KeyHash = () => 7;

describe('read-floor', () => {
  it.each([
    ['a real hash', fnv, 1000],
    ['every key colliding', constant, 100],
  ] as const)('finds every key it holds, before and after reads reorder its list (%s)', (_, hash, n) => {
    const floor = new ReadFloor(n, hash);
    const values = Array.from({ length: n }, (_, i) => ({ i }));
    for (let i = 0; i < n; i++) floor.set(`key:${i}`, values[i]!);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < n; i++) {
        const k = (i * 7919 + round) % n;
        expect(floor.get(`key:${k}`)).toBe(values[k]);
      }
    }
    expect(floor.get(`key:${n}`)).toBeUndefined();
    expect(floor.get('')).toBeUndefined();
  });

  it('replaces the value of a key it holds without taking room', () => {
    const floor = new ReadFloor(2, fnv);
    const a = { v: 1 };
    const b = { v: 2 };
    floor.set('a', a).set('b', b).set('a', b);
    expect(floor.get('a')).toBe(b);
    expect(floor.get('b')).toBe(b);
  });

  it('refuses what it cannot measure: a write past its capacity, a long key, a bad capacity', () => {
    const floor = new ReadFloor(1, fnv);
    floor.set('a', {});
    expect(() => floor.set('b', {})).toThrow(/full at 1 entries/);
    expect(() => new ReadFloor(4, fnv).set('x'.repeat(17), {})).toThrow(/at most 16 units/);
    expect(() => new ReadFloor(0, fnv)).toThrow(RangeError);
    expect(floor.get('b')).toBeUndefined();
  });
});
