import { describe, expect, it } from 'vitest';
import { ErrorCode, InvalidOptionError, isCacheError } from '@cache/core';
import { RedisCache, type RedisCacheOptions } from '../src/index.js';
import { resolveOptions } from '../src/tier/options.js';

function optionError(options: RedisCacheOptions): InvalidOptionError {
  try {
    new RedisCache(options);
  } catch (error) {
    expect(isCacheError(error, ErrorCode.InvalidOption)).toBe(true);
    return error as InvalidOptionError;
  }
  throw new Error('expected InvalidOptionError');
}

describe('options', () => {
  it.each([
    [{ url: 'http://localhost' }, 'url'],
    [{ url: 'redis://[bad' }, 'url'],
    [{ prefix: 42 as any }, 'prefix'],
    [{ name: '' }, 'name'],
    [{ defaultTtl: -5 }, 'defaultTtl'],
    [{ defaultTtl: 'soon' as any }, 'defaultTtl'],
    [{ serializer: 'yaml' as any }, 'serializer'],
    [{ serializer: { encode: () => Buffer.alloc(0) } as any }, 'serializer'],
    [{ compression: { threshold: -1 } }, 'compression.threshold'],
    [{ compression: { level: 11 } }, 'compression.level'],
    [{ onError: 'ignore' as any }, 'onError'],
    [{ commandTimeout: 0 }, 'commandTimeout'],
    [{ offlineQueue: 1.5 }, 'offlineQueue'],
    [{ circuitBreaker: { failureThreshold: 0 } }, 'circuitBreaker.failureThreshold'],
    [{ circuitBreaker: { resetTimeout: '1 week' as any } }, 'circuitBreaker.resetTimeout'],
    [{ maxReconnectDelay: -1 }, 'maxReconnectDelay'],
    [{ autoPipelining: 'yes' as any }, 'autoPipelining'],
    [{ client: {} as any }, 'client'],
    [{ ttl: 5 } as any, 'ttl'],
  ])('rejects %j naming %s, before connecting', (options, option) => {
    expect(optionError(options as RedisCacheOptions).option).toBe(option);
  });

  it('fills in the documented defaults', () => {
    const resolved = resolveOptions({});
    expect(resolved).toMatchObject({
      name: 'redis',
      prefix: '',
      defaultTtl: Infinity,
      serializer: 'msgpack',
      compression: undefined,
      onError: 'throw',
      commandTimeout: 1000,
      offlineQueue: 100,
      circuitBreaker: { failureThreshold: 5, resetTimeout: 1000 },
      autoPipelining: true,
    });
    expect(resolveOptions({ compression: true }).compression).toEqual({ threshold: 1024, level: 6 });
    expect(resolveOptions({ circuitBreaker: false }).circuitBreaker).toBeUndefined();
    expect(resolveOptions({ commandTimeout: '2s', defaultTtl: '5m' })).toMatchObject({ commandTimeout: 2000, defaultTtl: 300_000 });
  });
});
