/**
 * The bus conformance suite against the reference MemoryBus, proof that the
 * suite fails a bus that orders wrongly, and the VersionFilter's rules.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, VersionFilter, type InvalidationKind, type InvalidationMessage } from '../src/index.js';
import {
  busConformanceCases,
  describeBusConformance,
  MemoryBus,
  MemoryBusHub,
  runBusConformanceCase,
  type BusConformanceHarness,
  type MemoryBusOptions,
} from '../src/testing/vitest.js';

function memoryHarness(name: string, options: Omit<MemoryBusOptions, 'now'> = {}): BusConformanceHarness {
  return {
    name,
    open: () => {
      const hub = new MemoryBusHub();
      return { create: ({ now }) => hub.endpoint(undefined, { ...options, now }) };
    },
    interrupt: async (bus) => {
      (bus as MemoryBus).disconnect();
      setTimeout(() => (bus as MemoryBus).reconnect(), 1).unref();
    },
  };
}

describeBusConformance(memoryHarness('MemoryBus'));

/** Lets every version through: a bus that applies an older version after a newer one. */
class NoOrdering extends VersionFilter {
  override apply(_version: number, kind: InvalidationKind, keys: readonly string[]): readonly string[] {
    return kind === 'clear' ? [] : keys;
  }
}

async function failures(harness: BusConformanceHarness): Promise<string[]> {
  const failed: string[] = [];
  for (const testCase of busConformanceCases) {
    try {
      await runBusConformanceCase(harness, testCase);
    } catch {
      failed.push(testCase.name);
    }
  }
  return failed;
}

describe('the bus suite catches broken buses', () => {
  it('fails every ordering case for a bus that applies an older version after a newer one', async () => {
    expect(await failures(memoryHarness('unordered', { versionFilter: () => new NoOrdering() }))).toEqual([
      'an older version of a key after a newer one is not delivered; other keys are',
      'after a clear, older messages (and older clears) are not delivered',
      'a late message cannot undo a newer local write',
    ]);
  });

  it('passes every case for the reference bus', async () => {
    expect(await failures(memoryHarness('memory'))).toEqual([]);
  });
});

describe('VersionFilter', () => {
  it('drops a key older than the version applied for it, and keeps the fresh keys of the same message', () => {
    const filter = new VersionFilter();
    expect(filter.apply(10, 'set', ['a'])).toEqual(['a']);
    expect(filter.apply(9, 'delete', ['a'])).toBeUndefined();
    expect(filter.apply(9, 'delete', ['a', 'b'])).toEqual(['b']);
    expect(filter.apply(10, 'delete', ['a'])).toEqual(['a']); // the same version is not older
  });

  it('after a clear drops everything older, and remembers only newer keys', () => {
    const filter = new VersionFilter();
    filter.apply(5, 'set', ['a']);
    filter.apply(30, 'set', ['late']);
    expect(filter.apply(20, 'clear', [])).toEqual([]);
    expect(filter.clearVersion).toBe(20);
    expect(filter.trackedKeys).toBe(1); // 'a' is covered by the clear
    expect(filter.apply(19, 'set', ['x'])).toBeUndefined();
    expect(filter.apply(15, 'clear', [])).toBeUndefined();
    expect(filter.apply(25, 'delete', ['late'])).toBeUndefined();
    expect(filter.apply(21, 'set', ['x'])).toEqual(['x']);
  });

  it('tracks at most maxTrackedKeys, forgetting the least recently written first', () => {
    const filter = new VersionFilter(2);
    filter.apply(10, 'set', ['a']);
    filter.apply(11, 'set', ['b']);
    filter.apply(12, 'set', ['a']); // a is now the most recent write
    filter.apply(13, 'set', ['c']); // b is forgotten
    expect(filter.trackedKeys).toBe(2);
    expect(filter.apply(11, 'set', ['a'])).toBeUndefined(); // still tracked
    expect(filter.apply(1, 'set', ['b'])).toEqual(['b']); // forgotten: applied
  });
});

describe('MemoryBus', () => {
  it('test hooks: a forged message goes through the receivers’ ordering; failSubscribe fails the next subscribe', async () => {
    const hub = new MemoryBusHub();
    const [a, b] = [hub.endpoint('a'), hub.endpoint('b')];
    const got: InvalidationMessage[] = [];
    b.failSubscribe = 1;
    await expect(b.subscribe('ns', (m) => got.push(m))).rejects.toMatchObject({ code: ErrorCode.Connection });
    await b.subscribe('ns', (m) => got.push(m));
    a.deliver({ instanceId: 'a', namespace: 'ns', version: 10, kind: 'set', keys: ['k'] });
    a.deliver({ instanceId: 'a', namespace: 'ns', version: 9, kind: 'delete', keys: ['k'] });
    expect(got.map((m) => [m.version, m.kind])).toEqual([[10, 'set']]);
    expect(b.subscribed).toBe(true);
    b.disconnect();
    expect(b.subscribed).toBe(false);
    a.deliver({ instanceId: 'a', namespace: 'ns', version: 11, kind: 'set', keys: ['missed'] });
    b.reconnect();
    expect(got).toHaveLength(1);
  });
});
