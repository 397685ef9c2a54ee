/**
 * Bad input changes nothing and gets a typed error; foreign or corrupt
 * bytes on the server and a server that speaks garbage give typed errors
 * within the deadline, never a crash or unbounded buffering.
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { CapacityError, ErrorCode, SerializationError } from '@cache/core';
import { memcachedText } from '@cache/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { ENVELOPE_FLAGS, MemcachedCache } from '../src/index.js';
import { createCache, sleep, useMemcached } from './helpers.js';

const mc = useMemcached(1);
const wire = (key: string) => Buffer.from(key, 'utf8').toString('base64');

describe('keys', () => {
  it('any string key round-trips, and none reaches the server as a command', async () => {
    const cache = createCache<string>(mc.addresses, { prefix: 'keys:' });
    await cache.set('sentinel', 'still here');
    const keys = ['with space', 'line\r\nflush_all\r\n', 'mg x v\r\n', '🙂 ünïcödé', '\u0000nul', 'k'.repeat(179), 'k'.repeat(180), 'k'.repeat(181), 'é'.repeat(200), 'x'.repeat(100_000)];
    for (const key of keys) expect(await cache.set(key, `v:${key.length}`)).toBe(true);
    for (const key of keys) expect(await cache.get(key)).toBe(`v:${key.length}`);
    expect(await cache.get('sentinel')).toBe('still here');
    expect(await cache.getMany(keys)).toEqual(keys.map((key) => `v:${key.length}`));
    await cache.close();
  });

  it('long keys that share their first 250 bytes stay apart', async () => {
    const cache = createCache<number>(mc.addresses);
    const base = 'p'.repeat(300);
    await cache.set(`${base}a`, 1);
    await cache.set(`${base}b`, 2);
    expect(await cache.getMany([`${base}a`, `${base}b`])).toEqual([1, 2]);
    await cache.close();
  });
});

describe('values', () => {
  it('a value above maxValueSize is a CapacityError and leaves the old value', async () => {
    const cache = createCache<string>(mc.addresses, { maxValueSize: 1000 });
    await cache.set('k', 'small');
    const error = await cache.set('k', 'x'.repeat(2000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapacityError);
    expect((error as CapacityError).message).toMatch(/maxValueSize/);
    await expect(cache.setMany([{ key: 'a', value: 'ok' }, { key: 'b', value: 'x'.repeat(2000) }])).rejects.toBeInstanceOf(CapacityError);
    expect(await cache.get('k')).toBe('small');
    expect(await cache.has('a')).toBe(false);
    await cache.close();
  });

  it('a value another program wrote is a SerializationError, a miss in a batch, and stays on the server', async () => {
    const cache = createCache<string>(mc.addresses, { prefix: 'foreign:' });
    await memcachedText(mc.servers[0]!.port, `ms ${wire('foreign:k')} 3 b F0\r\nabc\r\n`, '\r\n');
    await memcachedText(mc.servers[0]!.port, `ms ${wire('foreign:c')} 5 b F${ENVELOPE_FLAGS}\r\nabcde\r\n`, '\r\n');
    await cache.set('ok', 'fine');
    await expect(cache.get('k')).rejects.toBeInstanceOf(SerializationError);
    await expect(cache.get('c')).rejects.toBeInstanceOf(SerializationError);
    const errors: string[] = [];
    cache.on('error', (error) => errors.push(error.code));
    expect(await cache.getMany(['k', 'ok', 'c'])).toEqual([undefined, 'fine', undefined]);
    expect(errors).toEqual([ErrorCode.Serialization, ErrorCode.Serialization]);
    expect(await memcachedText(mc.servers[0]!.port, `mg ${wire('foreign:k')} b v\r\n`, 'abc\r\n')).toBe('VA 3\r\nabc\r\n');
    await cache.close();
  });
});

describe('a server that speaks garbage', () => {
  let server: NetServer | undefined;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
  });

  /** A loopback server that answers every chunk it reads with `reply(chunk)`. */
  async function hostile(reply: (chunk: Buffer) => string | Buffer): Promise<string> {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (chunk) => socket.write(reply(chunk)));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    return `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  it.each([
    ['a line without end', () => 'A'.repeat(20_000)],
    ['a huge value size', () => 'VA 4294967295 f1\r\n'],
    ['a value longer than its size', () => 'VA 2 f1\r\nabcdef\r\n'],
    ['two replies for one command', () => 'EN\r\nEN\r\n'],
    ['binary noise', () => Buffer.from([0, 255, 13, 10, 7, 1])],
  ])('%s: calls fail with a typed error within the deadline, and the process stays up', async (_name, reply) => {
    const address = await hostile(reply);
    const cache = new MemcachedCache({ servers: [address], commandTimeout: 300, circuitBreaker: false });
    const errors: string[] = [];
    cache.on('error', (error) => errors.push(error.code));
    const started = performance.now();
    const outcome = await cache.get('k').then(
      (value) => ({ value }),
      (error: { code?: string }) => ({ code: error.code }),
    );
    expect(performance.now() - started).toBeLessThan(600);
    if ('value' in outcome) expect(outcome.value).toBeUndefined(); // "EN" first: a clean miss, then the extra reply drops the connection
    else expect([ErrorCode.Connection, ErrorCode.Timeout]).toContain(outcome.code);
    await sleep(20);
    expect(errors.length).toBeGreaterThan(0);
    await cache.close();
  });
});
