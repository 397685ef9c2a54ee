import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertTrace, parseTrace, traceBytes, TraceFormatError } from '../src/index.js';

function int32s(values: number[]): Buffer {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => bytes.writeInt32BE(v, 4 * i));
  return bytes;
}

describe('convertTrace', () => {
  it('reads big-endian 32-bit keys, signed or not, plain or gzip', () => {
    const bytes = int32s([5, -1, 5, 2_000_000_000]);
    expect(convertTrace(bytes, 'int32')).toEqual(['5', '-1', '5', '2000000000']);
    expect(convertTrace(gzipSync(bytes), 'int32')).toEqual(['5', '-1', '5', '2000000000']);
    expect(convertTrace(bytes, 'uint32')).toEqual(['5', '4294967295', '5', '2000000000']);
  });

  it('reads big-endian 64-bit keys without rounding', () => {
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(9_007_199_254_740_993n, 0);
    bytes.writeBigInt64BE(-2n, 8);
    expect(convertTrace(bytes, 'int64')).toEqual(['9007199254740993', '-2']);
  });

  it('takes the second field of address lines as the key, in one spelling', () => {
    const text = 'R 0x7FFF12 4\nW 7fff12 8\n\n  r 0x10 1\n';
    expect(convertTrace(Buffer.from(text), 'address')).toEqual(['7fff12', '7fff12', '10']);
  });

  it('expands each line of an ARC .lis trace into one request per block', () => {
    const text = '3050771 3 0 0\n2461851 1 0 1\n\n3050772 2 0 2\n';
    expect(convertTrace(Buffer.from(text), 'arc')).toEqual(['3050771', '3050772', '3050773', '2461851', '3050772', '3050773']);
    expect(() => convertTrace(Buffer.from('12 0 0 0\n'), 'arc')).toThrow(/line 1 is not '<first block> <blocks> …'.*at least one block/);
    expect(() => convertTrace(Buffer.from('1 1 0 0\nR 0x10 4\n'), 'arc')).toThrow(/line 2 is not/);
  });

  it('says what is wrong with input it cannot read', () => {
    expect(() => convertTrace(Buffer.alloc(6), 'int32')).toThrow(TraceFormatError);
    expect(() => convertTrace(Buffer.alloc(6), 'int32')).toThrow(/6 bytes is not a whole number of 4-byte keys/);
    expect(() => convertTrace(Buffer.from('R\n'), 'address')).toThrow(/line 1 has no hex address/);
    expect(() => convertTrace(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2]), 'int32')).toThrow(/xz -dc/);
  });

  // Regression: an empty input (a pipe whose command failed) was written out as a trace of 0 requests.
  it('refuses input without a single request', () => {
    for (const format of ['int32', 'uint32', 'int64', 'address', 'arc'] as const) {
      expect(() => convertTrace(Buffer.alloc(0), format)).toThrow(/holds no request/);
      expect(() => convertTrace(gzipSync(Buffer.alloc(0)), format)).toThrow(TraceFormatError);
    }
    expect(() => convertTrace(Buffer.from('\n  \n'), 'address')).toThrow(/holds no request/);
  });

  it('writes a trace that parseTrace reads back request for request', () => {
    const keys = ['a', 'b', 'a', 'c', 'a'];
    const trace = parseTrace(traceBytes(keys), 't');
    expect(Array.from(trace.requests, (id) => trace.keys[id])).toEqual(keys);
    expect(parseTrace(traceBytes([]), 'empty').requests).toHaveLength(0);
  });
});
