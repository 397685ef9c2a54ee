import { describe, expect, it } from 'vitest';
import { ErrorCode, InvalidOptionError, isCacheError } from '@cache/core';
import {
  parseCodecOptions,
  DEFAULT_COMPRESSION_LEVEL,
  DEFAULT_COMPRESSION_THRESHOLD,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
  type CodecOptions,
  type Serializer,
} from '../src/index.js';

function optionError(options: CodecOptions): InvalidOptionError {
  try {
    parseCodecOptions(options);
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error('expected InvalidOptionError');
}

describe('parseCodecOptions', () => {
  it('fills in the documented defaults', () => {
    expect(parseCodecOptions({})).toEqual({ serializer: 'msgpack', compression: undefined, maxDecompressedSize: 64 * 1024 * 1024 });
    expect(DEFAULT_MAX_DECOMPRESSED_SIZE).toBe(64 * 1024 * 1024);
    expect([DEFAULT_COMPRESSION_THRESHOLD, DEFAULT_COMPRESSION_LEVEL]).toEqual([1024, 6]);
    expect(parseCodecOptions({ compression: true }).compression).toEqual({ threshold: 1024, level: 6 });
    expect(parseCodecOptions({ compression: false }).compression).toBeUndefined();
    expect(parseCodecOptions({ compression: { level: 9 } }).compression).toEqual({ threshold: 1024, level: 9 });
    expect(parseCodecOptions({ compression: { threshold: 0 } }).compression).toEqual({ threshold: 0, level: 6 });
  });

  it('keeps what it is given', () => {
    const custom: Serializer = { encode: (value) => Buffer.from(String(value)), decode: (bytes) => bytes.toString() };
    expect(parseCodecOptions({ serializer: 'json', compression: { threshold: 10, level: 1 }, maxDecompressedSize: 100 })).toEqual({
      serializer: 'json',
      compression: { threshold: 10, level: 1 },
      maxDecompressedSize: 100,
    });
    expect(parseCodecOptions({ serializer: custom }).serializer).toBe(custom);
  });

  it('ignores the options of the tier whose options extend CodecOptions, and reads a null serializer as unset', () => {
    expect(parseCodecOptions({ url: 'redis://x', ttl: 5 } as CodecOptions)).toEqual(parseCodecOptions({}));
    expect(parseCodecOptions({ serializer: null as any }).serializer).toBe('msgpack');
  });

  it.each([
    [{ serializer: 'yaml' as any }, 'serializer', `serializer must be 'msgpack', 'json' or an object with encode(value) and decode(bytes) (got "yaml")`],
    [{ serializer: { encode: () => Buffer.alloc(0) } as any }, 'serializer', /^serializer must be 'msgpack', 'json' or an object with encode\(value\) and decode\(bytes\) \(got /],
    [{ serializer: 42 as any }, 'serializer', `serializer must be 'msgpack', 'json' or an object with encode(value) and decode(bytes) (got 42)`],
    [{ compression: 'yes' as any }, 'compression', `compression must be a boolean or { threshold, level } (got "yes")`],
    [{ compression: null as any }, 'compression', 'compression must be a boolean or { threshold, level } (got null)'],
    [{ compression: { threshold: -1 } }, 'compression.threshold', `compression.threshold must be an integer from 0 to ${Number.MAX_SAFE_INTEGER} (got -1)`],
    [{ compression: { level: 11 } }, 'compression.level', 'compression.level must be an integer from 1 to 9 (got 11)'],
    [{ compression: { level: 1.5 } }, 'compression.level', 'compression.level must be an integer from 1 to 9 (got 1.5)'],
    [{ compression: { levle: 1 } as any }, 'compression.levle', 'unknown compression option "levle" (did you mean "level"?); the options are: threshold, level'],
    [{ maxDecompressedSize: 0 }, 'maxDecompressedSize', /^maxDecompressedSize must be an integer from 1 to \d+ \(got 0\)$/],
    [{ maxDecompressedSize: 2 ** 60 }, 'maxDecompressedSize', /^maxDecompressedSize must be an integer from 1 to \d+ \(got /],
  ])('rejects %j naming %s', (options, option, message) => {
    const error = optionError(options);
    expect(error.option).toBe(option);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('checks serializer, then compression, then maxDecompressedSize', () => {
    expect(optionError({ serializer: 'yaml' as any, compression: { level: 0 }, maxDecompressedSize: 0 }).option).toBe('serializer');
    expect(optionError({ compression: { level: 0 }, maxDecompressedSize: 0 }).option).toBe('compression.level');
  });
});
