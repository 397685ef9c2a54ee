import { describe, expect, it } from 'vitest';
import { ReadFloor } from '../src/memory/read-floor.js';

describe('read-floor', () => {
  it('finds every key it holds, before and after reads reorder its list', () => {
    const floor = new ReadFloor(1000);
    const values = Array.from({ length: 1000 }, (_, i) => ({ i }));
    for (let i = 0; i < 1000; i++) floor.set(`key:${i}`, values[i]!);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 1000; i++) {
        const k = (i * 7919 + round) % 1000;
        expect(floor.get(`key:${k}`)).toBe(values[k]);
      }
    }
    expect(floor.get('key:1000')).toBeUndefined();
    expect(floor.get('')).toBeUndefined();
  });

  it('replaces the value of a key it holds without taking room', () => {
    const floor = new ReadFloor(2);
    const a = { v: 1 };
    const b = { v: 2 };
    floor.set('a', a).set('b', b).set('a', b);
    expect(floor.get('a')).toBe(b);
    expect(floor.get('b')).toBe(b);
  });

  it('refuses what it cannot measure: a write past its capacity, a long key, a bad capacity', () => {
    const floor = new ReadFloor(1);
    floor.set('a', {});
    expect(() => floor.set('b', {})).toThrow(/full at 1 entries/);
    expect(() => new ReadFloor(4).set('x'.repeat(17), {})).toThrow(/at most 16 units/);
    expect(() => new ReadFloor(0)).toThrow(RangeError);
    expect(floor.get('b')).toBeUndefined();
  });
});
