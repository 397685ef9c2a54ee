import { describe, expect, it } from 'vitest';
import type { InvalidationKind } from '@cache/core';
import { Outbox } from '../src/outbox.js';
import { eventually } from './helpers.js';

function setup(options: { max?: number; deadline?: number } = {}) {
  const sent: { kind: InvalidationKind; keys: readonly string[] }[] = [];
  const origins: string[] = [];
  const state = { down: false, hang: false, failures: 0, flushes: 0 };
  const outbox = new Outbox(
    {
      send: async (kind, keys, origin) => {
        if (state.hang) return new Promise<void>(() => {});
        if (state.down) throw new Error('bus down');
        sent.push({ kind, keys: [...keys] });
        origins.push(...keys.map((key) => `${key}:${origin}`));
      },
      failed: () => state.failures++,
      flushed: () => state.flushes++,
    },
    20,
    options.max ?? 100,
    options.deadline,
  );
  return { outbox, sent, origins, state };
}

describe('the publish queue', () => {
  it('coalesces the keys of one tick into one message per kind, each key once', async () => {
    const { outbox, sent } = setup();
    outbox.add('set', ['a', 'b']);
    outbox.add('set', ['a']);
    outbox.add('delete', ['c']);
    expect(sent).toEqual([]); // nothing on the caller's path
    await eventually(() => outbox.pending === 0);
    expect(sent).toEqual([
      { kind: 'delete', keys: ['c'] },
      { kind: 'set', keys: ['a', 'b'] },
    ]);
  });

  it("a key the application wrote goes out as a write, even when a change of the cache's own follows it; only the cache's own changes go out as 'cache'", async () => {
    const { outbox, origins, state } = setup();
    outbox.add('set', ['written', 'both'], 'write');
    outbox.add('set', ['loaded', 'both'], 'cache');
    outbox.add('delete', ['removed'], 'cache');
    outbox.add('delete', ['removed-then-written'], 'cache');
    outbox.add('set', ['removed-then-written']); // origin defaults to 'write'
    await eventually(() => outbox.pending === 0);
    expect(origins.sort()).toEqual(['both:write', 'loaded:cache', 'removed-then-written:write', 'removed:cache', 'written:write']);
    // a failed message's keys go back with their origin
    origins.length = 0;
    state.down = true;
    outbox.add('set', ['w'], 'write');
    outbox.add('set', ['c'], 'cache');
    await eventually(() => state.failures > 0);
    outbox.add('set', ['w', 'c'], 'cache');
    state.down = false;
    await eventually(() => outbox.pending === 0, 2000);
    expect(origins.sort()).toEqual(['c:cache', 'w:write']);
  });

  it('keeps what failed and sends it once the bus works, retrying at most once per interval', async () => {
    const { outbox, sent, state } = setup();
    state.down = true;
    outbox.add('set', ['a']);
    for (let i = 0; i < 50; i++) outbox.add('set', [`k${i % 5}`]);
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect(state.failures).toBeLessThanOrEqual(5);
    expect(outbox.pending).toBe(6);
    state.down = false;
    expect(await eventually(() => outbox.pending === 0)).toBe(true);
    expect(sent.flatMap((m) => m.keys).sort()).toEqual(['a', 'k0', 'k1', 'k2', 'k3', 'k4']);
  });

  it('past its bound, the queue becomes one clear (every instance drops its local levels)', async () => {
    const { outbox, sent, state } = setup({ max: 3 });
    state.down = true;
    outbox.add('set', ['a', 'b', 'c', 'd']);
    expect(state.flushes).toBe(1);
    outbox.add('delete', ['e']); // after the clear: sent after it
    state.down = false;
    outbox.resume();
    await eventually(() => outbox.pending === 0 && sent.length === 2);
    expect(sent).toEqual([
      { kind: 'clear', keys: [] },
      { kind: 'delete', keys: ['e'] },
    ]);
  });

  it('a publish that hangs counts as failed at the deadline, and the queue moves on', async () => {
    const { outbox, sent, state } = setup({ deadline: 30 });
    state.hang = true;
    outbox.add('set', ['a']);
    expect(await eventually(() => state.failures >= 1)).toBe(true);
    state.hang = false;
    expect(await eventually(() => sent.length === 1)).toBe(true);
    await outbox.close(100);
  });
});
