import { describe, expect, it } from 'vitest';
import { KetamaRing, ketamaHash } from '../src/ring.js';

const servers = (n: number) => Array.from({ length: n }, (_, i) => `10.0.0.${i + 1}:11211`);
const keys = Array.from({ length: 20_000 }, (_, i) => Buffer.from(`user:${i}`));
const everyoneUp = () => true;

describe('KetamaRing', () => {
  it('spreads keys evenly: each of 5 servers gets 20% ± 6 points', () => {
    const ring = new KetamaRing(servers(5));
    const counts = new Array<number>(5).fill(0);
    for (const key of keys) counts[ring.serverFor(ketamaHash(key), everyoneUp)]!++;
    for (const count of counts) expect(Math.abs(count / keys.length - 0.2)).toBeLessThan(0.06);
  });

  it('moves only the keys of an added server (about 1/N of them)', () => {
    const before = new KetamaRing(servers(4));
    const after = new KetamaRing(servers(5));
    let moved = 0;
    for (const key of keys) {
      const position = ketamaHash(key);
      const from = before.serverFor(position, everyoneUp);
      const to = after.serverFor(position, everyoneUp);
      if (from !== to) {
        moved++;
        expect(to).toBe(4); // a key only ever moves to the new server
      }
    }
    expect(moved / keys.length).toBeGreaterThan(0.12);
    expect(moved / keys.length).toBeLessThan(0.28);
  });

  it('sends a down server’s keys to the others, and only those', () => {
    const ring = new KetamaRing(servers(3));
    for (const key of keys.slice(0, 2000)) {
      const position = ketamaHash(key);
      const home = ring.serverFor(position, everyoneUp);
      const without1 = ring.serverFor(position, (s) => s !== 1);
      if (home === 1) expect(without1).not.toBe(1);
      else expect(without1).toBe(home);
    }
    // nobody up: the home server, which then fails fast
    expect(ring.serverFor(ketamaHash(keys[0]!), () => false)).toBe(ring.serverFor(ketamaHash(keys[0]!), everyoneUp));
  });

  it('places a key the same way whatever the order the servers are listed in', () => {
    const list = servers(4);
    const a = new KetamaRing(list);
    const b = new KetamaRing([...list].reverse());
    for (const key of keys.slice(0, 2000)) {
      const position = ketamaHash(key);
      expect(list[a.serverFor(position, everyoneUp)]).toBe([...list].reverse()[b.serverFor(position, everyoneUp)]);
    }
  });
});
