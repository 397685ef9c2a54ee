import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isGzip, parseTrace, readTrace, syntheticTrace, traceName } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'cache-bench-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = '10\n20\r\n10\n\n  30 \n20\n';

describe('trace reader', () => {
  it('reads a plain trace: one key per line, ids dense in first-seen order', () => {
    const path = join(dir, 'plain.keys');
    writeFileSync(path, text);
    const trace = readTrace(path);
    expect(trace.name).toBe('plain');
    expect([...trace.requests]).toEqual([0, 1, 0, 2, 1]);
    expect(trace.keys).toEqual(['10', '20', '30']);
  });

  it('reads a gzip trace, detected by its magic bytes rather than its name', () => {
    const path = join(dir, 'packed.keys'); // no .gz suffix on purpose
    const bytes = gzipSync(text);
    expect(isGzip(bytes)).toBe(true);
    writeFileSync(path, bytes);
    const trace = readTrace(path);
    expect([...trace.requests]).toEqual([0, 1, 0, 2, 1]);
    expect(trace.keys).toEqual(['10', '20', '30']);
  });

  it('gives the same trace from gzip and plain bytes', () => {
    const plain = parseTrace(Buffer.from(text), 't');
    const packed = parseTrace(gzipSync(text), 't');
    expect(packed).toEqual(plain);
  });

  it('handles a last line without a newline and an empty file', () => {
    expect([...parseTrace(Buffer.from('a\nb'), 't').requests]).toEqual([0, 1]);
    expect(parseTrace(Buffer.alloc(0), 't').requests.length).toBe(0);
  });

  it('names a trace after its file', () => {
    expect(traceName('/x/oltp.keys.gz')).toBe('oltp');
    expect(traceName('web12.txt')).toBe('web12');
    expect(traceName('.gz')).toBe('.gz');
  });
});

describe('synthetic traces', () => {
  it('builds a zipf trace of the requested length over the requested keys', () => {
    const trace = syntheticTrace('zipf:0.99:100:5000:7');
    expect(trace.requests.length).toBe(5000);
    expect(trace.keys.length).toBe(100);
    expect(Math.min(...trace.requests)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...trace.requests)).toBeLessThan(100);
    expect(syntheticTrace('zipf:0.99:100:5000:7')).toEqual(trace);
  });

  it('builds a loop trace', () => {
    expect([...syntheticTrace('loop:3:7').requests]).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('builds a stack trace: recency only, new keys about one request in 20', () => {
    const trace = syntheticTrace('stack:50:20000:3');
    expect(trace.requests.length).toBe(20_000);
    expect(syntheticTrace('stack:50:20000:3')).toEqual(trace);
    // every key is first requested in order of its id, and about 5% of the requests are first requests
    const seen = new Set<number>();
    let next = 0;
    for (const id of trace.requests) {
      if (!seen.has(id)) {
        expect(id).toBe(next++);
        seen.add(id);
      }
    }
    expect(trace.keys.length).toBe(next);
    expect(next / 20_000).toBeGreaterThan(0.04);
    expect(next / 20_000).toBeLessThan(0.07);
    // an LRU of 4 × the mean depth hits about as often as any cache could (all but the new keys and the rare deep reuses)
    const lru = new Map<number, true>();
    let hits = 0;
    for (const id of trace.requests) {
      if (lru.delete(id)) hits++;
      lru.set(id, true);
      if (lru.size > 200) lru.delete(lru.keys().next().value!);
    }
    expect(hits / 20_000).toBeGreaterThan(0.9);
  });

  it('builds a shift trace whose hot keys change at every phase', () => {
    const trace = syntheticTrace('shift:1.2:1000:5000:15000:9');
    expect(trace.requests.length).toBe(15_000);
    expect(trace.keys.length).toBe(1000);
    expect(syntheticTrace('shift:1.2:1000:5000:15000:9')).toEqual(trace);
    const hottest = (from: number) => {
      const counts = new Map<number, number>();
      for (let i = from; i < from + 5000; i++) counts.set(trace.requests[i]!, (counts.get(trace.requests[i]!) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    };
    expect(new Set([hottest(0), hottest(5000), hottest(10_000)]).size).toBe(3);
  });

  it('rejects malformed specs with a message naming the problem', () => {
    expect(() => syntheticTrace('stack:0')).toThrow(/mean depth/);
    expect(() => syntheticTrace('shift:0.9:100')).toThrow(/phase length/);
    expect(() => syntheticTrace('shift:-1:100:10')).toThrow(/skew/);
    expect(() => syntheticTrace('zipf:x:10')).toThrow(/skew/);
    expect(() => syntheticTrace('zipf:0.9:0')).toThrow(/number of keys/);
    expect(() => syntheticTrace('nope:1')).toThrow(/unknown synthetic trace/);
  });
});
