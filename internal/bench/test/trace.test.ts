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

  it('rejects malformed specs with a message naming the problem', () => {
    expect(() => syntheticTrace('zipf:x:10')).toThrow(/skew/);
    expect(() => syntheticTrace('zipf:0.9:0')).toThrow(/number of keys/);
    expect(() => syntheticTrace('nope:1')).toThrow(/unknown synthetic trace/);
  });
});
