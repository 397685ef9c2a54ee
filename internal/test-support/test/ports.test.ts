import { describe, expect, it } from 'vitest';
import { freePort } from '../src/index.js';
import { canBind } from './helpers.js';

describe('freePort', () => {
  it('returns distinct bindable ports on 127.0.0.1, never 6379/11211', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(1024);
      expect(port).toBeLessThan(65536);
      expect([6379, 11211]).not.toContain(port);
      expect(await canBind(port)).toBe(true);
    }
  });
});
