import { InvalidOptionError } from '@cache/core';
import { describe, expect, it } from 'vitest';
import { MemcachedCache, type MemcachedCacheOptions } from '../src/index.js';
import { resolveOptions } from '../src/options.js';

const rejects = (options: unknown, option: string, message: RegExp) => {
  let error: unknown;
  try {
    new MemcachedCache(options as MemcachedCacheOptions);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).option).toBe(option);
  expect((error as Error).message).toMatch(message);
};

describe('options', () => {
  it('defaults', () => {
    const o = resolveOptions({});
    expect(o.servers).toEqual([{ host: '127.0.0.1', port: 11211, address: '127.0.0.1:11211' }]);
    expect(o).toMatchObject({ name: 'memcached', prefix: '', defaultTtl: Infinity, onError: 'throw', commandTimeout: 1000, connectTimeout: 5000, offlineQueue: 100, flushOnReturn: true, maxValueSize: 1048576 });
    expect(o.circuitBreaker).toEqual({ failureThreshold: 5, resetTimeout: 1000 });
  });

  it('reads servers as host:port, host, or [ipv6]:port', () => {
    expect(resolveOptions({ servers: 'cache-1' }).servers[0]).toEqual({ host: 'cache-1', port: 11211, address: 'cache-1:11211' });
    expect(resolveOptions({ servers: ['[::1]:11300', '10.0.0.2:11211'] }).servers.map((s) => s.address)).toEqual(['[::1]:11300', '10.0.0.2:11211']);
    expect(resolveOptions({ servers: ['[::1]:11300'] }).servers[0]!.host).toBe('::1');
  });

  it.each([
    [{ servers: [] }, 'servers', /non-empty array/],
    [{ servers: ['a:0'] }, 'servers', /servers\[0\] must be 'host:port'/],
    [{ servers: ['a:70000'] }, 'servers', /servers\[0\]/],
    [{ servers: ['memcached://a:1'] }, 'servers', /servers\[0\]/],
    [{ servers: ['a b'] }, 'servers', /servers\[0\]/],
    [{ servers: ['a:1', 'a:1'] }, 'servers', /twice/],
    [{ servers: 11211 }, 'servers', /non-empty array/],
    [{ prefix: 'p'.repeat(200) }, 'prefix', /at most 153 bytes/],
    [{ prefix: 'a\ud800' }, 'prefix', /lone surrogates/],
    [{ prefix: 7 }, 'prefix', /well-formed string/],
    [{ onError: 'ignore' }, 'onError', /'throw' or 'miss'/],
    [{ commandTimeout: -1 }, 'commandTimeout', /commandTimeout/],
    [{ commandTimeout: 0 }, 'commandTimeout', /commandTimeout/],
    [{ offlineQueue: 1.5 }, 'offlineQueue', /integer/],
    [{ circuitBreaker: { failureThreshold: 0 } }, 'circuitBreaker.failureThreshold', /from 1/],
    [{ circuitBreaker: { resetTimout: 10 } }, 'circuitBreaker.resetTimout', /resetTimeout/],
    [{ flushOnReturn: 'yes' }, 'flushOnReturn', /boolean/],
    [{ maxValueSize: 0 }, 'maxValueSize', /integer from 1/],
    [{ serializer: 'yaml' }, 'serializer', /msgpack/],
    [{ ttl: '5m' }, 'ttl', /defaultTtl/],
  ])('%j is rejected naming %s', (options, option, message) => rejects(options, option, message));
});
